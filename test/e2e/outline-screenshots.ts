/**
 * Screenshots of the outline editor when a coordinator removes the section someone is editing:
 * the kept draft for a coordinator (save it as a new section) and for a section owner (copy it),
 * and the notice when nothing was typed, in both languages, on a desktop and a 360 px phone, for a
 * person to look at. Not a test: run it by hand.
 *
 * @example CLIENT_DIR=/tmp/lk-client-outline npx vite build --outDir /tmp/lk-client-outline && CLIENT_DIR=/tmp/lk-client-outline npx tsx test/e2e/outline-screenshots.ts /tmp/lienket-shots/outline
 */
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession, type ScreenshotLocale } from '../support/screenshots.ts';
import { HttpSession, type TestServer } from '../support/server.ts';

async function session(server: TestServer, email: string) {
  const s = new HttpSession(server.url);
  await s.login(email, DEMO_PASSWORD);
  return s;
}

await runScreenshots('/tmp/lienket-shots/outline', async ({ server, browser, chuLai, shoot }) => {
  const db = server.database.db;
  const moit = await db.selectFrom('organizations').select('id').where('code', '=', 'MOIT').executeTakeFirstOrThrow();
  const vioit = await session(server, demoEmail('coordinator', 'VIOIT'));
  const partner = await session(server, demoEmail('coordinator', 'MOIT'));
  const title = 'Cơ sở dữ liệu ngành cơ khí, ô tô và công nghiệp hỗ trợ';

  /** A MOIT section that `email` opens and, unless `typed` is empty, writes in; then a partner removes it. */
  async function removedWhileEditing(b: Browser, locale: ScreenshotLocale, width: number, email: string, typed: string) {
    const added = await vioit.call('outline.addSection', {
      projectId: chuLai,
      title,
      body: 'Bộ Công Thương xây dựng cơ sở dữ liệu về doanh nghiệp trong chuỗi cung ứng.',
      ownerOrganizationId: moit.id,
    });
    const section = added.data as { id: number; version: number };
    const person = await screenshotSession(b, server, locale, width, email);
    await person.page.goto(`/projects/${chuLai}/outline`);
    await person.page.locator(`#section-${section.id}`).waitFor();
    await person.page.locator('.outline-section', { has: person.page.locator(`#section-${section.id}`) }).getByRole('button').first().click();
    if (typed) await person.page.locator('.section-form textarea').fill(typed);
    await partner.call('outline.deleteSection', { projectId: chuLai, sectionId: section.id, version: section.version });
    return person;
  }

  const draft =
    'Bộ Công Thương xây dựng cơ sở dữ liệu về doanh nghiệp cơ khí, ô tô và công nghiệp hỗ trợ, cập nhật hằng quý.\n\n- Danh mục nhà cung cấp cấp 1, cấp 2\n- Năng lực sản xuất và chứng chỉ chất lượng';

  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      // A coordinator: the kept draft as an add-section form, filled in.
      const coordinator = await removedWhileEditing(browser, locale, width, demoEmail('coordinator', 'VIOIT'), draft);
      const keptByCoordinator = coordinator.page.locator('.kept-draft');
      await keptByCoordinator.waitFor();
      await shoot(coordinator.page, '50-outline-kept-coordinator', locale, width);
      await shoot(coordinator.page, '50a-outline-kept-coordinator-panel', locale, width, { element: keptByCoordinator });
      await coordinator.context.close();

      // A MOIT member who owns the section but cannot add sections: the text to copy.
      const owner = await removedWhileEditing(browser, locale, width, demoEmail('member', 'MOIT'), draft);
      const keptByOwner = owner.page.locator('.kept-draft');
      await keptByOwner.waitFor();
      await shoot(owner.page, '51-outline-kept-owner', locale, width);
      await shoot(owner.page, '51a-outline-kept-owner-panel', locale, width, { element: keptByOwner });
      await owner.context.close();

      // Nothing typed: the form closes with a notice.
      const idle = await removedWhileEditing(browser, locale, width, demoEmail('coordinator', 'VIOIT'), '');
      await idle.page.locator('.notice--info').waitFor();
      await idle.page.locator('.notice--info').scrollIntoViewIfNeeded();
      await shoot(idle.page, '52-outline-removed-notice', locale, width);
      await idle.context.close();
    }
  }
});
