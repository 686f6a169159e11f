import { A } from '@solidjs/router';
import { createEffect, createSignal, createUniqueId, For, on, onCleanup, Show, untrack } from 'solid-js';
import ConflictDialog, { type Conflict } from '~/components/conflict-dialog.tsx';
import { date, t } from '~/i18n/i18n.ts';
import { me } from '~/lib/session.ts';
import { describeError, trpc } from '~/lib/trpc.ts';
import { TASK_STATUS_KEY, TASK_STATUSES, type Plan, type ProjectOverview, type TaskRow, type TaskStatus } from './plan-data.ts';
import { AssignmentBadge, ProgressMeter, TaskFlags, TaskStatusBadge } from './task-badges.tsx';

interface Messages {
  success: (text: string) => void;
  error: (text: string) => void;
}

const dateOrEmpty = (value: string | undefined) => (value ? date(value) : '');
const statusText = (status: TaskStatus | undefined) => (status ? t(TASK_STATUS_KEY[status]) : '');

interface RowValues {
  title: string;
  startDate: string;
  dueDate: string;
  leadOrganizationId: number | null;
  status: TaskStatus;
}

/**
 * One task in the plan table. "Edit" turns the row's cells into fields: coordinators change the
 * title, dates and the organization it is assigned to; the lead organization's people change its
 * status. Enter saves, Escape cancels and gives focus back to the Edit button.
 */
