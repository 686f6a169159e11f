import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TaskStatus } from '../../server/db/schema.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenApproved, givenFundingWorld, givenLines, type FundingWorld } from '../support/funding-fixtures.ts';

// The dashboard's numbers on a small project, against an expectation computed here from the
// test's own list of tasks. Today (the test clock) is 2026-11-23 in Vietnam.

interface TaskSpec {
  title: string;
  phase: 'p1' | 'p2';
  side: 'lead' | 'other' | null;
  accept: boolean;
  due: string;
  status: TaskStatus;
  progress: number;
}

const TODAY = '2026-11-23';
const TASKS: TaskSpec[] = [
  { title: 'Rà soát chính sách', phase: 'p1', side: 'lead', accept: true, due: '2026-11-10', status: 'in_progress', progress: 40 },
  { title: 'Khảo sát doanh nghiệp', phase: 'p1', side: 'lead', accept: true, due: '2026-11-01', status: 'done', progress: 100 },
  { title: 'Xây dựng cơ sở dữ liệu', phase: 'p2', side: 'other', accept: true, due: '2026-11-20', status: 'blocked', progress: 10 },
  { title: 'Đề xuất chính sách', phase: 'p1', side: null, accept: false, due: '2026-12-31', status: 'not_started', progress: 0 },
  { title: 'Tư vấn layout nhà xưởng', phase: 'p1', side: 'lead', accept: false, due: '2026-11-15', status: 'not_started', progress: 0 },
  { title: 'Hội thảo kết nối', phase: 'p2', side: 'other', accept: true, due: '2027-01-15', status: 'in_progress', progress: 65 },
];

function expected(tasks: TaskSpec[]) {
  const counts = { not_started: 0, in_progress: 0, blocked: 0, done: 0, total: 0 };
  for (const t of tasks) {
    counts[t.status]++;
    counts.total++;
  }
  const overdue = tasks.filter((t) => t.status !== 'done' && t.due < TODAY).length;
  const averageProgress = tasks.length ? Math.round(tasks.reduce((s, t) => s + t.progress, 0) / tasks.length) : 0;
  return { counts, averageProgress, overdue };
}

