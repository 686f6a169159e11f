import { A, useParams, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import { CheckboxField, SelectField, TextField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import { date, dateRange, pick, t } from '~/i18n/i18n.ts';
import { onProjectChange } from '~/lib/live.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { createNotice, Notice } from '../admin/notice.tsx';
import { ProjectNotFound } from '../project/project-overview.tsx';
import PlanCreate from './plan-create.tsx';
import { assigneeOptions, createProjectResource, idOf, TASK_STATUS_KEY, TASK_STATUSES, type Plan as PlanData, type ProjectOverview, type TaskPage, type TaskStatus } from './plan-data.ts';
import ProjectCrumbs from './project-crumbs.tsx';
import TaskRowView from './task-row.tsx';
import './plan.css';

const PAGE_SIZE = 100;

/** The filters of the plan, as kept in the address so that a view can be shared as a link. */
interface PlanFilter {
  organizationId?: number;
  phaseId?: number;
  assigneeId?: number;
  status?: TaskStatus[];
  overdue?: boolean;
  q?: string;
}

/** The action plan: phases → milestones → tasks, filtered, with counts per status; coordinators edit it in place. */
export default function Plan() {
  const params = useParams<{ projectId: string }>();
  return (
    <Show when={idOf(params.projectId)} keyed fallback={<ProjectNotFound />}>
      {(projectId) => (
        <ErrorBoundary fallback={(error, retry) => (describeError(error).code === 'NOT_FOUND' ? <ProjectNotFound /> : <LoadError error={error} retry={retry} />)}>
          <Suspense fallback={<Loading />}>
            <PlanLoader projectId={projectId} />
          </Suspense>
        </ErrorBoundary>
      )}
    </Show>
  );
}

function PlanLoader(props: { projectId: number }) {
  const [project] = createProjectResource(() => props.projectId);
  const [plan, { refetch }] = createResource(() => props.projectId, (projectId) => trpc.plan.get.query({ projectId }));
  usePageTitle(() => t('plan.title'));
  return (
    <Show when={project() && plan()}>
      <PlanBody project={project()!} plan={plan()!} reloadPlan={() => startTransition(() => void refetch())} />
    </Show>
  );
}

function PlanBody(props: { project: ProjectOverview; plan: PlanData; reloadPlan: () => Promise<void> }) {
  const [search, setSearch] = useSearchParams<{ org?: string; phase?: string; assignee?: string; status?: string; overdue?: string; q?: string }>();
  const notice = createNotice();
  const coordinator = () => props.project.myRole === 'coordinator';

  const filter = createMemo<PlanFilter>(() => {
    const status = (search.status ?? '').split(',').filter((s): s is TaskStatus => (TASK_STATUSES as string[]).includes(s));
    return {
      organizationId: idOf(search.org) ?? undefined,
      phaseId: idOf(search.phase) ?? undefined,
      assigneeId: idOf(search.assignee) ?? undefined,
      status: status.length ? status : undefined,
      overdue: search.overdue === '1' ? true : undefined,
      q: search.q?.trim() || undefined,
    };
  });
  const filtered = () => Object.values(filter()).some((v) => v !== undefined);

  // The first page follows the filter; further pages are appended by "load more".
  const [firstPage, { refetch: refetchTasks }] = createResource(
    () => ({ projectId: props.project.id, ...filter() }),
    (input) => trpc.tasks.list.query({ ...input, limit: PAGE_SIZE }),
  );
  const [morePages, setMorePages] = createSignal<TaskPage[]>([]);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const pages = () => (firstPage.latest ? [firstPage.latest, ...morePages()] : []);
  const tasks = () => pages().flatMap((p) => p.items);
  const nextCursor = () => pages().at(-1)?.nextCursor ?? null;
  const counts = () => firstPage.latest?.counts;

  async function loadMore() {
    const cursor = nextCursor();
    if (!cursor || loadingMore()) return;
    setLoadingMore(true);
    try {
      const page = await trpc.tasks.list.query({ projectId: props.project.id, ...filter(), cursor, limit: PAGE_SIZE });
      setMorePages((list) => [...list, page]);
    } catch (error) {
      notice.error(describeError(error).message);
    } finally {
      setLoadingMore(false);
    }
  }

  async function reload() {
    setMorePages([]);
    await startTransition(() => {
      void refetchTasks();
    });
    await props.reloadPlan();
  }
  // A live reload rebuilds the rows, and a row being edited would lose what the person typed:
  // partners' changes wait until no row is open. A save against a stale row meets CONFLICT and its dialog.
  let rowsEditing = 0;
  let reloadWaiting = false;
  const onRowEditing = (active: boolean) => {
    rowsEditing += active ? 1 : -1;
    if (rowsEditing === 0 && reloadWaiting) {
      reloadWaiting = false;
      void reload();
    }
  };
  onProjectChange(
    () => props.project.id,
    () => {
      if (rowsEditing > 0) reloadWaiting = true;
      else void reload();
    },
  );

  const setFilter = (patch: Partial<Record<'org' | 'phase' | 'assignee' | 'status' | 'overdue' | 'q', string | undefined>>) => {
    setMorePages([]);
    setSearch(patch);
  };
  const toggleStatus = (status: TaskStatus | undefined) => setFilter({ status: status });

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const onSearchInput = (value: string) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => setFilter({ q: value.trim() || undefined }), 300);
  };

  const partyOptions = () => props.project.parties.map((p) => ({ value: String(p.organization.id), label: p.organization.code }));
  const phaseOptions = () => props.plan.phases.map((p, i) => ({ value: String(p.id), label: `${i + 1}. ${p.name}` }));

  /** Phases → milestones → tasks, holding only the tasks loaded for this filter. */
  const tree = createMemo(() => {
    const loaded = tasks();
    const everything = !filtered() && !nextCursor();
    return props.plan.phases
      .map((phase) => {
        const loose = loaded.filter((x) => x.phaseId === phase.id && x.milestoneId === null);
        const milestones = phase.milestones
          .map((m) => ({ milestone: m, tasks: loaded.filter((x) => x.milestoneId === m.id) }))
          .filter((m) => everything || m.tasks.length > 0);
        return { phase, loose, milestones };
      })
      .filter((group) => everything || group.loose.length > 0 || group.milestones.length > 0);
  });

  const columns = 8;

  return (
    <article class="plan-page" aria-labelledby="plan-title">
      <ProjectCrumbs project={props.project} current={t('plan.title')} />
      <header class="page-header page-header--row">
        <div>
          <h1 id="plan-title">{t('plan.title')}</h1>
          <p class="muted">{pick(props.project.nameVi, props.project.nameEn)}</p>
        </div>
        <A class="button button--secondary" href={`/projects/${props.project.id}/my-work`}>
          {t('myWork.title')}
        </A>
      </header>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />

      <form class="plan-filters" role="search" aria-label={t('plan.filters')} onSubmit={(e) => e.preventDefault()}>
        <TextField
          type="search"
          name="q"
          label={t('plan.search')}
          hint={t('plan.searchHint')}
          value={search.q ?? ''}
          maxLength={200}
          onInput={(e) => onSearchInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              clearTimeout(searchTimer);
              setFilter({ q: e.currentTarget.value.trim() || undefined });
            }
          }}
        />
        <SelectField name="org" label={t('plan.filterOrg')} placeholder={t('plan.all')} options={partyOptions()} value={search.org ?? ''} onChange={(e) => setFilter({ org: e.currentTarget.value || undefined })} />
        <SelectField name="phase" label={t('plan.filterPhase')} placeholder={t('plan.all')} options={phaseOptions()} value={search.phase ?? ''} onChange={(e) => setFilter({ phase: e.currentTarget.value || undefined })} />
        <SelectField name="assignee" label={t('plan.filterAssignee')} placeholder={t('plan.all')} options={assigneeOptions(props.project)} value={search.assignee ?? ''} onChange={(e) => setFilter({ assignee: e.currentTarget.value || undefined })} />
        <CheckboxField name="overdue" label={t('plan.filterOverdue')} checked={search.overdue === '1'} onChange={(e) => setFilter({ overdue: e.currentTarget.checked ? '1' : undefined })} />
        <Show when={filtered()}>
          <A class="button button--ghost clear-filters" href={`/projects/${props.project.id}/plan`} onClick={() => setMorePages([])}>
            {t('plan.clearFilters')}
          </A>
        </Show>
      </form>

      <div class="status-counts" role="group" aria-label={t('plan.byStatus')}>
        <button type="button" class="status-count" aria-pressed={!filter().status} onClick={() => toggleStatus(undefined)}>
          {t('plan.allStatuses')} <span class="count">{counts()?.total ?? 0}</span>
        </button>
        <For each={TASK_STATUSES}>
          {(status) => (
            <button
              type="button"
              class={`status-count status-count--${status}`}
              aria-pressed={filter().status?.length === 1 && filter().status![0] === status}
              onClick={() => toggleStatus(status)}
            >
              {t(TASK_STATUS_KEY[status])} <span class="count">{counts()?.[status] ?? 0}</span>
            </button>
          )}
        </For>
      </div>

      <Show when={coordinator()}>
        <PlanCreate
          project={props.project}
          plan={props.plan}
          onCreated={(message) => {
            notice.success(message);
            void reload();
          }}
        />
      </Show>

      <p class="visually-hidden" aria-live="polite">
        {firstPage.loading ? t('common.loading') : t('plan.shown', { shown: tasks().length, total: counts()?.total ?? 0 })}
      </p>

      <Show
        when={tasks().length > 0 || (!filtered() && props.plan.phases.length > 0)}
        fallback={
          <div class="empty-state">
            <p>{filtered() ? t('plan.noMatch') : t('plan.empty')}</p>
          </div>
        }
      >
        <div class="table-scroll plan-table-wrap" classList={{ 'is-loading': firstPage.loading }}>
          <table class="table table--stack plan-table">
            <caption class="visually-hidden">{t('plan.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('task.title')}</th>
                <th scope="col">{t('task.lead')}</th>
                <th scope="col">{t('task.assignee')}</th>
                <th scope="col">{t('task.start')}</th>
                <th scope="col">{t('task.due')}</th>
                <th scope="col">{t('task.status')}</th>
                <th scope="col">{t('task.progress')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <For each={tree()}>
              {(group) => (
                <tbody class="plan-phase">
                  <tr class="phase-row">
                    <th scope="rowgroup" colSpan={columns}>
                      {group.phase.name}
                      <span class="muted phase-dates"> · {dateRange(group.phase.startDate, group.phase.endDate)}</span>
                    </th>
                  </tr>
                  <For each={group.loose}>
                    {(task) => <TaskRowView task={task} project={props.project} plan={props.plan} onSaved={() => void reload()} onEditing={onRowEditing} onMessage={notice} />}
                  </For>
                  <For each={group.milestones}>
                    {(entry) => (
                      <>
                        <tr class="milestone-row">
                          <th scope="row" colSpan={columns}>
                            <span class="milestone-mark" aria-hidden="true">
                              ◆
                            </span>{' '}
                            <span class="visually-hidden">{t('task.milestone')}: </span>
                            {entry.milestone.name}
                            <span class="muted"> · {date(entry.milestone.date)}</span>{' '}
                            <A href={`/projects/${props.project.id}/approvals/milestone/${entry.milestone.id}`} class="milestone-signoff-link">
                              {t('milestone.signoffLink')}
                            </A>
                          </th>
                        </tr>
                        <For each={entry.tasks}>
                          {(task) => <TaskRowView task={task} project={props.project} plan={props.plan} onSaved={() => void reload()} onEditing={onRowEditing} onMessage={notice} />}
                        </For>
                        <Show when={entry.tasks.length === 0}>
                          <tr class="empty-row">
                            <td colSpan={columns} class="muted">
                              {t('plan.noTasksInMilestone')}
                            </td>
                          </tr>
                        </Show>
                      </>
                    )}
                  </For>
                </tbody>
              )}
            </For>
          </table>
        </div>
      </Show>
      <Show when={nextCursor()}>
        <p class="load-more">
          <button type="button" class="button button--secondary" disabled={loadingMore()} onClick={loadMore}>
            {loadingMore() ? t('common.loading') : t('plan.loadMore')}
          </button>
        </p>
      </Show>
    </article>
  );
}
