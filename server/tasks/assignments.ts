import type { Kysely } from 'kysely';
import type { TaskAcceptInput, TaskAssignInput, TaskDeclineInput } from '../../shared/plan-schemas.ts';
import type { Action } from '../audit/audit.ts';
import type { Database, Task } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { assertDateOrder, assertParties } from '../plan/checks.ts';
import { requirePlanEditor } from '../plan/plan.ts';
import type { Membership } from '../trpc.ts';
import {
  assertAssignable,
  assertTaskVersion,
  auditTask,
  loadTask,
  recordHandoff,
  requireLeadOrganization,
  updateTaskRow,
} from './tasks.ts';
import { currentTaskFields, taskFields } from './views.ts';

/*
 * The assignment state machine (DESIGN.md §4 "Assignments between organizations"):
 *
 *   from \ to  │ awaiting                          │ accepted │ declined
 *   ───────────┼───────────────────────────────────┼──────────┼─────────
 *   unassigned │ assign                            │          │
 *   awaiting   │ assign (another party)            │ accept   │ decline
 *   declined   │ assign, acceptProposedDates       │          │
 *   accepted   │ assign (another party, no work)   │          │
 *
 * - assign (coordinator): from unassigned or declined, to any party; from awaiting, to another
 *   party (redirecting a question not yet answered); from accepted, only while the task is still
 *   not started at 0 %, since otherwise work the organization recorded would pass to someone else.
 * - accept / decline (a member or approver of the organization it awaits): only from awaiting.
 * - acceptProposedDates (coordinator): only from declined, when the decline proposed dates. It
 *   sets those dates and asks the same organization again (awaiting), rather than accepting for
 *   it: the decline may have had reasons beyond the dates, and nobody accepts for another
 *   organization.
 * Every transition keeps a hand-off row. Any other move is refused and changes nothing: BAD_REQUEST
 * 'invalid_transition' (or 'work_started', 'no_proposed_dates'; recording work before acceptance is
 * 'not_accepted' in tasks.ts), and FORBIDDEN 'other_organization' for anyone answering for an
 * organization the task is not assigned to.
 */

function invalidTransition(task: Task, what: string): never {
  throw badRequest('invalid_transition', `Cannot ${what}: the assignment is ${task.assignment_state}`);
}

/** A coordinator hands a task to a party of the project; it then awaits that organization's answer. */
export async function assignTask(tx: Kysely<Database>, action: Action, m: Membership, input: TaskAssignInput) {
  requirePlanEditor(m);
  const before = await loadTask(tx, m.projectId, input.taskId);
  await assertTaskVersion(tx, before, input.version);
  await assertParties(tx, m.projectId, [input.organizationId], 'organizationId');
  const sameOrganization = before.lead_organization_id === input.organizationId;
  if ((before.assignment_state === 'awaiting' || before.assignment_state === 'accepted') && sameOrganization) {
    invalidTransition(before, 'assign it to the same organization again');
  }
  if (before.assignment_state === 'accepted' && (before.status !== 'not_started' || before.progress > 0)) {
    throw badRequest('work_started', 'Work on this task has started: it can no longer be reassigned');
  }

  const beforeView = await currentTaskFields(tx, before);
  const after = await updateTaskRow(tx, action, before, input.version, {
    lead_organization_id: input.organizationId,
    assignment_state: 'awaiting',
    assignee_user_id: null,
  });
  await recordHandoff(tx, action, after, { kind: 'assigned', organizationId: input.organizationId });
  const view = taskFields(after, beforeView.supportingOrganizationIds);
  await auditTask(tx, action, 'task.assigned', after, beforeView, view);
  return view;
}

