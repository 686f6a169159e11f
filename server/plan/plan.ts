import type { Kysely } from 'kysely';
import type {
  MilestoneCreateInput,
  MilestoneUpdateInput,
  PhaseCreateInput,
  PhaseUpdateInput,
} from '../../shared/plan-schemas.ts';
import { breaksFinishToStart } from '../../shared/schedule.ts';
import type { Action } from '../audit/audit.ts';
import { supersedeOpenRounds } from '../approvals/approvals.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, Milestone, Phase } from '../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import { conflictingSuccessors, taskSummary, taskSummaryQuery, type TaskSummary } from '../tasks/views.ts';
import { requireRole, type Membership } from '../trpc.ts';
import { assertDateOrder, assertParties, distinct, lockProject, staleVersion } from './checks.ts';

/** Coordinators edit the plan (DESIGN.md §3); everyone else reads it. */
export function requirePlanEditor(m: Membership): void {
  requireRole(m, ['coordinator'], 'edit the plan');
}

export function phaseView(p: Phase) {
  return { id: p.id, position: p.position, name: p.name, startDate: p.start_date, endDate: p.end_date, version: p.version };
}

export function milestoneView(m: Milestone, signoffOrganizationIds: readonly number[]) {
  return {
    id: m.id,
    phaseId: m.phase_id,
    name: m.name,
    date: m.date,
    deliverables: m.deliverables,
    signoffOrganizationIds: [...signoffOrganizationIds],
    version: m.version,
  };
}

// ── phases ──────────────────────────────────────────────────────────────────────────────────

async function loadPhase(tx: Kysely<Database>, projectId: number, phaseId: number): Promise<Phase> {
  const phase = await tx.selectFrom('phases').selectAll().where('id', '=', phaseId).where('project_id', '=', projectId).executeTakeFirst();
  if (!phase) throw notFound('Phase');
  return phase;
}

