import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenProject } from '../support/fixtures.ts';
import { fundingFingerprint, givenApproved, givenFundingWorld, givenLines, lineInput, type FundingWorld } from '../support/funding-fixtures.ts';
import { refusal } from '../support/plan-fixtures.ts';

const MAX = Number.MAX_SAFE_INTEGER;

describeEachDialect('funding estimates', (dialect) => {
  let t: TestDatabase;
  let w: FundingWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenFundingWorld(t.db);
  });
  afterEach(() => t.destroy());

  const estimate = (estimateId = w.estimate.id) => w.as(w.people.lead.viewer).funding.estimate({ projectId: w.projectId, estimateId });
  const auditActions = async () => (await t.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((e) => e.action);

  it('computes amount = quantity × unit cost exactly, with totals by source, category, year and the gap', async () => {
    const [experts, , survey] = await givenLines(w, w.estimate.id, [
      { quantity: '2.5', unitCost: 120_000_000 },
      { category: 'seminars_workshops', description: 'Hội thảo khởi động', quantity: '1', unit: 'hội thảo', unitCost: 150_000_000, sourceId: w.sources.province.id, year: 2026 },
      { category: 'surveys', description: 'Khảo sát doanh nghiệp', quantity: '150,5', unit: 'phiếu', unitCost: 800_000, sourceId: w.sources.province.id },
    ]);
    expect(experts).toMatchObject({ quantity: '2.5', amount: 300_000_000, key: 1 });
    expect(survey).toMatchObject({ quantity: '150.5', amount: 120_400_000, key: 3 });

    const view = await estimate();
    expect(view.totals).toMatchObject({
      total: 570_400_000,
      pledged: 1_300_000_000,
      gap: 570_400_000 - 1_300_000_000,
      bySource: [
        { code: 'NSNN-BCT', pledged: 1_000_000_000, estimated: 300_000_000, gap: -700_000_000, disbursed: 0 },
        { code: 'NS-QNAM', pledged: 300_000_000, estimated: 270_400_000, gap: -29_600_000, disbursed: 0 },
      ],
      byYear: [
        { year: 2026, estimated: 150_000_000 },
        { year: 2027, estimated: 420_400_000 },
      ],
    });
    expect(view.totals.byCategory).toEqual([
      { category: 'experts_consultancy', estimated: 300_000_000, disbursed: 0 },
      { category: 'seminars_workshops', estimated: 150_000_000, disbursed: 0 },
      { category: 'surveys', estimated: 120_400_000, disbursed: 0 },
    ]);
    expect(view.estimate).toMatchObject({ number: 1, approval: null, editable: false });
    expect((await w.coordinator.funding.estimate({ projectId: w.projectId, estimateId: w.estimate.id })).estimate.editable).toBe(true);
    const overview = await w.as(w.people.other.viewer).funding.overview({ projectId: w.projectId });
    expect(overview.estimates).toMatchObject([{ number: 1, lineCount: 3, total: 570_400_000 }]);
    expect(overview.can).toEqual({ edit: false, submit: false, setBudgetOwners: false });
  });

  it('refuses amounts and totals past the safe range, never rounding them, and writes nothing', async () => {
    const [line] = await givenLines(w, w.estimate.id, [{ unitCost: MAX - 1_000, quantity: '1' }]);
    const before = await fundingFingerprint(t.db);
    const add = (fields: Record<string, unknown>) => refusal(w.coordinator.funding.addLine(lineInput(w, w.estimate.id, fields)));
    for (const fields of [
      { unitCost: MAX + 1 },
      { unitCost: 2 ** 60 },
      { unitCost: '9007199254740993' },
      { unitCost: '123456789012345678901234567890' },
      { quantity: '3', unitCost: Math.floor(MAX / 2) },
      { unitCost: 1_001 },
    ]) {
      expect(await add(fields), JSON.stringify(fields)).toMatchObject({ code: 'BAD_REQUEST', reason: 'amount_too_large' });
    }
    expect(await add({ unitCost: 1.5 })).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_amount' });
    expect(await add({ unitCost: -5 })).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_amount' });
    expect(await add({ quantity: '0.5', unitCost: 3 })).toMatchObject({ code: 'BAD_REQUEST', reason: 'amount_not_whole' });
    expect(await add({ quantity: '1.2345' })).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    expect(
      await refusal(
        w.coordinator.funding.updateSource({ ...w.sources.state, projectId: w.projectId, sourceId: w.sources.state.id, pledgedAmount: MAX }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', reason: 'amount_too_large' });
    expect(await fundingFingerprint(t.db)).toEqual(before);
    expect((await estimate()).totals.total).toBe(line!.amount);
  });

  it('refuses stale edits with CONFLICT and the current state, changing nothing', async () => {
    const [line] = await givenLines(w, w.estimate.id, [{}]);
    const update = (version: number, description: string) =>
      w.coordinator.funding.updateLine({ ...lineInput(w, w.estimate.id, { description }), lineId: line!.id, version, phaseId: null, taskId: null, note: '' });
    const changed = await update(line!.version, 'Chuyên gia chính');
    expect(changed.line.version).toBe(line!.version + 1);
    const before = await fundingFingerprint(t.db);
    expect(await refusal(update(line!.version, 'Bản cũ'))).toMatchObject({
      code: 'CONFLICT',
      reason: 'stale_version',
      current: { id: line!.id, description: 'Chuyên gia chính', version: line!.version + 1 },
    });
    expect(await refusal(w.coordinator.funding.deleteLine({ projectId: w.projectId, lineId: line!.id, version: line!.version }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'stale_version',
    });
    const source = w.sources.state;
    await w.coordinator.funding.updateSource({ ...source, projectId: w.projectId, sourceId: source.id, pledgedAmount: 5 });
    expect(await refusal(w.coordinator.funding.updateSource({ ...source, projectId: w.projectId, sourceId: source.id, pledgedAmount: 6 }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'stale_version',
      current: { pledged: 5 },
    });
    expect(
      await refusal(w.coordinator.funding.updateEstimate({ projectId: w.projectId, estimateId: w.estimate.id, version: w.estimate.version, note: 'Cũ' })),
    ).toMatchObject({ code: 'CONFLICT', reason: 'stale_version' });
    const after = await fundingFingerprint(t.db);
    expect(after.counts).toEqual({ ...before.counts, audit_events: before.counts.audit_events! + 1 });
  });

  it('supersedes the open round when a submitted version changes; re-submission opens a new round', async () => {
    const [line] = await givenLines(w, w.estimate.id, [{}, { description: 'Hội thảo', category: 'seminars_workshops' }]);
    const approver = w.as(w.people.lead.approver);
    const round = await approver.funding.submitEstimate({ projectId: w.projectId, estimateId: w.estimate.id, message: 'Đề nghị thống nhất' });
    expect(round).toMatchObject({ state: 'open', subject: { kind: 'funding_estimate', label: 'v1' }, myOrganization: { canDecide: true } });
    expect(round.parties.map((p) => p.organization.id)).toEqual([w.orgs.lead.id]);
    expect(round.snapshot).toMatchObject({ number: 1, total: 210_000_000 + 210_000_000, lines: [{ id: line!.id }, {}] });

    const mark = (await auditActions()).length;
    await w.as(w.people.lead.member).funding.updateLine({
      ...lineInput(w, w.estimate.id, { quantity: '7' }),
      lineId: line!.id,
      version: line!.version,
      phaseId: null,
      taskId: null,
      note: '',
    });
    expect((await auditActions()).slice(mark)).toEqual(['approval_round.superseded', 'funding_line.updated']);
    const superseded = await w.as(w.people.other.viewer).approvals.round({ projectId: w.projectId, roundId: round.id });
    expect(superseded).toMatchObject({ state: 'superseded', closeReason: { code: 'estimate_edited' } });
    expect(await refusal(approver.approvals.decide({ projectId: w.projectId, roundId: round.id, decision: 'approve' }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'round_closed',
    });

    const again = await givenApproved(w, w.estimate.id);
    expect(again.id).not.toBe(round.id);
    expect(again.state).toBe('approved');
    expect((await estimate()).estimate).toMatchObject({ approved: true, isBaseline: true, editable: false });
    // The baseline never changes: edits, imports and a second round are refused.
    const before = await fundingFingerprint(t.db);
    expect(await refusal(w.coordinator.funding.addLine(lineInput(w, w.estimate.id)))).toMatchObject({ code: 'BAD_REQUEST', reason: 'estimate_approved' });
    expect(await refusal(w.coordinator.funding.submitEstimate({ projectId: w.projectId, estimateId: w.estimate.id }))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'estimate_approved',
    });
    expect(await fundingFingerprint(t.db)).toEqual(before);
  });

  it('asks the budget owners by default, all parties when none are named, and warns of a source short of its pledge', async () => {
    await givenLines(w, w.estimate.id, [{ sourceId: w.sources.province.id, quantity: '10', unitCost: 40_000_000 }]);
    const round = await w.coordinator.approvals.submit({ projectId: w.projectId, kind: 'funding_estimate', subjectId: w.estimate.id });
    expect(round.parties.map((p) => p.organization.id)).toEqual([w.orgs.lead.id]);
    expect(round.warnings).toEqual([{ code: 'funding_gap', params: { source: 'NS-QNAM', estimated: 400_000_000, pledged: 300_000_000, gap: 100_000_000 } }]);
    await w.coordinator.approvals.withdraw({ projectId: w.projectId, roundId: round.id });

    await w.coordinator.funding.setBudgetOwners({ projectId: w.projectId, organizationIds: [] });
    const all = await w.coordinator.funding.submitEstimate({ projectId: w.projectId, estimateId: w.estimate.id });
    expect(all.parties.map((p) => p.organization.id).sort()).toEqual([w.orgs.lead.id, w.orgs.other.id].sort());

    const empty = await w.coordinator.funding.createEstimate({ projectId: w.projectId, copyFromEstimateId: null });
    expect(await refusal(w.coordinator.funding.submitEstimate({ projectId: w.projectId, estimateId: empty.id }))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'estimate_empty',
    });
    expect(await refusal(w.coordinator.funding.setBudgetOwners({ projectId: w.projectId, organizationIds: [w.orgs.outsider.id] }))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'not_a_party',
    });
  });

  it('copies a version with its line keys, and compares actuals with the estimate per line, category and source', async () => {
    const [experts, seminar] = await givenLines(w, w.estimate.id, [
      {},
      { category: 'seminars_workshops', description: 'Hội thảo', quantity: '1', unitCost: 150_000_000, sourceId: w.sources.province.id },
    ]);
    const member = w.as(w.people.lead.member);
    const record = (lineId: number, amount: number) =>
      member.funding.recordDisbursement({ projectId: w.projectId, lineId, date: '2026-11-01', amount, reference: 'UNC 01/2026' });
    expect(await refusal(record(experts!.id, 1))).toMatchObject({ code: 'BAD_REQUEST', reason: 'no_baseline' });
    await givenApproved(w, w.estimate.id);
    await record(experts!.id, 70_000_000);
    const paid = await record(seminar!.id, 148_000_000);
    expect(await refusal(record(seminar!.id, 0))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_amount' });
    expect(await refusal(record(seminar!.id, MAX))).toMatchObject({ code: 'BAD_REQUEST', reason: 'amount_too_large' });

    const v2 = await member.funding.createEstimate({ projectId: w.projectId, note: 'Lần 2' });
    expect(v2).toMatchObject({ number: 2, copiedFrom: { id: w.estimate.id, number: 1 }, lineCount: 2 });
    const [, v2Seminar] = (await estimate(v2.id)).lines;
    expect(await refusal(record(v2Seminar!.id, 1))).toMatchObject({ code: 'BAD_REQUEST', reason: 'not_baseline_line' });
    await member.funding.updateLine({ ...lineInput(w, v2.id, { category: 'surveys', unitCost: 160_000_000, quantity: '1', sourceId: w.sources.province.id, description: 'Hội thảo' }), lineId: v2Seminar!.id, version: v2Seminar!.version, phaseId: null, taskId: null, note: '' });

    const view = await estimate(v2.id);
    expect(view.lines.map((l) => [l.key, l.amount, l.disbursed])).toEqual([
      [experts!.key, 210_000_000, 70_000_000],
      [seminar!.key, 160_000_000, 148_000_000],
    ]);
    expect(view.totals.disbursed).toBe(218_000_000);
    expect(view.totals.bySource.map((s) => [s.code, s.estimated, s.disbursed])).toEqual([
      ['NSNN-BCT', 210_000_000, 70_000_000],
      ['NS-QNAM', 160_000_000, 148_000_000],
    ]);
    // Actuals count under the category of the line they were paid against (v1's seminar).
    expect(view.totals.byCategory).toEqual([
      { category: 'experts_consultancy', estimated: 210_000_000, disbursed: 70_000_000 },
      { category: 'surveys', estimated: 160_000_000, disbursed: 0 },
      { category: 'seminars_workshops', estimated: 0, disbursed: 148_000_000 },
    ]);

    const list = await w.as(w.people.other.viewer).funding.disbursements({ projectId: w.projectId, lineId: v2Seminar!.id });
    expect(list).toMatchObject({ total: 148_000_000, items: [{ id: paid.id, line: { key: seminar!.key, estimateNumber: 1 } }] });
    const fixed = await member.funding.updateDisbursement({ projectId: w.projectId, disbursementId: paid.id, version: paid.version, date: '2026-11-02', amount: 140_000_000, reference: 'UNC 02/2026', note: '' });
    expect(await refusal(member.funding.deleteDisbursement({ projectId: w.projectId, disbursementId: paid.id, version: paid.version }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'stale_version',
    });
    await member.funding.deleteDisbursement({ projectId: w.projectId, disbursementId: paid.id, version: fixed.version });
    expect((await estimate(v2.id)).totals.disbursed).toBe(70_000_000);
  });

  it('checks a line against its project: category, source, phase and task; ids of another project are not found', async () => {
    const task = await w.coordinator.tasks.create({ projectId: w.projectId, title: 'Khảo sát', phaseId: w.phase.id, startDate: '2026-12-01', dueDate: '2026-12-31' });
    const [line] = await givenLines(w, w.estimate.id, [{ taskId: task.id }]);
    expect(line).toMatchObject({ taskId: task.id, phaseId: w.phase.id });
    const add = (fields: Record<string, unknown>) => refusal(w.coordinator.funding.addLine(lineInput(w, w.estimate.id, fields)));
    expect(await add({ category: 'banquets' })).toMatchObject({ code: 'BAD_REQUEST', reason: 'unknown_category', fieldErrors: { category: [expect.any(String)] } });

    const other = await givenProject(t.db, { partyOrganizationIds: [w.orgs.lead.id] });
    const otherSource = await t.db
      .insertInto('funding_sources')
      .values({ project_id: other.id, code: 'X', kind: 'other_sponsor', name_vi: 'X', name_en: 'X', pledged_amount: 0, note: '', created_at: '', updated_at: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await add({ sourceId: otherSource.id })).toMatchObject({ code: 'BAD_REQUEST', reason: 'unknown_source' });
    expect(await add({ phaseId: 2_000_000 })).toMatchObject({ code: 'BAD_REQUEST', reason: 'unknown_phase' });
    expect(await add({ taskId: 2_000_000 })).toMatchObject({ code: 'BAD_REQUEST', reason: 'unknown_task' });
    const phase2 = await w.coordinator.plan.createPhase({ projectId: w.projectId, name: 'Giai đoạn 2', startDate: '2027-01-01', endDate: '2027-06-30' });
    expect(await add({ taskId: task.id, phaseId: phase2.id })).toMatchObject({ code: 'BAD_REQUEST', reason: 'task_not_in_phase' });

    const category = await w.as(w.people.lead.member).funding.createCategory({ projectId: w.projectId, code: 'Training', nameVi: 'Đào tạo', nameEn: 'Training' });
    expect(category).toEqual({ code: 'training', nameVi: 'Đào tạo', nameEn: 'Training', builtin: false });
    await givenLines(w, w.estimate.id, [{ category: 'training' }]);
    expect(await refusal(w.coordinator.funding.createCategory({ projectId: w.projectId, code: 'surveys', nameVi: 'a', nameEn: 'b' }))).toMatchObject({ code: 'CONFLICT', reason: 'duplicate' });

    const otherEstimate = await t.db
      .insertInto('funding_estimates')
      .values({ project_id: other.id, number: 1, note: '', created_at: '', created_by_user_id: null, updated_at: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await refusal(w.coordinator.funding.addLine(lineInput(w, otherEstimate.id)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(estimate(otherEstimate.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(w.coordinator.funding.deleteSource({ projectId: w.projectId, sourceId: otherSource.id, version: 1 }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(w.coordinator.funding.deleteSource({ projectId: w.projectId, sourceId: w.sources.state.id, version: 1 }))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'source_in_use',
    });
  });

  it('keeps the plan deletable: a deleted task leaves its line without the link', async () => {
    const task = await w.coordinator.tasks.create({ projectId: w.projectId, title: 'Hội thảo', phaseId: w.phase.id, startDate: '2026-12-01', dueDate: '2026-12-31' });
    const [line] = await givenLines(w, w.estimate.id, [{ taskId: task.id }]);
    await w.coordinator.tasks.delete({ projectId: w.projectId, taskId: task.id, version: task.version });
    expect((await estimate()).lines).toMatchObject([{ id: line!.id, taskId: null, phaseId: w.phase.id, amount: line!.amount }]);
  });

  it('runs concurrent edits of one project one after another: distinct keys and positions, exact total', async () => {
    const adds = Array.from({ length: 6 }, (_, i) =>
      w.as(i % 2 ? w.people.lead.member : w.people.lead.approver).funding.addLine(lineInput(w, w.estimate.id, { description: `Dòng ${i}`, unitCost: (i + 1) * 1_000_000 })),
    );
    const [, v2] = await Promise.all([Promise.all(adds), w.coordinator.funding.createEstimate({ projectId: w.projectId, copyFromEstimateId: null })]);
    const view = await estimate();
    expect(new Set(view.lines.map((l) => l.key)).size).toBe(6);
    expect(new Set(view.lines.map((l) => l.position)).size).toBe(6);
    expect(view.totals.total).toBe(6 * (1 + 2 + 3 + 4 + 5 + 6) * 1_000_000);
    expect(v2.number).toBe(2);
  });

  it('records an audit event for every change, in one unbroken chain', async () => {
    const [line] = await givenLines(w, w.estimate.id, [{}]);
    await w.coordinator.funding.updateEstimate({ projectId: w.projectId, estimateId: w.estimate.id, version: (await estimate()).estimate.version, note: 'Ghi chú mới' });
    await w.coordinator.funding.deleteLine({ projectId: w.projectId, lineId: line!.id, version: line!.version });
    const actions = await auditActions();
    for (const a of ['funding_budget_owners.set', 'funding_source.created', 'funding_estimate.created', 'funding_line.created', 'funding_estimate.updated', 'funding_line.deleted']) {
      expect(actions).toContain(a);
    }
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
