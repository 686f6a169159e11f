import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { findPath } from '../../server/tasks/dependencies.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenPlanWorld, givenTask, planTableCounts, refusal, type PlanWorld } from '../support/plan-fixtures.ts';

it('finds the shortest path that a new dependency would close into a cycle', () => {
  const edges = [
    { predecessor_id: 1, successor_id: 2 },
    { predecessor_id: 2, successor_id: 3 },
    { predecessor_id: 3, successor_id: 4 },
    { predecessor_id: 2, successor_id: 4 },
  ];
  expect(findPath(edges, 1, 4)).toEqual([1, 2, 4]);
  expect(findPath(edges, 4, 1)).toBeNull();
  expect(findPath(edges, 3, 3)).toEqual([3]);
});

describeEachDialect('task dependencies, comments and audit', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
  });
  afterEach(() => t.destroy());

  const add = (predecessorId: number, successorId: number) => w.coordinator.tasks.addDependency({ projectId: w.projectId, predecessorId, successorId });

  it('refuses a dependency that would close a cycle, naming the cycle, and changes nothing', async () => {
    const a = await givenTask(w, { state: 'unassigned', title: 'Khảo sát' });
    const b = await givenTask(w, { state: 'unassigned', title: 'Phân tích' });
    const c = await givenTask(w, { state: 'unassigned', title: 'Đề xuất' });
    await add(a.id, b.id);
    await add(b.id, c.id);
    const before = await planTableCounts(t.db);

    const r = await refusal(add(c.id, a.id));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', reason: 'dependency_cycle' });
    expect(r.message).toBe(`This dependency would close a cycle: #${c.id} Đề xuất → #${a.id} Khảo sát → #${b.id} Phân tích → #${c.id} Đề xuất`);
    expect(r.fieldErrors?.cycle).toEqual([c.id, a.id, b.id, c.id].map(String));
    expect(await refusal(add(b.id, a.id))).toMatchObject({ reason: 'dependency_cycle' });
    expect(await refusal(add(a.id, a.id))).toMatchObject({ reason: 'dependency_cycle' });
    expect(await refusal(add(a.id, b.id))).toMatchObject({ code: 'BAD_REQUEST', reason: 'dependency_exists' });
    expect(await planTableCounts(t.db)).toEqual(before);

    // A shortcut that closes no cycle is fine.
    await expect(add(a.id, c.id)).resolves.toMatchObject({ predecessorId: a.id, successorId: c.id });
  });

  it('lets only one of two opposite dependencies added at once through', async () => {
    const a = await givenTask(w, { state: 'unassigned' });
    const b = await givenTask(w, { state: 'unassigned' });
    const results = await Promise.allSettled([add(a.id, b.id), add(b.id, a.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await t.db.selectFrom('task_dependencies').selectAll().execute()).toHaveLength(1);
  });

  it('removes a dependency, and answers NOT_FOUND for one that does not exist', async () => {
    const a = await givenTask(w, { state: 'unassigned' });
    const b = await givenTask(w, { state: 'unassigned' });
    await add(a.id, b.id);
    await w.coordinator.tasks.removeDependency({ projectId: w.projectId, predecessorId: a.id, successorId: b.id });
    expect(await refusal(w.coordinator.tasks.removeDependency({ projectId: w.projectId, predecessorId: a.id, successorId: b.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refusal(add(a.id, 2_000_000))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('flags a successor that starts on or before its predecessor’s due date, and moves nothing', async () => {
    const a = await givenTask(w, { startDate: '2026-12-01', dueDate: '2026-12-20' });
    const b = await givenTask(w, { startDate: '2026-12-10', dueDate: '2026-12-31' });
    const c = await givenTask(w, { startDate: '2026-12-20', dueDate: '2026-12-31' });
    const d = await givenTask(w, { startDate: '2026-12-21', dueDate: '2026-12-31' });
    expect(await add(a.id, b.id)).toMatchObject({ conflict: true });
    // Due dates are inclusive: starting on the predecessor's due date is a conflict, the day after is not.
    expect(await add(a.id, c.id)).toMatchObject({ conflict: true });
    expect(await add(a.id, d.id)).toMatchObject({ conflict: false });
    const tasks = await t.db.selectFrom('tasks').select(['id', 'start_date', 'due_date']).orderBy('id').execute();
    expect(tasks.map((x) => x.start_date)).toEqual(['2026-12-01', '2026-12-10', '2026-12-20', '2026-12-21']);

    // Every view of the plan says the same: the plan, the list, the task page.
    const plan = await w.coordinator.plan.get({ projectId: w.projectId });
    expect(plan.dependencies.map((x) => [x.successorId, x.conflict])).toEqual([
      [b.id, true],
      [c.id, true],
      [d.id, false],
    ]);
    const list = await w.coordinator.tasks.list({ projectId: w.projectId });
    expect(list.items.filter((x) => x.hasScheduleConflict).map((x) => x.id).sort((x, y) => x - y)).toEqual([b.id, c.id]);
    const onDueDate = await w.coordinator.tasks.get({ projectId: w.projectId, taskId: c.id });
    expect(onDueDate.scheduleConflicts).toEqual([{ predecessorId: a.id, predecessorTitle: a.title, predecessorDueDate: '2026-12-20' }]);
    expect((await w.coordinator.tasks.get({ projectId: w.projectId, taskId: a.id })).successors.map((x) => [x.id, x.conflict])).toEqual([
      [b.id, true],
      [c.id, true],
      [d.id, false],
    ]);
  });

  it('renders comments as safe Markdown with the author’s name and organization', async () => {
    const task = await givenTask(w);
    const viewer = w.as(w.people.lead.viewer);
    const comment = await viewer.tasks.addComment({
      projectId: w.projectId,
      taskId: task.id,
      body: '**Đã gửi** phiếu khảo sát <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[bấm](javascript:alert(3)) [tài liệu](https://moit.gov.vn)',
    });
    expect(comment.bodyHtml).toContain('<strong>Đã gửi</strong>');
    expect(comment.bodyHtml).not.toMatch(/<script|<img|href="javascript:/i);
    // The script link is left as inert text, not a link.
    expect(comment.bodyHtml).toContain('[bấm](javascript:alert(3))');
    expect(comment.bodyHtml).toContain('&lt;script&gt;');
    expect(comment.bodyHtml).toContain('<a href="https://moit.gov.vn">tài liệu</a>');
    expect(comment).toMatchObject({ author: { id: w.people.lead.viewer.id, displayName: 'viewer lead' }, organization: { id: w.orgs.lead.id, code: w.orgs.lead.code } });

    await w.coordinator.tasks.addComment({ projectId: w.projectId, taskId: task.id, body: 'Cảm ơn' });
    const detail = await w.coordinator.tasks.get({ projectId: w.projectId, taskId: task.id });
    expect(detail.comments.map((c) => [c.author.displayName, c.organization.id, c.bodyHtml.trim()])).toEqual([
      ['viewer lead', w.orgs.lead.id, comment.bodyHtml.trim()],
      ['coordinator other', w.orgs.other.id, '<p>Cảm ơn</p>'],
    ]);
    expect(await refusal(viewer.tasks.addComment({ projectId: w.projectId, taskId: task.id, body: '  ' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('writes one audit event per mutation, in its transaction, and the chain still verifies', async () => {
    const events = async () => (await t.db.selectFrom('audit_events').select(['action', 'project_id']).orderBy('seq').execute());
    const start = (await events()).length;
    const c = w.coordinator;
    const member = w.as(w.people.lead.member);
    const ms = await c.plan.createMilestone({ projectId: w.projectId, phaseId: w.phase.id, name: 'Mốc', date: '2027-01-10' });
    const a = await c.tasks.create({ projectId: w.projectId, title: 'A', phaseId: w.phase.id, milestoneId: ms.id, startDate: '2026-12-01', dueDate: '2026-12-10', leadOrganizationId: w.orgs.lead.id });
    const b = await c.tasks.create({ projectId: w.projectId, title: 'B', phaseId: w.phase.id, startDate: '2026-12-11', dueDate: '2026-12-20' });
    await c.tasks.addDependency({ projectId: w.projectId, predecessorId: a.id, successorId: b.id });
    const declined = await member.tasks.decline({ projectId: w.projectId, taskId: a.id, version: a.version, reason: 'Lùi', proposedDueDate: '2026-12-11' });
    const reopened = await c.tasks.acceptProposedDates({ projectId: w.projectId, taskId: a.id, version: declined.version });
    const accepted = await member.tasks.accept({ projectId: w.projectId, taskId: a.id, version: reopened.version });
    await member.tasks.updateWork({ projectId: w.projectId, taskId: a.id, version: accepted.version, progress: 50 });
    await member.tasks.addComment({ projectId: w.projectId, taskId: a.id, body: 'Một nửa' });
    await c.tasks.removeDependency({ projectId: w.projectId, predecessorId: a.id, successorId: b.id });
    await c.tasks.delete({ projectId: w.projectId, taskId: b.id, version: b.version });
    await c.plan.updateMilestone({ projectId: w.projectId, milestoneId: ms.id, version: ms.version, name: 'Mốc 1' });
    // Refusals write nothing.
    await refusal(member.tasks.accept({ projectId: w.projectId, taskId: a.id, version: 1 }));

    const log = (await events()).slice(start);
    expect(log.map((e) => e.action)).toEqual([
      'milestone.created',
      'task.created',
      'task.created',
      'dependency.added',
      'task.declined',
      'task.dates_accepted',
      'task.accepted',
      'task.work_updated',
      'comment.added',
      'dependency.removed',
      'task.deleted',
      'milestone.updated',
    ]);
    expect(log.every((e) => e.project_id === w.projectId)).toBe(true);
    const declineEvent = await t.db.selectFrom('audit_events').selectAll().where('action', '=', 'task.declined').executeTakeFirstOrThrow();
    expect(JSON.parse(declineEvent.after_json!)).toMatchObject({ assignmentState: 'declined', reason: 'Lùi', proposedDueDate: '2026-12-11' });
    expect(JSON.parse(declineEvent.before_json!)).toMatchObject({ assignmentState: 'awaiting' });
    expect(declineEvent).toMatchObject({ actor_user_id: w.people.lead.member.id, actor_organization_id: w.orgs.lead.id });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
