import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { browserSuite, describeInBrowser } from '../support/browser.ts';
import { HttpSession } from '../support/server.ts';

// Two people at their own computers: a change saved by one appears on the other's open page within
// a second, with no reload, through the tab's live stream (SSE).

describeInBrowser('live updates in a browser', () => {
  const suite = browserSuite();

  /** Opens `path` and waits until its live stream is connected. */
  async function openLive(page: Page, path: string) {
    const streamOpened = page.waitForResponse((r) => r.url().includes('/trpc/live.projectEvents') && r.status() === 200);
    await page.goto(path);
    await streamOpened;
  }

  it("shows the coordinator's edit on THACO-IND's open Plan page within one second, without reload", async () => {
    const title = 'Lập danh mục sản phẩm, linh kiện cơ khí cần nội địa hóa';
    const renamed = `${title} (bản cập nhật)`;
    const thaco = (await suite.server.database.db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow()).id;
    const plan = `/projects/${suite.chuLai}/plan?org=${thaco}`;

    // THACO-IND's member watches the plan filtered to their organization's tasks.
    const member = await suite.logIn(demoEmail('member', 'THACO-IND'));
    await openLive(member.page, plan);
    await member.page.getByRole('link', { name: title, exact: true }).waitFor();
    let navigations = 0;
    member.page.on('framenavigated', () => navigations++);

    // The coordinator, in another browser, renames the task inline on the same plan.
    const coordinator = await suite.logIn(demoEmail('coordinator', 'VIOIT'));
    await openLive(coordinator.page, plan);
    await coordinator.page.getByRole('button', { name: `Sửa: ${title}` }).click();
    const input = coordinator.page.getByLabel('Công việc', { exact: true });
    await input.fill(renamed);
    const saved = coordinator.page.waitForResponse((r) => r.url().includes('/trpc/tasks.update') && r.request().method() === 'POST');
    await input.press('Enter');
    expect((await saved).status()).toBe(200);
    const committed = Date.now();

    await member.page.getByRole('link', { name: renamed, exact: true }).waitFor({ timeout: 3000 });
    expect(Date.now() - committed).toBeLessThan(1000);
    expect(navigations).toBe(0);
  });

  it("puts a newly proposed outline version in THACO-IND's open Approvals inbox without reload", async () => {
    const approver = await suite.logIn(demoEmail('approver', 'THACO-IND'));
    const page = approver.page;
    await openLive(page, `/projects/${suite.chuLai}/approvals`);
    const waiting = page.locator('section[aria-labelledby="inbox-waiting"]');
    await page.getByRole('heading', { level: 1, name: 'Phê duyệt' }).waitFor();
    expect(await waiting.getByRole('link', { name: /Đề cương v3/ }).count()).toBe(0);

    const coordinator = new HttpSession(suite.server.url);
    await coordinator.login(demoEmail('coordinator', 'VIOIT'), DEMO_PASSWORD);
    const proposed = await coordinator.call('outline.propose', { projectId: suite.chuLai, note: 'Dự thảo lần 3' });
    expect(proposed.status).toBe(200);
    const committed = Date.now();
    await waiting.getByRole('link', { name: /Đề cương v3/ }).waitFor({ timeout: 3000 });
    expect(Date.now() - committed).toBeLessThan(1000);
  });
});
