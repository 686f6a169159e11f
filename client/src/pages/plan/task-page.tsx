import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, ErrorBoundary, For, Show, startTransition, Suspense } from 'solid-js';
import ConflictDialog, { type Conflict } from '~/components/conflict-dialog.tsx';
import EditedUnderneath from '~/components/edited-underneath.tsx';
import { FormMessage, SelectField, TextAreaField, TextField } from '~/components/field.tsx';
import LoadError from '~/components/load-error.tsx';
import Loading from '~/components/loading.tsx';
import { usePageTitle } from '~/components/page-title.ts';
import { date, dateRange, dateTime, pick, pickLang, t } from '~/i18n/i18n.ts';
import { createDraftBase } from '~/lib/draft-base.ts';
import { createSubmit, textOf } from '~/lib/forms.ts';
import { onProjectChange } from '~/lib/live.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { createNotice, Notice } from '../admin/notice.tsx';
import { ProjectNotFound } from '../project/project-overview.tsx';
import AnswerControls from './answer-controls.tsx';
import MentionField from './mention-field.tsx';
import { ASSIGNMENT_KEY, createProjectResource, cycleOf, HANDOFF_KEY, idOf, TASK_STATUS_KEY, TASK_STATUSES, type Plan, type ProjectOverview, type TaskDetail } from './plan-data.ts';
import ProjectCrumbs from './project-crumbs.tsx';
import { AssignmentBadge, ProgressMeter, TaskFlags, TaskStatusBadge } from './task-badges.tsx';
import './plan.css';

/** One task: every field, its dependencies and schedule conflicts, the hand-off history, comments, and what this person may do now. */
export default function TaskPage() {
  const params = useParams<{ projectId: string; taskId: string }>();
  const ids = () => {
    const projectId = idOf(params.projectId);
    const taskId = idOf(params.taskId);
    return projectId && taskId ? { projectId, taskId } : null;
  };
  return (
    <Show when={ids()} keyed fallback={<ProjectNotFound />}>
      {(id) => (
        <ErrorBoundary fallback={(error, retry) => (describeError(error).code === 'NOT_FOUND' ? <ProjectNotFound /> : <LoadError error={error} retry={retry} />)}>
          <Suspense fallback={<Loading />}>
            <TaskLoader projectId={id.projectId} taskId={id.taskId} />
          </Suspense>
        </ErrorBoundary>
      )}
    </Show>
  );
}

function TaskLoader(props: { projectId: number; taskId: number }) {
  const [project] = createProjectResource(() => props.projectId);
  const [task, { refetch }] = createResource(
    () => ({ projectId: props.projectId, taskId: props.taskId }),
    (input) => trpc.tasks.get.query(input),
  );
  // The other tasks, to choose predecessors from and to name a refused cycle.
  const [plan, planActions] = createResource(() => props.projectId, (projectId) => trpc.plan.get.query({ projectId }));
  usePageTitle(() => task()?.title ?? t('task.pageTitle'));
  const reload = () =>
    startTransition(() => {
      void refetch();
      void planActions.refetch();
    });
  onProjectChange(() => props.projectId, () => void reload());
  return (
    <Show when={project() && task() && plan()}>
      <TaskBody project={project()!} task={task()!} plan={plan()!} reload={reload} />
    </Show>
  );
}

const taskStatusOptions = () => TASK_STATUSES.map((s) => ({ value: s, label: t(TASK_STATUS_KEY[s]) }));

