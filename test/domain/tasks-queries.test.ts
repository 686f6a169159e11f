import { afterEach, beforeEach, expect, it } from 'vitest';
import { todayInVietnam } from '../../server/plan/checks.ts';
import { toSearchText } from '../../server/tasks/search-text.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, testClock } from '../support/fixtures.ts';
import { givenPlanWorld, givenTask, refusal, type PlanWorld } from '../support/plan-fixtures.ts';

it('normalizes text for search: no diacritics, no case, đ as d', () => {
  expect(toSearchText('Cơ khí ĐƯỜNG  Điện tử')).toBe('co khi duong dien tu');
  expect(toSearchText('Cơ khí'.normalize('NFD'))).toBe('co khi');
  expect(toSearchText('Hỗ trợ, nội địa hóa')).toBe('ho tro, noi dia hoa');
});

it('takes today from Vietnam’s calendar, not UTC', () => {
  expect(todayInVietnam(new Date('2026-11-22T16:59:00Z'))).toBe('2026-11-22');
  expect(todayInVietnam(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  // The fixed UTC+7 agrees with the time-zone database across years, hour by hour.
  const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2030, 0, 1); t += 59 * 60 * 1000) {
    expect(todayInVietnam(new Date(t))).toBe(zone.format(t));
  }
});

