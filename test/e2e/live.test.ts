import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { assertClientBuilt, describeInBrowser, launchBrowser, watchProblems } from '../support/browser.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

// Two people at their own computers: a change by one appears on the other's open Plan page, with
// no reload, through the tab's live stream (SSE).

describeInBrowser('live updates in a browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    assertClientBuilt();
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the coordinator's new task on THACO-IND's open Plan page within a second or two, without reload", async () => {
    const db = server.database.db;
    const project = await db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const phase = await db.selectFrom('phases').select('id').where('project_id', '=', project.id).orderBy('id').executeTakeFirstOrThrow();

    const context = await browser.newContext({ baseURL: server.url, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(10_000);
    const problems = await watchProblems(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email', { exact: true }).fill(demoEmail('member', 'THACO-IND'));
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(/\/projects$/);
    const streamOpened = page.waitForRequest((r) => r.url().includes('/trpc/live.projectEvents'));
    await page.goto(`/projects/${project.id}/plan`);
    await streamOpened;
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    let navigations = 0;
    page.on('framenavigated', () => navigations++);

    const coordinator = new HttpSession(server.url);
    await coordinator.login(demoEmail('coordinator', 'VIOIT'), DEMO_PASSWORD);
    const title = `Khảo sát trực tiếp ${Date.now()}`;
    const created = await coordinator.call('tasks.create', { projectId: project.id, phaseId: phase.id, title, startDate: '2026-03-01', dueDate: '2026-04-30', leadOrganizationId: null });
    expect(created.status).toBe(200);
    const committed = Date.now();
    await page.getByText(title).first().waitFor({ timeout: 3000 });
    expect(Date.now() - committed).toBeLessThan(2000);
    expect(navigations).toBe(0);
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it("puts a newly proposed outline version in THACO-IND's open Approvals inbox without reload", async () => {
    const project = await server.database.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const context = await browser.newContext({ baseURL: server.url, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(10_000);
    const problems = await watchProblems(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email', { exact: true }).fill(demoEmail('approver', 'THACO-IND'));
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(/\/projects$/);
    const streamOpened = page.waitForRequest((r) => r.url().includes('/trpc/live.projectEvents'));
    await page.goto(`/projects/${project.id}/approvals`);
    await streamOpened;
    const waiting = page.locator('section[aria-labelledby="inbox-waiting"]');
    await page.getByRole('heading', { level: 1, name: 'Phê duyệt' }).waitFor();
    expect(await waiting.getByRole('link', { name: /Đề cương v3/ }).count()).toBe(0);

    const coordinator = new HttpSession(server.url);
    await coordinator.login(demoEmail('coordinator', 'VIOIT'), DEMO_PASSWORD);
    const proposed = await coordinator.call('outline.propose', { projectId: project.id, note: 'Dự thảo lần 3' });
    expect(proposed.status).toBe(200);
    await waiting.getByRole('link', { name: /Đề cương v3/ }).waitFor({ timeout: 3000 });
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});
