import type { Kysely } from 'kysely';
import type { Database, ProjectRole } from '../../server/db/schema.ts';
import type { TaskFields } from '../../server/tasks/views.ts';
import { callerFor, givenMembership, givenOrganization, givenProject, givenUser, tableCounts, testClock } from './fixtures.ts';

export const ROLES: ProjectRole[] = ['coordinator', 'approver', 'member', 'viewer'];
export type Side = 'lead' | 'other';
type Person = Awaited<ReturnType<typeof givenUser>>;

/**
 * A project with two parties ("lead", to which tasks are assigned by default, and "other"), one
 * person per role in each, a third organization that is not a party, and one phase. Today (by the
 * test clock) is 2026-11-23 in Vietnam.
 */
export async function givenPlanWorld(db: Kysely<Database>) {
  const clock = testClock();
  const orgs = {
    lead: await givenOrganization(db),
    other: await givenOrganization(db),
    outsider: await givenOrganization(db),
  };
  const project = await givenProject(db, { partyOrganizationIds: [orgs.lead.id, orgs.other.id] });
  const people = { lead: {}, other: {} } as Record<Side, Record<ProjectRole, Person>>;
  for (const side of ['lead', 'other'] as const) {
    for (const role of ROLES) {
      const user = await givenUser(db, { organizationId: orgs[side].id, name: `${role} ${side}` });
      await givenMembership(db, project.id, user.id, role);
      people[side][role] = user;
    }
  }
  const as = (user: Person) => callerFor(db, user, { clock });
  // The programme office sits in the "other" organization, so "lead" is a plain party.
  const coordinator = as(people.other.coordinator);
  const phase = await coordinator.plan.createPhase({ projectId: project.id, name: 'Giai đoạn 1', startDate: '2026-11-01', endDate: '2027-03-31' });
  return { db, clock, orgs, project, people, as, coordinator, phase, projectId: project.id };
}

export type PlanWorld = Awaited<ReturnType<typeof givenPlanWorld>>;

/** A task brought into `state` through the real procedures, assigned to `side` (default "lead"). */
export async function givenTask(
  w: PlanWorld,
  options: {
    state?: 'unassigned' | 'awaiting' | 'accepted' | 'declined';
    side?: Side;
    title?: string;
    startDate?: string;
    dueDate?: string;
    milestoneId?: number | null;
    proposedStartDate?: string | null;
    proposedDueDate?: string | null;
  } = {},
): Promise<TaskFields> {
  const state = options.state ?? 'accepted';
  const side = options.side ?? 'lead';
  let task = await w.coordinator.tasks.create({
    projectId: w.projectId,
    title: options.title ?? 'Khảo sát nhu cầu doanh nghiệp cơ khí',
    phaseId: w.phase.id,
    milestoneId: options.milestoneId ?? null,
    startDate: options.startDate ?? '2026-12-01',
    dueDate: options.dueDate ?? '2026-12-31',
  });
  if (state === 'unassigned') return task;
  task = await w.coordinator.tasks.assign({ projectId: w.projectId, taskId: task.id, version: task.version, organizationId: w.orgs[side].id });
  const member = w.as(w.people[side].member);
  if (state === 'accepted') return member.tasks.accept({ projectId: w.projectId, taskId: task.id, version: task.version });
  if (state === 'declined') {
    return member.tasks.decline({
      projectId: w.projectId,
      taskId: task.id,
      version: task.version,
      reason: 'Không đủ nhân lực trong tháng này',
      proposedStartDate: options.proposedStartDate ?? null,
      proposedDueDate: options.proposedDueDate ?? null,
    });
  }
  return task;
}

/** Row counts of every table the plan touches, plus the foundation's, to prove a refusal changed nothing. */
export async function planTableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts = await tableCounts(db);
  const tables = [
    'phases',
    'milestones',
    'milestone_signoffs',
    'tasks',
    'task_supporters',
    'task_dependencies',
    'task_handoffs',
    'task_comments',
  ] as const;
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** The stored task row, for checking that nothing moved. */
export function storedTask(db: Kysely<Database>, taskId: number) {
  return db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
}

/** The DomainError's reason (or 'invalid_input' for a zod failure) of a rejected call. */
export async function refusal(call: Promise<unknown>): Promise<{ code: string; reason: string | undefined; fieldErrors?: Record<string, string[]>; current?: unknown; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code: string; message: string; cause?: { reason?: string; fieldErrors?: Record<string, string[]>; current?: unknown; issues?: unknown } };
    const reason = e.cause?.reason ?? (e.cause?.issues ? 'invalid_input' : undefined);
    return { code: e.code, reason, fieldErrors: e.cause?.fieldErrors, current: e.cause?.current, message: e.message };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
