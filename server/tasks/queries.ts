import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { AssignmentState, TaskListInput, TaskStatus } from '../../shared/plan-schemas.ts';
import { breaksFinishToStart } from '../../shared/schedule.ts';
import { preparedQuery, preparedQueryByShape } from '../db/prepared.ts';
import type { Database } from '../db/schema.ts';
import type { Membership } from '../trpc.ts';
import { listComments } from './comments.ts';
import { containsPattern, toSearchText } from './search-text.ts';
import { loadTask } from './tasks.ts';
import { conflictingSuccessors, isOverdue, taskSummary, taskSummaryQuery } from './views.ts';

type TaskFilter = (eb: ExpressionBuilder<Database, 'tasks'>) => Expression<SqlBool>;

const MAX_SEARCH_TERMS = 8;

/**
 * The list's filter and page as plain values, prepared for preparedQueryByShape: absent filters
 * are undefined, the search is already its LIKE patterns and the cursor its two parts.
 */
interface ListValues extends Record<string, unknown> {
  projectId: number;
  organizationId?: number;
  phaseId?: number;
  milestoneId?: number;
  assigneeId?: number;
  status?: TaskStatus[];
  assignmentState?: AssignmentState[];
  overdue?: boolean;
  /** Only with `overdue`. */
  today?: string;
  dueFrom?: string;
  dueTo?: string;
  patterns: string[];
  cursorDueDate?: string;
  cursorId?: number;
  limit?: number;
}

function listValues(projectId: number, f: TaskListInput, today: string): ListValues {
  // Search matches every word of `q` against the stored search text, both without diacritics, so
  // "co khi" finds "Cơ khí" and "duong" finds "Đường".
  const terms = toSearchText(f.q ?? '').split(' ').filter(Boolean).slice(0, MAX_SEARCH_TERMS);
  return {
    projectId,
    organizationId: f.organizationId,
    phaseId: f.phaseId,
    milestoneId: f.milestoneId,
    assigneeId: f.assigneeId,
    status: f.status?.length ? f.status : undefined,
    assignmentState: f.assignmentState?.length ? f.assignmentState : undefined,
    overdue: f.overdue,
    today: f.overdue === undefined ? undefined : today,
    dueFrom: f.dueFrom,
    dueTo: f.dueTo,
    patterns: terms.map(containsPattern),
    cursorDueDate: f.cursor?.slice(0, 10),
    cursorId: f.cursor === undefined ? undefined : Number(f.cursor.slice(11)),
    limit: f.limit + 1,
  };
}

/** The list's filter as SQL (its values are placeholders: see preparedQueryByShape). */
function listFilter(v: ListValues): TaskFilter {
  return (eb) => {
    const where: Expression<SqlBool>[] = [eb('tasks.project_id', '=', v.projectId)];
    if (v.organizationId !== undefined) where.push(eb('tasks.lead_organization_id', '=', v.organizationId));
    if (v.phaseId !== undefined) where.push(eb('tasks.phase_id', '=', v.phaseId));
    if (v.milestoneId !== undefined) where.push(eb('tasks.milestone_id', '=', v.milestoneId));
    if (v.assigneeId !== undefined) where.push(eb('tasks.assignee_user_id', '=', v.assigneeId));
    if (v.status !== undefined) where.push(eb('tasks.status', 'in', v.status));
    if (v.assignmentState !== undefined) where.push(eb('tasks.assignment_state', 'in', v.assignmentState));
    if (v.overdue === true) where.push(eb.and([eb('tasks.due_date', '<', v.today!), eb('tasks.status', '<>', 'done')]));
    if (v.overdue === false) where.push(eb.or([eb('tasks.due_date', '>=', v.today!), eb('tasks.status', '=', 'done')]));
    if (v.dueFrom !== undefined) where.push(eb('tasks.due_date', '>=', v.dueFrom));
    if (v.dueTo !== undefined) where.push(eb('tasks.due_date', '<=', v.dueTo));
    for (const pattern of v.patterns) where.push(sql<SqlBool>`${eb.ref('tasks.search_text')} like ${pattern} escape '\\'`);
    // A row-value comparison, so both dialects start the index range at the cursor instead of filtering up to it.
    if (v.cursorDueDate !== undefined) where.push(eb(eb.refTuple('tasks.due_date', 'tasks.id'), '>', eb.tuple(v.cursorDueDate, v.cursorId!)));
    return eb.and(where);
  };
}

