/**
 * Screenshots of the timeline in both languages, on a desktop and a 360 px phone, for a person to
 * look at. Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/timeline-screenshots.ts [/tmp/lienket-shots]
 * (CLIENT_DIR=… for both commands serves a build of your own.)
 */
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession } from '../support/screenshots.ts';
import { HttpSession } from '../support/server.ts';

await runScreenshots('/tmp/lienket-shots', { settle: 300, fullPage: true }, async ({ server, browser, chuLai, outDir, shoot }) => {
  const db = server.database.db;
  // A baseline, then one task moved, so the slip shows.
  const coordinator = new HttpSession(server.url);
  await coordinator.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
  await coordinator.call('timeline.saveBaseline', { projectId: chuLai, name: 'Kế hoạch ban đầu' });
  const task = await db.selectFrom('tasks').select(['id', 'version', 'start_date', 'due_date']).where('project_id', '=', chuLai).orderBy('start_date', 'desc').limit(1).executeTakeFirstOrThrow();
  const later = (d: string) => new Date(Date.parse(d) + 10 * 86_400_000).toISOString().slice(0, 10);
  await coordinator.call('tasks.update', { projectId: chuLai, taskId: task.id, version: task.version, startDate: later(task.start_date), dueDate: later(task.due_date) });
  const thacoMember = await db.selectFrom('users').select('id').where('email', '=', 'member.thaco-ind@lienket.demo').executeTakeFirstOrThrow();
  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      const { context, page } = await screenshotSession(browser, server, locale, width, 'coordinator.vioit@lienket.demo', { desktopHeight: 900 });
      await page.goto(`/projects/${chuLai}/timeline`);
      await page.locator('.gantt-bar').first().waitFor();
      await shoot(page, '30-timeline', locale, width);
      await page.locator('.gantt-bar').nth(2).focus();
      await shoot(page, '31-timeline-tooltip', locale, width);
      await page.goto(`/projects/${chuLai}/timeline?critical=1&zoom=quarter`);
      await page.locator('.gantt-bar').first().waitFor();
      await shoot(page, '32-timeline-critical', locale, width);
      await page.goto(`/projects/${chuLai}/timeline?group=org&zoom=week`);
      await page.locator('.gantt-bar').first().waitFor();
      await shoot(page, '33-timeline-by-org', locale, width);
      await page.goto(`/projects/${chuLai}/timeline?view=table`);
      await page.locator('.timeline-table').waitFor();
      await shoot(page, '34-timeline-table', locale, width);
      // The assignee filter, kept in the address.
      await page.goto(`/projects/${chuLai}/timeline?assignee=${thacoMember.id}`);
      await page.locator('.gantt-bar').first().waitFor();
      await shoot(page, '35-timeline-assignee', locale, width);
      // The PNG export of that view, to look at beside the screenshot.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.timeline-toolbar button').filter({ hasText: 'PNG' }).click()]);
      await download.saveAs(join(outDir, `38-timeline-export-${locale}-${width}.png`));
      console.log(join(outDir, `38-timeline-export-${locale}-${width}.png`));
      // A move refused because someone else changed the task meanwhile: the version moves on
      // behind the page's back (no event, so the page cannot know), then a nudge is saved.
      await page.goto(`/projects/${chuLai}/timeline?assignee=${thacoMember.id}`);
      const bar = page.locator('.gantt-bar').first();
      await bar.waitFor();
      const id = Number(await bar.getAttribute('data-task-id'));
      await db.updateTable('tasks').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', id).execute();
      await bar.focus();
      await page.keyboard.press('ArrowRight');
      await page.locator('.notice--error').waitFor();
      await page.locator('.gantt').click({ position: { x: 5, y: 5 } });
      await shoot(page, '36-timeline-conflict', locale, width);
      await page.emulateMedia({ media: 'print' });
      await page.goto(`/projects/${chuLai}/timeline?zoom=quarter`);
      await page.locator('.gantt-bar').first().waitFor();
      await shoot(page, '37-timeline-print', locale, width);
      await context.close();
    }
  }
});
