/**
 * Screenshots of the Activity page (list, filters, empty state, the administrators' chain check)
 * and of the live-merge notices on the outline and approval pages, in both languages, on a
 * desktop and a 360 px phone, for a person to look at. Not a test: run it by hand.
 *
 * @example CLIENT_DIR=/tmp/lk-client-activity npx vite build && CLIENT_DIR=/tmp/lk-client-activity npx tsx test/e2e/activity-screenshots.ts /tmp/lienket-shots/activity
 */
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession } from '../support/screenshots.ts';
import { HttpSession, type TestServer } from '../support/server.ts';

async function session(server: TestServer, email: string) {
  const s = new HttpSession(server.url);
  await s.login(email, DEMO_PASSWORD);
  return s;
}

await runScreenshots('/tmp/lienket-shots', async ({ server, browser, chuLai, shoot }) => {
  const db = server.database.db;
  const thaco = await db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow();
  const admin = await session(server, demoEmail('admin'));
  const adminUser = await db.selectFrom('users').select('id').where('email', '=', demoEmail('admin')).executeTakeFirstOrThrow();
  // The administrator (of VIOIT) joins as a viewer, to see the chain check on the page.
  await admin.call('admin.memberships.set', { projectId: chuLai, userId: adminUser.id, role: 'viewer' });
  const coordinator = await session(server, demoEmail('coordinator', 'VIOIT'));

  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      const { context, page } = await screenshotSession(browser, server, locale, width, demoEmail('admin'));
      await page.goto(`/projects/${chuLai}/activity`);
      await page.locator('.activity-item').first().waitFor();
      await page.locator('.chain-check button').click();
      await page.locator('.chain-check-result').waitFor();
      await shoot(page, '40-activity', locale, width, { fullPage: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot(page, '40a-activity-top', locale, width);
      await page.locator('.chain-check-result').scrollIntoViewIfNeeded();
      await shoot(page, '40b-activity-chain-check', locale, width);
      await page.goto(`/projects/${chuLai}/activity?org=${thaco.id}&kind=approvals`);
      await page.locator('.activity-item').first().waitFor();
      await shoot(page, '41-activity-filtered', locale, width);
      await page.goto(`/projects/${chuLai}/activity?from=2030-01-01`);
      await page.locator('.empty-state').waitFor();
      await shoot(page, '42-activity-empty', locale, width, { fullPage: true });
      // The server cannot be reached: the page says so and offers a retry.
      await page.route('**/trpc/activity.list**', (route) => route.abort());
      await page.goto(`/projects/${chuLai}/activity?kind=tasks`);
      await page.locator('.notice--error').waitFor();
      await shoot(page, '45-activity-error', locale, width);
      await page.unroute('**/trpc/activity.list**');
      await context.close();

      // The outline: a THACO-IND member writes while VIOIT saves the same section.
      const member = await screenshotSession(browser, server, locale, width, demoEmail('member', 'THACO-IND'));
      await member.page.goto(`/projects/${chuLai}/outline`);
      const section = await db.selectFrom('outline_sections').selectAll().where('project_id', '=', chuLai).where('title', '=', 'THACO Industries').executeTakeFirstOrThrow();
      await member.page.locator(`#section-${section.id}`).waitFor();
      await member.page.locator('.outline-section', { has: member.page.locator(`#section-${section.id}`) }).getByRole('button').first().click();
      await member.page.locator('.section-form textarea').fill('Bản nháp của THACO-IND chưa lưu.');
      await coordinator.call('outline.updateSection', {
        projectId: chuLai,
        sectionId: section.id,
        version: section.version,
        title: section.title,
        body: `${section.body}\n\nVIOIT bổ sung (${locale}, ${width}).`,
        ownerOrganizationId: section.owner_organization_id,
      });
      await member.page.locator('.section-form .notice--warning').waitFor();
      await member.page.locator('.section-form').scrollIntoViewIfNeeded();
      await shoot(member.page, '43-outline-edited-underneath', locale, width);
      await member.context.close();

      // The approval page: THACO-IND's approver writes a comment; an edit of the draft closes the round.
      const proposed = await coordinator.call('outline.propose', { projectId: chuLai, note: `Bản ${locale} ${width}` });
      const { version, round } = proposed.data as { version: { id: number }; round: { id: number } };
      const approver = await screenshotSession(browser, server, locale, width, demoEmail('approver', 'THACO-IND'));
      await approver.page.goto(`/projects/${chuLai}/approvals/outline_version/${version.id}`);
      const roundItem = approver.page.locator(`#round-${round.id}`);
      await roundItem.locator('.decision-form textarea').fill('Cần bổ sung sơ đồ mặt bằng nhà máy.');
      const current = await db.selectFrom('outline_sections').selectAll().where('id', '=', section.id).executeTakeFirstOrThrow();
      await coordinator.call('outline.updateSection', {
        projectId: chuLai,
        sectionId: current.id,
        version: current.version,
        title: current.title,
        body: `${current.body} Sửa tiếp.`,
        ownerOrganizationId: current.owner_organization_id,
      });
      await roundItem.locator('.decision-form .notice--warning').waitFor();
      await roundItem.locator('.decision-form').scrollIntoViewIfNeeded();
      await shoot(approver.page, '44-approval-closed-while-writing', locale, width);
      await approver.context.close();
    }
  }
});
