/**
 * Screenshots of the Funding page and the leadership dashboard in both languages, on a desktop
 * and a 360 px phone, for a person to look at. Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/funding-screenshots.ts [/tmp/lienket-shots]
 */
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession } from '../support/screenshots.ts';

await runScreenshots('/tmp/lienket-shots', { settle: 300, fullPage: true, top: true, phoneParts: 4, culprits: true }, async ({ server, browser, chuLai: projectId, shoot }) => {
  const db = server.database.db;
  const v1 = await db.selectFrom('funding_estimates').select('id').where('project_id', '=', projectId).where('number', '=', 1).executeTakeFirstOrThrow();
  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      const editor = await screenshotSession(browser, server, locale, width, 'approver.qn-doit@lienket.demo');
      await editor.page.goto(`/projects/${projectId}/funding`);
      await editor.page.locator('.funding-grid tbody tr').first().waitFor();
      await editor.page.locator('.disbursements-table').waitFor();
      await shoot(editor.page, '30-funding-edit', locale, width);
      await editor.page.goto(`/projects/${projectId}/funding?v=${v1.id}`);
      await editor.page.locator('.disbursement-form').waitFor();
      await shoot(editor.page, '31-funding-baseline', locale, width);
      await editor.page.goto(`/projects/${projectId}/approvals/funding_estimate/${v1.id}`);
      await editor.page.locator('.timeline-item').first().waitFor();
      await shoot(editor.page, '32-approval-funding', locale, width);
      await editor.context.close();

      const viewer = await screenshotSession(browser, server, locale, width, 'viewer.moit@lienket.demo');
      await viewer.page.goto(`/projects/${projectId}/dashboard`);
      await viewer.page.locator('.key-figures').waitFor();
      await shoot(viewer.page, '33-dashboard', locale, width);
      await viewer.page.goto(`/projects/${projectId}/funding`);
      await viewer.page.locator('.funding-grid tbody tr').first().waitFor();
      await shoot(viewer.page, '34-funding-viewer', locale, width);
      await viewer.context.close();
    }
  }
});