describeEachDialect('leadership dashboard', (dialect) => {
  let t: TestDatabase;
  let w: FundingWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenFundingWorld(t.db);
  });
  afterEach(() => t.destroy());

  it('shows progress by phase and organization, overdue work, upcoming milestones with their sign-off state, and funding', async () => {
    const projectId = w.projectId;
    const p2 = await w.coordinator.plan.createPhase({ projectId, name: 'Giai đoạn 2', startDate: '2026-11-01', endDate: '2027-06-30' });
    const phaseIds = { p1: w.phase.id, p2: p2.id };
    const ids = new Map<string, number>();
    for (const spec of TASKS) {
      let task = await w.coordinator.tasks.create({
        projectId,
        title: spec.title,
        phaseId: phaseIds[spec.phase],
        startDate: '2026-10-01',
        dueDate: spec.due,
        leadOrganizationId: spec.side ? w.orgs[spec.side].id : null,
      });
      if (spec.side && spec.accept) {
        const member = w.as(w.people[spec.side].member);
        task = await member.tasks.accept({ projectId, taskId: task.id, version: task.version });
        if (spec.status !== 'not_started') {
          await member.tasks.updateWork({ projectId, taskId: task.id, version: task.version, status: spec.status, progress: spec.progress });
        }
      }
      ids.set(spec.title, task.id);
    }

    const soon = await w.coordinator.plan.createMilestone({ projectId, phaseId: p2.id, name: 'Cơ sở dữ liệu vận hành thử', date: '2026-12-10', signoffOrganizationIds: [w.orgs.lead.id, w.orgs.other.id] });
    await w.coordinator.plan.createMilestone({ projectId, phaseId: p2.id, name: 'Ra mắt Trung tâm', date: '2027-03-01' });
    await w.coordinator.plan.createMilestone({ projectId, phaseId: w.phase.id, name: 'Đề cương thống nhất', date: '2026-11-01' });
    const today = await w.coordinator.plan.createMilestone({ projectId, phaseId: w.phase.id, name: 'Báo cáo giữa kỳ', date: TODAY });
    // A milestone sign-off round (that subject kind is built elsewhere): written directly here.
    const round = await t.db
      .insertInto('approval_rounds')
      .values({
        project_id: projectId, subject_kind: 'milestone', subject_id: soon.id, revision: 1, subject_label: soon.name, snapshot_json: '{}', message: '',
        state: 'open', submitted_at: '2026-11-20T00:00:00Z', submitted_by_user_id: null, submitted_by_organization_id: null,
        closed_at: null, closed_by_user_id: null, close_reason: null, close_detail: null, decision_count: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('approval_round_organizations').values([{ round_id: round.id, organization_id: w.orgs.lead.id }, { round_id: round.id, organization_id: w.orgs.other.id }]).execute();
    await t.db.insertInto('approval_decisions').values({ round_id: round.id, seq: 1, organization_id: w.orgs.lead.id, user_id: w.people.lead.approver.id, decision: 'approve', comment: '', decided_at: '2026-11-21T00:00:00Z' }).execute();

    const [line] = await givenLines(w, w.estimate.id, [{ quantity: '2', unitCost: 100_000_000 }, { category: 'travel', quantity: '1', unitCost: 400_000_000, sourceId: w.sources.province.id }]);
    await givenApproved(w, w.estimate.id);
    await w.coordinator.funding.recordDisbursement({ projectId, lineId: line!.id, date: '2026-11-15', amount: 50_000_000, reference: 'UNC 01' });
    const v2 = await w.coordinator.funding.createEstimate({ projectId });
    await w.coordinator.funding.submitEstimate({ projectId, estimateId: v2.id });

    const summary = await w.as(w.people.other.viewer).dashboard.summary({ projectId });
    expect(summary.today).toBe(TODAY);
    expect(summary.progress.total).toEqual(expected(TASKS));
    expect(summary.progress.byPhase.map((p) => [p.phase.id, { counts: p.counts, averageProgress: p.averageProgress, overdue: p.overdue }])).toEqual(
      (['p1', 'p2'] as const).map((key) => [phaseIds[key], expected(TASKS.filter((x) => x.phase === key))]),
    );
    expect(summary.progress.byOrganization.map((o) => [o.organization?.id ?? null, { counts: o.counts, averageProgress: o.averageProgress, overdue: o.overdue }])).toEqual(
      ([['lead', w.orgs.lead.id], ['other', w.orgs.other.id], [null, null]] as const).map(([side, id]) => [id, expected(TASKS.filter((x) => x.side === side))]),
    );

    const overdue = TASKS.filter((x) => x.status !== 'done' && x.due < TODAY).sort((a, b) => a.due.localeCompare(b.due));
    expect(summary.overdue.total).toBe(overdue.length);
    expect(summary.overdue.byOrganization.map((o) => [o.organization?.code, o.count, o.tasks.map((x) => [x.id, x.daysOverdue])])).toEqual(
      (['lead', 'other'] as const).map((side) => {
        const mine = overdue.filter((x) => x.side === side);
        return [w.orgs[side].code, mine.length, mine.map((x) => [ids.get(x.title), Math.round((Date.parse(TODAY) - Date.parse(x.due)) / 86_400_000)])];
      }),
    );

    expect(summary.upcomingMilestones).toEqual([
      { id: today.id, name: 'Báo cáo giữa kỳ', date: TODAY, phaseId: w.phase.id, daysUntil: 0, signoffOrganizations: [], approval: null },
      {
        id: soon.id,
        name: 'Cơ sở dữ liệu vận hành thử',
        date: '2026-12-10',
        phaseId: p2.id,
        daysUntil: 17,
        signoffOrganizations: [w.orgs.lead, w.orgs.other].sort((a, b) => a.id - b.id).map((o) => ({ id: o.id, code: o.code })),
        approval: { roundId: round.id, state: 'open', requiredCount: 2, approvedCount: 1 },
      },
    ]);

    expect(summary.funding).toMatchObject({
      basis: { estimateId: w.estimate.id, kind: 'baseline' },
      inReview: { estimateId: v2.id, number: 2 },
      estimated: 600_000_000,
      pledged: 1_300_000_000,
      disbursed: 50_000_000,
      gap: 600_000_000 - 1_300_000_000,
    });
    expect(summary.funding.bySource.map((s) => [s.source.code, s.pledged, s.estimated, s.disbursed, s.gap])).toEqual([
      ['NSNN-BCT', 1_000_000_000, 200_000_000, 50_000_000, -800_000_000],
      ['NS-QNAM', 300_000_000, 400_000_000, 0, 100_000_000],
    ]);
    expect(summary.slip).toBeNull();
  });

  it('is empty but well-formed for a project with no plan and no funding', async () => {
    await t.db.deleteFrom('funding_sources').execute();
    await t.db.deleteFrom('funding_estimates').execute();
    const summary = await w.as(w.people.lead.viewer).dashboard.summary({ projectId: w.projectId });
    expect(summary.progress.total).toEqual({ counts: { not_started: 0, in_progress: 0, blocked: 0, done: 0, total: 0 }, averageProgress: 0, overdue: 0 });
    expect(summary.progress.byOrganization.map((o) => o.organization?.id)).toEqual([w.orgs.lead.id, w.orgs.other.id]);
    expect(summary.upcomingMilestones).toEqual([]);
    expect(summary.funding).toEqual({ basis: null, inReview: null, estimated: 0, pledged: 0, disbursed: 0, gap: 0, bySource: [], byCategory: [] });
  });
});
