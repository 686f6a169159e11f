import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mentionToken } from '../../shared/mentions.ts';
import type { Database } from '../../server/db/schema.ts';
import { scanDueTasks, startDueScan } from '../../server/notifications/due-scan.ts';
import { createLogger } from '../../server/logger.ts';
import { notify } from '../../server/notifications/notify.ts';
import { givenApprovalProject, givenOutlineDraft, type ApprovalProject } from '../support/approval-fixtures.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenMembership, givenUser } from '../support/fixtures.ts';
import { givenPlanWorld, givenTask, refusal, type PlanWorld } from '../support/plan-fixtures.ts';

/** Who got which kind of notification, as [kind, recipient id] pairs in id order. */
async function notified(db: Kysely<Database>) {
  const rows = await db.selectFrom('notifications').select(['kind', 'user_id']).orderBy('id').execute();
  return rows.map((r) => [r.kind, r.user_id] as const);
}

const ids = (...people: { id: number }[]) => people.map((p) => p.id).sort((a, b) => a - b);
const recipientsOf = async (db: Kysely<Database>, kind: string) =>
  (await db.selectFrom('notifications').select('user_id').where('kind', '=', kind as never).execute()).map((r) => r.user_id).sort((a, b) => a - b);

describeEachDialect('notifications of the plan', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
  });
  afterEach(() => t.destroy());

  it('tells the assigned organization’s members and approvers, nobody else, in the same transaction', async () => {
    const task = await givenTask(w, { state: 'unassigned', title: 'Tư vấn bố trí nhà xưởng' });
    // A refused assignment (stale version) leaves no notification behind.
    expect(await refusal(w.coordinator.tasks.assign({ projectId: w.projectId, taskId: task.id, version: task.version + 5, organizationId: w.orgs.lead.id }))).toMatchObject({ code: 'CONFLICT' });
    expect(await notified(t.db)).toEqual([]);

    await w.coordinator.tasks.assign({ projectId: w.projectId, taskId: task.id, version: task.version, organizationId: w.orgs.lead.id });
    expect(await recipientsOf(t.db, 'assigned')).toEqual(ids(w.people.lead.member, w.people.lead.approver));
    const [row] = await t.db.selectFrom('notifications').selectAll().where('user_id', '=', w.people.lead.member.id).execute();
    expect(row).toMatchObject({ project_id: w.projectId, task_id: task.id, actor_user_id: w.people.other.coordinator.id, read_at: null });
    expect(JSON.parse(row!.payload_json)).toEqual({ taskTitle: 'Tư vấn bố trí nhà xưởng', organizationCode: w.orgs.lead.code });
  });

  it('tells the organization when a task is created already assigned to it, and again when its proposed dates are taken', async () => {
    await givenTask(w, { state: 'declined', proposedDueDate: '2027-01-31' });
    // Created with a lead (assigned), then declined (to the coordinator).
    expect(await recipientsOf(t.db, 'assigned')).toEqual(ids(w.people.lead.member, w.people.lead.approver));
    expect(await recipientsOf(t.db, 'assignment_declined')).toEqual(ids(w.people.other.coordinator));
    const declined = await t.db.selectFrom('notifications').select('payload_json').where('kind', '=', 'assignment_declined').executeTakeFirstOrThrow();
    expect(JSON.parse(declined.payload_json)).toMatchObject({ organizationCode: w.orgs.lead.code, detail: 'Không đủ nhân lực trong tháng này' });

    const [task] = (await w.coordinator.tasks.list({ projectId: w.projectId })).items;
    await w.coordinator.tasks.acceptProposedDates({ projectId: w.projectId, taskId: task!.id, version: task!.version });
    expect((await recipientsOf(t.db, 'assigned')).length).toBe(4);
  });

  it('tells the coordinator who assigned the task about a decline, not another coordinator', async () => {
    const second = await givenUser(t.db, { organizationId: w.orgs.other.id });
    await givenMembership(t.db, w.projectId, second.id, 'coordinator');
    const task = await givenTask(w, { state: 'unassigned' });
    const assigned = await w.as(second).tasks.assign({ projectId: w.projectId, taskId: task.id, version: task.version, organizationId: w.orgs.lead.id });
    // A member of another organization may not decline: refused, nobody told.
    expect(await refusal(w.as(w.people.other.member).tasks.decline({ projectId: w.projectId, taskId: task.id, version: assigned.version, reason: 'Không', proposedStartDate: null, proposedDueDate: null }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await recipientsOf(t.db, 'assignment_declined')).toEqual([]);
    await w.as(w.people.lead.approver).tasks.decline({ projectId: w.projectId, taskId: task.id, version: assigned.version, reason: 'Không kịp', proposedStartDate: null, proposedDueDate: null });
    expect(await recipientsOf(t.db, 'assignment_declined')).toEqual(ids(second));
  });

  it('tells mentioned project members, ignoring people outside the project, the author and unknown ids', async () => {
    const task = await givenTask(w);
    const outsider = await givenUser(t.db, { organizationId: w.orgs.outsider.id, name: 'Người ngoài' });
    const author = w.people.lead.viewer;
    const body = [
      `Nhờ ${mentionToken('Trần Văn Bình', w.people.other.member.id)} xem,`,
      `cả ${mentionToken('Người ngoài', outsider.id)}, ${mentionToken('tôi', author.id)}, ${mentionToken('không ai', 999_999)}`,
      `và ${mentionToken('Trần Văn Bình', w.people.other.member.id)} lần nữa.`,
    ].join(' ');
    const comment = await w.as(author).tasks.addComment({ projectId: w.projectId, taskId: task.id, body });
    expect(await recipientsOf(t.db, 'mentioned')).toEqual(ids(w.people.other.member));
    expect(comment.bodyHtml).toContain('<span class="mention">@Trần Văn Bình</span>');
    expect(comment.bodyHtml).not.toContain('user:');
    const row = await t.db.selectFrom('notifications').selectAll().where('kind', '=', 'mentioned').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ task_id: task.id, comment_id: comment.id, actor_user_id: author.id });
    expect(JSON.parse(row.payload_json).excerpt).toMatch(/^Nhờ @Trần Văn Bình xem, cả @Người ngoài/);

    // The name in a mention is text: markup typed into it is shown, never run.
    const hostile = await w.as(author).tasks.addComment({ projectId: w.projectId, taskId: task.id, body: `@[<img src=x onerror=alert(1)>](user:${w.people.other.member.id})` });
    expect(hostile.bodyHtml).toContain('<span class="mention">@&lt;img src=x onerror=alert(1)&gt;</span>');

    // A comment refused (a task of no project of the caller's) mentions nobody.
    const before = (await notified(t.db)).length;
    expect(await refusal(w.as(author).tasks.addComment({ projectId: w.projectId, taskId: 999_999, body }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await notified(t.db)).length).toBe(before);
  });

  it('scans due and overdue tasks once per recipient, task, state and due date', async () => {
    // Today is 2026-11-23 in Vietnam (the test clock).
    const soon = await givenTask(w, { title: 'Sắp đến hạn', startDate: '2026-11-01', dueDate: '2026-11-26' });
    const late = await givenTask(w, { title: 'Quá hạn', state: 'awaiting', startDate: '2026-11-01', dueDate: '2026-11-20' });
    await givenTask(w, { title: 'Còn xa', startDate: '2026-11-01', dueDate: '2026-11-27' });
    await givenTask(w, { title: 'Chưa giao', state: 'unassigned', startDate: '2026-11-01', dueDate: '2026-11-20' });
    const finished = await givenTask(w, { title: 'Xong rồi', startDate: '2026-11-01', dueDate: '2026-11-21' });
    await w.as(w.people.lead.member).tasks.updateWork({ projectId: w.projectId, taskId: finished.id, version: finished.version, status: 'done' });
    await t.db.deleteFrom('notifications').execute();

    const now = w.clock.now();
    expect(await scanDueTasks(t.db, now)).toBe(4);
    const rows = await t.db.selectFrom('notifications').select(['kind', 'task_id', 'user_id', 'actor_user_id', 'payload_json']).orderBy('id').execute();
    expect(rows.map((r) => [r.kind, r.task_id])).toEqual([
      ['due_soon', soon.id],
      ['due_soon', soon.id],
      ['overdue', late.id],
      ['overdue', late.id],
    ]);
    expect([...new Set(rows.map((r) => r.user_id))].sort((a, b) => a - b)).toEqual(ids(w.people.lead.member, w.people.lead.approver));
    expect(rows.every((r) => r.actor_user_id === null)).toBe(true);
    expect(JSON.parse(rows[0]!.payload_json)).toEqual({ taskTitle: 'Sắp đến hạn', organizationCode: w.orgs.lead.code, dueDate: '2026-11-26' });

    // Again the same day: nothing. The next day "Còn xa" is due within 3 days; on the 27th "Sắp đến hạn" is overdue.
    expect(await scanDueTasks(t.db, now)).toBe(0);
    expect(await scanDueTasks(t.db, new Date(now.getTime() + 86_400_000))).toBe(2);
    expect(await scanDueTasks(t.db, new Date('2026-11-27T03:00:00Z'))).toBe(2);
    // Scans running at once still write each notification once ("Còn xa" turns overdue on the 28th).
    const results = await Promise.all([1, 2, 3].map(() => scanDueTasks(t.db, new Date('2026-11-28T03:00:00Z'))));
    expect(results.reduce((a, b) => a + b, 0)).toBe(2);
    expect((await notified(t.db)).length).toBe(10);
  });

  it('runs the scan in a loop on the app’s clock until stopped', async () => {
    await givenTask(w, { title: 'Quá hạn', state: 'awaiting', startDate: '2026-11-01', dueDate: '2026-11-20' });
    await t.db.deleteFrom('notifications').execute();
    const loop = startDueScan({ db: t.db, clock: w.clock, logger: createLogger('silent'), intervalMs: 20 });
    await expect.poll(async () => (await recipientsOf(t.db, 'overdue')).length).toBe(2);
    // Time moves on the app's clock, not the machine's: the next due date in range shows up.
    await givenTask(w, { title: 'Sắp đến hạn', startDate: '2026-11-01', dueDate: '2026-12-01' });
    w.clock.advance(6 * 86_400_000);
    await expect.poll(async () => (await recipientsOf(t.db, 'due_soon')).length).toBe(2);
    await loop.stop();
    await givenTask(w, { title: 'Sau khi dừng', state: 'awaiting', startDate: '2026-11-01', dueDate: '2026-11-21' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await recipientsOf(t.db, 'overdue')).length).toBe(2);
  });

  it('never tells the actor about their own action, and a repeat of a dedupe key is skipped', async () => {
    const at = w.clock.now().toISOString();
    const base = { projectId: w.projectId, kind: 'overdue' as const, actorUserId: w.people.lead.member.id, at };
    const written = await t.db.transaction().execute((tx) =>
      notify(tx, [
        { ...base, userId: w.people.lead.member.id },
        { ...base, userId: w.people.lead.approver.id, dedupeKey: 'k' },
        { ...base, userId: w.people.lead.approver.id, dedupeKey: 'k' },
        { ...base, userId: w.people.lead.viewer.id, dedupeKey: 'k' },
      ]),
    );
    expect(written).toHaveLength(2);
    expect(await notified(t.db)).toEqual([
      ['overdue', w.people.lead.approver.id],
      ['overdue', w.people.lead.viewer.id],
    ]);
  });

  describe('the notification centre', () => {
    it('lists only the caller’s own, newest first, page by page, and marks them read', async () => {
      for (let i = 0; i < 3; i++) await givenTask(w, { state: 'awaiting', title: `Việc ${i}` });
      const member = w.as(w.people.lead.member);
      expect(await member.notifications.unreadCount()).toEqual({ count: 3 });
      const first = await member.notifications.list({ limit: 2 });
      expect(first.items.map((n) => n.payload.taskTitle)).toEqual(['Việc 2', 'Việc 1']);
      expect(first.items[0]).toMatchObject({ kind: 'assigned', projectId: w.projectId, read: false, actor: { displayName: 'coordinator other', organizationCode: w.orgs.other.code } });
      const second = await member.notifications.list({ limit: 2, cursor: first.nextCursor });
      expect(second).toMatchObject({ items: [{ payload: { taskTitle: 'Việc 0' } }], nextCursor: null });

      expect(await member.notifications.markRead({ ids: [first.items[0]!.id] })).toEqual({ unread: 2 });
      expect((await member.notifications.list({ unreadOnly: true })).items.map((n) => n.payload.taskTitle)).toEqual(['Việc 1', 'Việc 0']);

      // The approver has their own three; they can neither read nor mark the member's.
      const approver = w.as(w.people.lead.approver);
      const theirs = (await approver.notifications.list({})).items.map((n) => n.id);
      expect(theirs).toHaveLength(3);
      expect(theirs.some((id) => first.items.some((n) => n.id === id))).toBe(false);
      expect(await refusal(approver.notifications.markRead({ ids: [theirs[0]!, first.items[1]!.id] }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await approver.notifications.unreadCount()).toEqual({ count: 3 });
      expect(await member.notifications.unreadCount()).toEqual({ count: 2 });
      expect(await w.as(w.people.other.viewer).notifications.list({})).toEqual({ items: [], nextCursor: null });

      expect(await approver.notifications.markAllRead()).toEqual({ unread: 0 });
      expect(await approver.notifications.unreadCount()).toEqual({ count: 0 });
      expect(await member.notifications.unreadCount()).toEqual({ count: 2 });
    });

    it('hides the notifications of a project the person has left', async () => {
      await givenTask(w, { state: 'awaiting' });
      const member = w.as(w.people.lead.member);
      expect(await member.notifications.unreadCount()).toEqual({ count: 1 });
      const [mine] = (await member.notifications.list({})).items;
      await t.db.deleteFrom('memberships').where('user_id', '=', w.people.lead.member.id).execute();
      expect(await member.notifications.unreadCount()).toEqual({ count: 0 });
      expect((await member.notifications.list({})).items).toEqual([]);
      expect(await refusal(member.notifications.markRead({ ids: [mine!.id] }))).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('lists the project’s active people for mentions, and nobody’s to a non-member', async () => {
      const gone = await givenUser(t.db, { organizationId: w.orgs.lead.id, active: false });
      await givenMembership(t.db, w.projectId, gone.id, 'member');
      const people = await w.as(w.people.lead.viewer).notifications.mentionCandidates({ projectId: w.projectId });
      expect(people.map((p) => p.id).sort((a, b) => a - b)).toEqual(ids(...Object.values(w.people.lead), ...Object.values(w.people.other)));
      expect(people[0]).toEqual({ id: expect.any(Number), displayName: expect.any(String), organization: { code: expect.any(String), nameVi: expect.any(String), nameEn: expect.any(String) } });
      const outsider = await givenUser(t.db, { organizationId: w.orgs.outsider.id });
      expect(await refusal(w.as(outsider).notifications.mentionCandidates({ projectId: w.projectId }))).toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});

describeEachDialect('notifications of approvals', (dialect) => {
  let t: TestDatabase;
  let p: ApprovalProject;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    p = await givenApprovalProject(t.db);
  });
  afterEach(() => t.destroy());

  const decide = (user: { id: number }, roundId: number, decision: 'approve' | 'request_changes', comment = '') =>
    p.as(user as never).approvals.decide({ projectId: p.projectId, roundId, decision, comment });

  it('asks the approvers of each required organization, and only them', async () => {
    await givenOutlineDraft(p);
    // A member may not propose: refused, nobody asked.
    expect(await refusal(p.as(p.people.memberThaco).outline.propose({ projectId: p.projectId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await notified(t.db)).toEqual([]);
    const { round } = await p.as(p.people.coordinator).outline.propose({ projectId: p.projectId, requiredOrganizationIds: [p.orgs.vioit.id, p.orgs.thaco.id] });
    expect(await recipientsOf(t.db, 'decision_requested')).toEqual(ids(p.people.approverVioit, p.people.approverVioit2, p.people.approverThaco));
    const row = await t.db.selectFrom('notifications').selectAll().where('kind', '=', 'decision_requested').executeTakeFirstOrThrow();
    expect(row.round_id).toBe(round.id);
    expect(JSON.parse(row.payload_json)).toMatchObject({ subjectKind: 'outline_version', subjectId: round.subject.id, subjectLabel: round.subject.label });
  });

  it('tells those who decided when the round closes, except whoever closed it', async () => {
    await givenOutlineDraft(p);
    const { round } = await p.as(p.people.coordinator).outline.propose({ projectId: p.projectId });
    await decide(p.people.approverVioit, round.id, 'approve');
    await decide(p.people.approverQn, round.id, 'approve');
    // A refused decision (a member) closes nothing and tells nobody.
    expect(await refusal(decide(p.people.memberThaco, round.id, 'request_changes', 'Không'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await recipientsOf(t.db, 'round_closed')).toEqual([]);
    await decide(p.people.approverMoit, round.id, 'request_changes', 'Bổ sung lộ trình');
    expect(await recipientsOf(t.db, 'round_closed')).toEqual(ids(p.people.approverVioit, p.people.approverQn));
    const row = await t.db.selectFrom('notifications').select('payload_json').where('kind', '=', 'round_closed').executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload_json)).toMatchObject({ detail: 'changes_requested' });
  });

  it('tells those who decided when a change supersedes the round', async () => {
    const sections = await givenOutlineDraft(p);
    const { round } = await p.as(p.people.coordinator).outline.propose({ projectId: p.projectId });
    await decide(p.people.approverThaco, round.id, 'approve');
    await p.as(p.people.coordinator).outline.updateSection({
      projectId: p.projectId,
      sectionId: sections.objectives.id,
      version: sections.objectives.version,
      title: 'Mục tiêu',
      body: 'Đã sửa.',
      ownerOrganizationId: p.orgs.vioit.id,
    });
    expect(await recipientsOf(t.db, 'round_superseded')).toEqual(ids(p.people.approverThaco));
    expect(await recipientsOf(t.db, 'round_closed')).toEqual([]);
  });
});