/** Adds a phase at the end of the project's order. */
export async function createPhase(tx: Kysely<Database>, action: Action, m: Membership, input: PhaseCreateInput) {
  requirePlanEditor(m);
  assertDateOrder(input.startDate, input.endDate, 'endDate');
  await lockProject(tx, m.projectId);
  const last = await tx
    .selectFrom('phases')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('project_id', '=', m.projectId)
    .executeTakeFirst();
  const phase = await tx
    .insertInto('phases')
    .values({
      project_id: m.projectId,
      position: Number(last?.position ?? 0) + 1,
      name: input.name,
      start_date: input.startDate,
      end_date: input.endDate,
      created_at: action.at,
      updated_at: action.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, action, { projectId: m.projectId, action: 'phase.created', subject: { type: 'phase', id: phase.id }, after: phaseView(phase) });
  return phaseView(phase);
}

/** Writes positions 1..n in the given order; only rows whose position changes are touched. */
async function renumberPhases(tx: Kysely<Database>, ordered: readonly Pick<Phase, 'id' | 'position'>[]) {
  for (const [i, phase] of ordered.entries()) {
    if (phase.position !== i + 1) await tx.updateTable('phases').set({ position: i + 1 }).where('id', '=', phase.id).execute();
  }
}

/**
 * Renames, re-dates or moves a phase. Moving shifts its neighbours' positions without bumping
 * their versions: the order belongs to the plan, and a neighbour's own edit must not conflict.
 */
export async function updatePhase(tx: Kysely<Database>, action: Action, m: Membership, input: PhaseUpdateInput) {
  requirePlanEditor(m);
  if (input.position !== undefined) await lockProject(tx, m.projectId);
  const before = await loadPhase(tx, m.projectId, input.phaseId);
  if (before.version !== input.version) throw staleVersion('This phase', phaseView(before));
  const startDate = input.startDate ?? before.start_date;
  const endDate = input.endDate ?? before.end_date;
  assertDateOrder(startDate, endDate, 'endDate');

  let position = before.position;
  if (input.position !== undefined) {
    const others = (
      await tx.selectFrom('phases').select(['id', 'position']).where('project_id', '=', m.projectId).orderBy('position').orderBy('id').execute()
    ).filter((p) => p.id !== before.id);
    const index = Math.min(input.position, others.length + 1) - 1;
    // The moved phase's own position is written with its update below.
    const ordered = [...others.slice(0, index), { id: before.id, position: index + 1 }, ...others.slice(index)];
    await renumberPhases(tx, ordered);
    position = index + 1;
  }

  const after = await tx
    .updateTable('phases')
    .set({ name: input.name ?? before.name, start_date: startDate, end_date: endDate, position, updated_at: action.at, version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw staleVersion('This phase', phaseView(await loadPhase(tx, m.projectId, before.id)));
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'phase.updated',
    subject: { type: 'phase', id: after.id },
    before: phaseView(before),
    after: phaseView(after),
  });
  return phaseView(after);
}

/** Deletes an empty phase; one that still holds milestones or tasks is refused. */
export async function deletePhase(tx: Kysely<Database>, action: Action, m: Membership, input: { phaseId: number; version: number }) {
  requirePlanEditor(m);
  await lockProject(tx, m.projectId);
  const phase = await loadPhase(tx, m.projectId, input.phaseId);
  if (phase.version !== input.version) throw staleVersion('This phase', phaseView(phase));
  const [milestone, task] = await Promise.all([
    tx.selectFrom('milestones').select('id').where('phase_id', '=', phase.id).limit(1).executeTakeFirst(),
    tx.selectFrom('tasks').select('id').where('phase_id', '=', phase.id).limit(1).executeTakeFirst(),
  ]);
  if (milestone || task) throw badRequest('phase_not_empty', 'Move or delete this phase’s milestones and tasks first');
  await tx.deleteFrom('phases').where('id', '=', phase.id).execute();
  await renumberPhases(
    tx,
    await tx.selectFrom('phases').select(['id', 'position']).where('project_id', '=', m.projectId).orderBy('position').orderBy('id').execute(),
  );
  await recordAudit(tx, action, { projectId: m.projectId, action: 'phase.deleted', subject: { type: 'phase', id: phase.id }, before: phaseView(phase) });
  return { id: phase.id };
}

// ── milestones ──────────────────────────────────────────────────────────────────────────────

async function loadMilestone(tx: Kysely<Database>, projectId: number, milestoneId: number): Promise<Milestone> {
  const milestone = await tx
    .selectFrom('milestones')
    .selectAll()
    .where('id', '=', milestoneId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!milestone) throw notFound('Milestone');
  return milestone;
}

async function signoffIds(tx: Kysely<Database>, milestoneId: number): Promise<number[]> {
  const rows = await tx
    .selectFrom('milestone_signoffs')
    .select('organization_id')
    .where('milestone_id', '=', milestoneId)
    .orderBy('organization_id')
    .execute();
  return rows.map((r) => r.organization_id);
}

async function replaceSignoffs(tx: Kysely<Database>, milestoneId: number, organizationIds: readonly number[]) {
  await tx.deleteFrom('milestone_signoffs').where('milestone_id', '=', milestoneId).execute();
  if (organizationIds.length > 0) {
    await tx
      .insertInto('milestone_signoffs')
      .values(organizationIds.map((organization_id) => ({ milestone_id: milestoneId, organization_id })))
      .execute();
  }
}

/** A milestone in a phase; the organizations whose sign-off it requires must be parties. */
export async function createMilestone(tx: Kysely<Database>, action: Action, m: Membership, input: MilestoneCreateInput) {
  requirePlanEditor(m);
  await loadPhase(tx, m.projectId, input.phaseId);
  const signoffs = distinct(input.signoffOrganizationIds).sort((a, b) => a - b);
  await assertParties(tx, m.projectId, signoffs, 'signoffOrganizationIds');
  const milestone = await tx
    .insertInto('milestones')
    .values({
      project_id: m.projectId,
      phase_id: input.phaseId,
      name: input.name,
      date: input.date,
      deliverables: input.deliverables,
      created_at: action.at,
      updated_at: action.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await replaceSignoffs(tx, milestone.id, signoffs);
  const view = milestoneView(milestone, signoffs);
  await recordAudit(tx, action, { projectId: m.projectId, action: 'milestone.created', subject: { type: 'milestone', id: milestone.id }, after: view });
  return view;
}

async function refuseIfMilestoneHasTasks(tx: Kysely<Database>, milestoneId: number, field?: string) {
  const task = await tx.selectFrom('tasks').select('id').where('milestone_id', '=', milestoneId).limit(1).executeTakeFirst();
  if (task) {
    const message = 'Tasks are attached to this milestone: detach them first';
    throw badRequest('milestone_has_tasks', message, field ? { [field]: [message] } : undefined);
  }
}

/**
 * Edits a milestone. Moving it to another phase is refused while tasks are attached: a task's
 * milestone is always in the task's own phase, and moving tasks silently is worse than asking.
 */
export async function updateMilestone(tx: Kysely<Database>, action: Action, m: Membership, input: MilestoneUpdateInput) {
  requirePlanEditor(m);
  const before = await loadMilestone(tx, m.projectId, input.milestoneId);
  const beforeSignoffs = await signoffIds(tx, before.id);
  if (before.version !== input.version) throw staleVersion('This milestone', milestoneView(before, beforeSignoffs));
  if (input.phaseId !== undefined && input.phaseId !== before.phase_id) {
    await loadPhase(tx, m.projectId, input.phaseId);
    await refuseIfMilestoneHasTasks(tx, before.id, 'phaseId');
  }
  const signoffs = input.signoffOrganizationIds ? distinct(input.signoffOrganizationIds).sort((a, b) => a - b) : beforeSignoffs;
  if (input.signoffOrganizationIds) await assertParties(tx, m.projectId, signoffs, 'signoffOrganizationIds');

  const after = await tx
    .updateTable('milestones')
    .set({
      phase_id: input.phaseId ?? before.phase_id,
      name: input.name ?? before.name,
      date: input.date ?? before.date,
      deliverables: input.deliverables ?? before.deliverables,
      updated_at: action.at,
      version: before.version + 1,
    })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) {
    const current = await loadMilestone(tx, m.projectId, before.id);
    throw staleVersion('This milestone', milestoneView(current, await signoffIds(tx, before.id)));
  }
  if (input.signoffOrganizationIds) await replaceSignoffs(tx, after.id, signoffs);
  // Sign-offs in progress were for the milestone as it was: they must not carry over.
  await supersedeOpenRounds(tx, action, { projectId: m.projectId, kind: 'milestone', subjectId: after.id }, { code: 'milestone_edited', detail: after.name });
  const view = milestoneView(after, signoffs);
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'milestone.updated',
    subject: { type: 'milestone', id: after.id },
    before: milestoneView(before, beforeSignoffs),
    after: view,
  });
  return view;
}