const STATUSES: TaskStatus[] = ['not_started', 'in_progress', 'blocked', 'done'];

// Built once per combination of filters, not on every call: the list is the hottest read.
const listPage = preparedQueryByShape((db: Kysely<Database>, v: ListValues) =>
  taskSummaryQuery(db, listFilter(v)).orderBy('tasks.due_date').orderBy('tasks.id').limit(v.limit!),
);
const listCounts = preparedQueryByShape((db: Kysely<Database>, v: ListValues) =>
  db
    .selectFrom('tasks')
    .where(listFilter(v))
    .select(['tasks.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('tasks.status'),
);

/**
 * One page of a project's tasks ordered by (due date, id), with the cursor of the next page, and
 * the count per status for the same filter. The counts leave out the status filter itself, so a
 * status tab shows how many it would hold when chosen.
 */
export async function listTasks(db: Kysely<Database>, projectId: number, input: TaskListInput, today: string) {
  const values = listValues(projectId, input, today);
  const [rows, countRows] = await Promise.all([
    listPage(db, values),
    listCounts(db, { ...values, status: undefined, cursorDueDate: undefined, cursorId: undefined, limit: undefined }),
  ]);
  const page = rows.slice(0, input.limit);
  const conflicting = await conflictingSuccessors(db, projectId, page.map((r) => r.id));
  const last = page.at(-1);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const c of countRows) counts[c.status] = Number(c.n);
  return {
    today,
    items: page.map((r) => taskSummary(r, today, conflicting)),
    nextCursor: rows.length > input.limit && last ? `${last.due_date}:${last.id}` : null,
    counts: { ...counts, total: STATUSES.reduce((sum, s) => sum + counts[s], 0) },
  };
}

const MY_WORK_LIMIT = 200;

/**
 * My organization's work in a project: assignments awaiting our answer first, then our accepted
 * tasks not yet done (earliest due first, so overdue ones lead). Coordinators also get the declined
 * tasks that came back to them, with the reason and any proposed dates.
 */
export async function myWork(db: Kysely<Database>, m: Membership, today: string) {
  const mine = (state: 'awaiting' | 'accepted'): TaskFilter => (eb) =>
    eb.and([
      eb('tasks.project_id', '=', m.projectId),
      eb('tasks.lead_organization_id', '=', m.organizationId),
      eb('tasks.assignment_state', '=', state),
      ...(state === 'accepted' ? [eb('tasks.status', '<>', 'done')] : []),
    ]);
  const ordered = (filter: TaskFilter) => taskSummaryQuery(db, filter).orderBy('tasks.due_date').orderBy('tasks.id').limit(MY_WORK_LIMIT).execute();
  const [awaiting, open, declined] = await Promise.all([
    ordered(mine('awaiting')),
    ordered(mine('accepted')),
    m.role === 'coordinator'
      ? ordered((eb) => eb.and([eb('tasks.project_id', '=', m.projectId), eb('tasks.assignment_state', '=', 'declined')]))
      : Promise.resolve([]),
  ]);
  const conflicting = await conflictingSuccessors(db, m.projectId, [...awaiting, ...open, ...declined].map((t) => t.id));
  // A declined task's latest hand-off is its decline, so the last decline row per task is the one.
  const declineRows = declined.length
    ? await db
        .selectFrom('task_handoffs')
        .selectAll()
        .where('task_id', 'in', declined.map((t) => t.id))
        .where('kind', '=', 'declined')
        .orderBy('id')
        .execute()
    : [];
  const lastDecline = new Map(declineRows.map((d) => [d.task_id, d]));
  return {
    today,
    organizationId: m.organizationId,
    awaiting: awaiting.map((t) => taskSummary(t, today, conflicting)),
    tasks: open.map((t) => taskSummary(t, today, conflicting)),
    declined: declined.map((t) => {
      const d = lastDecline.get(t.id);
      return {
        ...taskSummary(t, today, conflicting),
        decline: d ? { reason: d.reason ?? '', proposedStartDate: d.proposed_start_date, proposedDueDate: d.proposed_due_date, at: d.at } : null,
      };
    }),
    overdueCount: open.filter((t) => isOverdue(t, today)).length,
  };
}

// The task page's queries have a fixed shape: built once, not on every view (see preparedQuery).
const taskNames = preparedQuery((db: Kysely<Database>, taskId: number) =>
  db
    .selectFrom('tasks')
    .innerJoin('phases', 'phases.id', 'tasks.phase_id')
    .leftJoin('milestones', 'milestones.id', 'tasks.milestone_id')
    .leftJoin('organizations as lead', 'lead.id', 'tasks.lead_organization_id')
    .leftJoin('users as assignee', 'assignee.id', 'tasks.assignee_user_id')
    .select(['phases.name as phase_name', 'milestones.name as milestone_name', 'milestones.date as milestone_date', 'lead.code as lead_code', 'assignee.display_name as assignee_name'])
    .where('tasks.id', '=', taskId),
);
const taskSupporters = preparedQuery((db: Kysely<Database>, taskId: number) =>
  db
    .selectFrom('task_supporters')
    .innerJoin('organizations', 'organizations.id', 'task_supporters.organization_id')
    .select(['organizations.id', 'organizations.code'])
    .where('task_supporters.task_id', '=', taskId)
    .orderBy('organizations.id'),
);
const taskPredecessors = preparedQuery((db: Kysely<Database>, taskId: number) =>
  db
    .selectFrom('task_dependencies')
    .innerJoin('tasks', 'tasks.id', 'task_dependencies.predecessor_id')
    .select(['tasks.id', 'tasks.title', 'tasks.start_date', 'tasks.due_date', 'tasks.status'])
    .where('task_dependencies.successor_id', '=', taskId)
    .orderBy('tasks.due_date')
    .orderBy('tasks.id'),
);
const taskSuccessors = preparedQuery((db: Kysely<Database>, taskId: number) =>
  db
    .selectFrom('task_dependencies')
    .innerJoin('tasks', 'tasks.id', 'task_dependencies.successor_id')
    .select(['tasks.id', 'tasks.title', 'tasks.start_date', 'tasks.due_date', 'tasks.status'])
    .where('task_dependencies.predecessor_id', '=', taskId)
    .orderBy('tasks.start_date')
    .orderBy('tasks.id'),
);
const taskHandoffs = preparedQuery((db: Kysely<Database>, taskId: number) =>
  db
    .selectFrom('task_handoffs as h')
    .innerJoin('organizations as org', 'org.id', 'h.organization_id')
    .leftJoin('users as actor', 'actor.id', 'h.actor_user_id')
    .leftJoin('organizations as actor_org', 'actor_org.id', 'h.actor_organization_id')
    .leftJoin('users as assignee', 'assignee.id', 'h.assignee_user_id')
    .select([
      'h.id',
      'h.kind',
      'h.at',
      'h.reason',
      'h.proposed_start_date',
      'h.proposed_due_date',
      'h.organization_id',
      'org.code as organization_code',
      'h.actor_user_id',
      'actor.display_name as actor_name',
      'h.actor_organization_id',
      'actor_org.code as actor_organization_code',
      'h.assignee_user_id',
      'assignee.display_name as assignee_name',
    ])
    .where('h.task_id', '=', taskId)
    .orderBy('h.id'),
);

/** Everything the task page shows: fields, dependencies both ways, schedule conflicts, hand-offs, comments, and what the caller may do. */
export async function getTask(db: Kysely<Database>, m: Membership, taskId: number, today: string) {
  const task = await loadTask(db, m.projectId, taskId);
  const [nameRows, supporters, predecessors, successors, handoffs, comments] = await Promise.all([
    taskNames(db, task.id),
    taskSupporters(db, task.id),
    taskPredecessors(db, task.id),
    taskSuccessors(db, task.id),
    taskHandoffs(db, task.id),
    listComments(db, task.id),
  ]);
  // The task was just read and its phase is a foreign key: the joined row is there.
  const names = nameRows[0]!;

  const dependency = (d: (typeof predecessors)[number], conflict: boolean) => ({
    id: d.id,
    title: d.title,
    startDate: d.start_date,
    dueDate: d.due_date,
    status: d.status,
    conflict,
  });
  const lastHandoff = handoffs.at(-1);
  const answersFor = (m.role === 'member' || m.role === 'approver') && task.lead_organization_id === m.organizationId;
  const coordinator = m.role === 'coordinator';

  return {
    today,
    id: task.id,
    projectId: task.project_id,
    title: task.title,
    description: task.description,
    deliverables: task.deliverables,
    phase: { id: task.phase_id, name: names.phase_name },
    milestone: task.milestone_id === null ? null : { id: task.milestone_id, name: names.milestone_name ?? '', date: names.milestone_date ?? '' },
    leadOrganization: task.lead_organization_id === null ? null : { id: task.lead_organization_id, code: names.lead_code ?? '' },
    supportingOrganizations: supporters,
    assignee: task.assignee_user_id === null ? null : { id: task.assignee_user_id, displayName: names.assignee_name ?? '' },
    assignmentState: task.assignment_state,
    startDate: task.start_date,
    dueDate: task.due_date,
    status: task.status,
    progress: task.progress,
    overdue: isOverdue(task, today),
    createdAt: task.created_at,
    updatedAt: task.updated_at,
    version: task.version,
    predecessors: predecessors.map((p) => dependency(p, breaksFinishToStart(p.due_date, task.start_date))),
    successors: successors.map((s) => dependency(s, breaksFinishToStart(task.due_date, s.start_date))),
    scheduleConflicts: predecessors
      .filter((p) => breaksFinishToStart(p.due_date, task.start_date))
      .map((p) => ({ predecessorId: p.id, predecessorTitle: p.title, predecessorDueDate: p.due_date })),
    handoffs: handoffs.map((h) => ({
      id: h.id,
      kind: h.kind,
      at: h.at,
      organization: { id: h.organization_id, code: h.organization_code },
      actor: h.actor_user_id === null ? null : { id: h.actor_user_id, displayName: h.actor_name ?? '' },
      actorOrganization: h.actor_organization_id === null ? null : { id: h.actor_organization_id, code: h.actor_organization_code ?? '' },
      assignee: h.assignee_user_id === null ? null : { id: h.assignee_user_id, displayName: h.assignee_name ?? '' },
      reason: h.reason,
      proposedStartDate: h.proposed_start_date,
      proposedDueDate: h.proposed_due_date,
    })),
    comments,
    /** What the caller may do now; the server checks again on every call. */
    can: {
      editPlan: coordinator,
      assign: coordinator,
      answer: answersFor && task.assignment_state === 'awaiting',
      updateWork: answersFor && task.assignment_state === 'accepted',
      acceptProposedDates:
        coordinator &&
        task.assignment_state === 'declined' &&
        lastHandoff?.kind === 'declined' &&
        (lastHandoff.proposed_start_date !== null || lastHandoff.proposed_due_date !== null),
      comment: true,
    },
  };
}
