import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { callerFor, givenUser } from '../support/fixtures.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenPlanWorld, givenTask, planTableCounts, refusal, ROLES, type PlanWorld } from '../support/plan-fixtures.ts';

describeEachDialect('timeline: baselines, slip and the Gantt read', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
  });
  afterEach(() => t.destroy());

  const baselineCounts = async () => {
    const counts = await planTableCounts(t.db);
    for (const table of ['plan_baselines', 'plan_baseline_items', 'plan_baseline_milestones'] as const) {
      const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  };

  it('lets only coordinators save a baseline; others are refused and nothing changes', async () => {
    await givenTask(w);
    const outsider = await givenUser(t.db, { organizationId: w.orgs.outsider.id });
    const before = await baselineCounts();
    for (const side of ['lead', 'other'] as const) {
      for (const role of ROLES.filter((r) => r !== 'coordinator')) {
        const r = await refusal(w.as(w.people[side][role]).timeline.saveBaseline({ projectId: w.projectId, name: 'Kế hoạch gốc' }));
        expect(r, `${role} of ${side}`).toMatchObject({ code: 'FORBIDDEN', reason: 'role_not_allowed' });
      }
    }
    expect(await refusal(callerFor(t.db, outsider).timeline.saveBaseline({ projectId: w.projectId, name: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(callerFor(t.db, outsider).timeline.get({ projectId: w.projectId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(w.coordinator.timeline.saveBaseline({ projectId: w.projectId, name: '   ' }))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    expect(await baselineCounts()).toEqual(before);

    const saved = await w.coordinator.timeline.saveBaseline({ projectId: w.projectId, name: ' Kế hoạch gốc ' });
    expect(saved).toMatchObject({ name: 'Kế hoạch gốc', taskCount: 1, milestoneCount: 0 });
    expect(await w.as(w.people.lead.viewer).timeline.baselines({ projectId: w.projectId })).toEqual([
      { ...saved, createdBy: { id: w.people.other.coordinator.id, displayName: w.people.other.coordinator.display_name } },
    ]);
  });

  it('copies every date, measures slip after a task moves, and feeds the dashboard', async () => {
    const milestone = await w.coordinator.plan.createMilestone({
      projectId: w.projectId,
      phaseId: w.phase.id,
      name: 'Báo cáo khảo sát',
      date: '2026-12-31',
      signoffOrganizationIds: [w.orgs.lead.id],
    });
    const survey = await givenTask(w, { title: 'Khảo sát', startDate: '2026-12-01', dueDate: '2026-12-10', milestoneId: milestone.id });
    const analysis = await givenTask(w, { title: 'Phân tích', startDate: '2026-12-11', dueDate: '2026-12-20', side: 'other' });
    await w.coordinator.tasks.addDependency({ projectId: w.projectId, predecessorId: survey.id, successorId: analysis.id });
    const first = await w.coordinator.timeline.saveBaseline({ projectId: w.projectId, name: 'Kế hoạch gốc' });
    expect(first).toMatchObject({ taskCount: 2, milestoneCount: 1 });
    expect((await w.coordinator.dashboard.summary({ projectId: w.projectId })).slip).toMatchObject({
      baseline: { id: first.id },
      tasks: { compared: 2, slipped: 0, maxSlipDays: 0, averageSlipDays: 0 },
    });

    // The survey runs 5 days late, the analysis 12 days late and its milestone a week.
    await w.coordinator.tasks.update({ projectId: w.projectId, taskId: survey.id, version: survey.version, dueDate: '2026-12-15' });
    await w.coordinator.tasks.update({ projectId: w.projectId, taskId: analysis.id, version: analysis.version, startDate: '2026-12-16', dueDate: '2027-01-01' });
    const m = (await w.coordinator.plan.get({ projectId: w.projectId })).phases[0]!.milestones[0]!;
    await w.coordinator.plan.updateMilestone({ projectId: w.projectId, milestoneId: m.id, version: m.version, date: '2027-01-07' });
    const late = await givenTask(w, { title: 'Việc thêm sau', startDate: '2027-01-02', dueDate: '2027-01-05', side: 'other' });

    const timeline = await w.as(w.people.lead.member).timeline.get({ projectId: w.projectId });
    expect(timeline.baseline).toMatchObject({ id: first.id, name: 'Kế hoạch gốc' });
    const task = (id: number) => timeline.tasks.find((x) => x.id === id)!;
    expect(task(survey.id)).toMatchObject({
      title: 'Khảo sát',
      startDate: '2026-12-01',
      dueDate: '2026-12-15',
      baselineStartDate: '2026-12-01',
      baselineDueDate: '2026-12-10',
      slipDays: 5,
      leadOrganization: { id: w.orgs.lead.id, code: w.orgs.lead.code },
      milestoneId: milestone.id,
    });
    expect(task(analysis.id)).toMatchObject({ baselineDueDate: '2026-12-20', slipDays: 12 });
    expect(task(late.id)).toMatchObject({ baselineStartDate: null, baselineDueDate: null, slipDays: null });
    expect(timeline.milestones[0]).toMatchObject({ date: '2027-01-07', baselineDate: '2026-12-31', slipDays: 7 });

    const slip = (await w.as(w.people.other.viewer).dashboard.summary({ projectId: w.projectId })).slip!;
    expect(slip.tasks).toEqual({ compared: 2, slipped: 2, maxSlipDays: 12, averageSlipDays: 8.5 });
    expect(slip.byOrganization).toEqual(
      [
        { organization: { id: w.orgs.lead.id, code: w.orgs.lead.code, nameVi: w.orgs.lead.name_vi, nameEn: w.orgs.lead.name_en }, compared: 1, slipped: 1, maxSlipDays: 5, averageSlipDays: 5 },
        { organization: { id: w.orgs.other.id, code: w.orgs.other.code, nameVi: w.orgs.other.name_vi, nameEn: w.orgs.other.name_en }, compared: 1, slipped: 1, maxSlipDays: 12, averageSlipDays: 12 },
      ].sort((a, b) => (a.organization.code < b.organization.code ? -1 : 1)),
    );
    expect(slip.milestones).toEqual({ compared: 1, slipped: 1, maxSlipDays: 7 });

    // A newer baseline becomes the latest; the old one can still be asked for.
    const second = await w.coordinator.timeline.saveBaseline({ projectId: w.projectId, name: 'Điều chỉnh tháng 12' });
    expect(second.taskCount).toBe(3);
    expect((await w.coordinator.dashboard.summary({ projectId: w.projectId })).slip).toMatchObject({ baseline: { id: second.id }, tasks: { slipped: 0 } });
    expect((await w.coordinator.timeline.get({ projectId: w.projectId })).tasks.every((x) => x.slipDays === 0)).toBe(true);
    const old = await w.coordinator.timeline.get({ projectId: w.projectId, baselineId: first.id });
    expect(old.tasks.find((x) => x.id === survey.id)?.slipDays).toBe(5);
    expect((await w.coordinator.timeline.baselines({ projectId: w.projectId })).map((b) => b.id)).toEqual([second.id, first.id]);

    const audit = await t.db.selectFrom('audit_events').select(['action', 'subject_id']).where('action', '=', 'baseline.saved').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'baseline.saved', subject_id: String(first.id) },
      { action: 'baseline.saved', subject_id: String(second.id) },
    ]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('keeps a deleted task in the baseline and out of the slip', async () => {
    const gone = await givenTask(w, { state: 'unassigned' });
    await w.coordinator.timeline.saveBaseline({ projectId: w.projectId, name: 'Gốc' });
    await w.coordinator.tasks.delete({ projectId: w.projectId, taskId: gone.id, version: gone.version });
    expect(await t.db.selectFrom('plan_baseline_items').select('task_id').execute()).toEqual([{ task_id: gone.id }]);
    expect((await w.coordinator.dashboard.summary({ projectId: w.projectId })).slip).toMatchObject({ tasks: { compared: 0, slipped: 0 }, byOrganization: [] });
  });

  it('returns what the Gantt draws in one call, with the critical path on request', async () => {
    const milestone = await w.coordinator.plan.createMilestone({
      projectId: w.projectId,
      phaseId: w.phase.id,
      name: 'Mốc ký duyệt',
      date: '2026-12-20',
      signoffOrganizationIds: [w.orgs.lead.id],
    });
    const a = await givenTask(w, { title: 'A', startDate: '2026-12-01', dueDate: '2026-12-05' });
    const b = await givenTask(w, { title: 'B', startDate: '2026-12-06', dueDate: '2026-12-08' });
    const c = await givenTask(w, { title: 'C', startDate: '2026-12-06', dueDate: '2026-12-07', state: 'unassigned' });
    await w.coordinator.tasks.addDependency({ projectId: w.projectId, predecessorId: a.id, successorId: b.id });
    await w.coordinator.tasks.addDependency({ projectId: w.projectId, predecessorId: a.id, successorId: c.id });

    const plain = await w.coordinator.timeline.get({ projectId: w.projectId });
    expect(plain.critical).toBeNull();
    expect(plain.baseline).toBeNull();
    expect(plain.today).toBe('2026-11-23');
    expect(plain.phases).toEqual([{ id: w.phase.id, position: 1, name: 'Giai đoạn 1', startDate: '2026-11-01', endDate: '2027-03-31', version: 1 }]);
    expect(plain.milestones).toEqual([
      {
        id: milestone.id,
        phaseId: w.phase.id,
        name: 'Mốc ký duyệt',
        date: '2026-12-20',
        signoffOrganizationIds: [w.orgs.lead.id],
        signoff: null,
        baselineDate: null,
        slipDays: null,
        version: milestone.version,
      },
    ]);
    expect(plain.tasks.map((x) => x.title)).toEqual(['A', 'B', 'C']);
    expect(Object.keys(plain.tasks[0]!).sort()).toEqual(
      [
        'id',
        'title',
        'phaseId',
        'milestoneId',
        'leadOrganization',
        'assigneeId',
        'status',
        'progress',
        'startDate',
        'dueDate',
        'baselineStartDate',
        'baselineDueDate',
        'slipDays',
        'version',
      ].sort(),
    );
    expect(plain.tasks[2]).toMatchObject({ leadOrganization: null, status: 'not_started', progress: 0 });
    expect(plain.dependencies).toEqual([
      { predecessorId: a.id, successorId: b.id },
      { predecessorId: a.id, successorId: c.id },
    ]);

    await w.coordinator.approvals.submit({ projectId: w.projectId, kind: 'milestone', subjectId: milestone.id, message: '' });
    const withCpm = await w.as(w.people.other.viewer).timeline.get({ projectId: w.projectId, critical: true });
    expect(withCpm.milestones[0]!.signoff).toMatchObject({ state: 'open' });
    expect(withCpm.critical).toEqual({
      span: { start: '2026-12-01', end: '2026-12-08', days: 8 },
      taskIds: [a.id, b.id],
      tasks: [
        { id: a.id, earlyStart: '2026-12-01', earlyFinish: '2026-12-05', lateStart: '2026-12-01', lateFinish: '2026-12-05', totalFloat: 0 },
        { id: b.id, earlyStart: '2026-12-06', earlyFinish: '2026-12-08', lateStart: '2026-12-06', lateFinish: '2026-12-08', totalFloat: 0 },
        { id: c.id, earlyStart: '2026-12-06', earlyFinish: '2026-12-07', lateStart: '2026-12-07', lateFinish: '2026-12-08', totalFloat: 1 },
      ],
    });
  });

  it('reschedules several tasks in one transaction, one audit event each; a successor moved into its predecessor is flagged, not refused', async () => {
    const survey = await givenTask(w, { title: 'Khảo sát', startDate: '2026-12-01', dueDate: '2026-12-10' });
    const analysis = await givenTask(w, { title: 'Phân tích', startDate: '2026-12-11', dueDate: '2026-12-20', side: 'other' });
    await w.coordinator.tasks.addDependency({ projectId: w.projectId, predecessorId: survey.id, successorId: analysis.id });
    const eventsBefore = await t.db.selectFrom('audit_events').select('seq').execute();

    const result = await w.coordinator.timeline.reschedule({
      projectId: w.projectId,
      moves: [
        { taskId: survey.id, version: survey.version, startDate: '2026-12-03', dueDate: '2026-12-14' },
        { taskId: analysis.id, version: analysis.version, startDate: '2026-12-14', dueDate: '2026-12-24' },
      ],
    });
    expect(result.tasks).toEqual([
      { id: survey.id, startDate: '2026-12-03', dueDate: '2026-12-14', version: survey.version + 1 },
      { id: analysis.id, startDate: '2026-12-14', dueDate: '2026-12-24', version: analysis.version + 1 },
    ]);
    const timeline = await w.as(w.people.lead.viewer).timeline.get({ projectId: w.projectId });
    expect(timeline.tasks.map((x) => [x.id, x.startDate, x.dueDate])).toEqual([
      [survey.id, '2026-12-03', '2026-12-14'],
      [analysis.id, '2026-12-14', '2026-12-24'],
    ]);
    // The analysis now starts on the survey's due date: a schedule conflict, shown everywhere alike.
    expect((await w.coordinator.plan.get({ projectId: w.projectId })).dependencies).toEqual([{ predecessorId: survey.id, successorId: analysis.id, conflict: true }]);

    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'subject_type', 'subject_id', 'before_json', 'after_json'])
      .where('seq', '>', eventsBefore.reduce((max, e) => Math.max(max, Number(e.seq)), 0))
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.action, e.subject_type, e.subject_id])).toEqual([
      ['task.updated', 'task', String(survey.id)],
      ['task.updated', 'task', String(analysis.id)],
    ]);
    expect(JSON.parse(events[0]!.before_json!)).toMatchObject({ startDate: '2026-12-01', dueDate: '2026-12-10' });
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ startDate: '2026-12-03', dueDate: '2026-12-14' });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('moves nothing when one task of the batch is stale, and names every stale task with its current state', async () => {
    const a = await givenTask(w, { title: 'Khảo sát', startDate: '2026-12-01', dueDate: '2026-12-10' });
    const b = await givenTask(w, { title: 'Phân tích', startDate: '2026-12-11', dueDate: '2026-12-20' });
    const c = await givenTask(w, { title: 'Báo cáo', startDate: '2026-12-21', dueDate: '2026-12-31' });
    // Someone else changes b and c meanwhile.
    const b2 = await w.coordinator.tasks.update({ projectId: w.projectId, taskId: b.id, version: b.version, dueDate: '2026-12-22' });
    await w.coordinator.tasks.update({ projectId: w.projectId, taskId: c.id, version: c.version, title: 'Báo cáo tổng hợp' });
    const before = await planTableCounts(t.db);
    const stored = () => t.db.selectFrom('tasks').select(['id', 'start_date', 'due_date', 'version']).orderBy('id').execute();
    const rows = await stored();

    const r = await refusal(
      w.coordinator.timeline.reschedule({
        projectId: w.projectId,
        moves: [
          { taskId: a.id, version: a.version, startDate: '2026-12-02', dueDate: '2026-12-11' },
          { taskId: b.id, version: b.version, startDate: '2026-12-12', dueDate: '2026-12-21' },
          { taskId: c.id, version: c.version, startDate: '2026-12-22', dueDate: '2027-01-01' },
        ],
      }),
    );
    expect(r).toMatchObject({ code: 'CONFLICT', reason: 'stale_version' });
    expect(r.message).toContain(`#${b.id} Phân tích (2026-12-11 – 2026-12-22)`);
    expect(r.message).toContain(`#${c.id} Báo cáo tổng hợp`);
    expect(r.message).not.toContain(`#${a.id} `);
    expect(r.current).toEqual({
      tasks: [
        expect.objectContaining({ id: b.id, startDate: '2026-12-11', dueDate: '2026-12-22', version: b2.version }),
        expect.objectContaining({ id: c.id, title: 'Báo cáo tổng hợp', version: c.version + 1 }),
      ],
    });
    expect(await stored()).toEqual(rows);
    expect(await planTableCounts(t.db)).toEqual(before);
  });

  it('lets only coordinators reschedule, refuses tasks of another project and bad batches, and changes nothing', async () => {
    const a = await givenTask(w);
    const b = await givenTask(w, { side: 'other' });
    const elsewhere = await givenPlanWorld(t.db);
    const foreign = await givenTask(elsewhere);
    const outsider = await givenUser(t.db, { organizationId: w.orgs.outsider.id });
    const move = (task: { id: number; version: number }, startDate = '2027-01-04', dueDate = '2027-01-08') => ({ taskId: task.id, version: task.version, startDate, dueDate });
    const before = await planTableCounts(t.db);

    for (const side of ['lead', 'other'] as const) {
      for (const role of ROLES.filter((x) => x !== 'coordinator')) {
        const r = await refusal(w.as(w.people[side][role]).timeline.reschedule({ projectId: w.projectId, moves: [move(a)] }));
        expect(r, `${role} of ${side}`).toMatchObject({ code: 'FORBIDDEN', reason: 'role_not_allowed' });
      }
    }
    expect(await refusal(callerFor(t.db, outsider).timeline.reschedule({ projectId: w.projectId, moves: [move(a)] }))).toMatchObject({ code: 'NOT_FOUND' });
    // One task of another project sinks the batch, and is not told apart from a missing one.
    expect(await refusal(w.coordinator.timeline.reschedule({ projectId: w.projectId, moves: [move(a), move(foreign)] }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(w.coordinator.timeline.reschedule({ projectId: w.projectId, moves: [move(a), { ...move(b), taskId: 2_147_483_647 }] }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    const invalid = [
      [],
      [move(a), move(a, '2027-02-01', '2027-02-02')],
      [move(a, '2027-01-09', '2027-01-08')],
      [move(a, '2027-02-30', '2027-03-01')],
      Array.from({ length: 201 }, (_, i) => ({ taskId: i + 1, version: 1, startDate: '2027-01-01', dueDate: '2027-01-02' })),
    ];
    for (const moves of invalid) {
      expect(await refusal(w.coordinator.timeline.reschedule({ projectId: w.projectId, moves })), JSON.stringify(moves).slice(0, 80)).toMatchObject({
        code: 'BAD_REQUEST',
        reason: 'invalid_input',
      });
    }
    expect(await planTableCounts(t.db)).toEqual(before);
    expect(await t.db.selectFrom('tasks').select(['start_date', 'version']).where('id', 'in', [a.id, b.id]).orderBy('id').execute()).toEqual([
      { start_date: a.startDate, version: a.version },
      { start_date: b.startDate, version: b.version },
    ]);
  });

  it('refuses a baseline of another project or none at all as NOT_FOUND', async () => {
    const elsewhere = await givenPlanWorld(t.db);
    const theirs = await elsewhere.coordinator.timeline.saveBaseline({ projectId: elsewhere.projectId, name: 'Của dự án khác' });
    expect(await refusal(w.coordinator.timeline.get({ projectId: w.projectId, baselineId: theirs.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(w.coordinator.timeline.get({ projectId: w.projectId, baselineId: 2_147_483_647 }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(w.coordinator.timeline.get({ projectId: w.projectId, baselineId: -1 }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await w.coordinator.timeline.baselines({ projectId: w.projectId })).toEqual([]);
    expect((await w.coordinator.dashboard.summary({ projectId: w.projectId })).slip).toBeNull();
  });
});
