/**
 * Screenshots of the action plan screens (Plan, Task, My work) in both languages, on a desktop
 * and a 360 px phone, for a person to look at. Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/plan-screenshots.ts [/tmp/lienket-shots]
 */
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession } from '../support/screenshots.ts';
import { HttpSession } from '../support/server.ts';

const DESKTOP_900 = { desktopHeight: 900 };

await runScreenshots('/tmp/lienket-shots', { fullPage: true, top: true, phoneParts: 3 }, async ({ server, browser, chuLai, shoot }) => {
  const db = server.database.db;
  const task = await db.selectFrom('tasks').select('id').where('title', 'like', 'Đánh giá năng lực chuỗi cung ứng%').executeTakeFirstOrThrow();
  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      {
        const { context, page } = await screenshotSession(browser, server, locale, width, 'coordinator.vioit@lienket.demo', DESKTOP_900);
        await page.goto(`/projects/${chuLai}/plan`);
        await page.locator('.task-row').first().waitFor();
        await shoot(page, '20-plan', locale, width);
        await page.locator('.task-row .row-actions button').first().click();
        await shoot(page, '21-plan-row-edit', locale, width);
        await page.goto(`/projects/${chuLai}/tasks/${task.id}`);
        await page.locator('.history').waitFor();
        await shoot(page, '22-task', locale, width);
        // A colleague saves first: the stale save opens the CONFLICT dialog.
        await page.locator('details.disclosure summary').click();
        const colleague = new HttpSession(server.url);
        await colleague.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
        const { version, title } = await db.selectFrom('tasks').select(['version', 'title']).where('id', '=', task.id).executeTakeFirstOrThrow();
        await colleague.call('tasks.update', { projectId: chuLai, taskId: task.id, version, title: `${title} (${locale} ${width})`, dueDate: '2026-12-31' });
        await page.locator('details.disclosure input[name="title"]').fill(`${title} — sửa của tôi`);
        await page.locator('details.disclosure button[type="submit"]').click();
        await page.locator('dialog[open]').waitFor();
        await shoot(page, '25-task-conflict', locale, width);
        await page.locator('dialog[open] .button--secondary').click();
        await page.goto(`/projects/${chuLai}/my-work`);
        await page.locator('#mine-title').waitFor();
        await shoot(page, '23-my-work-coordinator', locale, width);
        await context.close();
      }
      {
        const { context, page } = await screenshotSession(browser, server, locale, width, 'member.thaco-ind@lienket.demo', DESKTOP_900);
        await page.goto(`/projects/${chuLai}/my-work`);
        await page.locator('.work-card').first().waitFor();
        await page.locator('.work-card .answer-buttons .button--secondary').first().click();
        await shoot(page, '24-my-work-member', locale, width);
        await context.close();
      }
    }
  }
});