/** Deletes a milestone no task points at. */
export async function deleteMilestone(tx: Kysely<Database>, action: Action, m: Membership, input: { milestoneId: number; version: number }) {
  requirePlanEditor(m);
  const milestone = await loadMilestone(tx, m.projectId, input.milestoneId);
  const signoffs = await signoffIds(tx, milestone.id);
  if (milestone.version !== input.version) throw staleVersion('This milestone', milestoneView(milestone, signoffs));
  await refuseIfMilestoneHasTasks(tx, milestone.id);
  await supersedeOpenRounds(tx, action, { projectId: m.projectId, kind: 'milestone', subjectId: milestone.id }, { code: 'milestone_deleted', detail: milestone.name });
  await tx.deleteFrom('milestone_signoffs').where('milestone_id', '=', milestone.id).execute();
  await tx.deleteFrom('milestones').where('id', '=', milestone.id).execute();
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'milestone.deleted',
    subject: { type: 'milestone', id: milestone.id },
    before: milestoneView(milestone, signoffs),
  });
  return { id: milestone.id };
}

// ── the plan page ───────────────────────────────────────────────────────────────────────────

/**
 * The whole plan for the Plan page and the timeline: phases in order, each with its milestones
 * (by date) and their tasks, the phase's tasks outside any milestone, and every dependency.
 */
export async function getPlan(db: Kysely<Database>, projectId: number, today: string) {
  const [phases, milestones, signoffs, tasks, dependencies, conflicting] = await Promise.all([
    db.selectFrom('phases').selectAll().where('project_id', '=', projectId).orderBy('position').orderBy('id').execute(),
    db.selectFrom('milestones').selectAll().where('project_id', '=', projectId).orderBy('date').orderBy('id').execute(),
    db
      .selectFrom('milestone_signoffs')
      .innerJoin('milestones', 'milestones.id', 'milestone_signoffs.milestone_id')
      .select(['milestone_signoffs.milestone_id', 'milestone_signoffs.organization_id'])
      .where('milestones.project_id', '=', projectId)
      .orderBy('milestone_signoffs.organization_id')
      .execute(),
    taskSummaryQuery(db).where('tasks.project_id', '=', projectId).orderBy('tasks.start_date').orderBy('tasks.id').execute(),
    db
      .selectFrom('task_dependencies')
      .select(['predecessor_id', 'successor_id'])
      .where('project_id', '=', projectId)
      .orderBy('id')
      .execute(),
    conflictingSuccessors(db, projectId),
  ]);

  const signoffsOf = new Map<number, number[]>();
  for (const s of signoffs) signoffsOf.set(s.milestone_id, [...(signoffsOf.get(s.milestone_id) ?? []), s.organization_id]);
  const tasksOfMilestone = new Map<number, TaskSummary[]>();
  const looseTasksOfPhase = new Map<number, TaskSummary[]>();
  for (const row of tasks) {
    const summary = taskSummary(row, today, conflicting);
    const [map, key] = row.milestone_id === null ? [looseTasksOfPhase, row.phase_id] : [tasksOfMilestone, row.milestone_id];
    map.set(key, [...(map.get(key) ?? []), summary]);
  }
  const dueDateOf = new Map(tasks.map((t) => [t.id, t.due_date]));
  const startDateOf = new Map(tasks.map((t) => [t.id, t.start_date]));

  return {
    today,
    phases: phases.map((p) => ({
      ...phaseView(p),
      milestones: milestones
        .filter((ms) => ms.phase_id === p.id)
        .map((ms) => ({ ...milestoneView(ms, signoffsOf.get(ms.id) ?? []), tasks: tasksOfMilestone.get(ms.id) ?? [] })),
      tasks: looseTasksOfPhase.get(p.id) ?? [],
    })),
    dependencies: dependencies.map((d) => ({
      predecessorId: d.predecessor_id,
      successorId: d.successor_id,
      // Both ends are tasks of this project: deleting a task deletes its dependencies.
      conflict: breaksFinishToStart(dueDateOf.get(d.predecessor_id)!, startDateOf.get(d.successor_id)!),
    })),
  };
}