function TaskBody(props: { project: ProjectOverview; task: TaskDetail; plan: Plan; reload: () => Promise<void> }) {
  const notice = createNotice();
  const [conflict, setConflict] = createSignal<Conflict>();
  const task = () => props.task;
  const projectId = () => props.project.id;
  const planHref = () => `/projects/${projectId()}/plan`;

  const allTasks = createMemo(() => props.plan.phases.flatMap((p) => [...p.tasks, ...p.milestones.flatMap((m) => m.tasks)]));
  const titleOf = (id: number) => allTasks().find((x) => x.id === id)?.title ?? `#${id}`;
  const orgCode = (id: number | null) => (id === null ? '' : (props.project.parties.find((p) => p.organization.id === id)?.organization.code ?? `#${id}`));
  const partyOptions = () => props.project.parties.map((p) => ({ value: String(p.organization.id), label: `${p.organization.code} — ${pick(p.organization.nameVi, p.organization.nameEn)}` }));
  const leadPeople = createMemo(() =>
    props.project.members
      .filter((m) => m.active && m.role !== 'viewer' && m.organizationCode === task().leadOrganization?.code)
      .map((m) => ({ value: String(m.userId), label: m.displayName })),
  );
  const personName = (id: number | null) => (id === null ? '' : (props.project.members.find((m) => m.userId === id)?.displayName ?? `#${id}`));
  const milestoneOptions = () =>
    (props.plan.phases.find((p) => p.id === task().phase.id)?.milestones ?? []).map((m) => ({ value: String(m.id), label: `${m.name} (${date(m.date)})` }));
  const milestoneName = (id: number | null) =>
    id === null ? '' : (props.plan.phases.flatMap((p) => p.milestones).find((m) => m.id === id)?.name ?? `#${id}`);

  const done = async (message: string) => {
    notice.success(message);
    await props.reload();
  };

  // ── the plan's fields (coordinators) ──────────────────────────────────────────────────────
  type PlanFields = { title: string; description: string; deliverables: string; startDate: string; dueDate: string; milestoneId: number | null };
  const planLabels: Record<keyof PlanFields, () => string> = {
    title: () => t('task.title'),
    description: () => t('task.description'),
    deliverables: () => t('task.deliverables'),
    startDate: () => t('task.start'),
    dueDate: () => t('task.due'),
    milestoneId: () => t('task.milestone'),
  };
  const showPlanValue = (key: keyof PlanFields, value: unknown) =>
    key === 'milestoneId' ? milestoneName(value as number | null) : key.endsWith('Date') && value ? date(String(value)) : String(value ?? '');

  const planKeys = Object.keys(planLabels) as (keyof PlanFields)[];
  const seenPlan = (): PlanFields => ({
    title: task().title,
    description: task().description,
    deliverables: task().deliverables,
    startDate: task().startDate,
    dueDate: task().dueDate,
    milestoneId: task().milestone?.id ?? null,
  });

  const planDraft = createDraftBase(seenPlan, () => task().version);

  /** Sends only the fields this person changed, so a colleague's edit of another field survives "keep mine". */
  async function savePlan(changes: Partial<PlanFields>, version: number) {
    await trpc.tasks.update.mutate({ projectId: projectId(), taskId: task().id, version, ...changes });
  }

  const planForm = createSubmit({
    check: (data): Record<string, string> => (textOf(data, 'startDate') > textOf(data, 'dueDate') ? { dueDate: t('validation.endBeforeStart') } : {}),
    send: (data) => {
      const milestone = textOf(data, 'milestoneId');
      const fields: PlanFields = {
        title: textOf(data, 'title').trim(),
        description: textOf(data, 'description'),
        deliverables: textOf(data, 'deliverables'),
        startDate: textOf(data, 'startDate'),
        dueDate: textOf(data, 'dueDate'),
        milestoneId: milestone ? Number(milestone) : null,
      };
      const seen = planDraft.values();
      const changes: Partial<PlanFields> = Object.fromEntries(planKeys.filter((key) => fields[key] !== seen[key]).map((key) => [key, fields[key]]));
      return savePlan(changes, planDraft.version()).catch((error) => {
        const described = describeError(error);
        const current = described.current as (PlanFields & { version: number }) | undefined;
        if (described.code === 'CONFLICT' && current) {
          setConflict({
            fields: planKeys.map((key) => ({
              label: planLabels[key](),
              mine: showPlanValue(key, key in changes ? changes[key] : current[key]),
              theirs: showPlanValue(key, current[key]),
            })),
            keepMine: async () => {
              await savePlan(changes, current.version);
              planDraft.release();
              await done(t('task.saved'));
            },
            takeTheirs: () => {
              planDraft.release();
              void done(t('conflict.reloaded'));
            },
          });
          return 'conflict' as const;
        }
        throw error;
      });
    },
    onDone: (result) => {
      if (result === 'conflict') return;
      planDraft.release();
      void done(t('task.saved'));
    },
  });

  // ── the lead organization's work ──────────────────────────────────────────────────────────
  type WorkFields = { status: TaskDetail['status']; progress: number; assigneeId: number | null };
  const workDraft = createDraftBase((): WorkFields => ({ status: task().status, progress: task().progress, assigneeId: task().assignee?.id ?? null }), () => task().version);
  async function saveWork(fields: WorkFields, version: number) {
    await trpc.tasks.updateWork.mutate({ projectId: projectId(), taskId: task().id, version, ...fields });
  }
  const workForm = createSubmit({
    send: (data) => {
      const assignee = textOf(data, 'assigneeId');
      const fields: WorkFields = {
        status: textOf(data, 'status') as WorkFields['status'],
        progress: Number(textOf(data, 'progress')),
        assigneeId: assignee ? Number(assignee) : null,
      };
      return saveWork(fields, workDraft.version()).catch((error) => {
        const described = describeError(error);
        const current = described.current as (WorkFields & { version: number }) | undefined;
        if (described.code === 'CONFLICT' && current) {
          setConflict({
            fields: [
              { label: t('task.status'), mine: t(TASK_STATUS_KEY[fields.status]), theirs: t(TASK_STATUS_KEY[current.status]) },
              { label: t('task.progress'), mine: `${fields.progress}%`, theirs: `${current.progress}%` },
              { label: t('task.assignee'), mine: personName(fields.assigneeId), theirs: personName(current.assigneeId) },
            ],
            keepMine: async () => {
              await saveWork(fields, current.version);
              workDraft.release();
              await done(t('task.saved'));
            },
            takeTheirs: () => {
              workDraft.release();
              void done(t('conflict.reloaded'));
            },
          });
          return 'conflict' as const;
        }
        throw error;
      });
    },
    onDone: (result) => {
      if (result === 'conflict') return;
      workDraft.release();
      void done(t('task.saved'));
    },
  });

  // ── assignment (coordinators) ─────────────────────────────────────────────────────────────
  const assignForm = createSubmit({
    send: (data) => trpc.tasks.assign.mutate({ projectId: projectId(), taskId: task().id, version: task().version, organizationId: Number(textOf(data, 'organizationId')) }),
    onDone: (result) => void done(t('task.assignedTo', { org: orgCode(result.leadOrganizationId) })),
    onFailed: (e) => e.code === 'CONFLICT' && void props.reload(),
  });
  const canReassign = () => task().assignmentState !== 'accepted' || (task().status === 'not_started' && task().progress === 0);
  const lastDecline = () => [...task().handoffs].reverse().find((h) => h.kind === 'declined');

  async function acceptDates() {
    try {
      await trpc.tasks.acceptProposedDates.mutate({ projectId: projectId(), taskId: task().id, version: task().version });
      await done(t('myWork.datesAccepted', { title: task().title }));
    } catch (error) {
      notice.error(describeError(error).message);
      await props.reload();
    }
  }

  // ── dependencies ──────────────────────────────────────────────────────────────────────────
  const [dependencyError, setDependencyError] = createSignal<string>();
  const predecessorOptions = () =>
    allTasks()
      .filter((x) => x.id !== task().id && !task().predecessors.some((p) => p.id === x.id))
      .map((x) => ({ value: String(x.id), label: `#${x.id} ${x.title}` }));
  // A refused cycle is spelled out task by task, so the coordinator sees which link to drop.
  const addWithCycleCheck = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const predecessor = Number(new FormData(form).get('predecessorId'));
    if (!predecessor) {
      setDependencyError(t('validation.choose'));
      return;
    }
    try {
      await trpc.tasks.addDependency.mutate({ projectId: projectId(), predecessorId: predecessor, successorId: task().id });
      form.reset();
      setDependencyError(undefined);
      await done(t('dependency.added'));
    } catch (error) {
      const described = describeError(error);
      const cycle = cycleOf(error);
      setDependencyError(cycle.length ? `${described.message} ${cycle.map((id) => `#${id} ${titleOf(id)}`).join(' → ')}` : described.message);
    }
  };
  async function removeDependency(predecessorId: number, successorId: number) {
    try {
      await trpc.tasks.removeDependency.mutate({ projectId: projectId(), predecessorId, successorId });
      await done(t('dependency.removed'));
    } catch (error) {
      notice.error(describeError(error).message);
    }
  }

  // ── comments ──────────────────────────────────────────────────────────────────────────────
  const commentForm = createSubmit({
    send: (data) => trpc.tasks.addComment.mutate({ projectId: projectId(), taskId: task().id, body: textOf(data, 'body').trim() }),
    onDone: (_r, form) => {
      form.reset();
      void done(t('comment.added'));
    },
  });

  return (
    <article class="plan-page task-page" aria-labelledby="task-title">
      <ProjectCrumbs project={props.project} parent={{ href: planHref(), label: t('plan.title') }} current={`#${task().id}`} />
      <header class="page-header">
        <h1 id="task-title">{task().title}</h1>
        <p class="badge-row">
          <TaskStatusBadge status={task().status} />
          <AssignmentBadge state={task().assignmentState} />
          <TaskFlags overdue={task().overdue} conflict={task().scheduleConflicts.length > 0} />
        </p>
      </header>
      <Notice notice={notice.notice()} onDismiss={notice.clear} />
      <ConflictDialog conflict={conflict()} onClose={() => setConflict(undefined)} />

      <dl class="facts facts--wide task-facts">
        <div>
          <dt>{t('task.phase')}</dt>
          <dd>{task().phase.name}</dd>
        </div>
        <div>
          <dt>{t('task.milestone')}</dt>
          <dd>{task().milestone ? `${task().milestone!.name} (${date(task().milestone!.date)})` : '—'}</dd>
        </div>
        <div>
          <dt>{t('task.lead')}</dt>
          <dd class="code">{task().leadOrganization?.code ?? t('task.noLead')}</dd>
        </div>
        <div>
          <dt>{t('task.supporters')}</dt>
          <dd class="code">{task().supportingOrganizations.map((o) => o.code).join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>{t('task.assignee')}</dt>
          <dd>{task().assignee?.displayName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('task.dates')}</dt>
          <dd>{dateRange(task().startDate, task().dueDate)}</dd>
        </div>
        <div>
          <dt>{t('task.progress')}</dt>
          <dd>
            <ProgressMeter value={task().progress} />
          </dd>
        </div>
        <div>
          <dt>{t('task.updatedAt')}</dt>
          <dd>{dateTime(task().updatedAt)}</dd>
        </div>
      </dl>

      <Show when={task().description}>
        <section class="panel" aria-labelledby="description-title">
          <h2 id="description-title">{t('task.description')}</h2>
          <p class="prewrap">{task().description}</p>
        </section>
      </Show>
      <Show when={task().deliverables}>
        <section class="panel" aria-labelledby="deliverables-title">
          <h2 id="deliverables-title">{t('task.deliverables')}</h2>
          <p class="prewrap">{task().deliverables}</p>
        </section>
      </Show>

      <Show when={task().can.answer}>
        <section class="panel panel--action" aria-labelledby="answer-title">
          <h2 id="answer-title">{t('task.answerTitle')}</h2>
          <p>{t('task.answerIntro', { org: task().leadOrganization?.code ?? '' })}</p>
          <AnswerControls
            projectId={projectId()}
            task={task()}
            people={leadPeople()}
            onAnswered={(message) => void done(message)}
            onStale={() => {
              notice.error(t('error.stale_version'));
              void props.reload();
            }}
          />
        </section>
      </Show>

      <Show when={task().assignmentState === 'declined' && lastDecline()}>
        {(decline) => (
          <section class="panel panel--warning" aria-labelledby="decline-title">
            <h2 id="decline-title">{t('task.declinedBy', { org: decline().organization.code })}</h2>
            <dl class="facts">
              <div>
                <dt>{t('answer.reason')}</dt>
                <dd class="prewrap">{decline().reason}</dd>
              </div>
              <Show when={decline().proposedStartDate || decline().proposedDueDate}>
                <div>
                  <dt>{t('myWork.proposedDates')}</dt>
                  <dd>{dateRange(decline().proposedStartDate ?? task().startDate, decline().proposedDueDate ?? task().dueDate)}</dd>
                </div>
              </Show>
            </dl>
            <Show when={task().can.acceptProposedDates}>
              <button type="button" class="button button--primary" onClick={acceptDates}>
                {t('task.acceptProposedDates')}
              </button>
            </Show>
          </section>
        )}
      </Show>

      <Show when={task().can.assign && canReassign()}>
        <section class="panel" aria-labelledby="assign-title">
          <h2 id="assign-title">{t('task.assignTitle')}</h2>
          <form class="form inline-form" onSubmit={assignForm.onSubmit} noValidate>
            <SelectField
              name="organizationId"
              label={t('task.assignTo')}
              placeholder={t('form.choose')}
              required
              options={partyOptions()}
              value={task().leadOrganization ? String(task().leadOrganization!.id) : ''}
              error={assignForm.fieldErrors().organizationId}
            />
            <button type="submit" class="button button--primary" disabled={assignForm.pending()}>
              {t('task.assign')}
            </button>
            <FormMessage message={assignForm.message()} />
          </form>
        </section>
      </Show>

      <Show when={task().can.updateWork}>
        <section class="panel" aria-labelledby="work-title">
          <h2 id="work-title">{t('task.workTitle')}</h2>
          <form class="form" onSubmit={workForm.onSubmit} onInput={workDraft.touch} noValidate>
            <EditedUnderneath when={workDraft.changedUnderneath()} />
            <div class="form-grid">
              <SelectField name="status" label={t('task.status')} options={taskStatusOptions()} value={workDraft.values().status} error={workForm.fieldErrors().status} />
              <TextField type="number" name="progress" label={t('task.progressPercent')} min={0} max={100} step={1} required value={workDraft.values().progress} error={workForm.fieldErrors().progress} />
              <SelectField
                name="assigneeId"
                label={t('task.assignee')}
                placeholder={t('answer.noAssignee')}
                options={leadPeople()}
                value={String(workDraft.values().assigneeId ?? '')}
                error={workForm.fieldErrors().assigneeId}
              />
            </div>
            <FormMessage message={workForm.message()} />
            <div class="form-actions">
              <button type="submit" class="button button--primary" disabled={workForm.pending()}>
                {t('task.saveWork')}
              </button>
            </div>
          </form>
        </section>
      </Show>

      <Show when={task().can.editPlan}>
        <details class="panel disclosure">
          <summary>
            <h2>{t('task.editTitle')}</h2>
          </summary>
          <form class="form" onSubmit={planForm.onSubmit} onInput={planDraft.touch} noValidate>
            <EditedUnderneath when={planDraft.changedUnderneath()} />
            <TextField name="title" label={t('task.title')} required maxLength={300} value={planDraft.values().title} error={planForm.fieldErrors().title} />
            <div class="form-grid">
              <TextField type="date" name="startDate" label={t('task.start')} required value={planDraft.values().startDate} error={planForm.fieldErrors().startDate} />
              <TextField type="date" name="dueDate" label={t('task.due')} required value={planDraft.values().dueDate} error={planForm.fieldErrors().dueDate} />
            </div>
            <SelectField
              name="milestoneId"
              label={t('task.milestone')}
              placeholder={t('task.noMilestone')}
              options={milestoneOptions()}
              value={String(planDraft.values().milestoneId ?? '')}
              error={planForm.fieldErrors().milestoneId}
            />
            <TextAreaField name="description" label={t('task.description')} maxLength={10_000} value={planDraft.values().description} error={planForm.fieldErrors().description} />
            <TextAreaField name="deliverables" label={t('task.deliverables')} maxLength={4000} rows={2} value={planDraft.values().deliverables} error={planForm.fieldErrors().deliverables} />
            <FormMessage message={planForm.message()} />
            <div class="form-actions">
              <button type="submit" class="button button--primary" disabled={planForm.pending()}>
                {t('common.save')}
              </button>
            </div>
          </form>
        </details>
      </Show>

      <section class="panel" aria-labelledby="dependencies-title">
        <h2 id="dependencies-title">{t('dependency.title')}</h2>
        <Show when={task().scheduleConflicts.length > 0}>
          <div class="notice notice--warning">
            <p>{t('dependency.conflictIntro')}</p>
            <ul>
              <For each={task().scheduleConflicts}>
                {(c) => <li>{t('dependency.conflictItem', { title: c.predecessorTitle, due: date(c.predecessorDueDate), start: date(task().startDate) })}</li>}
              </For>
            </ul>
          </div>
        </Show>
        <div class="dependency-lists">
          <div>
            <h3>{t('dependency.predecessors')}</h3>
            <DependencyList
              items={task().predecessors}
              projectId={projectId()}
              empty={t('dependency.noPredecessors')}
              onRemove={task().can.editPlan ? (id) => removeDependency(id, task().id) : undefined}
            />
          </div>
          <div>
            <h3>{t('dependency.successors')}</h3>
            <DependencyList
              items={task().successors}
              projectId={projectId()}
              empty={t('dependency.noSuccessors')}
              onRemove={task().can.editPlan ? (id) => removeDependency(task().id, id) : undefined}
            />
          </div>
        </div>
        <Show when={task().can.editPlan}>
          <form class="form inline-form" onSubmit={addWithCycleCheck} noValidate>
            <SelectField name="predecessorId" label={t('dependency.addPredecessor')} placeholder={t('form.choose')} required options={predecessorOptions()} />
            <button type="submit" class="button button--secondary">
              {t('dependency.add')}
            </button>
          </form>
          <div class="form-message" classList={{ 'form-message--shown': !!dependencyError() }} role="alert">
            {dependencyError()}
          </div>
        </Show>
      </section>

      <section class="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t('handoff.title')}</h2>
        <Show when={task().handoffs.length > 0} fallback={<p class="empty-state">{t('handoff.none')}</p>}>
          <ol class="history" role="list">
            <For each={task().handoffs}>
              {(h) => (
                <li class={`history-item history-item--${h.kind}`}>
                  <p>
                    <strong>{t(HANDOFF_KEY[h.kind], { org: h.organization.code })}</strong>
                    <span class="muted">
                      {' · '}
                      {dateTime(h.at)}
                      <Show when={h.actor}>
                        {' · '}
                        {h.actor!.displayName}
                        <Show when={h.actorOrganization}> ({h.actorOrganization!.code})</Show>
                      </Show>
                    </span>
                  </p>
                  <Show when={h.assignee}>
                    <p>{t('handoff.assignee', { name: h.assignee!.displayName })}</p>
                  </Show>
                  <Show when={h.reason}>
                    <p class="prewrap">{t('handoff.reason', { reason: h.reason ?? '' })}</p>
                  </Show>
                  <Show when={h.proposedStartDate || h.proposedDueDate}>
                    <p>{t('handoff.proposed', { dates: dateRange(h.proposedStartDate ?? task().startDate, h.proposedDueDate ?? task().dueDate) })}</p>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>

      <section class="panel" aria-labelledby="comments-title">
        <h2 id="comments-title">
          {t('comment.title')} <span class="count">({task().comments.length})</span>
        </h2>
        <Show when={task().comments.length > 0} fallback={<p class="empty-state">{t('comment.none')}</p>}>
          <ol class="comments" role="list">
            <For each={task().comments}>
              {(c) => (
                <li class="comment">
                  <p class="comment-meta">
                    <strong>{c.author.displayName}</strong>{' '}
                    <span class="code" title={pick(c.organization.nameVi, c.organization.nameEn)} lang={pickLang(c.organization.nameVi, c.organization.nameEn)}>
                      {c.organization.code}
                    </span>
                    <span class="muted"> · {dateTime(c.createdAt)}</span>
                  </p>
                  {/* bodyHtml is rendered by the server from Markdown with raw HTML escaped. */}
                  <div class="comment-body" innerHTML={c.bodyHtml} />
                </li>
              )}
            </For>
          </ol>
        </Show>
        <Show when={task().can.comment}>
          <form class="form" onSubmit={commentForm.onSubmit} noValidate>
            <MentionField projectId={projectId()} label={t('comment.add')} hint={`${t('comment.hint')} ${t('mention.hint')}`} error={commentForm.fieldErrors().body} />
            <FormMessage message={commentForm.message()} />
            <div class="form-actions">
              <button type="submit" class="button button--primary" disabled={commentForm.pending()}>
                {t('comment.send')}
              </button>
            </div>
          </form>
        </Show>
      </section>

      <p>
        <A href={planHref()}>{t('plan.backToPlan')}</A>
      </p>
    </article>
  );
}

function DependencyList(props: { items: TaskDetail['predecessors']; projectId: number; empty: string; onRemove: ((id: number) => void) | undefined }) {
  return (
    <Show when={props.items.length > 0} fallback={<p class="muted">{props.empty}</p>}>
      <ul class="dependency-list" role="list">
        <For each={props.items}>
          {(d) => (
            <li classList={{ 'dependency--conflict': d.conflict }}>
              <A href={`/projects/${props.projectId}/tasks/${d.id}`}>{d.title}</A>{' '}
              <span class="muted nowrap">{dateRange(d.startDate, d.dueDate)}</span> <TaskStatusBadge status={d.status} />
              <Show when={d.conflict}>
                {' '}
                <span class="badge flag flag--conflict">{t('task.scheduleConflict')}</span>
              </Show>
              <Show when={props.onRemove}>
                {(remove) => (
                  <button type="button" class="button button--danger-ghost button--small" aria-label={t('dependency.removeLabel', { title: d.title })} onClick={() => remove()(d.id)}>
                    {t('common.remove')}
                  </button>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
