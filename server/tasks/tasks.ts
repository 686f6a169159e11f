import type { Kysely, Updateable } from 'kysely';
import type { TaskCreateInput, TaskUpdateInput, TaskWorkInput } from '../../shared/plan-schemas.ts';
import type { Action } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, Task, TaskTable } from '../db/schema.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { notifyAssigned, notifyDeclined } from '../notifications/notifications.ts';
import { assertDateOrder, assertParties, distinct, staleVersion } from '../plan/checks.ts';
import { requirePlanEditor } from '../plan/plan.ts';
import { requireRole, type Membership } from '../trpc.ts';
import { taskSearchText } from './search-text.ts';
import { currentTaskFields, taskFields, type TaskFields } from './views.ts';

const DUE_BEFORE_START = 'Due date is before start date';

/** A task of this project, or NOT_FOUND: an id from another project is never told apart from a missing one. */
export async function loadTask(db: Kysely<Database>, projectId: number, taskId: number): Promise<Task> {
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).where('project_id', '=', projectId).executeTakeFirst();
  if (!task) throw notFound('Task');
  return task;
}

/** Refuses an update made against a version other than the stored one, with the stored state. */
export async function assertTaskVersion(tx: Kysely<Database>, task: Task, version: number): Promise<void> {
  if (task.version !== version) throw staleVersion('This task', await currentTaskFields(tx, task));
}

/**
 * Writes `set` only if the row still has `version` and bumps it. The version check in the UPDATE
 * itself settles a race that the earlier read could not see (PostgreSQL re-checks after the lock).
 */
