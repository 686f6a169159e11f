import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { addDays } from '../../shared/schedule.ts';
import { assertClientBuilt, describeInBrowser, launchBrowser, watchProblems, type PageProblems } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const DESKTOP = { width: 1280, height: 900 };
const COORDINATOR = 'coordinator.vioit@lienket.demo';
const THACO_MEMBER = 'member.thaco-ind@lienket.demo';

/** 'YYYY-MM-DD' → '23/11/2026', as the Vietnamese interface writes it. */
const vi = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

describeInBrowser('the timeline in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let projectId: number;
  const opened: { context: BrowserContext; problems: PageProblems }[] = [];

  beforeAll(async () => {
    assertClientBuilt();
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
    projectId = (await server.database.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow()).id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    const problems = opened.flatMap((o) => o.problems.list());
    await Promise.all(opened.splice(0).map((o) => o.context.close()));
    expect(problems).toEqual([]);
  });

  async function personLogsIn(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(10_000);
    const problems = await watchProblems(context);
    opened.push({ context, problems });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(/\/projects$/);
    return page;
  }

  /** A task the opening view shows (it starts soon after today), with its phase and lead to filter down to it. */
  async function taskNearToday(skip = 0) {
    const today = new Date().toISOString().slice(0, 10);
    return server.database.db
      .selectFrom('tasks')
      .select(['id', 'title', 'start_date', 'due_date', 'phase_id', 'lead_organization_id'])
      .where('project_id', '=', projectId)
      .where('start_date', '>=', addDays(today, -10))
      .where('start_date', '<=', addDays(today, 60))
      .orderBy('start_date')
      .orderBy('id')
      .offset(skip)
      .limit(1)
      .executeTakeFirstOrThrow();
  }

  const stored = (id: number) => server.database.db.selectFrom('tasks').select(['start_date', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow();

  async function openTimeline(page: Page, task: { phase_id: number }) {
    await page.goto(`/projects/${projectId}/timeline?phase=${task.phase_id}`);
    await page.getByRole('heading', { level: 1, name: 'Tiến độ' }).waitFor();
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
    await bar.scrollIntoViewIfNeeded();
    const track = bar.locator('.gantt-bar-track');
    const box = (await track.boundingBox())!;
    const ppd = Number(await page.locator('.gantt').getAttribute('data-px-per-day'));
    const from = { x: box.x + Math.min(20, box.width / 3), y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) await page.mouse.move(from.x + (14 * ppd * step) / 10, from.y);
    await page.mouse.up();
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
    await expect.poll(() => stored(task.id)).toEqual({ start_date: addDays(task.start_date, 3), due_date: addDays(task.due_date, 3) });
    await page.reload();
    await bar.waitFor();
    expect(await page.locator('.gantt-baseline').count()).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-label')).toContain('trễ 3 ngày');
    await page.locator('.gantt-slip--late').filter({ hasText: '+3 ngày' }).first().waitFor();

    // Leadership sees the same slip on the dashboard.
    await page.goto(page.url().replace(/\/timeline.*$/, '/dashboard'));
    await page.getByText(/So với đường cơ sở «Kế hoạch đã duyệt tháng 11» \(.*\): 1\/\d+ nhiệm vụ trễ, trễ nhiều nhất 3 ngày\./).waitFor();
  });
});
