import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../server/db/schema.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, givenMembership, givenProject, givenUser } from '../support/fixtures.ts';
import { givenPlanWorld, givenTask, planTableCounts, refusal, ROLES, type PlanWorld } from '../support/plan-fixtures.ts';

type Caller = ReturnType<PlanWorld['as']>;
/** Who may: coordinators edit the plan; the lead organization's members and approvers work on its tasks; anyone in the project comments. */
type Rule = 'coordinator' | 'lead organization' | 'anyone';
interface Mutation {
  name: string;
  rule: Rule;
  /** Sets up what the call acts on (as the coordinator) and returns the call; `projectId` may be swapped for another project's. */
  prepare(w: PlanWorld): Promise<(c: Caller, projectId: number) => Promise<unknown>>;
  /** Whether the call names ids of this project (so another project's caller must get NOT_FOUND). */
  namesIds: boolean;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'plan.createPhase',
    rule: 'coordinator',
    namesIds: false,
    prepare: async () => (c, projectId) => c.plan.createPhase({ projectId, name: 'Giai đoạn mới', startDate: '2027-01-01', endDate: '2027-02-01' }),
  },
  {
    name: 'plan.updatePhase',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const p = await w.coordinator.plan.createPhase({ projectId: w.projectId, name: 'P', startDate: '2027-01-01', endDate: '2027-02-01' });
      return (c, projectId) => c.plan.updatePhase({ projectId, phaseId: p.id, version: p.version, name: 'Đổi tên', position: 1 });
    },
  },
  {
    name: 'plan.deletePhase',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const p = await w.coordinator.plan.createPhase({ projectId: w.projectId, name: 'P', startDate: '2027-01-01', endDate: '2027-02-01' });
      return (c, projectId) => c.plan.deletePhase({ projectId, phaseId: p.id, version: p.version });
    },
  },
  {
    name: 'plan.createMilestone',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => (c, projectId) =>
      c.plan.createMilestone({ projectId, phaseId: w.phase.id, name: 'Mốc', date: '2027-01-10', signoffOrganizationIds: [w.orgs.lead.id] }),
  },
  {
    name: 'plan.updateMilestone',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const m = await w.coordinator.plan.createMilestone({ projectId: w.projectId, phaseId: w.phase.id, name: 'Mốc', date: '2027-01-10' });
      return (c, projectId) => c.plan.updateMilestone({ projectId, milestoneId: m.id, version: m.version, name: 'Mốc mới' });
    },
  },
  {
    name: 'plan.deleteMilestone',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const m = await w.coordinator.plan.createMilestone({ projectId: w.projectId, phaseId: w.phase.id, name: 'Mốc', date: '2027-01-10' });
      return (c, projectId) => c.plan.deleteMilestone({ projectId, milestoneId: m.id, version: m.version });
    },
  },
  {
    name: 'tasks.create',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => (c, projectId) =>
      c.tasks.create({ projectId, title: 'Việc mới', phaseId: w.phase.id, startDate: '2027-01-01', dueDate: '2027-01-10', leadOrganizationId: w.orgs.lead.id }),
  },
  {
    name: 'tasks.update',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'accepted' });
      return (c, projectId) => c.tasks.update({ projectId, taskId: t.id, version: t.version, title: 'Đổi', dueDate: '2027-01-15' });
    },
  },
  {
    name: 'tasks.delete',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'unassigned' });
      return (c, projectId) => c.tasks.delete({ projectId, taskId: t.id, version: t.version });
    },
  },
  {
    name: 'tasks.assign',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'unassigned' });
      return (c, projectId) => c.tasks.assign({ projectId, taskId: t.id, version: t.version, organizationId: w.orgs.lead.id });
    },
  },
  {
    name: 'tasks.acceptProposedDates',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'declined', proposedDueDate: '2027-01-20' });
      return (c, projectId) => c.tasks.acceptProposedDates({ projectId, taskId: t.id, version: t.version });
    },
  },
  {
    name: 'tasks.addDependency',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const [a, b] = [await givenTask(w, { state: 'unassigned' }), await givenTask(w, { state: 'unassigned' })];
      return (c, projectId) => c.tasks.addDependency({ projectId, predecessorId: a.id, successorId: b.id });
    },
  },
  {
    name: 'tasks.removeDependency',
    rule: 'coordinator',
    namesIds: true,
    prepare: async (w) => {
      const [a, b] = [await givenTask(w, { state: 'unassigned' }), await givenTask(w, { state: 'unassigned' })];
      await w.coordinator.tasks.addDependency({ projectId: w.projectId, predecessorId: a.id, successorId: b.id });
      return (c, projectId) => c.tasks.removeDependency({ projectId, predecessorId: a.id, successorId: b.id });
    },
  },
  {
    name: 'tasks.accept',
    rule: 'lead organization',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'awaiting' });
      return (c, projectId) => c.tasks.accept({ projectId, taskId: t.id, version: t.version });
    },
  },
  {
    name: 'tasks.decline',
    rule: 'lead organization',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'awaiting' });
      return (c, projectId) => c.tasks.decline({ projectId, taskId: t.id, version: t.version, reason: 'Không đủ nguồn lực', proposedDueDate: '2027-01-31' });
    },
  },
  {
    name: 'tasks.updateWork',
    rule: 'lead organization',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'accepted' });
      return (c, projectId) => c.tasks.updateWork({ projectId, taskId: t.id, version: t.version, status: 'in_progress', progress: 25, deliverables: 'Báo cáo' });
    },
  },
  {
    name: 'tasks.addComment',
    rule: 'anyone',
    namesIds: true,
    prepare: async (w) => {
      const t = await givenTask(w, { state: 'accepted' });
      return (c, projectId) => c.tasks.addComment({ projectId, taskId: t.id, body: 'Ý kiến **góp ý**' });
    },
  },
];