/** The awaited organization takes the task on, optionally naming who of its people does it. */
export async function acceptTask(tx: Kysely<Database>, action: Action, m: Membership, input: TaskAcceptInput) {
  const before = await loadTask(tx, m.projectId, input.taskId);
  requireLeadOrganization(m, before, 'answer this assignment');
  await assertTaskVersion(tx, before, input.version);
  if (before.assignment_state !== 'awaiting') invalidTransition(before, 'accept it');
  if (input.assigneeId !== null) await assertAssignable(tx, m.projectId, m.organizationId, input.assigneeId);

  const beforeView = await currentTaskFields(tx, before);
  const after = await updateTaskRow(tx, action, before, input.version, { assignment_state: 'accepted', assignee_user_id: input.assigneeId });
  await recordHandoff(tx, action, after, { kind: 'accepted', organizationId: m.organizationId, assigneeId: input.assigneeId });
  const view = taskFields(after, beforeView.supportingOrganizationIds);
  await auditTask(tx, action, 'task.accepted', after, beforeView, view);
  return view;
}

/** The awaited organization gives the task back to the coordinator, with a reason and perhaps other dates. */
export async function declineTask(tx: Kysely<Database>, action: Action, m: Membership, input: TaskDeclineInput) {
  const before = await loadTask(tx, m.projectId, input.taskId);
  requireLeadOrganization(m, before, 'answer this assignment');
  await assertTaskVersion(tx, before, input.version);
  if (before.assignment_state !== 'awaiting') invalidTransition(before, 'decline it');
  // A proposal of one date is read with the other date as planned; together they must be in order.
  assertDateOrder(
    input.proposedStartDate ?? before.start_date,
    input.proposedDueDate ?? before.due_date,
    input.proposedDueDate ? 'proposedDueDate' : 'proposedStartDate',
    'The proposed dates end before they start',
  );

  const beforeView = await currentTaskFields(tx, before);
  const after = await updateTaskRow(tx, action, before, input.version, { assignment_state: 'declined', assignee_user_id: null });
  await recordHandoff(tx, action, after, {
    kind: 'declined',
    organizationId: m.organizationId,
    reason: input.reason,
    proposedStartDate: input.proposedStartDate,
    proposedDueDate: input.proposedDueDate,
  });
  const view = taskFields(after, beforeView.supportingOrganizationIds);
  await auditTask(tx, action, 'task.declined', after, beforeView, {
    ...view,
    reason: input.reason,
    proposedStartDate: input.proposedStartDate,
    proposedDueDate: input.proposedDueDate,
  });
  return view;
}

/** The latest decline of a task, if its latest hand-off is one. */
export async function latestDecline(db: Kysely<Database>, taskId: number) {
  const last = await db.selectFrom('task_handoffs').selectAll().where('task_id', '=', taskId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last?.kind === 'declined' ? last : undefined;
}

/** The coordinator takes the dates a decline proposed and asks the same organization again. */
export async function acceptProposedDates(tx: Kysely<Database>, action: Action, m: Membership, input: { taskId: number; version: number }) {
  requirePlanEditor(m);
  const before = await loadTask(tx, m.projectId, input.taskId);
  await assertTaskVersion(tx, before, input.version);
  if (before.assignment_state !== 'declined' || before.lead_organization_id === null) invalidTransition(before, 'accept proposed dates');
  const decline = await latestDecline(tx, before.id);
  if (!decline || (decline.proposed_start_date === null && decline.proposed_due_date === null)) {
    throw badRequest('no_proposed_dates', 'The decline proposed no other dates');
  }
  const startDate = decline.proposed_start_date ?? before.start_date;
  const dueDate = decline.proposed_due_date ?? before.due_date;
  // The planned dates may have been edited since the decline; the mix must still be in order.
  assertDateOrder(startDate, dueDate, 'dueDate', 'The proposed dates no longer fit the task’s other date');

  const beforeView = await currentTaskFields(tx, before);
  const after = await updateTaskRow(tx, action, before, input.version, { start_date: startDate, due_date: dueDate, assignment_state: 'awaiting' });
  await recordHandoff(tx, action, after, {
    kind: 'dates_accepted',
    organizationId: before.lead_organization_id,
    proposedStartDate: decline.proposed_start_date,
    proposedDueDate: decline.proposed_due_date,
  });
  const view = taskFields(after, beforeView.supportingOrganizationIds);
  await auditTask(tx, action, 'task.dates_accepted', after, beforeView, view);
  return view;
}