export async function updateTaskRow(
  tx: Kysely<Database>,
  action: Action,
  before: Task,
  version: number,
  set: Updateable<TaskTable>,
): Promise<Task> {
  const after = await tx
    .updateTable('tasks')
    .set({ ...set, updated_at: action.at, version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw staleVersion('This task', await currentTaskFields(tx, await loadTask(tx, before.project_id, before.id)));
  return after;
}

export async function auditTask(
  tx: Kysely<Database>,
  action: Action,
  name: string,
  task: Task,
  before: TaskFields | undefined,
  after: (TaskFields & Record<string, unknown>) | undefined,
) {
  await recordAudit(tx, action, { projectId: task.project_id, action: name, subject: { type: 'task', id: task.id }, before, after });
}

/** The lead organization's member or approver; everyone else is refused, coordinators included. */
export function requireLeadOrganization(m: Membership, task: Task, what: string): void {
  requireRole(m, ['member', 'approver'], what);
  if (task.lead_organization_id !== m.organizationId) {
    throw forbidden('other_organization', `Only the organization this task is assigned to may ${what}`);
  }
}

/** An assignee is an active member or approver of the lead organization in this project. */
export async function assertAssignable(tx: Kysely<Database>, projectId: number, organizationId: number, userId: number) {
  const row = await tx
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.id')
    .where('users.id', '=', userId)
    .where('users.organization_id', '=', organizationId)
    .where('users.active', '=', 1)
    .where('memberships.project_id', '=', projectId)
    .where('memberships.role', 'in', ['member', 'approver'])
    .executeTakeFirst();
  if (!row) {
    const message = 'The assignee must be a member or approver of the lead organization in this project';
    throw badRequest('not_assignable', message, { assigneeId: [message] });
  }
}

/** A task's phase must be this project's, and its milestone (if any) must be in that phase. */
async function assertPhaseAndMilestone(tx: Kysely<Database>, projectId: number, phaseId: number, milestoneId: number | null) {
  const phase = await tx.selectFrom('phases').select('id').where('id', '=', phaseId).where('project_id', '=', projectId).executeTakeFirst();
  if (!phase) throw notFound('Phase');
  if (milestoneId === null) return;
  const milestone = await tx
    .selectFrom('milestones')
    .select('phase_id')
    .where('id', '=', milestoneId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!milestone) throw notFound('Milestone');
  if (milestone.phase_id !== phaseId) {
    const message = 'This milestone belongs to another phase';
    throw badRequest('milestone_in_other_phase', message, { milestoneId: [message] });
  }
}

async function replaceSupporters(tx: Kysely<Database>, taskId: number, organizationIds: readonly number[]) {
  await tx.deleteFrom('task_supporters').where('task_id', '=', taskId).execute();
  if (organizationIds.length > 0) {
    await tx.insertInto('task_supporters').values(organizationIds.map((organization_id) => ({ task_id: taskId, organization_id }))).execute();
  }
}

export async function recordHandoff(
  tx: Kysely<Database>,
  action: Action,
  task: Task,
  handoff: {
    kind: 'assigned' | 'accepted' | 'declined' | 'dates_accepted';
    organizationId: number;
    assigneeId?: number | null;
    reason?: string | null;
    proposedStartDate?: string | null;
    proposedDueDate?: string | null;
  },
) {
  await tx
    .insertInto('task_handoffs')
    .values({
      project_id: task.project_id,
      task_id: task.id,
      kind: handoff.kind,
      organization_id: handoff.organizationId,
      actor_user_id: action.actor?.userId ?? null,
      actor_organization_id: action.actor?.organizationId ?? null,
      assignee_user_id: handoff.assigneeId ?? null,
      reason: handoff.reason ?? null,
      proposed_start_date: handoff.proposedStartDate ?? null,
      proposed_due_date: handoff.proposedDueDate ?? null,
      at: action.at,
    })
    .execute();
  // A hand-off is a question to the organization or an answer to the coordinator: tell them.
  // Asked again with the proposed dates is, for the organization, a new assignment to answer.
  if (handoff.kind === 'assigned' || handoff.kind === 'dates_accepted') await notifyAssigned(tx, action, task, handoff.organizationId);
  if (handoff.kind === 'declined') await notifyDeclined(tx, action, task, handoff.reason ?? '');
}

/** A coordinator adds a task; naming a lead organization assigns it at once (awaiting its answer). */
export async function createTask(tx: Kysely<Database>, action: Action, m: Membership, input: TaskCreateInput): Promise<TaskFields> {
  requirePlanEditor(m);
  await assertPhaseAndMilestone(tx, m.projectId, input.phaseId, input.milestoneId);
  assertDateOrder(input.startDate, input.dueDate, 'dueDate', DUE_BEFORE_START);
  const supporters = distinct(input.supportingOrganizationIds).sort((a, b) => a - b);
  await assertParties(tx, m.projectId, supporters, 'supportingOrganizationIds');
  if (input.leadOrganizationId !== null) await assertParties(tx, m.projectId, [input.leadOrganizationId], 'leadOrganizationId');

  const task = await tx
    .insertInto('tasks')
    .values({
      project_id: m.projectId,
      phase_id: input.phaseId,
      milestone_id: input.milestoneId,
      title: input.title,
      description: input.description,
      deliverables: input.deliverables,
      lead_organization_id: input.leadOrganizationId,
      assignee_user_id: null,
      assignment_state: input.leadOrganizationId === null ? 'unassigned' : 'awaiting',
      start_date: input.startDate,
      due_date: input.dueDate,
      status: 'not_started',
      progress: 0,
      search_text: taskSearchText(input),
      created_at: action.at,
      updated_at: action.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await replaceSupporters(tx, task.id, supporters);
  if (input.leadOrganizationId !== null) await recordHandoff(tx, action, task, { kind: 'assigned', organizationId: input.leadOrganizationId });
  const view = taskFields(task, supporters);
  await auditTask(tx, action, 'task.created', task, undefined, view);
  return view;
}

/** A coordinator edits the plan's fields of a task (never its work: status, progress, assignee). */
export async function updateTask(tx: Kysely<Database>, action: Action, m: Membership, input: TaskUpdateInput): Promise<TaskFields> {
  requirePlanEditor(m);
  const before = await loadTask(tx, m.projectId, input.taskId);
  await assertTaskVersion(tx, before, input.version);
  const phaseId = input.phaseId ?? before.phase_id;
  const milestoneId = input.milestoneId !== undefined ? input.milestoneId : before.milestone_id;
  if (phaseId !== before.phase_id || milestoneId !== before.milestone_id) await assertPhaseAndMilestone(tx, m.projectId, phaseId, milestoneId);
  const startDate = input.startDate ?? before.start_date;
  const dueDate = input.dueDate ?? before.due_date;
  assertDateOrder(startDate, dueDate, 'dueDate', DUE_BEFORE_START);
  const supporters = input.supportingOrganizationIds ? distinct(input.supportingOrganizationIds).sort((a, b) => a - b) : undefined;
  if (supporters) await assertParties(tx, m.projectId, supporters, 'supportingOrganizationIds');

  const text = {
    title: input.title ?? before.title,
    description: input.description ?? before.description,
    deliverables: input.deliverables ?? before.deliverables,
  };
  const beforeView = await currentTaskFields(tx, before);
  const after = await updateTaskRow(tx, action, before, input.version, {
    ...text,
    search_text: taskSearchText(text),
    phase_id: phaseId,
    milestone_id: milestoneId,
    start_date: startDate,
    due_date: dueDate,
  });
  if (supporters) await replaceSupporters(tx, after.id, supporters);
  const view = taskFields(after, supporters ?? beforeView.supportingOrganizationIds);
  await auditTask(tx, action, 'task.updated', after, beforeView, view);
  return view;
}

/**
 * The lead organization's people record work on an accepted task: status, progress, assignee,
 * deliverables. Done means 100 %: marking it done fills progress, and a lower figure is refused.
 */
export async function updateTaskWork(tx: Kysely<Database>, action: Action, m: Membership, input: TaskWorkInput): Promise<TaskFields> {
  const before = await loadTask(tx, m.projectId, input.taskId);
  requireLeadOrganization(m, before, 'update this task');
  await assertTaskVersion(tx, before, input.version);
  if (before.assignment_state !== 'accepted') {
    throw badRequest('not_accepted', 'Work starts only once the assignment is accepted');
  }
  const status = input.status ?? before.status;
  const progress = input.progress ?? (status === 'done' ? 100 : before.progress);
  if (status === 'done' && progress !== 100) {
    throw badRequest('done_needs_full_progress', 'A done task is 100 % complete', { progress: ['A done task is 100 % complete'] });
  }
  if (input.assigneeId != null) await assertAssignable(tx, m.projectId, m.organizationId, input.assigneeId);
  const deliverables = input.deliverables ?? before.deliverables;

  const beforeView = await currentTaskFields(tx, before);
  const after = await updateTaskRow(tx, action, before, input.version, {
    status,
    progress,
    assignee_user_id: input.assigneeId !== undefined ? input.assigneeId : before.assignee_user_id,
    deliverables,
    search_text: taskSearchText({ ...before, deliverables }),
  });
  const view = taskFields(after, beforeView.supportingOrganizationIds);
  await auditTask(tx, action, 'task.work_updated', after, beforeView, view);
  return view;
}

/**
 * Deletes a task entered by mistake. One that was ever handed to an organization or commented on
 * is refused: that history is kept (DESIGN.md §4), so such a task stays in the plan.
 */
export async function deleteTask(tx: Kysely<Database>, action: Action, m: Membership, input: { taskId: number; version: number }) {
  requirePlanEditor(m);
  const task = await loadTask(tx, m.projectId, input.taskId);
  await assertTaskVersion(tx, task, input.version);
  const [handoff, comment] = await Promise.all([
    tx.selectFrom('task_handoffs').select('id').where('task_id', '=', task.id).limit(1).executeTakeFirst(),
    tx.selectFrom('task_comments').select('id').where('task_id', '=', task.id).limit(1).executeTakeFirst(),
  ]);
  if (handoff || comment) throw badRequest('task_has_history', 'This task has hand-offs or comments, which are kept: it cannot be deleted');
  const beforeView = await currentTaskFields(tx, task);
  await tx.deleteFrom('task_dependencies').where((eb) => eb.or([eb('predecessor_id', '=', task.id), eb('successor_id', '=', task.id)])).execute();
  await tx.deleteFrom('task_supporters').where('task_id', '=', task.id).execute();
  await tx.deleteFrom('tasks').where('id', '=', task.id).execute();
  await auditTask(tx, action, 'task.deleted', task, beforeView, undefined);
  return { id: task.id };
}