describeEachDialect('task queries', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
  });
  afterEach(() => t.destroy());

  const list = (filter: Omit<Parameters<PlanWorld['coordinator']['tasks']['list']>[0], 'projectId'> = {}) =>
    w.coordinator.tasks.list({ projectId: w.projectId, ...filter });
  const titles = async (filter: Parameters<typeof list>[0]) => (await list(filter)).items.map((i) => i.title).sort();

  it('finds tasks whatever the diacritics and case, word by word', async () => {
    await givenTask(w, { title: 'Cơ khí chính xác cho linh kiện ô tô' });
    await givenTask(w, { title: 'Đường dây sản xuất phụ tùng' });
    await givenTask(w, { title: 'Khảo sát doanh nghiệp điện tử' });
    await givenTask(w, { title: 'Giảm 50% thuế_nhập khẩu' });
    await givenTask(w, { title: 'Ưu đãi thuế nhập khẩu' });
    expect(await titles({ q: 'co khi' })).toEqual(['Cơ khí chính xác cho linh kiện ô tô']);
    expect(await titles({ q: 'CƠ KHÍ' })).toEqual(['Cơ khí chính xác cho linh kiện ô tô']);
    expect(await titles({ q: 'Cơ khí'.normalize('NFD') })).toEqual(['Cơ khí chính xác cho linh kiện ô tô']);
    expect(await titles({ q: 'duong' })).toEqual(['Đường dây sản xuất phụ tùng']);
    expect(await titles({ q: 'Đường' })).toEqual(['Đường dây sản xuất phụ tùng']);
    expect(await titles({ q: 'o to linh kien' })).toEqual(['Cơ khí chính xác cho linh kiện ô tô']);
    expect(await titles({ q: 'co khi duong' })).toEqual([]);
    // LIKE wildcards typed by people are plain characters.
    expect(await titles({ q: '%' })).toEqual(['Giảm 50% thuế_nhập khẩu']);
    expect(await titles({ q: 'thue_nhap' })).toEqual(['Giảm 50% thuế_nhập khẩu']);
    expect(await titles({ q: 'thue nhap' })).toEqual(['Giảm 50% thuế_nhập khẩu', 'Ưu đãi thuế nhập khẩu']);
    expect((await list({ q: '   ' })).items).toHaveLength(5);
  });

  it('filters by organization, phase, milestone, status, assignee, assignment state, overdue and due window', async () => {
    const c = w.coordinator;
    const p2 = await c.plan.createPhase({ projectId: w.projectId, name: 'Giai đoạn 2', startDate: '2027-01-01', endDate: '2027-06-30' });
    const ms = await c.plan.createMilestone({ projectId: w.projectId, phaseId: w.phase.id, name: 'Mốc', date: '2026-12-31' });
    const late = await givenTask(w, { title: 'Trễ hạn', startDate: '2026-11-01', dueDate: '2026-11-20', milestoneId: ms.id });
    const doneLate = await givenTask(w, { title: 'Xong', startDate: '2026-11-01', dueDate: '2026-11-10' });
    await w.as(w.people.lead.member).tasks.updateWork({ projectId: w.projectId, taskId: doneLate.id, version: doneLate.version, status: 'done' });
    const dueToday = await givenTask(w, { title: 'Hạn hôm nay', startDate: '2026-11-01', dueDate: '2026-11-23' });
    const other = await givenTask(w, { title: 'Bên kia', side: 'other', state: 'awaiting', dueDate: '2027-01-15' });
    const moved = await givenTask(w, { title: 'Giai đoạn sau', state: 'unassigned' });
    await c.tasks.update({ projectId: w.projectId, taskId: moved.id, version: moved.version, phaseId: p2.id });
    const assigned = await w.as(w.people.lead.member).tasks.updateWork({
      projectId: w.projectId,
      taskId: dueToday.id,
      version: dueToday.version,
      assigneeId: w.people.lead.approver.id,
      status: 'blocked',
    });

    expect(await titles({ organizationId: w.orgs.lead.id })).toEqual(['Hạn hôm nay', 'Trễ hạn', 'Xong']);
    expect(await titles({ organizationId: w.orgs.other.id })).toEqual(['Bên kia']);
    expect(await titles({ phaseId: p2.id })).toEqual(['Giai đoạn sau']);
    expect(await titles({ milestoneId: ms.id })).toEqual(['Trễ hạn']);
    expect(await titles({ status: ['done', 'blocked'] })).toEqual(['Hạn hôm nay', 'Xong']);
    expect(await titles({ assigneeId: w.people.lead.approver.id })).toEqual(['Hạn hôm nay']);
    expect(await titles({ assignmentState: ['awaiting', 'unassigned'] })).toEqual(['Bên kia', 'Giai đoạn sau']);
    // Today is 2026-11-23 in Vietnam: due before today and not done.
    expect(await titles({ overdue: true })).toEqual(['Trễ hạn']);
    expect(await titles({ overdue: false })).toEqual(['Bên kia', 'Giai đoạn sau', 'Hạn hôm nay', 'Xong']);
    expect(await titles({ dueFrom: '2026-11-20', dueTo: '2026-11-30' })).toEqual(['Hạn hôm nay', 'Trễ hạn']);
    const lateRow = (await list({ overdue: true })).items[0]!;
    expect(lateRow).toMatchObject({ id: late.id, overdue: true, leadOrganization: { id: w.orgs.lead.id, code: w.orgs.lead.code } });
    expect((await list({ assigneeId: assigned.assigneeId! })).items[0]).toMatchObject({ assignee: { id: w.people.lead.approver.id, displayName: 'approver lead' } });
    expect(other.assignmentState).toBe('awaiting');
  });

  it('pages by (due date, id) with a cursor, and counts per status for the filter without its status part', async () => {
    const dues = ['2026-12-05', '2026-12-01', '2026-12-05', '2026-12-03', '2026-12-05', '2026-12-02', '2026-12-04'];
    const created = [];
    for (const [i, due] of dues.entries()) created.push(await givenTask(w, { title: `Việc ${i}`, startDate: '2026-11-25', dueDate: due }));
    const member = w.as(w.people.lead.member);
    await member.tasks.updateWork({ projectId: w.projectId, taskId: created[0]!.id, version: created[0]!.version, status: 'in_progress' });
    await member.tasks.updateWork({ projectId: w.projectId, taskId: created[1]!.id, version: created[1]!.version, status: 'done' });

    const expected = created
      .map((c) => ({ id: c.id, due: c.dueDate }))
      .sort((a, b) => (a.due === b.due ? a.id - b.id : a.due < b.due ? -1 : 1))
      .map((c) => c.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      expect(page.counts).toEqual({ not_started: 5, in_progress: 1, blocked: 0, done: 1, total: 7 });
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);

    const notStarted = await list({ status: ['not_started'], limit: 200 });
    expect(notStarted.items).toHaveLength(5);
    expect(notStarted.nextCursor).toBeNull();
    expect(notStarted.counts).toMatchObject({ not_started: 5, in_progress: 1, done: 1 });
  });

  it('refuses malformed list input with BAD_REQUEST, never a 500', async () => {
    for (const bad of [
      { cursor: 'garbage' },
      { cursor: '2026-12-01:99999999999' },
      { limit: 201 },
      { limit: 0 },
      { dueFrom: '2026-13-01' },
      { dueFrom: '2027-01-01', dueTo: '2026-01-01' },
      { status: ['finished'] },
      { q: 'x'.repeat(1000) },
      { organizationId: -1 },
    ]) {
      expect(await refusal(list(bad as never)), JSON.stringify(bad)).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await refusal(w.coordinator.tasks.get({ projectId: w.projectId, taskId: 2_147_483_647 }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('puts awaiting assignments on top of My work, flags overdue work, and shows only my organization’s', async () => {
    const late = await givenTask(w, { title: 'Trễ', startDate: '2026-11-01', dueDate: '2026-11-20' });
    const later = await givenTask(w, { title: 'Sau', startDate: '2026-12-01', dueDate: '2027-01-20' });
    const ask = await givenTask(w, { title: 'Chờ trả lời', state: 'awaiting' });
    const done = await givenTask(w, { title: 'Đã xong' });
    await w.as(w.people.lead.member).tasks.updateWork({ projectId: w.projectId, taskId: done.id, version: done.version, status: 'done' });
    await givenTask(w, { title: 'Của bên kia', side: 'other', state: 'awaiting' });

    const mine = await w.as(w.people.lead.viewer).tasks.myWork({ projectId: w.projectId });
    expect(mine.organizationId).toBe(w.orgs.lead.id);
    expect(mine.awaiting.map((x) => x.id)).toEqual([ask.id]);
    expect(mine.tasks.map((x) => [x.id, x.overdue])).toEqual([
      [late.id, true],
      [later.id, false],
    ]);
    expect(mine.overdueCount).toBe(1);
    expect(mine.declined).toEqual([]);
    const theirs = await w.as(w.people.other.member).tasks.myWork({ projectId: w.projectId });
    expect(theirs.awaiting.map((x) => x.title)).toEqual(['Của bên kia']);
  });

  it('measures overdue against the date in Vietnam', async () => {
    const task = await givenTask(w, { startDate: '2026-11-01', dueDate: '2026-11-22' });
    // 17:30 UTC on the 22nd is already the 23rd in Hanoi.
    const evening = callerFor(t.db, w.people.lead.member, { clock: testClock(new Date('2026-11-22T17:30:00Z')) });
    expect(await evening.tasks.get({ projectId: w.projectId, taskId: task.id })).toMatchObject({ today: '2026-11-23', overdue: true });
    const morning = callerFor(t.db, w.people.lead.member, { clock: testClock(new Date('2026-11-22T16:30:00Z')) });
    expect(await morning.tasks.get({ projectId: w.projectId, taskId: task.id })).toMatchObject({ today: '2026-11-22', overdue: false });
  });

  it('shows a task with both directions of dependencies, its schedule conflicts, its people and organizations', async () => {
    const c = w.coordinator;
    const design = await givenTask(w, { title: 'Thiết kế', startDate: '2026-11-01', dueDate: '2026-12-10' });
    const build = await givenTask(w, { title: 'Xây dựng', startDate: '2026-12-01', dueDate: '2027-01-31', side: 'other' });
    const launch = await givenTask(w, { title: 'Vận hành', state: 'unassigned', startDate: '2027-02-01', dueDate: '2027-02-28' });
    await c.tasks.update({ projectId: w.projectId, taskId: build.id, version: build.version, supportingOrganizationIds: [w.orgs.lead.id] });
    await c.tasks.addDependency({ projectId: w.projectId, predecessorId: design.id, successorId: build.id });
    await c.tasks.addDependency({ projectId: w.projectId, predecessorId: build.id, successorId: launch.id });

    const detail = await w.as(w.people.lead.viewer).tasks.get({ projectId: w.projectId, taskId: build.id });
    expect(detail).toMatchObject({
      title: 'Xây dựng',
      phase: { id: w.phase.id, name: 'Giai đoạn 1' },
      leadOrganization: { id: w.orgs.other.id, code: w.orgs.other.code },
      supportingOrganizations: [{ id: w.orgs.lead.id, code: w.orgs.lead.code }],
      predecessors: [{ id: design.id, title: 'Thiết kế', conflict: true }],
      successors: [{ id: launch.id, title: 'Vận hành', conflict: false }],
      scheduleConflicts: [{ predecessorId: design.id, predecessorTitle: 'Thiết kế', predecessorDueDate: '2026-12-10' }],
    });
    // Flagged, never moved.
    expect(detail.startDate).toBe('2026-12-01');
    const row = (await list({ q: 'xay dung' })).items[0]!;
    expect(row.hasScheduleConflict).toBe(true);
    expect((await list({ q: 'van hanh' })).items[0]!.hasScheduleConflict).toBe(false);
  });
});
