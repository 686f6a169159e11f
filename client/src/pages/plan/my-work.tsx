import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import { date, dateRange, t } from '~/i18n/i18n.ts';
import { me } from '~/lib/session.ts';
import { onProjectChange } from '~/lib/live.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { createNotice, Notice } from '../admin/notice.tsx';
import { ProjectNotFound } from '../project/project-overview.tsx';
import AnswerControls from './answer-controls.tsx';
import { createProjectResource, idOf, type MyWork as MyWorkData, type ProjectOverview } from './plan-data.ts';
import ProjectCrumbs from './project-crumbs.tsx';
import { AssignmentBadge, ProgressMeter, TaskFlags, TaskStatusBadge } from './task-badges.tsx';
import './plan.css';

/**
 * My organization's work in one project: assignments waiting for our answer (with Accept and
 * Decline right there), our open tasks with the overdue ones marked, and for coordinators the
 * declined tasks that came back with a reason and other dates.
 */
export default function MyWork() {
  const params = useParams<{ projectId: string }>();
  return (
    <Show when={idOf(params.projectId)} keyed fallback={<ProjectNotFound />}>
      {(projectId) => (
        <ErrorBoundary fallback={(error, retry) => (describeError(error).code === 'NOT_FOUND' ? <ProjectNotFound /> : <LoadError error={error} retry={retry} />)}>
          <Suspense fallback={<Loading />}>
            <MyWorkLoader projectId={projectId} />
          </Suspense>
        </ErrorBoundary>
      )}
    </Show>
  );
}

function MyWorkLoader(props: { projectId: number }) {
  const [project] = createProjectResource(() => props.projectId);
  const [work, { refetch }] = createResource(() => props.projectId, (projectId) => trpc.tasks.myWork.query({ projectId }));
  usePageTitle(() => t('myWork.title'));
  const reload = () => void startTransition(() => void refetch());
  onProjectChange(() => props.projectId, reload);
  return (
    <Show when={project() && work()}>
      <MyWorkBody project={project()!} work={work()!} reload={reload} />
    </Show>
  );
}

