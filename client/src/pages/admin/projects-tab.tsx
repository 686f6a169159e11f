import { useSearchParams } from '@solidjs/router';
import { createResource, createSignal, ErrorBoundary, For, Show, Suspense } from 'solid-js';
import { StatusBadge } from '~/components/badge.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { dateRange, pick, pickLang, t } from '~/i18n/i18n.ts';
import { trpc } from '~/lib/trpc.ts';
import type { AdminProjectRow } from './admin-data.ts';
import { createNotice, Notice } from './notice.tsx';
import ProjectEditor from './project-editor.tsx';
import ProjectForm from './project-form.tsx';

/** Every project (administrators see all, member or not); one of them opens in the editor. */
export default function ProjectsTab() {
  const [params, setParams] = useSearchParams<{ project?: string }>();
  const selected = () => {
    const id = Number(params.project);
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  };
  return (
    <Show when={selected()} keyed fallback={<ProjectList open={(id) => setParams({ project: String(id) })} />}>
      {(id) => <ProjectEditor projectId={id} onClose={() => setParams({ project: undefined })} />}
    </Show>
  );
}

function ProjectList(props: { open: (id: number) => void }) {
  const notice = createNotice();
  const [projects, { mutate }] = createResource(() => trpc.admin.projects.list.query());
  const [creating, setCreating] = createSignal(false);

  return (
    <div class="admin-tab">
      <div class="tab-toolbar">
        <h2>{t('admin.tab.projects')}</h2>
        <button type="button" class="button button--primary" aria-expanded={creating()} onClick={() => setCreating(!creating())}>
          {t('admin.projects.new')}
        </button>
      </div>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <Show when={creating()}>
        <ProjectForm
          onSaved={(project: AdminProjectRow) => {
            mutate((list) => [project, ...(list ?? [])]);
            setCreating(false);
            notice.success(t('admin.projects.created', { code: project.code }));
          }}
          onCancel={() => setCreating(false)}
        />
      </Show>
      <ErrorBoundary fallback={(error, retry) => <LoadError error={error} retry={retry} />}>
        <Suspense fallback={<Loading />}>
          <table class="table table--stack">
            <caption class="visually-hidden">{t('admin.tab.projects')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('project.code')}</th>
                <th scope="col">{t('project.name')}</th>
                <th scope="col">{t('project.status')}</th>
                <th scope="col">{t('project.dates')}</th>
                <th scope="col" class="numeric">{t('project.parties')}</th>
                <th scope="col" class="numeric">{t('project.members')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={projects()} fallback={<tr><td colspan="7">{t('admin.projects.none')}</td></tr>}>
                {(project) => (
                  <tr>
                    <th scope="row" class="code" data-label={t('project.code')}>
                      {project.code}
                    </th>
                    <td data-label={t('project.name')} lang={pickLang(project.nameVi, project.nameEn)}>
                      {pick(project.nameVi, project.nameEn)}
                    </td>
                    <td data-label={t('project.status')}>
                      <StatusBadge status={project.status} />
                    </td>
                    <td data-label={t('project.dates')} class="nowrap">
                      {dateRange(project.startDate, project.endDate)}
                    </td>
                    <td data-label={t('project.parties')} class="numeric">
                      {project.partyCount}
                    </td>
                    <td data-label={t('project.members')} class="numeric">
                      {project.memberCount}
                    </td>
                    <td class="row-actions">
                      <button type="button" class="button button--secondary button--small" onClick={() => props.open(project.id)}>
                        {t('admin.projects.manage')}
                        <span class="visually-hidden"> {project.code}</span>
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
