/**
 * Screenshots of the notification bell, its panel (full and empty) and the @mention autocomplete,
 * in both languages, on a desktop and a 360 px phone. Not a test: run it by hand and look at them.
 *
 * @example npx vite build && npx tsx test/e2e/notifications-screenshots.ts [/tmp/lienket-shots/notif]
 */
import { mentionToken } from '../../shared/mentions.ts';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { scanDueTasks } from '../../server/notifications/due-scan.ts';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession } from '../support/screenshots.ts';
import { HttpSession } from '../support/server.ts';

await runScreenshots('/tmp/lienket-shots/notif', async ({ server, browser, chuLai: projectId, shoot }) => {
  const db = server.database.db;
  const phase = await db.selectFrom('phases').select('id').where('project_id', '=', projectId).orderBy('id').executeTakeFirstOrThrow();
  const thaco = await db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow();
  const approver = await db.selectFrom('users').select(['id', 'display_name']).where('email', '=', 'approver.thaco-ind@lienket.demo').executeTakeFirstOrThrow();

  // THACO-IND's approver gets one of most kinds: an assignment, a decision to make, a mention, due work.
  const coordinator = new HttpSession(server.url);
  await coordinator.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
  const task = await coordinator.call('tasks.create', {
    projectId,
    phaseId: phase.id,
    title: 'Tư vấn nhà đầu tư về bố trí nhà xưởng',
    startDate: '2026-11-01',
    dueDate: '2026-11-25',
    leadOrganizationId: thaco.id,
  });
  await coordinator.call('outline.propose', { projectId, note: 'Dự thảo lần 3.' });
  await coordinator.call('tasks.addComment', {
    projectId,
    taskId: task.data.id,
    body: `${mentionToken(approver.display_name, approver.id)} nhờ anh/chị xác nhận mặt bằng trước ngày 25/11.`,
  });
  await scanDueTasks(db, new Date());

  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      const { context, page } = await screenshotSession(browser, server, locale, width, 'approver.thaco-ind@lienket.demo');
      await page.goto(`/projects/${projectId}/plan`);
      await page.locator('.bell-count').waitFor();
      await shoot(page, '60-bell', locale, width);
      await page.locator('.bell-button').click();
      await page.locator('.notification-item').first().waitFor();
      await shoot(page, '61-panel', locale, width);
      await page.keyboard.press('Escape');

      await page.goto(`/projects/${projectId}/tasks/${task.data.id}`);
      const box = page.locator('.mention-field textarea');
      await box.click();
      await box.pressSequentially('Nhờ @ng');
      await page.locator('.mention-list').waitFor();
      await page.locator('.mention-field').scrollIntoViewIfNeeded();
      await shoot(page, '62-mention-autocomplete', locale, width);
      await context.close();

      const empty = await screenshotSession(browser, server, locale, width, 'viewer.moit@lienket.demo');
      await empty.page.locator('.bell-button').click();
      await empty.page.locator('.notification-empty').waitFor();
      await shoot(empty.page, '63-panel-empty', locale, width);
      await empty.context.close();
    }
  }
});
