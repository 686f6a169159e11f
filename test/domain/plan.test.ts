import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { findPath } from '../../server/tasks/dependencies.ts';
import { taskSearchText } from '../../server/tasks/search-text.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, givenMembership, givenOrganization, givenProject, testClock } from '../support/fixtures.ts';
import { givenPlanWorld, givenTask, planTableCounts, refusal, type PlanWorld } from '../support/plan-fixtures.ts';

describeEachDialect('plan: phases and milestones', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
  });
  afterEach(() => t.destroy());

  const phaseOrder = async () => (await w.coordinator.plan.get({ projectId: w.projectId })).phases.map((p) => [p.name, p.position]);

  it('keeps phases in order: appended at the end, moved, renumbered after a delete', async () => {
    const c = w.coordinator;
    const p2 = await c.plan.createPhase({ projectId: w.projectId, name: 'Giai đoạn 2', startDate: '2027-04-01', endDate: '2027-06-30' });
    const p3 = await c.plan.createPhase({ projectId: w.projectId, name: 'Giai đoạn 3', startDate: '2027-07-01', endDate: '2027-09-30' });
    expect(p3.position).toBe(3);

    const moved = await c.plan.updatePhase({ projectId: w.projectId, phaseId: p3.id, version: p3.version, position: 1 });
    expect(moved).toMatchObject({ position: 1, version: 2 });
    expect(await phaseOrder()).toEqual([['Giai đoạn 3', 1], ['Giai đoạn 1', 2], ['Giai đoạn 2', 3]]);

    // A position past the end means "last".
    await c.plan.updatePhase({ projectId: w.projectId, phaseId: moved.id, version: moved.version, position: 99 });
    expect(await phaseOrder()).toEqual([['Giai đoạn 1', 1], ['Giai đoạn 2', 2], ['Giai đoạn 3', 3]]);

    await c.plan.deletePhase({ projectId: w.projectId, phaseId: p2.id, version: p2.version });
    expect(await phaseOrder()).toEqual([['Giai đoạn 1', 1], ['Giai đoạn 3', 2]]);
  });

  it('refuses dates that end before they start, also when only one end of a range changes', async () => {
    const c = w.coordinator;
    expect(await refusal(c.plan.createPhase({ projectId: w.projectId, name: 'X', startDate: '2027-02-01', endDate: '2027-01-01' }))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'invalid_input',
    });
    const before = await planTableCounts(t.db);
    const r = await refusal(c.plan.updatePhase({ projectId: w.projectId, phaseId: w.phase.id, version: w.phase.version, endDate: '2026-10-01' }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_date_range', fieldErrors: { endDate: [expect.any(String)] } });
    expect(await refusal(c.plan.createPhase({ projectId: w.projectId, name: 'X', startDate: '2027-02-30', endDate: '2027-03-01' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await planTableCounts(t.db)).toEqual(before);
  });

  it('answers a stale phase version with CONFLICT and the current phase, changing nothing', async () => {
    const c = w.coordinator;
    await c.plan.updatePhase({ projectId: w.projectId, phaseId: w.phase.id, version: 1, name: 'Giai đoạn khởi động' });
    const before = await planTableCounts(t.db);
    const r = await refusal(c.plan.updatePhase({ projectId: w.projectId, phaseId: w.phase.id, version: 1, name: 'Tên khác' }));
    expect(r).toMatchObject({ code: 'CONFLICT', reason: 'stale_version', current: { name: 'Giai đoạn khởi động', version: 2 } });
    expect(await refusal(c.plan.deletePhase({ projectId: w.projectId, phaseId: w.phase.id, version: 1 }))).toMatchObject({ code: 'CONFLICT' });
    expect(await planTableCounts(t.db)).toEqual(before);
  });

  it('creates milestones whose sign-off organizations are parties of the project', async () => {
    const c = w.coordinator;
    const ms = await c.plan.createMilestone({
      projectId: w.projectId,
      phaseId: w.phase.id,
      name: 'Đề cương được thống nhất',
      date: '2027-01-15',
      deliverables: 'Đề cương chi tiết',
      signoffOrganizationIds: [w.orgs.other.id, w.orgs.lead.id, w.orgs.lead.id],
    });
    expect(ms).toMatchObject({ version: 1, signoffOrganizationIds: [w.orgs.lead.id, w.orgs.other.id].sort((a, b) => a - b) });

    const before = await planTableCounts(t.db);
    const r = await refusal(
      c.plan.createMilestone({ projectId: w.projectId, phaseId: w.phase.id, name: 'X', date: '2027-01-15', signoffOrganizationIds: [w.orgs.outsider.id] }),
    );
    expect(r).toMatchObject({ code: 'BAD_REQUEST', reason: 'not_a_party', fieldErrors: { signoffOrganizationIds: [expect.any(String)] } });
    expect(
      await refusal(c.plan.updateMilestone({ projectId: w.projectId, milestoneId: ms.id, version: ms.version, signoffOrganizationIds: [999_999] })),
    ).toMatchObject({ code: 'BAD_REQUEST', reason: 'not_a_party' });
    expect(await planTableCounts(t.db)).toEqual(before);

    const updated = await c.plan.updateMilestone({ projectId: w.projectId, milestoneId: ms.id, version: ms.version, signoffOrganizationIds: [w.orgs.lead.id], date: '2027-02-01' });
    expect(updated).toMatchObject({ version: 2, date: '2027-02-01', signoffOrganizationIds: [w.orgs.lead.id] });
    expect(
      await refusal(c.plan.updateMilestone({ projectId: w.projectId, milestoneId: ms.id, version: 1, name: 'Cũ' })),
    ).toMatchObject({ code: 'CONFLICT', reason: 'stale_version', current: { version: 2, signoffOrganizationIds: [w.orgs.lead.id] } });
  });

  it('keeps tasks with their milestone: refuses moving or deleting a milestone or phase that holds tasks', async () => {
    const c = w.coordinator;
    const p2 = await c.plan.createPhase({ projectId: w.projectId, name: 'Giai đoạn 2', startDate: '2027-04-01', endDate: '2027-06-30' });
    const ms = await c.plan.createMilestone({ projectId: w.projectId, phaseId: w.phase.id, name: 'Mốc 1', date: '2027-01-15' });
    const task = await givenTask(w, { state: 'unassigned', milestoneId: ms.id });
    const before = await planTableCounts(t.db);
    expect(await refusal(c.plan.updateMilestone({ projectId: w.projectId, milestoneId: ms.id, version: 1, phaseId: p2.id }))).toMatchObject({
      reason: 'milestone_has_tasks',
      fieldErrors: { phaseId: [expect.any(String)] },
    });
    expect(await refusal(c.plan.deleteMilestone({ projectId: w.projectId, milestoneId: ms.id, version: 1 }))).toMatchObject({ reason: 'milestone_has_tasks' });
    expect(await refusal(c.plan.deletePhase({ projectId: w.projectId, phaseId: w.phase.id, version: 1 }))).toMatchObject({ reason: 'phase_not_empty' });
    // A task's milestone must be in the task's phase.
    expect(
      await refusal(c.tasks.update({ projectId: w.projectId, taskId: task.id, version: task.version, phaseId: p2.id })),
    ).toMatchObject({ code: 'BAD_REQUEST', reason: 'milestone_in_other_phase' });
    expect(await planTableCounts(t.db)).toEqual(before);

    const moved = await c.tasks.update({ projectId: w.projectId, taskId: task.id, version: task.version, phaseId: p2.id, milestoneId: null });
    expect(moved).toMatchObject({ phaseId: p2.id, milestoneId: null });
    await c.plan.deleteMilestone({ projectId: w.projectId, milestoneId: ms.id, version: 1 });
    expect((await c.plan.get({ projectId: w.projectId })).phases[0]!.milestones).toEqual([]);
  });

  it('refuses phases and milestones of another project, and unknown or absurd ids, as NOT_FOUND or BAD_REQUEST', async () => {
    const elsewhere = await givenProject(t.db, { partyOrganizationIds: [w.orgs.lead.id] });
    await givenMembership(t.db, elsewhere.id, w.people.other.coordinator.id, 'coordinator');
    const foreignPhase = await w.coordinator.plan.createPhase({ projectId: elsewhere.id, name: 'Ngoài', startDate: '2027-01-01', endDate: '2027-02-01' });
    const c = w.coordinator;
    expect(await refusal(c.plan.updatePhase({ projectId: w.projectId, phaseId: foreignPhase.id, version: 1, name: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(c.plan.createMilestone({ projectId: w.projectId, phaseId: foreignPhase.id, name: 'x', date: '2027-01-01' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await refusal(c.tasks.create({ projectId: w.projectId, phaseId: foreignPhase.id, title: 'x', startDate: '2027-01-01', dueDate: '2027-01-02' })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(c.plan.deletePhase({ projectId: w.projectId, phaseId: 2_147_483_647, version: 1 }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(c.plan.deletePhase({ projectId: w.projectId, phaseId: 2 ** 40, version: 1 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows the plan as phases → milestones → tasks, with dependencies and their schedule conflicts', async () => {
    const c = w.coordinator;
    const ms = await c.plan.createMilestone({ projectId: w.projectId, phaseId: w.phase.id, name: 'Mốc 1', date: '2027-01-15', signoffOrganizationIds: [w.orgs.lead.id] });
    const a = await givenTask(w, { title: 'Dự thảo đề cương', milestoneId: ms.id, startDate: '2026-11-01', dueDate: '2026-11-20' });
    const b = await givenTask(w, { state: 'unassigned', title: 'Thống nhất đề cương', startDate: '2026-11-15', dueDate: '2026-12-10' });
    await c.tasks.addDependency({ projectId: w.projectId, predecessorId: a.id, successorId: b.id });

    const plan = await c.plan.get({ projectId: w.projectId });
    expect(plan.today).toBe('2026-11-23');
    expect(plan.phases).toHaveLength(1);
    const [phase] = plan.phases;
    expect(phase!.milestones).toMatchObject([{ id: ms.id, signoffOrganizationIds: [w.orgs.lead.id], tasks: [{ id: a.id, overdue: true, leadOrganization: { id: w.orgs.lead.id } }] }]);
    expect(phase!.tasks).toMatchObject([{ id: b.id, hasScheduleConflict: true, leadOrganization: null, assignmentState: 'unassigned' }]);
    expect(plan.dependencies).toEqual([{ predecessorId: a.id, successorId: b.id, conflict: true }]);
  });
});

describeEachDialect('demo plan', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(() => t.destroy());

  it('seeds the Chu Lai action plan as a valid plan: parties, dates, states, hand-offs, no cycles', async () => {
    const now = new Date('2026-11-23T03:00:00Z');
    expect(await seedDemo(t.db, now)).toBe(true);
    const project = await t.db.selectFrom('projects').selectAll().where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const coordinator = await t.db.selectFrom('users').selectAll().where('email', '=', 'coordinator.vioit@lienket.demo').executeTakeFirstOrThrow();
    const c = callerFor(t.db, coordinator, { clock: testClock(now) });
    const plan = await c.plan.get({ projectId: project.id });

    expect(plan.phases.length).toBeGreaterThanOrEqual(4);
    expect(plan.phases.map((p) => p.position)).toEqual(plan.phases.map((_, i) => i + 1));
    const tasks = plan.phases.flatMap((p) => [...p.tasks, ...p.milestones.flatMap((m) => m.tasks)]);
    expect(tasks.length).toBeGreaterThanOrEqual(28);
    const states = new Set(tasks.map((x) => x.assignmentState));
    expect([...states].sort()).toEqual(['accepted', 'awaiting', 'declined', 'unassigned']);
    const statuses = new Set(tasks.map((x) => x.status));
    expect([...statuses].sort()).toEqual(['blocked', 'done', 'in_progress', 'not_started']);
    expect(tasks.some((x) => x.overdue)).toBe(true);
    // One deliberate schedule conflict, and only one: every other successor starts after its predecessor's due date.
    const dbBuild = tasks.find((x) => x.title.startsWith('Xây dựng phần mềm và vận hành thử'))!;
    expect(plan.dependencies.filter((d) => d.conflict).map((d) => d.successorId)).toEqual([dbBuild.id]);
    expect(tasks.filter((x) => x.hasScheduleConflict).map((x) => x.id)).toEqual([dbBuild.id]);
    for (const p of plan.phases) for (const m of p.milestones) expect(m.signoffOrganizationIds.length).toBeGreaterThan(0);

    const parties = new Set(
      (await t.db.selectFrom('project_parties').select('organization_id').where('project_id', '=', project.id).execute()).map((r) => r.organization_id),
    );
    const rows = await t.db.selectFrom('tasks').selectAll().where('project_id', '=', project.id).execute();
    const codes = new Set(
      (await t.db.selectFrom('organizations').innerJoin('tasks', 'tasks.lead_organization_id', 'organizations.id').select('code').execute()).map((r) => r.code),
    );
    expect([...codes].sort()).toEqual(['MOIT', 'QN-DOIT', 'THACO-IND', 'VIOIT']);
    for (const row of rows) {
      expect(row.start_date <= row.due_date).toBe(true);
      expect(row.search_text).toBe(taskSearchText(row));
      if (row.assignment_state === 'unassigned') expect(row.lead_organization_id).toBeNull();
      else expect(parties.has(row.lead_organization_id!)).toBe(true);
      if (row.assignment_state !== 'accepted') expect([row.status, row.progress, row.assignee_user_id]).toEqual(['not_started', 0, null]);
      if (row.assignee_user_id !== null) {
        const assignee = await t.db.selectFrom('users').select('organization_id').where('id', '=', row.assignee_user_id).executeTakeFirstOrThrow();
        expect(assignee.organization_id).toBe(row.lead_organization_id);
      }
      const kinds = (await t.db.selectFrom('task_handoffs').select('kind').where('task_id', '=', row.id).orderBy('id').execute()).map((h) => h.kind);
      const expected = { unassigned: [], awaiting: ['assigned'], accepted: ['assigned', 'accepted'], declined: ['assigned', 'declined'] }[row.assignment_state];
      expect(kinds).toEqual(expected);
    }
    const supporters = await t.db.selectFrom('task_supporters').select('organization_id').execute();
    for (const s of supporters) expect(parties.has(s.organization_id)).toBe(true);

    const edges = await t.db.selectFrom('task_dependencies').select(['predecessor_id', 'successor_id']).execute();
    for (const e of edges) expect(findPath(edges, e.successor_id, e.predecessor_id)).toBeNull();

    // The THACO-IND member finds assignments awaiting them in My work, and the demo data stays searchable.
    const member = await t.db.selectFrom('users').selectAll().where('email', '=', 'member.thaco-ind@lienket.demo').executeTakeFirstOrThrow();
    const work = await callerFor(t.db, member, { clock: testClock(now) }).tasks.myWork({ projectId: project.id });
    expect(work.awaiting.length).toBeGreaterThan(0);
    expect(work.tasks.some((x) => x.overdue)).toBe(true);
    const found = await c.tasks.list({ projectId: project.id, q: 'trung tam co khi' });
    expect(found.items.length).toBeGreaterThan(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('still refuses organizations outside the demo project', async () => {
    await seedDemo(t.db, new Date('2026-11-23T03:00:00Z'));
    const stranger = await givenOrganization(t.db);
    const coordinator = await t.db.selectFrom('users').selectAll().where('email', '=', 'coordinator.vioit@lienket.demo').executeTakeFirstOrThrow();
    const project = await t.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const task = await t.db.selectFrom('tasks').selectAll().where('project_id', '=', project.id).where('assignment_state', '=', 'unassigned').executeTakeFirstOrThrow();
    const r = await refusal(callerFor(t.db, coordinator).tasks.assign({ projectId: project.id, taskId: task.id, version: task.version, organizationId: stranger.id }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', reason: 'not_a_party' });
  });
});
