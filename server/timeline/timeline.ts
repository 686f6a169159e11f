import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { daysBetween, schedule, ScheduleCycleError, ScheduleInputError } from '../../shared/schedule.ts';
import { MAX_BASELINES_PER_PROJECT, type BaselineSaveInput, type TimelineGetInput } from '../../shared/timeline-schemas.ts';
import type { Action } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { ApprovalRoundState, Database, PlanBaseline } from '../db/schema.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { lockProject } from '../plan/checks.ts';
import { requireRole, type Membership } from '../trpc.ts';

// The timeline (issue 8): baselines, and everything the Gantt draws in one read. Sized for 10,000
// tasks: a fixed number of queries whatever the plan's size, only the columns drawn.

export function baselineView(b: Pick<PlanBaseline, 'id' | 'name' | 'created_at' | 'task_count' | 'milestone_count'>) {
  return { id: b.id, name: b.name, createdAt: b.created_at, taskCount: b.task_count, milestoneCount: b.milestone_count };
}

/**
 * Whole days from date column `earlier` to date column `later` (positive: `later` is later), in
 * SQL on either dialect. Both are 'YYYY-MM-DD' text.
 */
export function daysBetweenSql(db: Kysely<Database>, earlier: string, later: string): RawBuilder<number> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<number>`(cast(${sql.ref(later)} as date) - cast(${sql.ref(earlier)} as date))`
    : sql<number>`cast(julianday(${sql.ref(later)}) - julianday(${sql.ref(earlier)}) as integer)`;
}

// ── baselines ───────────────────────────────────────────────────────────────────────────────

/**
 * Saves every task's and milestone's current dates under a name (coordinators only, like every
 * plan edit). Copied in SQL, one INSERT … SELECT each, so 10,000 tasks never pass through here.
 */