export default function TaskRowView(props: {
  task: TaskRow;
  project: ProjectOverview;
  plan: Plan;
  onSaved: () => void;
  /** Told when the row opens for editing and when it closes: the plan holds live reloads meanwhile. */
  onEditing: (active: boolean) => void;
  onMessage: Messages;
}) {
  const formId = createUniqueId();
  const [editing, setEditing] = createSignal(false);
  createEffect(on(editing, (active, was) => active !== (was ?? false) && props.onEditing(active)));
  onCleanup(() => untrack(editing) && props.onEditing(false));
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [conflict, setConflict] = createSignal<Conflict>();
  let editButton: HTMLButtonElement | undefined;

  const task = () => props.task;
  const coordinator = () => props.project.myRole === 'coordinator';
  const ownWork = () =>
    (props.project.myRole === 'member' || props.project.myRole === 'approver') &&
    task().assignmentState === 'accepted' &&
    task().leadOrganization?.id === me()?.organization.id;
  const canEdit = () => coordinator() || ownWork();
  // Reassigning is refused once work has started.
  const canAssign = () => coordinator() && (task().assignmentState !== 'accepted' || (task().status === 'not_started' && task().progress === 0));
  const orgCode = (id: number | null) => (id === null ? '—' : (props.project.parties.find((p) => p.organization.id === id)?.organization.code ?? `#${id}`));
  const href = () => `/projects/${props.project.id}/tasks/${task().id}`;

  function stopEditing() {
    setEditing(false);
    setError(undefined);
    queueMicrotask(() => editButton?.focus());
  }

  function valuesOf(form: HTMLFormElement): RowValues {
    const field = (name: string) => {
      const el = form.ownerDocument.querySelector<HTMLInputElement | HTMLSelectElement>(`[form="${formId}"][name="${name}"]`);
      return el ? el.value : undefined;
    };
    const lead = field('leadOrganizationId');
    return {
      title: (field('title') ?? task().title).trim(),
      startDate: field('startDate') ?? task().startDate,
      dueDate: field('dueDate') ?? task().dueDate,
      leadOrganizationId: lead === undefined ? (task().leadOrganization?.id ?? null) : lead ? Number(lead) : null,
      status: (field('status') as TaskStatus | undefined) ?? task().status,
    };
  }

  /** Sends what changed, each call against the version the previous one produced. */
  async function send(values: RowValues, version: number): Promise<void> {
    let v = version;
    const base = { projectId: props.project.id, taskId: task().id };
    if (coordinator()) {
      if (values.title !== task().title || values.startDate !== task().startDate || values.dueDate !== task().dueDate) {
        v = (await trpc.tasks.update.mutate({ ...base, version: v, title: values.title, startDate: values.startDate, dueDate: values.dueDate })).version;
      }
      if (canAssign() && values.leadOrganizationId !== null && values.leadOrganizationId !== (task().leadOrganization?.id ?? null)) {
        v = (await trpc.tasks.assign.mutate({ ...base, version: v, organizationId: values.leadOrganizationId })).version;
      }
    }
    if (ownWork() && values.status !== task().status) {
      await trpc.tasks.updateWork.mutate({ ...base, version: v, status: values.status, ...(values.status === 'done' ? { progress: 100 } : {}) });
    }
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    const values = valuesOf(event.currentTarget as HTMLFormElement);
    if (!values.title) return setError(t('validation.required'));
    if (values.startDate > values.dueDate) return setError(t('validation.endBeforeStart'));
    setPending(true);
    setError(undefined);
    try {
      await send(values, task().version);
      props.onMessage.success(t('task.savedNamed', { title: values.title }));
      stopEditing();
      props.onSaved();
    } catch (failure) {
      const described = describeError(failure);
      const current = described.current as (Partial<RowValues> & { version: number }) | undefined;
      if (described.code === 'CONFLICT' && current) {
        // Fields this person left alone keep the colleague's value: only changes are sent again.
        const seen: RowValues = { title: task().title, startDate: task().startDate, dueDate: task().dueDate, leadOrganizationId: task().leadOrganization?.id ?? null, status: task().status };
        const mine = <K extends keyof RowValues>(key: K): RowValues[K] | undefined => (values[key] !== seen[key] ? values[key] : (current[key] as RowValues[K] | undefined));
        setConflict({
          fields: [
            { label: t('task.title'), mine: mine('title') ?? '', theirs: current.title ?? '' },
            { label: t('task.start'), mine: dateOrEmpty(mine('startDate')), theirs: dateOrEmpty(current.startDate) },
            { label: t('task.due'), mine: dateOrEmpty(mine('dueDate')), theirs: dateOrEmpty(current.dueDate) },
            { label: t('task.lead'), mine: orgCode(mine('leadOrganizationId') ?? null), theirs: orgCode(current.leadOrganizationId ?? null) },
            { label: t('task.status'), mine: statusText(mine('status')), theirs: statusText(current.status) },
          ],
          keepMine: async () => {
            await send(values, current.version);
            props.onMessage.success(t('task.savedNamed', { title: values.title }));
            stopEditing();
            props.onSaved();
          },
          takeTheirs: () => {
            stopEditing();
            props.onMessage.success(t('conflict.reloaded'));
            props.onSaved();
          },
        });
      } else setError(described.message);
    } finally {
      setPending(false);
    }
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && editing() && !conflict()) {
      event.preventDefault();
      stopEditing();
    }
  };

  return (
    <tr class="task-row" classList={{ 'row--overdue': task().overdue, 'row--editing': editing() }} onKeyDown={onKeyDown}>
      <th scope="row" class="task-title-cell">
        <Show
          when={editing() && coordinator()}
          fallback={
            <>
              <A href={href()}>{task().title}</A>
              <span class="cell-sub">
                <TaskFlags overdue={task().overdue} conflict={task().hasScheduleConflict} />
              </span>
            </>
          }
        >
          <label class="visually-hidden" for={`${formId}-title`}>
            {t('task.title')}
          </label>
          <input
            id={`${formId}-title`}
            form={formId}
            name="title"
            required
            maxLength={300}
            value={task().title}
            ref={(el) => queueMicrotask(() => el.focus({ preventScroll: true }))}
          />
        </Show>
      </th>
      <td data-label={t('task.lead')}>
        <Show
          when={editing() && canAssign()}
          fallback={
            <>
              <span class="code">{task().leadOrganization?.code ?? '—'}</span>
              <span class="cell-sub">
                <AssignmentBadge state={task().assignmentState} />
              </span>
            </>
          }
        >
          <label class="visually-hidden" for={`${formId}-lead`}>
            {t('task.assignTo')}
          </label>
          <select id={`${formId}-lead`} form={formId} name="leadOrganizationId">
            <option value="" selected={!task().leadOrganization}>
              —
            </option>
            <For each={props.project.parties}>
              {(p) => (
                <option value={String(p.organization.id)} selected={task().leadOrganization?.id === p.organization.id}>
                  {p.organization.code}
                </option>
              )}
            </For>
          </select>
        </Show>
      </td>
      <td data-label={t('task.assignee')}>{task().assignee?.displayName ?? '—'}</td>
      <td data-label={t('task.start')} class="nowrap">
        <Show when={editing() && coordinator()} fallback={date(task().startDate)}>
          <label class="visually-hidden" for={`${formId}-start`}>
            {t('task.start')}
          </label>
          <input id={`${formId}-start`} form={formId} type="date" name="startDate" required value={task().startDate} />
        </Show>
      </td>
      <td data-label={t('task.due')} class="nowrap">
        <Show when={editing() && coordinator()} fallback={date(task().dueDate)}>
          <label class="visually-hidden" for={`${formId}-due`}>
            {t('task.due')}
          </label>
          <input id={`${formId}-due`} form={formId} type="date" name="dueDate" required value={task().dueDate} />
        </Show>
      </td>
      <td data-label={t('task.status')}>
        <Show when={editing() && ownWork()} fallback={<TaskStatusBadge status={task().status} />}>
          <label class="visually-hidden" for={`${formId}-status`}>
            {t('task.status')}
          </label>
          <select id={`${formId}-status`} form={formId} name="status" ref={(el) => !coordinator() && queueMicrotask(() => el.focus())}>
            <For each={TASK_STATUSES}>
              {(s) => (
                <option value={s} selected={task().status === s}>
                  {t(TASK_STATUS_KEY[s])}
                </option>
              )}
            </For>
          </select>
        </Show>
      </td>
      <td data-label={t('task.progress')}>
        <ProgressMeter value={task().progress} />
      </td>
      <td class="row-actions">
        <Show when={canEdit()}>
          <Show
            when={editing()}
            fallback={
              <button ref={editButton} type="button" class="button button--ghost button--small" aria-label={t('plan.editTask', { title: task().title })} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </button>
            }
          >
            <form id={formId} class="row-form" onSubmit={onSubmit} noValidate>
              <button type="submit" class="button button--primary button--small" disabled={pending()}>
                {t('common.save')}
              </button>
              <button type="button" class="button button--ghost button--small" onClick={stopEditing}>
                {t('common.cancel')}
              </button>
            </form>
          </Show>
        </Show>
        <Show when={error()}>
          <p class="field-error" role="alert">
            {error()}
          </p>
        </Show>
        <ConflictDialog conflict={conflict()} onClose={() => setConflict(undefined)} />
      </td>
    </tr>
  );
}