function allowed(rule: Rule, role: string, side: 'lead' | 'other'): boolean {
  if (rule === 'anyone') return true;
  if (rule === 'coordinator') return role === 'coordinator';
  return side === 'lead' && (role === 'member' || role === 'approver');
}

/** Every row of every plan table: a refusal must leave them all exactly as they were. */
async function snapshot(db: Kysely<Database>) {
  return {
    counts: await planTableCounts(db),
    phases: await db.selectFrom('phases').selectAll().orderBy('id').execute(),
    milestones: await db.selectFrom('milestones').selectAll().orderBy('id').execute(),
    tasks: await db.selectFrom('tasks').selectAll().orderBy('id').execute(),
  };
}

describeEachDialect('plan and task permissions', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  let foreign: { caller: Caller; projectId: number };
  let outsider: Caller;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
    // A coordinator of another project, where the same organizations are parties.
    const elsewhere = await givenProject(t.db, { partyOrganizationIds: [w.orgs.lead.id, w.orgs.other.id] });
    const boss = await givenUser(t.db, { organizationId: w.orgs.lead.id });
    await givenMembership(t.db, elsewhere.id, boss.id, 'coordinator');
    foreign = { caller: callerFor(t.db, boss, { clock: w.clock }), projectId: elsewhere.id };
    outsider = callerFor(t.db, await givenUser(t.db, { organizationId: w.orgs.outsider.id }), { clock: w.clock });
  });
  afterAll(() => t.destroy());

  for (const mutation of MUTATIONS) {
    const roleCases = ROLES.flatMap((role) => (['lead', 'other'] as const).map((side) => ({ role, side })));
    const summary = roleCases.map(({ role, side }) => `${role}/${side}:${allowed(mutation.rule, role, side) ? 'yes' : 'no'}`).join(' ');
    it(`${mutation.name} (${mutation.rule}) — ${summary}`, async () => {
      for (const { role, side } of roleCases) {
        const call = await mutation.prepare(w);
        const caller = w.as(w.people[side][role]);
        const label = `${mutation.name} as ${role} of the ${side} organization`;
        if (allowed(mutation.rule, role, side)) {
          await expect(call(caller, w.projectId), label).resolves.toBeDefined();
          continue;
        }
        const before = await snapshot(t.db);
        const r = await refusal(call(caller, w.projectId));
        expect([label, r.code], r.message).toEqual([label, 'FORBIDDEN']);
        expect(await snapshot(t.db), label).toEqual(before);
      }
    });

    it(`${mutation.name}: a non-member gets NOT_FOUND${mutation.namesIds ? ', and so do this project’s ids used from another project' : ''}`, async () => {
      const call = await mutation.prepare(w);
      const before = await snapshot(t.db);
      expect(await refusal(call(outsider, w.projectId))).toMatchObject({ code: 'NOT_FOUND' });
      if (mutation.namesIds) expect(await refusal(call(foreign.caller, foreign.projectId))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await snapshot(t.db)).toEqual(before);
    });
  }

  it('lets any member read the plan, task lists, a task and My work; a non-member reads nothing', async () => {
    const task = await givenTask(w);
    for (const role of ROLES) {
      for (const side of ['lead', 'other'] as const) {
        const c = w.as(w.people[side][role]);
        await expect(c.plan.get({ projectId: w.projectId })).resolves.toBeDefined();
        await expect(c.tasks.list({ projectId: w.projectId })).resolves.toBeDefined();
        await expect(c.tasks.get({ projectId: w.projectId, taskId: task.id })).resolves.toMatchObject({ id: task.id });
        await expect(c.tasks.myWork({ projectId: w.projectId })).resolves.toBeDefined();
      }
    }
    for (const read of [
      () => outsider.plan.get({ projectId: w.projectId }),
      () => outsider.tasks.list({ projectId: w.projectId }),
      () => outsider.tasks.get({ projectId: w.projectId, taskId: task.id }),
      () => foreign.caller.tasks.get({ projectId: foreign.projectId, taskId: task.id }),
    ]) {
      expect(await refusal(read())).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('tells each person what they may do with a task', async () => {
    const awaiting = await givenTask(w, { state: 'awaiting' });
    const can = async (side: 'lead' | 'other', role: (typeof ROLES)[number]) =>
      (await w.as(w.people[side][role]).tasks.get({ projectId: w.projectId, taskId: awaiting.id })).can;
    expect(await can('lead', 'member')).toMatchObject({ answer: true, updateWork: false, editPlan: false, comment: true });
    expect(await can('lead', 'viewer')).toMatchObject({ answer: false, editPlan: false, comment: true });
    expect(await can('other', 'approver')).toMatchObject({ answer: false });
    expect(await can('other', 'coordinator')).toMatchObject({ editPlan: true, assign: true, answer: false, acceptProposedDates: false });
  });
});
