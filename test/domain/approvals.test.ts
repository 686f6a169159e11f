import { afterEach, beforeEach, expect, it } from 'vitest';
import { decideRound } from '../../server/approvals/approvals.ts';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenMembership, givenProject } from '../support/fixtures.ts';
import {
  approvalTableCounts,
  givenApprovalProject,
  givenOutlineDraft,
  roundRows,
  type ApprovalProject,
} from '../support/approval-fixtures.ts';

describeEachDialect('approval engine', (dialect) => {
  let t: TestDatabase;
  let p: ApprovalProject;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    p = await givenApprovalProject(t.db);
  });
  afterEach(() => t.destroy());

  /** Proposes a small outline; the round asks the four parties unless told otherwise. */
  async function proposed(requiredOrganizationIds?: number[]) {
    const sections = await givenOutlineDraft(p);
    const { version, round } = await p.as(p.people.coordinator).outline.propose({ projectId: p.projectId, requiredOrganizationIds });
    return { sections, version, round };
  }

  const decide = (user: ApprovalProject['people'][keyof ApprovalProject['people']], roundId: number, decision: 'approve' | 'request_changes', comment = '') =>
    p.as(user).approvals.decide({ projectId: p.projectId, roundId, decision, comment });

  const auditActions = async () =>
    (await t.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((e) => e.action);

  it('asks every party by default and approves once all have approved, exactly once', async () => {
    const { round } = await proposed();
    expect(round.state).toBe('open');
    expect(round.parties.map((x) => x.organization.code)).toEqual(['VIOIT', 'MOIT', 'QN-DOIT', 'THACO-IND']);
    expect(round.snapshot).toMatchObject({ number: 1, sections: [{ number: '1', title: 'Bối cảnh' }, { number: '2' }, { number: '3' }] });

    await decide(p.people.approverVioit, round.id, 'approve');
    await decide(p.people.approverMoit, round.id, 'approve', 'Thống nhất.');
    const almost = await decide(p.people.approverQn, round.id, 'approve');
    expect(almost.state).toBe('open');
    expect(almost.approvedCount).toBe(3);
    const done = await decide(p.people.approverThaco, round.id, 'approve');
    expect(done.state).toBe('approved');
    expect(done.closedAt).toBe(p.clock.now().toISOString());
    expect(done.parties.every((x) => x.current?.decision === 'approve')).toBe(true);

    // Changing a decision after approval is a late decision: refused, nothing changes.
    const before = await approvalTableCounts(t.db);
    await expect(decide(p.people.approverVioit2, round.id, 'approve')).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { reason: 'round_closed', current: { id: round.id, state: 'approved' } },
    });
    expect(await approvalTableCounts(t.db)).toEqual(before);
    expect((await auditActions()).filter((a) => a === 'approval_round.approved')).toHaveLength(1);
  });

  it('closes as changes requested on any request for changes, which needs a comment', async () => {
    const { round } = await proposed();
    await decide(p.people.approverVioit, round.id, 'approve');
    const closed = await decide(p.people.approverMoit, round.id, 'request_changes', 'Bổ sung **lộ trình** <script>alert(1)</script>');
    expect(closed.state).toBe('changes_requested');
    const moit = closed.parties.find((x) => x.organization.code === 'MOIT')!;
    expect(moit.current).toMatchObject({ decision: 'request_changes', user: { displayName: 'Vũ Thị Lan' } });
    expect(moit.current!.commentHtml).toContain('<strong>lộ trình</strong>');
    expect(moit.current!.commentHtml).not.toContain('<script>');
    await expect(decide(p.people.approverQn, round.id, 'approve')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a request for changes without a comment, in the domain as well as the schema', async () => {
    const { round } = await proposed();
    for (const comment of ['', '   ']) {
      const error = await decide(p.people.approverMoit, round.id, 'request_changes', comment).catch((e) => e);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause.issues[0].path).toEqual(['comment']);
    }
    const direct = await t.db
      .transaction()
      .execute((tx) =>
        decideRound(
          tx,
          { actor: { userId: p.people.approverMoit.id, organizationId: p.orgs.moit.id }, at: p.clock.now().toISOString() },
          { projectId: p.projectId, role: 'approver', organizationId: p.orgs.moit.id },
          { roundId: round.id, decision: 'request_changes', comment: '' },
        ),
      )
      .catch((e) => e);
    expect(direct).toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'comment_required', fieldErrors: { comment: [expect.any(String)] } } });
    expect((await roundRows(t.db))[0]!.state).toBe('open');
  });

  it('supersedes the open round when the subject changes, and refuses later decisions', async () => {
    const { sections, round } = await proposed();
    await decide(p.people.approverVioit, round.id, 'approve');
    const before = (await auditActions()).length;
    await p.as(p.people.coordinator).outline.updateSection({
      projectId: p.projectId,
      sectionId: sections.objectives.id,
      version: sections.objectives.version,
      title: 'Mục tiêu',
      body: 'Hình thành Trung tâm công nghiệp cơ khí.',
      ownerOrganizationId: p.orgs.vioit.id,
    });
    const superseded = await p.as(p.people.viewer).approvals.round({ projectId: p.projectId, roundId: round.id });
    expect(superseded).toMatchObject({ state: 'superseded', closeReason: { code: 'section_edited', detail: '2. Mục tiêu' } });
    // The decision made before the change stays in the history.
    expect(superseded.decisions.map((d) => d.organization.code)).toEqual(['VIOIT']);
    expect((await auditActions()).slice(before)).toEqual(['approval_round.superseded', 'outline_section.updated']);
    await expect(decide(p.people.approverMoit, round.id, 'approve')).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { reason: 'round_closed' },
    });
  });

  it('lets the coordinator withdraw, refuses decisions afterwards, and re-submission opens a new round', async () => {
    const { version, round } = await proposed();
    await expect(p.as(p.people.approverVioit).approvals.withdraw({ projectId: p.projectId, roundId: round.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await decide(p.people.approverQn, round.id, 'approve');
    const withdrawn = await p.as(p.people.coordinator).approvals.withdraw({ projectId: p.projectId, roundId: round.id, reason: 'Chờ ý kiến Bộ' });
    expect(withdrawn).toMatchObject({ state: 'withdrawn', closeReason: { code: 'withdrawn', detail: 'Chờ ý kiến Bộ' } });
    await expect(decide(p.people.approverMoit, round.id, 'approve')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(p.as(p.people.coordinator).approvals.withdraw({ projectId: p.projectId, roundId: round.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { reason: 'round_closed' },
    });

    const again = await p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'outline_version', subjectId: version.id });
    expect(again.id).not.toBe(round.id);
    expect(again.state).toBe('open');
    expect(again.decisions).toEqual([]);
    const subject = await p.as(p.people.viewer).approvals.subject({ projectId: p.projectId, kind: 'outline_version', subjectId: version.id });
    expect(subject.rounds.map((r) => [r.id, r.state])).toEqual([
      [again.id, 'open'],
      [round.id, 'withdrawn'],
    ]);
    expect(subject.rounds[1]!.decisions).toHaveLength(1);
  });

  it('keeps one open round per subject', async () => {
    const { version } = await proposed();
    await expect(
      p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'outline_version', subjectId: version.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT', cause: { reason: 'round_open' } });
  });

  it('records one current decision per organization when two of its approvers decide at once, both in history', async () => {
    const { round } = await proposed();
    await Promise.all([
      decide(p.people.approverVioit, round.id, 'approve', 'Đồng ý (Hùng)'),
      decide(p.people.approverVioit2, round.id, 'approve', 'Đồng ý (Phúc)'),
    ]);
    const view = await p.as(p.people.coordinator).approvals.round({ projectId: p.projectId, roundId: round.id });
    const vioit = view.decisions.filter((d) => d.organization.code === 'VIOIT');
    expect(vioit).toHaveLength(2);
    expect(vioit.filter((d) => d.current)).toHaveLength(1);
    expect(vioit.map((d) => d.seq)).toEqual([1, 2]);
    expect(view.parties.find((x) => x.organization.code === 'VIOIT')!.current!.id).toBe(vioit[1]!.id);
    expect(view.state).toBe('open');
  });

  it('approves exactly once when the last parties decide at the same moment', async () => {
    const { round } = await proposed();
    await decide(p.people.approverVioit, round.id, 'approve');
    await decide(p.people.approverMoit, round.id, 'approve');
    await Promise.all([decide(p.people.approverQn, round.id, 'approve'), decide(p.people.approverThaco, round.id, 'approve')]);
    expect((await roundRows(t.db))[0]!.state).toBe('approved');
    expect((await auditActions()).filter((a) => a === 'approval_round.approved')).toHaveLength(1);
  });

  it('lets an approver change their organization’s decision while the round is open', async () => {
    const { round } = await proposed();
    await decide(p.people.approverVioit, round.id, 'approve');
    const changed = await decide(p.people.approverVioit2, round.id, 'request_changes', 'Cần sửa mục 2');
    expect(changed.state).toBe('changes_requested');
    expect(changed.decisions.map((d) => [d.decision, d.current])).toEqual([
      ['approve', false],
      ['request_changes', true],
    ]);
  });

  it('refuses viewers, members and approvers of an organization that is not asked, changing nothing', async () => {
    const { round } = await proposed([p.orgs.vioit.id, p.orgs.qn.id]);
    expect(round.parties.map((x) => x.organization.code)).toEqual(['VIOIT', 'QN-DOIT']);
    const counts = await approvalTableCounts(t.db);
    const rows = await roundRows(t.db);
    for (const [user, reason] of [
      [p.people.viewer, 'role_not_allowed'],
      [p.people.memberThaco, 'role_not_allowed'],
      [p.people.coordinator, 'role_not_allowed'],
      [p.people.approverMoit, 'organization_not_required'],
      [p.people.approverThaco, 'organization_not_required'],
    ] as const) {
      await expect(decide(user, round.id, 'approve')).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { reason } });
    }
    for (const user of [p.people.viewer, p.people.memberThaco, p.people.approverMoit]) {
      await expect(
        p.as(user).approvals.submit({ projectId: p.projectId, kind: 'outline_version', subjectId: round.subject.id }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(p.as(user).approvals.withdraw({ projectId: p.projectId, roundId: round.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await approvalTableCounts(t.db)).toEqual(counts);
    expect(await roundRows(t.db)).toEqual(rows);
  });

  it('requires the organizations asked to be parties of the project', async () => {
    await givenOutlineDraft(p);
    const coordinator = p.as(p.people.coordinator);
    const counts = await approvalTableCounts(t.db);
    const error = await coordinator.outline
      .propose({ projectId: p.projectId, requiredOrganizationIds: [p.orgs.vioit.id, p.outsider.id] })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'not_a_party', fieldErrors: { requiredOrganizationIds: [expect.any(String)] } } });
    await expect(coordinator.outline.propose({ projectId: p.projectId, requiredOrganizationIds: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    // Refused as a whole: no version was frozen either.
    expect(await approvalTableCounts(t.db)).toEqual(counts);
  });

  it('refuses rounds of another project and kinds that are not built yet', async () => {
    const { round } = await proposed();
    const other = await givenProject(t.db, { partyOrganizationIds: [p.orgs.vioit.id] });
    await givenMembership(t.db, other.id, p.people.approverVioit.id, 'approver');
    await givenMembership(t.db, other.id, p.people.coordinator.id, 'coordinator');
    await expect(
      p.as(p.people.approverVioit).approvals.decide({ projectId: other.id, roundId: round.id, decision: 'approve', comment: '' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(p.as(p.people.approverVioit).approvals.round({ projectId: other.id, roundId: round.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      p.as(p.people.coordinator).approvals.submit({ projectId: other.id, kind: 'outline_version', subjectId: round.subject.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'funding_estimate', subjectId: 999_999 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      p.as(p.people.coordinator).approvals.submit({ projectId: p.projectId, kind: 'nonsense' as never, subjectId: 1 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(decide(p.people.approverVioit, 2 ** 40, 'approve')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('fills the inbox: waiting for my organization (with count), submitted by us, recently decided', async () => {
    const { round } = await proposed();
    const qn = p.as(p.people.approverQn);
    let inbox = await qn.approvals.inbox({ projectId: p.projectId });
    expect(inbox.waitingCount).toBe(1);
    expect(inbox.waiting.map((r) => [r.id, r.myOrganization.canDecide])).toEqual([[round.id, true]]);
    expect(await p.as(p.people.viewer).approvals.waitingCount({ projectId: p.projectId })).toEqual({ count: 1 });
    expect((await p.as(p.people.viewer).approvals.inbox({ projectId: p.projectId })).waiting[0]!.myOrganization.canDecide).toBe(false);

    await decide(p.people.approverQn, round.id, 'approve');
    inbox = await qn.approvals.inbox({ projectId: p.projectId });
    expect(inbox.waitingCount).toBe(0);
    expect(inbox.waiting).toEqual([]);
    expect(inbox.submittedByUs).toEqual([]);

    const coordinatorInbox = await p.as(p.people.coordinator).approvals.inbox({ projectId: p.projectId });
    expect(coordinatorInbox.submittedByUs.map((r) => r.id)).toEqual([round.id]);
    expect(coordinatorInbox.submittedByUs[0]!.snapshot).toBeUndefined();

    for (const user of [p.people.approverVioit, p.people.approverMoit, p.people.approverThaco]) await decide(user, round.id, 'approve');
    inbox = await qn.approvals.inbox({ projectId: p.projectId });
    expect(inbox.recentlyDecided.map((r) => [r.id, r.state])).toEqual([[round.id, 'approved']]);
  });

  it('writes an audit event for every round and decision, and the chain verifies', async () => {
    const { round } = await proposed();
    await decide(p.people.approverVioit, round.id, 'approve');
    await decide(p.people.approverMoit, round.id, 'request_changes', 'Chưa đủ');
    expect(await auditActions()).toEqual([
      'outline_section.created',
      'outline_section.created',
      'outline_section.created',
      'outline_version.created',
      'approval_round.submitted',
      'approval_decision.recorded',
      'approval_decision.recorded',
      'approval_round.changes_requested',
    ]);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, events: 8 });
  });
});
