import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { preparedQuery, preparedQueryByShape } from '../db/prepared.ts';
import type { Database, Task } from '../db/schema.ts';

/** Overdue: due before today (Vietnam's calendar) and not done. */
export function isOverdue(task: { due_date: string; status: string }, today: string): boolean {
  return task.status !== 'done' && task.due_date < today;
}

/** Every stored field of a task: what mutations return, what CONFLICT carries and audit records. */
export function taskFields(t: Task, supportingOrganizationIds: readonly number[]) {
  return {
    id: t.id,
    projectId: t.project_id,
    phaseId: t.phase_id,
    milestoneId: t.milestone_id,
    title: t.title,
    description: t.description,
    deliverables: t.deliverables,
    leadOrganizationId: t.lead_organization_id,
    supportingOrganizationIds: [...supportingOrganizationIds],
    assigneeId: t.assignee_user_id,
    assignmentState: t.assignment_state,
    startDate: t.start_date,
    dueDate: t.due_date,
    status: t.status,
    progress: t.progress,
    updatedAt: t.updated_at,
    version: t.version,
  };
}

export type TaskFields = ReturnType<typeof taskFields>;

export async function supportingOrganizationIds(db: Kysely<Database>, taskId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('task_supporters')
    .select('organization_id')
    .where('task_id', '=', taskId)
    .orderBy('organization_id')
    .execute();
  return rows.map((r) => r.organization_id);
}

/** The task's fields as stored now, read with whatever connection or transaction is given. */
export async function currentTaskFields(db: Kysely<Database>, task: Task): Promise<TaskFields> {
  return taskFields(task, await supportingOrganizationIds(db, task.id));
}

/**
 * The columns of a task row in lists, with its lead organization's code and its assignee's name.
 * `filter` applies to the tasks table alone, so callers write it without the joined tables.
 */
export function taskSummaryQuery(db: Kysely<Database>, filter?: (eb: ExpressionBuilder<Database, 'tasks'>) => Expression<SqlBool>) {
  const tasks = filter ? db.selectFrom('tasks').where(filter) : db.selectFrom('tasks');
  return tasks
    .leftJoin('organizations as lead', 'lead.id', 'tasks.lead_organization_id')
    .leftJoin('users as assignee', 'assignee.id', 'tasks.assignee_user_id')
    .select([
      'tasks.id',
      'tasks.title',
      'tasks.phase_id',
      'tasks.milestone_id',
      'tasks.lead_organization_id',
      'lead.code as lead_code',
      'tasks.assignee_user_id',
      'assignee.display_name as assignee_name',
      'tasks.assignment_state',
      'tasks.status',
      'tasks.progress',
      'tasks.start_date',
      'tasks.due_date',
      'tasks.version',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof taskSummaryQuery>['execute']>>[number];

export function taskSummary(r: SummaryRow, today: string, conflicting: ReadonlySet<number>) {
  return {
    id: r.id,
    title: r.title,
    phaseId: r.phase_id,
    milestoneId: r.milestone_id,
    leadOrganization: r.lead_organization_id === null ? null : { id: r.lead_organization_id, code: r.lead_code ?? '' },
    assignee: r.assignee_user_id === null ? null : { id: r.assignee_user_id, displayName: r.assignee_name ?? '' },
    assignmentState: r.assignment_state,
    status: r.status,
    progress: r.progress,
    startDate: r.start_date,
    dueDate: r.due_date,
    overdue: isOverdue(r, today),
    hasScheduleConflict: conflicting.has(r.id),
    version: r.version,
  };
}

export type TaskSummary = ReturnType<typeof taskSummary>;

function conflictQuery(db: Kysely<Database>) {
  return db
    .selectFrom('task_dependencies as d')
    .innerJoin('tasks as p', 'p.id', 'd.predecessor_id')
    .innerJoin('tasks as s', 's.id', 'd.successor_id')
    .select('d.successor_id')
    .whereRef('s.start_date', '<=', 'p.due_date');
}
// Compiled once per number of ids: every list page asks, and building the query with its IN list
// each time cost more than running it.
// Given ids (already of this project), look them up by successor: also filtering on the project
// makes SQLite walk the project's whole dependency index instead (15k rows on a large plan).
const conflictsAmong = preparedQueryByShape((db: Kysely<Database>, v: { taskIds: number[] }) =>
  conflictQuery(db).where('d.successor_id', 'in', v.taskIds),
);
const conflictsInProject = preparedQuery((db: Kysely<Database>, projectId: number) => conflictQuery(db).where('d.project_id', '=', projectId));

/**
 * Successors that start on or before one of their predecessors' due dates: a schedule conflict
 * (`breaksFinishToStart` in shared/schedule.ts, here in SQL), shown to people rather than moved.
 * Limited to `taskIds` when given, else the whole project.
 */
export async function conflictingSuccessors(
  db: Kysely<Database>,
  projectId: number,
  taskIds?: readonly number[],
): Promise<Set<number>> {
  if (taskIds && taskIds.length === 0) return new Set();
  const rows = taskIds ? await conflictsAmong(db, { taskIds: [...taskIds] }) : await conflictsInProject(db, projectId);
  return new Set(rows.map((r) => r.successor_id));
}