export async function saveBaseline(tx: Kysely<Database>, action: Action, m: Membership, input: BaselineSaveInput) {
  requireRole(m, ['coordinator'], 'save a baseline');
  // Two coordinators saving at once must not both slip under the cap.
  await lockProject(tx, m.projectId);
  const existing = await tx
    .selectFrom('plan_baselines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', m.projectId)
    .executeTakeFirstOrThrow();
  if (Number(existing.n) >= MAX_BASELINES_PER_PROJECT) {
    throw badRequest('baseline_limit', `A project keeps at most ${MAX_BASELINES_PER_PROJECT} baselines`);
  }

  const { id } = await tx
    .insertInto('plan_baselines')
    .values({ project_id: m.projectId, name: input.name, created_by_user_id: action.actor?.userId ?? null, created_at: action.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A bare parameter in a SELECT list has no type on PostgreSQL: cast it to the column's.
  const baselineId = sql<number>`cast(${id} as integer)`;
  const tasks = await tx
    .insertInto('plan_baseline_items')
    .columns(['baseline_id', 'task_id', 'start_date', 'due_date'])
    .expression((eb) =>
      eb.selectFrom('tasks').select([baselineId.as('baseline_id'), 'id', 'start_date', 'due_date']).where('project_id', '=', m.projectId),
    )
    .executeTakeFirst();
  const milestones = await tx
    .insertInto('plan_baseline_milestones')
    .columns(['baseline_id', 'milestone_id', 'date'])
    .expression((eb) => eb.selectFrom('milestones').select([baselineId.as('baseline_id'), 'id', 'date']).where('project_id', '=', m.projectId))
    .executeTakeFirst();
  const baseline = await tx
    .updateTable('plan_baselines')
    .set({ task_count: Number(tasks.numInsertedOrUpdatedRows ?? 0), milestone_count: Number(milestones.numInsertedOrUpdatedRows ?? 0) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = baselineView(baseline);
  await recordAudit(tx, action, { projectId: m.projectId, action: 'baseline.saved', subject: { type: 'plan_baseline', id }, after: view });
  return view;
}

/** The project's baselines, newest first, with who saved them. */
export async function listBaselines(db: Kysely<Database>, projectId: number) {
  const rows = await db
    .selectFrom('plan_baselines as b')
    .leftJoin('users as u', 'u.id', 'b.created_by_user_id')
    .select(['b.id', 'b.name', 'b.created_at', 'b.task_count', 'b.milestone_count', 'b.created_by_user_id', 'u.display_name'])
    .where('b.project_id', '=', projectId)
    .orderBy('b.id', 'desc')
    .execute();
  return rows.map((r) => ({
    ...baselineView(r),
    createdBy: r.created_by_user_id === null ? null : { id: r.created_by_user_id, displayName: r.display_name ?? '' },
  }));
}

/** The baseline asked for (NOT_FOUND unless it is this project's), or the latest when none is asked for. */
async function chosenBaseline(db: Kysely<Database>, projectId: number, baselineId: number | undefined) {
  let query = db
    .selectFrom('plan_baselines')
    .select(['id', 'name', 'created_at', 'task_count', 'milestone_count'])
    .where('project_id', '=', projectId);
  query = baselineId === undefined ? query.orderBy('id', 'desc').limit(1) : query.where('id', '=', baselineId);
  const baseline = await query.executeTakeFirst();
  if (!baseline && baselineId !== undefined) throw notFound('Baseline');
  return baseline ?? null;
}

// ── the Gantt's one read ────────────────────────────────────────────────────────────────────

/**
 * Everything the timeline draws: phases, milestones with the state of their latest sign-off round,
 * tasks, dependencies, a baseline's dates with the slip in days (current − baseline; positive is
 * late), and on request the critical path. Slip is measured on due dates: what leadership asks is
 * "will it be done when we said".
 */
export async function getTimeline(db: Kysely<Database>, projectId: number, input: TimelineGetInput, today: string) {
  const baseline = await chosenBaseline(db, projectId, input.baselineId);
  const [phases, milestones, signoffs, rounds, tasks, dependencies, baselineTasks, baselineMilestones] = await Promise.all([
    db
      .selectFrom('phases')
      .select(['id', 'position', 'name', 'start_date', 'end_date', 'version'])
      .where('project_id', '=', projectId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('milestones')
      .select(['id', 'phase_id', 'name', 'date', 'version'])
      .where('project_id', '=', projectId)
      .orderBy('date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('milestone_signoffs as s')
      .innerJoin('milestones as ms', 'ms.id', 's.milestone_id')
      .select(['s.milestone_id', 's.organization_id'])
      .where('ms.project_id', '=', projectId)
      .orderBy('s.organization_id')
      .execute(),
    db
      .selectFrom('approval_rounds')
      .select(['id', 'subject_id', 'state'])
      .where('project_id', '=', projectId)
      .where('subject_kind', '=', 'milestone')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('tasks')
      .leftJoin('organizations as lead', 'lead.id', 'tasks.lead_organization_id')
      .select([
        'tasks.id',
        'tasks.title',
        'tasks.phase_id',
        'tasks.milestone_id',
        'tasks.lead_organization_id',
        'lead.code as lead_code',
        'tasks.assignee_user_id',
        'tasks.status',
        'tasks.progress',
        'tasks.start_date',
        'tasks.due_date',
        'tasks.version',
      ])
      .where('tasks.project_id', '=', projectId)
      .orderBy('tasks.start_date')
      .orderBy('tasks.id')
      .execute(),
    db.selectFrom('task_dependencies').select(['predecessor_id', 'successor_id']).where('project_id', '=', projectId).orderBy('id').execute(),
    baseline
      ? db.selectFrom('plan_baseline_items').select(['task_id', 'start_date', 'due_date']).where('baseline_id', '=', baseline.id).execute()
      : Promise.resolve([]),
    baseline
      ? db.selectFrom('plan_baseline_milestones').select(['milestone_id', 'date']).where('baseline_id', '=', baseline.id).execute()
      : Promise.resolve([]),
  ]);

  const signoffsOf = new Map<number, number[]>();
  for (const s of signoffs) {
    const list = signoffsOf.get(s.milestone_id);
    if (list) list.push(s.organization_id);
    else signoffsOf.set(s.milestone_id, [s.organization_id]);
  }
  const latestRound = new Map<number, { id: number; state: ApprovalRoundState }>();
  for (const r of rounds) if (!latestRound.has(r.subject_id)) latestRound.set(r.subject_id, { id: r.id, state: r.state });
  const baselineOfTask = new Map(baselineTasks.map((b) => [b.task_id, b]));
  const baselineOfMilestone = new Map(baselineMilestones.map((b) => [b.milestone_id, b.date]));

  return {
    today,
    baseline: baseline ? baselineView(baseline) : null,
    phases: phases.map((p) => ({ id: p.id, position: p.position, name: p.name, startDate: p.start_date, endDate: p.end_date, version: p.version })),
    milestones: milestones.map((ms) => {
      const baselineDate = baselineOfMilestone.get(ms.id) ?? null;
      const round = latestRound.get(ms.id);
      return {
        id: ms.id,
        phaseId: ms.phase_id,
        name: ms.name,
        date: ms.date,
        signoffOrganizationIds: signoffsOf.get(ms.id) ?? [],
        /** The latest sign-off round, whatever its state; null before the first submission. */
        signoff: round ? { roundId: round.id, state: round.state } : null,
        baselineDate,
        slipDays: baselineDate === null ? null : daysBetween(baselineDate, ms.date),
        version: ms.version,
      };
    }),
    tasks: tasks.map((t) => {
      const b = baselineOfTask.get(t.id);
      return {
        id: t.id,
        title: t.title,
        phaseId: t.phase_id,
        milestoneId: t.milestone_id,
        leadOrganization: t.lead_organization_id === null ? null : { id: t.lead_organization_id, code: t.lead_code ?? '' },
        assigneeId: t.assignee_user_id,
        status: t.status,
        progress: t.progress,
        startDate: t.start_date,
        dueDate: t.due_date,
        /** Null when there is no baseline or the task was added after it. */
        baselineStartDate: b?.start_date ?? null,
        baselineDueDate: b?.due_date ?? null,
        slipDays: b ? daysBetween(b.due_date, t.due_date) : null,
        version: t.version,
      };
    }),
    dependencies: dependencies.map((d) => ({ predecessorId: d.predecessor_id, successorId: d.successor_id })),
    critical: input.critical ? criticalPathOf(tasks, dependencies) : null,
  };
}

/** The CPM result for the Gantt: per task (in the same order as `tasks`) its early and late dates and float. */
function criticalPathOf(
  tasks: readonly { id: number; start_date: string; due_date: string }[],
  dependencies: readonly { predecessor_id: number; successor_id: number }[],
) {
  try {
    const result = schedule(
      tasks.map((t) => ({ id: t.id, start: t.start_date, due: t.due_date })),
      dependencies.map((d) => ({ predecessorId: d.predecessor_id, successorId: d.successor_id })),
    );
    return {
      span: result.span,
      taskIds: result.criticalPath,
      tasks: result.tasks.map((t) => ({
        id: t.id,
        earlyStart: t.earlyStart,
        earlyFinish: t.earlyFinish,
        lateStart: t.lateStart,
        lateFinish: t.lateFinish,
        totalFloat: t.totalFloat,
      })),
    };
  } catch (error) {
    // Dependencies are checked for cycles as they are added, so this is stored data gone wrong: say
    // what, rather than a bare 500.
    if (error instanceof ScheduleCycleError) {
      throw conflict('dependency_cycle', `The plan's dependencies form a cycle: ${error.cycle.map((id) => `#${String(id)}`).join(' → ')}`);
    }
    if (error instanceof ScheduleInputError) throw conflict('unschedulable_plan', error.message);
    throw error;
  }
}

// ── the dashboard's slip ────────────────────────────────────────────────────────────────────

/**
 * Slip of the plan against its latest baseline, by lead organization: how many tasks are now due
 * later than the baseline said, by how much at most and on average (over those slipped). Counted
 * in SQL; null while the project has no baseline.
 */
export async function planSlipSummary(db: Kysely<Database>, projectId: number) {
  const baseline = await chosenBaseline(db, projectId, undefined);
  if (!baseline) return null;
  const slip = daysBetweenSql(db, 'b.due_date', 't.due_date');
  const [groups, milestone] = await Promise.all([
    db
      .selectFrom('plan_baseline_items as b')
      .innerJoin('tasks as t', 't.id', 'b.task_id')
      .leftJoin('organizations as o', 'o.id', 't.lead_organization_id')
      .select([
        't.lead_organization_id',
        'o.code',
        'o.name_vi',
        'o.name_en',
        (eb) => eb.fn.countAll<number>().as('compared'),
        sql<number>`sum(case when t.due_date > b.due_date then 1 else 0 end)`.as('slipped'),
        sql<number>`coalesce(max(case when t.due_date > b.due_date then ${slip} else 0 end), 0)`.as('max_days'),
        sql<number>`coalesce(sum(case when t.due_date > b.due_date then ${slip} else 0 end), 0)`.as('total_days'),
      ])
      .where('b.baseline_id', '=', baseline.id)
      .groupBy(['t.lead_organization_id', 'o.code', 'o.name_vi', 'o.name_en'])
      .execute(),
    db
      .selectFrom('plan_baseline_milestones as b')
      .innerJoin('milestones as ms', 'ms.id', 'b.milestone_id')
      .select([
        (eb) => eb.fn.countAll<number>().as('compared'),
        sql<number>`coalesce(sum(case when ms.date > b.date then 1 else 0 end), 0)`.as('slipped'),
        sql<number>`coalesce(max(case when ms.date > b.date then ${daysBetweenSql(db, 'b.date', 'ms.date')} else 0 end), 0)`.as('max_days'),
      ])
      .where('b.baseline_id', '=', baseline.id)
      .executeTakeFirst(),
  ]);

  const tally = (compared: number, slipped: number, maxDays: number, totalDays: number) => ({
    compared,
    slipped,
    maxSlipDays: maxDays,
    /** Mean slip of the slipped tasks, to one decimal; 0 when none slipped. */
    averageSlipDays: slipped === 0 ? 0 : Math.round((totalDays / slipped) * 10) / 10,
  });
  let [compared, slipped, maxDays, totalDays] = [0, 0, 0, 0];
  // By organization code, tasks with no lead organization last (the dialects order NULL differently).
  groups.sort((a, b) => (a.code === null ? 1 : b.code === null ? -1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const byOrganization = groups.map((g) => {
    const row = [Number(g.compared), Number(g.slipped), Number(g.max_days), Number(g.total_days)] as const;
    compared += row[0];
    slipped += row[1];
    maxDays = Math.max(maxDays, row[2]);
    totalDays += row[3];
    return {
      organization: g.lead_organization_id === null ? null : { id: g.lead_organization_id, code: g.code ?? '', nameVi: g.name_vi ?? '', nameEn: g.name_en ?? '' },
      ...tally(...row),
    };
  });
  return {
    baseline: baselineView(baseline),
    tasks: tally(compared, slipped, maxDays, totalDays),
    byOrganization,
    milestones: { compared: Number(milestone?.compared ?? 0), slipped: Number(milestone?.slipped ?? 0), maxSlipDays: Number(milestone?.max_days ?? 0) },
  };
}