function MyWorkBody(props: { project: ProjectOverview; work: MyWorkData; reload: () => void }) {
  const notice = createNotice();
  const coordinator = () => props.project.myRole === 'coordinator';
  const myOrg = () => props.project.parties.find((p) => p.organization.id === props.work.organizationId)?.organization;
  const people = createMemo(() =>
    props.project.members
      .filter((m) => m.active && m.organizationCode === myOrg()?.code && m.role !== 'viewer')
      .map((m) => ({ value: String(m.userId), label: m.displayName })),
  );
  const taskHref = (id: number) => `/projects/${props.project.id}/tasks/${id}`;
  const answered = (message: string) => {
    notice.success(message);
    props.reload();
  };
  const stale = () => {
    notice.error(t('error.stale_version'));
    props.reload();
  };

  async function acceptDates(task: MyWorkData['declined'][number]) {
    try {
      await trpc.tasks.acceptProposedDates.mutate({ projectId: props.project.id, taskId: task.id, version: task.version });
      notice.success(t('myWork.datesAccepted', { title: task.title }));
    } catch (error) {
      notice.error(describeError(error).message);
    }
    props.reload();
  }

  return (
    <article class="plan-page my-work" aria-labelledby="my-work-title">
      <ProjectCrumbs project={props.project} current={t('myWork.title')} />
      <header class="page-header">
        <h1 id="my-work-title">{t('myWork.title')}</h1>
        <p class="muted">
          {t('myWork.intro', { org: myOrg()?.code ?? me()?.organization.code ?? '' })}{' '}
          <A href={`/projects/${props.project.id}/plan`}>{t('plan.title')}</A>
        </p>
      </header>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />

      <section class="panel" aria-labelledby="awaiting-title">
        <h2 id="awaiting-title">
          {t('myWork.awaiting')} <span class="count">({props.work.awaiting.length})</span>
        </h2>
        <Show when={props.work.awaiting.length > 0} fallback={<p class="empty-state">{t('myWork.noAwaiting')}</p>}>
          <ul class="work-cards" role="list">
            <For each={props.work.awaiting}>
              {(task) => (
                <li class="work-card">
                  <h3 class="work-card-title">
                    <A href={taskHref(task.id)}>{task.title}</A>
                  </h3>
                  <p class="work-card-meta">
                    <span>{dateRange(task.startDate, task.dueDate)}</span>
                    <AssignmentBadge state={task.assignmentState} />
                    <TaskFlags overdue={task.overdue} conflict={task.hasScheduleConflict} />
                  </p>
                  <AnswerControls projectId={props.project.id} task={task} people={people()} onAnswered={answered} onStale={stale} />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <Show when={coordinator()}>
        <section class="panel" aria-labelledby="declined-title">
          <h2 id="declined-title">
            {t('myWork.declined')} <span class="count">({props.work.declined.length})</span>
          </h2>
          <Show when={props.work.declined.length > 0} fallback={<p class="empty-state">{t('myWork.noDeclined')}</p>}>
            <ul class="work-cards" role="list">
              <For each={props.work.declined}>
                {(task) => (
                  <li class="work-card work-card--declined">
                    <h3 class="work-card-title">
                      <A href={taskHref(task.id)}>{task.title}</A>
                    </h3>
                    <p class="work-card-meta">
                      <span class="code">{task.leadOrganization?.code}</span>
                      <span>{dateRange(task.startDate, task.dueDate)}</span>
                      <AssignmentBadge state={task.assignmentState} />
                    </p>
                    <Show when={task.decline}>
                      {(d) => (
                        <dl class="facts decline-facts">
                          <div>
                            <dt>{t('answer.reason')}</dt>
                            <dd class="prewrap">{d().reason}</dd>
                          </div>
                          <Show when={d().proposedStartDate || d().proposedDueDate}>
                            <div>
                              <dt>{t('myWork.proposedDates')}</dt>
                              <dd>{dateRange(d().proposedStartDate ?? task.startDate, d().proposedDueDate ?? task.dueDate)}</dd>
                            </div>
                          </Show>
                        </dl>
                      )}
                    </Show>
                    <div class="actions">
                      <Show when={task.decline?.proposedStartDate || task.decline?.proposedDueDate}>
                        <button type="button" class="button button--primary" onClick={() => acceptDates(task)}>
                          {t('task.acceptProposedDates')}
                        </button>
                      </Show>
                      <A class="button button--secondary" href={taskHref(task.id)}>
                        {t('myWork.reassign')}
                      </A>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </Show>

      <section class="panel" aria-labelledby="mine-title">
        <h2 id="mine-title">
          {t('myWork.tasks')} <span class="count">({props.work.tasks.length})</span>
          <Show when={props.work.overdueCount > 0}>
            {' '}
            <span class="badge flag flag--overdue">{t('myWork.overdueCount', { count: props.work.overdueCount })}</span>
          </Show>
        </h2>
        <Show when={props.work.tasks.length > 0} fallback={<p class="empty-state">{t('myWork.noTasks')}</p>}>
          <table class="table table--stack">
            <caption class="visually-hidden">{t('myWork.tasks')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('task.title')}</th>
                <th scope="col">{t('task.assignee')}</th>
                <th scope="col">{t('task.due')}</th>
                <th scope="col">{t('task.status')}</th>
                <th scope="col">{t('task.progress')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.work.tasks}>
                {(task) => (
                  <tr classList={{ 'row--overdue': task.overdue }}>
                    <th scope="row" data-label={t('task.title')}>
                      <A href={taskHref(task.id)}>{task.title}</A>
                    </th>
                    <td data-label={t('task.assignee')} class="nowrap">{task.assignee?.displayName ?? '—'}</td>
                    <td data-label={t('task.due')} class="nowrap">
                      {date(task.dueDate)} <TaskFlags overdue={task.overdue} conflict={task.hasScheduleConflict} />
                    </td>
                    <td data-label={t('task.status')}>
                      <TaskStatusBadge status={task.status} />
                    </td>
                    <td data-label={t('task.progress')}>
                      <ProgressMeter value={task.progress} />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </section>
    </article>
  );
}
