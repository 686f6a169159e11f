import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenApprovalProject, roundRows, type ApprovalProject } from '../support/approval-fixtures.ts';

describeEachDialect('milestone sign-off through the approval engine', (dialect) => {
  let t: TestDatabase;
  let p: ApprovalProject;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    p = await givenApprovalProject(t.db);
  });
  afterEach(() => t.destroy());

  async function givenMilestoneWithTask() {
    const coordinator = p.as(p.people.coordinator);
    const phase = await coordinator.plan.createPhase({ projectId: p.projectId, name: 'Khảo sát', startDate: '2026-11-01', endDate: '2027-01-31' });
    const milestone = await coordinator.plan.createMilestone({
      projectId: p.projectId,
      phaseId: phase.id,
      name: 'Báo cáo khảo sát nhu cầu doanh nghiệp',
      date: '2026-12-20',
      deliverables: 'Báo cáo tổng hợp',
      signoffOrganizationIds: [p.orgs.qn.id, p.orgs.thaco.id],
    });
    const task = await coordinator.tasks.create({
      projectId: p.projectId,
      phaseId: phase.id,
      milestoneId: milestone.id,
      title: 'Khảo sát 50 doanh nghiệp cơ khí',
      startDate: '2026-11-10',
      dueDate: '2026-12-10',
    });
    return { milestone, task };
  }

  it('snapshots deliverables and task states, requires the sign-off organizations, and warns of unfinished tasks', async () => {
    const { milestone, task } = await givenMilestoneWithTask();
    const round = await p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'milestone', subjectId: milestone.id, message: '' });
    expect(round.parties.map((party) => party.organization.code).sort()).toEqual(['QN-DOIT', 'THACO-IND']);
    expect(round.warnings).toEqual([{ code: 'tasks_not_done', params: { count: 1 } }]);
    const full = await p.as(p.people.approverQn).approvals.round({ projectId: p.projectId, roundId: round.id });
    expect(full.snapshot).toMatchObject({ deliverables: 'Báo cáo tổng hợp', tasks: [{ id: task.id, status: 'not_started' }] });

    await p.as(p.people.approverQn).approvals.decide({ projectId: p.projectId, roundId: round.id, decision: 'approve', comment: '' });
    const decided = await p.as(p.people.approverThaco).approvals.decide({ projectId: p.projectId, roundId: round.id, decision: 'approve', comment: 'Đồng ý' });
    expect(decided.state).toBe('approved');
    // VIOIT is a party but not a sign-off organization of this milestone.
    await expect(
      p.as(p.people.approverVioit).approvals.decide({ projectId: p.projectId, roundId: round.id, decision: 'approve', comment: '' }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|CONFLICT/) });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an edit of the milestone after submission supersedes the open round, and a late decision gets CONFLICT', async () => {
    const { milestone } = await givenMilestoneWithTask();
    const round = await p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'milestone', subjectId: milestone.id, message: '' });
    await p.as(p.people.coordinator).plan.updateMilestone({ projectId: p.projectId, milestoneId: milestone.id, version: milestone.version, deliverables: 'Báo cáo tổng hợp và phụ lục' });
    const [row] = await roundRows(t.db);
    expect(row).toMatchObject({ state: 'superseded', close_reason: 'milestone_edited' });
    await expect(
      p.as(p.people.approverQn).approvals.decide({ projectId: p.projectId, roundId: round.id, decision: 'approve', comment: '' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const again = await p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'milestone', subjectId: milestone.id, message: '' });
    expect(again.state).toBe('open');
    expect(again.subject.revision).toBe(milestone.version + 1);
  });

  it('refuses an unknown milestone as not found', async () => {
    await expect(
      p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'milestone', subjectId: 999_999, message: '' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describeEachDialect('demo milestone sign-offs', (dialect) => {
  it('has one milestone signed off and one waiting only for THACO-IND', async () => {
    const { seedDemo } = await import('../../server/demo/seed.ts');
    const t = await createTestDatabase(dialect);
    try {
      await seedDemo(t.db, new Date('2026-11-23T03:00:00Z'));
      const rounds = await t.db.selectFrom('approval_rounds').select(['id', 'state']).where('subject_kind', '=', 'milestone').orderBy('id').execute();
      expect(rounds.map((r) => r.state)).toEqual(['approved', 'open']);
      const waiting = await t.db
        .selectFrom('approval_round_organizations as r')
        .innerJoin('organizations as o', 'o.id', 'r.organization_id')
        .leftJoin('approval_decisions as d', (join) => join.onRef('d.round_id', '=', 'r.round_id').onRef('d.organization_id', '=', 'r.organization_id'))
        .select('o.code')
        .where('r.round_id', '=', rounds[1]!.id)
        .where('d.id', 'is', null)
        .execute();
      expect(waiting.map((w) => w.code)).toEqual(['THACO-IND']);
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    } finally {
      await t.destroy();
    }
  });
});
