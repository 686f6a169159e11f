import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { todayInVietnam } from '../../server/plan/checks.ts';
import { addDays, daysBetween } from '../../shared/schedule.ts';
import { browserSuite, describeInBrowser } from '../support/browser.ts';
import { HttpSession, type TestServer } from '../support/server.ts';

const DESKTOP = { width: 1280, height: 900 };
const COORDINATOR = 'coordinator.vioit@lienket.demo';
const THACO_MEMBER = 'member.thaco-ind@lienket.demo';
const SHOTS = '/tmp/lienket-shots/timeline';

/** 'YYYY-MM-DD' → '23/11/2026', as the Vietnamese interface writes it. */
const vi = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

describeInBrowser('the timeline in a browser', () => {
  const suite = browserSuite();
  let server: TestServer;
  let projectId: number;
  beforeAll(() => void ({ server, chuLai: projectId } = suite));

  const problemsOf = (page: Page) => suite.problemsOf(page);

  const personLogsIn = async (email: string) => (await suite.logIn(email, { viewport: DESKTOP })).page;

  /**
   * Tasks the opening view shows (they start soon after today, from `daysBefore` ago), by start date.
   * Today is the app's, in Vietnam: from 17:00 UTC it is already tomorrow there, and the view opens
   * with today a fifth of the way in (about 27 days before it at the month zoom).
   */
  function tasksNearToday(daysBefore: number) {
    const today = todayInVietnam(new Date());
    return server.database.db
      .selectFrom('tasks')
      .select(['id', 'title', 'start_date', 'due_date', 'phase_id', 'lead_organization_id'])
      .where('project_id', '=', projectId)
      .where('start_date', '>=', addDays(today, -daysBefore))
      .where('start_date', '<=', addDays(today, 60))
      .orderBy('start_date')
      .orderBy('id');
  }

  /** One task the opening view shows, with its phase and lead to filter down to it. */
  const taskNearToday = (skip = 0) => tasksNearToday(10).offset(skip).limit(1).executeTakeFirstOrThrow();

  const stored = (id: number) => server.database.db.selectFrom('tasks').select(['start_date', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow();

  async function openTimeline(page: Page, task: { phase_id: number }) {
    await page.goto(`/projects/${projectId}/timeline?phase=${task.phase_id}`);
    await page.getByRole('heading', { level: 1, name: 'Tiến độ' }).waitFor();
  }

  /**
   * Drags a bar (or, with `handle`, its end) by `days` in small steps, as a hand would. `midway`
   * runs half-way through, while the button is still down.
   */
  async function dragBar(page: Page, taskId: number, days: number, options: { handle?: boolean; midway?: () => Promise<void> } = {}) {
    const bar = page.locator(`.gantt-bar[data-task-id="${taskId}"]`);
    await bar.scrollIntoViewIfNeeded();
    const box = (await bar.locator(options.handle ? '.gantt-handle' : '.gantt-bar-track').boundingBox())!;
    const ppd = Number(await page.locator('.gantt').getAttribute('data-px-per-day'));
    const from = { x: options.handle ? box.x + box.width / 2 : box.x + Math.min(20, box.width / 3), y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) {
      await page.mouse.move(from.x + (days * ppd * step) / 10, from.y);
      if (step === 5) await options.midway?.();
    }
    await page.mouse.up();
  }

  /** Two tasks of one phase that the opening view shows, for moving both. */
  async function twoTasksNearToday() {
    const tasks = await tasksNearToday(20).execute();
    const phase = tasks.find((x, i) => tasks.findIndex((y) => y.phase_id === x.phase_id) !== i)!.phase_id;
    const [a, b] = tasks.filter((x) => x.phase_id === phase);
    return [a!, b!] as const;
  }

  it('the coordinator drags a task two weeks later; after a reload the new dates are there', async () => {
    const page = await personLogsIn(COORDINATOR);
    await page.getByRole('link', { name: /Khu kinh tế mở Chu Lai/ }).click();
    await page.getByRole('link', { name: 'Tiến độ' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Tiến độ' }).waitFor();
    await page.locator('.gantt-bar').first().waitFor();
    expect(await page.evaluate(() => performance.getEntriesByName('timeline:render').length)).toBeGreaterThan(0);

    const task = await taskNearToday();
    await openTimeline(page, task);
    const bar = page.locator(`.gantt-bar[data-task-id="${task.id}"]`);
    await dragBar(page, task.id, 14);
    const moved = { start_date: addDays(task.start_date, 14), due_date: addDays(task.due_date, 14) };
    await page.locator('.notice--success, .notice--error').filter({ hasText: task.title }).waitFor();
    await expect.poll(() => stored(task.id)).toEqual(moved);

    await page.reload();
    await bar.waitFor();
    expect(await bar.getAttribute('aria-label')).toContain(vi(moved.due_date));
    // The table view lists the same dates.
    await page.getByRole('button', { name: 'Dạng bảng' }).click();
    const row = page.locator('.timeline-table tr').filter({ has: page.getByRole('link', { name: task.title, exact: true }) });
    expect(await row.innerText()).toContain(vi(moved.start_date));
  });

  it('a member sees the bars but no drag handles', async () => {
    const page = await personLogsIn(THACO_MEMBER);
    const task = await taskNearToday();
    await openTimeline(page, task);
    await page.locator('.gantt-bar').first().waitFor();
    expect(await page.locator('.gantt-handle').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lưu đường cơ sở' }).count()).toBe(0);
  });

  it('after saving a baseline and moving a task with the keyboard, the baseline bar and the slip show', async () => {
    const page = await personLogsIn(COORDINATOR);
    const task = await taskNearToday(1);
    await openTimeline(page, task);
    await page.getByLabel('Tên đường cơ sở mới').fill('Kế hoạch đã duyệt tháng 11');
    await page.getByRole('button', { name: 'Lưu đường cơ sở' }).click();
    await page.getByText('Đã lưu đường cơ sở “Kế hoạch đã duyệt tháng 11”.').waitFor();
    const bar = page.locator(`.gantt-bar[data-task-id="${task.id}"]`);
    await bar.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    // The three presses are saved together once the person pauses.
    await expect.poll(() => stored(task.id), { timeout: 5000 }).toEqual({ start_date: addDays(task.start_date, 3), due_date: addDays(task.due_date, 3) });
    await page.reload();
    await bar.waitFor();
    expect(await page.locator('.gantt-baseline').count()).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-label')).toContain('trễ 3 ngày');
    await page.locator('.gantt-slip--late').filter({ hasText: '+3 ngày' }).first().waitFor();

    // Leadership sees the same slip on the dashboard.
    await page.goto(page.url().replace(/\/timeline.*$/, '/dashboard'));
    await page.getByText(/So với đường cơ sở «Kế hoạch đã duyệt tháng 11» \(.*\): 1\/\d+ nhiệm vụ trễ, trễ nhiều nhất 3 ngày\./).waitFor();
  });
  it('puts the bar back and says why when the task was changed behind the page; a drag in progress is never cut short by the refresh', async () => {
    const page = await personLogsIn(COORDINATOR);
    problemsOf(page).allow(/status of 409/);
    const task = await taskNearToday(2);
    await openTimeline(page, task);
    const bar = page.locator(`.gantt-bar[data-task-id="${task.id}"]`);
    await bar.waitFor();
    const before = await bar.getAttribute('aria-label');
    const other = new HttpSession(server.url);
    await other.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
    const current = await server.database.db.selectFrom('tasks').select(['version', 'title']).where('id', '=', task.id).executeTakeFirstOrThrow();

    await dragBar(page, task.id, 7, {
      midway: async () => {
        // Someone else renames the task while the bar is in the person's hand; the live event arrives mid-drag.
        const renamed = await other.call('tasks.update', { projectId, taskId: task.id, version: current.version, title: `${current.title} (đã sửa)` });
        expect(renamed.status).toBe(200);
        await page.waitForTimeout(600);
        expect(await page.locator('.gantt-bar--dragging').count()).toBe(1);
      },
    });

    const message = page.locator('.notice--error').filter({ hasText: 'người khác vừa sửa' });
    await message.waitFor();
    expect(await message.innerText()).toContain(`“${current.title} (đã sửa)” (nay là ${vi(task.start_date)} – ${vi(task.due_date)})`);
    // Back where it is stored, under its new name; nothing was moved.
    await expect.poll(() => bar.getAttribute('aria-label')).toContain(`${current.title} (đã sửa)`);
    expect(await bar.getAttribute('aria-label')).toContain(vi(task.due_date));
    expect(before).toContain(vi(task.due_date));
    expect(await stored(task.id)).toEqual({ start_date: task.start_date, due_date: task.due_date });
    await page.screenshot({ path: `${SHOTS}/test-conflict.png` });
  });

  it('stretches a bar by its end: the new due date is saved and is there after a reload', async () => {
    const page = await personLogsIn(COORDINATOR);
    const task = await taskNearToday(3);
    await openTimeline(page, task);
    await page.locator(`.gantt-bar[data-task-id="${task.id}"]`).waitFor();
    await dragBar(page, task.id, 5, { handle: true });
    await expect.poll(() => stored(task.id), { timeout: 5000 }).toEqual({ start_date: task.start_date, due_date: addDays(task.due_date, 5) });
    await page.reload();
    const bar = page.locator(`.gantt-bar[data-task-id="${task.id}"]`);
    await bar.waitFor();
    expect(await bar.getAttribute('aria-label')).toContain(`${vi(task.start_date)}`);
    expect(await bar.getAttribute('aria-label')).toContain(`Hạn ${vi(addDays(task.due_date, 5))}`);
  });

  it('saves two bars moved one after the other in one request, and both stay moved', async () => {
    const page = await personLogsIn(COORDINATOR);
    const [a, b] = await twoTasksNearToday();
    await openTimeline(page, a);
    await page.locator(`.gantt-bar[data-task-id="${b.id}"]`).waitFor();
    const saves: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/trpc/') && request.method() === 'POST' && request.url().includes('timeline.reschedule')) saves.push(request.postData() ?? '');
    });
    const saved = page.waitForResponse((response) => response.url().includes('timeline.reschedule'));
    await dragBar(page, a.id, 3);
    await dragBar(page, b.id, -2);
    // A move may also be flagged as breaking a dependency (flagged, not refused): wait for the save itself.
    expect((await saved).status()).toBe(200);
    expect(saves).toHaveLength(1);
    expect(saves[0]!.match(/"taskId"/g)).toHaveLength(2);
    const moved = { a: { start_date: addDays(a.start_date, 3), due_date: addDays(a.due_date, 3) }, b: { start_date: addDays(b.start_date, -2), due_date: addDays(b.due_date, -2) } };
    expect({ a: await stored(a.id), b: await stored(b.id) }).toEqual(moved);
    await page.reload();
    await page.locator(`.gantt-bar[data-task-id="${b.id}"]`).waitFor();
    expect(await page.locator(`.gantt-bar[data-task-id="${a.id}"]`).getAttribute('aria-label')).toContain(vi(moved.a.due_date));
    expect(await page.locator(`.gantt-bar[data-task-id="${b.id}"]`).getAttribute('aria-label')).toContain(vi(moved.b.due_date));
    expect(saves).toHaveLength(1);
  });

  it('keeps the assignee filter in the address, across a reload', async () => {
    const page = await personLogsIn(COORDINATOR);
    const member = await server.database.db.selectFrom('users').select(['id', 'display_name']).where('email', '=', THACO_MEMBER).executeTakeFirstOrThrow();
    const theirs = await server.database.db.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('assignee_user_id', '=', member.id).execute();
    expect(theirs.length).toBeGreaterThan(0);
    await page.goto(`/projects/${projectId}/timeline`);
    await page.locator('.gantt-bar').first().waitFor();
    await page.getByLabel('Người phụ trách').selectOption(String(member.id));
    await page.waitForURL(new RegExp(`assignee=${member.id}`));
    await page.reload();
    await page.locator('.gantt-bar').first().waitFor();
    expect(await page.getByLabel('Người phụ trách').inputValue()).toBe(String(member.id));
    await page.getByText(`${theirs.length} công việc`).waitFor();
    const shown = await page.locator('.gantt-bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-task-id'))));
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(theirs.map((x) => x.id)).toContain(id);
  });

  it('downloads the chart in view as a PNG, and prints it across the page without the app around it', async () => {
    const page = await personLogsIn(COORDINATOR);
    await page.goto(`/projects/${projectId}/timeline?zoom=quarter`);
    await page.locator('.gantt-bar').first().waitFor();
    const svg = await page.locator('.gantt-canvas').evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải ảnh PNG' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^CHULAI-PILOT-tien-do-\d{4}-\d{2}-\d{2}\.png$/);
    const png = readFileSync((await download.path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    // Twice the chart's size, with a caption line of 40 px above it.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([svg.width * 2, (svg.height + 40) * 2]);
    // A drawn chart, not a blank page: a blank image of that size compresses to a few kB.
    expect(png.length).toBeGreaterThan(30_000);

    mkdirSync(SHOTS, { recursive: true });
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.app-header', '.timeline-filters', '.timeline-toolbar', '.calendar-feed']) {
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    const printed = (await page.locator('.gantt-canvas').boundingBox())!;
    expect(printed.width).toBeGreaterThan(svg.width * 0.9);
    await page.screenshot({ path: `${SHOTS}/test-print.png`, fullPage: true });
  });
  it('shows a dependency broken while the bar is still being dragged: ending on the successor’s start day is already a conflict', async () => {
    const page = await personLogsIn(COORDINATOR);
    // By the start of the title: an earlier test renames one of these.
    const byTitle = (title: string) =>
      server.database.db.selectFrom('tasks').select(['id', 'phase_id', 'start_date', 'due_date']).where('project_id', '=', projectId).where('title', 'like', `${title}%`).executeTakeFirstOrThrow();
    const predecessor = await byTitle('Lập danh mục sản phẩm, linh kiện cơ khí cần nội địa hóa');
    const successor = await byTitle('Xây dựng tiêu chí lựa chọn doanh nghiệp tham gia chuỗi sản xuất');
    const gap = daysBetween(predecessor.due_date, successor.start_date);
    expect(gap).toBeGreaterThan(1);
    await openTimeline(page, predecessor);
    const bar = page.locator(`.gantt-bar[data-task-id="${predecessor.id}"]`);
    await bar.scrollIntoViewIfNeeded();
    const handle = (await bar.locator('.gantt-handle').boundingBox())!;
    const ppd = Number(await page.locator('.gantt').getAttribute('data-px-per-day'));
    const from = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    // Due the day before the successor starts: fine.
    for (let step = 1; step <= 5; step++) await page.mouse.move(from.x + ((gap - 1) * ppd * step) / 5, from.y);
    expect(await page.locator('.gantt-bar--conflict').count()).toBe(0);
    // Due on the very day it starts: flagged at once, bar and arrow, before the drop.
    await page.mouse.move(from.x + gap * ppd, from.y);
    await page.locator(`.gantt-bar--conflict[data-task-id="${predecessor.id}"]`).waitFor();
    expect(await page.locator('.gantt-arrow--conflict').count()).toBeGreaterThan(0);
    await page.mouse.up();
    await page.locator('.notice--error').filter({ hasText: 'Lệch lịch' }).waitFor();

    // Saved as dropped, and the server flags it by the same rule.
    await expect.poll(() => stored(predecessor.id), { timeout: 5000 }).toEqual({ start_date: predecessor.start_date, due_date: successor.start_date });
    const office = new HttpSession(server.url);
    await office.login(COORDINATOR, DEMO_PASSWORD);
    const detail = await office.call('tasks.get', { projectId, taskId: successor.id }, { method: 'GET' });
    expect(detail.data.scheduleConflicts).toEqual([expect.objectContaining({ predecessorId: predecessor.id, predecessorDueDate: successor.start_date })]);
  });
});
