/**
 * Screenshots of the Approvals inbox, an approval page, the outline and its diff, in both
 * languages, on a desktop and a 360 px phone. Not a test: run it by hand and look at them.
 *
 * @example npx vite build && npx tsx test/e2e/approvals-screenshots.ts [/tmp/lienket-shots]
 */
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession } from '../support/screenshots.ts';
import { HttpSession } from '../support/server.ts';

await runScreenshots('/tmp/lienket-shots', { fullPage: true, phoneParts: 'long' }, async ({ server, browser, chuLai: projectId, shoot }) => {
  const db = server.database.db;
  // v3 proposed and approved by VIOIT, so QN-DOIT's inbox has something waiting and the round has a decision.
  const coordinator = new HttpSession(server.url);
  await coordinator.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
  const proposed = await coordinator.call('outline.propose', { projectId, note: 'Dự thảo lần 3: chi tiết lộ trình.' });
  const { version, round } = proposed.data as { version: { id: number }; round: { id: number } };
  const vioit = new HttpSession(server.url);
  await vioit.login('approver.vioit@lienket.demo', DEMO_PASSWORD);
  await vioit.call('approvals.decide', { projectId, roundId: round.id, decision: 'approve', comment: 'Viện thống nhất.' });
  const v1 = await db.selectFrom('outline_versions').select('id').where('project_id', '=', projectId).where('number', '=', 1).executeTakeFirstOrThrow();
  const v2 = await db.selectFrom('outline_versions').select('id').where('project_id', '=', projectId).where('number', '=', 2).executeTakeFirstOrThrow();

  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      const { context, page } = await screenshotSession(browser, server, locale, width, 'approver.qn-doit@lienket.demo');
      await page.goto(`/projects/${projectId}/approvals`);
      await page.locator('.round-summary').first().waitFor();
      await shoot(page, '20-approvals-inbox', locale, width);
      await page.goto(`/projects/${projectId}/approvals/outline_version/${version.id}`);
      await page.locator('.decision-form').waitFor();
      await page.locator('.snapshot .outline-section').first().waitFor();
      await shoot(page, '21-approval-open-round', locale, width);
      await page.goto(`/projects/${projectId}/approvals/outline_version/${v1.id}`);
      await page.locator('.round-closed').waitFor();
      await shoot(page, '22-approval-superseded', locale, width);
      const milestoneRound = await db.selectFrom('approval_rounds').select('subject_id').where('project_id', '=', projectId).where('subject_kind', '=', 'milestone').orderBy('id', 'desc').executeTakeFirst();
      if (milestoneRound) {
        await page.goto(`/projects/${projectId}/approvals/milestone/${milestoneRound.subject_id}`);
        await page.locator('.timeline-item').first().waitFor();
        await shoot(page, '27-approval-milestone', locale, width);
      }
      await context.close();

      const c = await screenshotSession(browser, server, locale, width, 'coordinator.vioit@lienket.demo');
      await c.page.goto(`/projects/${projectId}/outline`);
      await c.page.locator('.outline-section').first().waitFor();
      await shoot(c.page, '23-outline-draft', locale, width);
      await c.page.goto(`/projects/${projectId}/outline?tab=versions`);
      await c.page.locator('.version-card').first().waitFor();
      await shoot(c.page, '24-outline-versions', locale, width);
      await c.page.goto(`/projects/${projectId}/outline?tab=compare&from=${v1.id}&to=${v2.id}`);
      await c.page.locator('.diff-section').first().waitFor();
      await shoot(c.page, '25-outline-diff', locale, width);
      await c.page.goto(`/projects/${projectId}`);
      await c.page.locator('.project-areas').waitFor();
      await shoot(c.page, '26-project-overview-links', locale, width);
      await c.context.close();
    }
  }
});
