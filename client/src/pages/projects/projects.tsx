import { A, createAsync } from '@solidjs/router';
import { ErrorBoundary, For, Show, Suspense } from 'solid-js';
import { RoleBadge, StatusBadge } from '~/components/badge.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import { dateRange, pick, pickLang, t } from '~/i18n/i18n.ts';
import { me } from '~/lib/session.ts';
import { trpc } from '~/lib/trpc.ts';

type MyProject = Awaited<ReturnType<typeof trpc.projects.mine.query>>[number];

/** The projects the person is a member of, newest first, each with their role in it. */
export default function Projects() {
  usePageTitle(() => t('projects.title'));
  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">{t('projects.title')}</h1>
      <ErrorBoundary fallback={(error, retry) => <LoadError error={error} retry={retry} />}>
        <Suspense fallback={<Loading />}>
          <ProjectList />
        </Suspense>
      </ErrorBoundary>
    </section>
  );
}

function ProjectList() {
  const projects = createAsync(() => trpc.projects.mine.query());
  return (
    <Show when={projects()}>
      {(list) => (
        <Show when={list().length > 0} fallback={<EmptyState />}>
          <p class="muted">{t('projects.count', { count: list().length })}</p>
          <ul class="card-list" role="list">
            <For each={list()}>{(project) => <ProjectCard project={project} />}</For>
          </ul>
        </Show>
      )}
    </Show>
  );
}

function ProjectCard(props: { project: MyProject }) {
  const name = () => pick(props.project.nameVi, props.project.nameEn);
  return (
    <li class="card project-card">
      <div class="card-meta">
        <span class="code">{props.project.code}</span>
        <StatusBadge status={props.project.status} />
      </div>
      <h2 class="card-title">
        {/* Leadership (viewers) read a project from its dashboard: that is where their link lands. */}
        <A href={props.project.myRole === 'viewer' ? `/projects/${props.project.id}/dashboard` : `/projects/${props.project.id}`} lang={pickLang(props.project.nameVi, props.project.nameEn)}>
          {name()}
        </A>
      </h2>
      <dl class="facts">
        <div>
          <dt>{t('project.dates')}</dt>
          <dd>{dateRange(props.project.startDate, props.project.endDate)}</dd>
        </div>
        <Show when={props.project.zone}>
          <div>
            <dt>{t('project.zone')}</dt>
            <dd>{props.project.zone}</dd>
          </div>
        </Show>
        <div>
          <dt>{t('project.myRole')}</dt>
          <dd>
            <RoleBadge role={props.project.myRole} />
          </dd>
        </div>
      </dl>
    </li>
  );
}

function EmptyState() {
  return (
    <div class="empty-state">
      <h2>{t('projects.emptyTitle')}</h2>
      <p>{t('projects.emptyBody')}</p>
      <Show when={me()?.isAdmin}>
        <p>
          <A href="/admin?tab=projects" class="button button--primary">
            {t('projects.emptyAdmin')}
          </A>
        </p>
      </Show>
    </div>
  );
}
