/**
 * Screenshots of every Foundation screen, in both languages, on a desktop and a 360 px phone,
 * for a person to look at (layout, overflow, diacritics, contrast). Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/screenshots.ts [/tmp/lienket-shots]
 */
import type { Browser } from 'playwright-core';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession, type ScreenshotLocale } from '../support/screenshots.ts';
import type { TestServer } from '../support/server.ts';

const LABELS: Record<ScreenshotLocale, { email: string; password: string; submit: string }> = {
  vi: { email: 'Email', password: 'Mật khẩu', submit: 'Đăng nhập' },
  en: { email: 'Email', password: 'Password', submit: 'Log in' },
};

/** The login page (`email` null) or `email` logged in, in `locale`; the 401s and 409s of a login page are expected. */
async function session(browser: Browser, server: TestServer, locale: ScreenshotLocale, width: number, email: string | null) {
  const opened = await screenshotSession(browser, server, locale, width, email, { quiet: /status of 40[19]/ });
  if (email) await opened.page.locator('main h1').waitFor();
  return opened;
}

await runScreenshots('/tmp/lienket-shots', { settle: 150, fullPage: true, phoneParts: 'long' }, async ({ server, browser, chuLai, shoot }) => {
  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      {
        const { context, page } = await session(browser, server, locale, width, null);
        await shoot(page, '01-login', locale, width);
        const labels = LABELS[locale];
        await page.getByLabel(labels.email, { exact: true }).fill('member.moit@lienket.demo');
        await page.getByLabel(labels.password, { exact: true }).fill('wrong password');
        await page.getByRole('button', { name: labels.submit, exact: true }).click();
        await page.locator('.form-message--shown').waitFor();
        await shoot(page, '02-login-wrong-password', locale, width);
        await context.close();
      }
      {
        const { context, page } = await session(browser, server, locale, width, 'coordinator.vioit@lienket.demo');
        await page.locator('.project-card').first().waitFor();
        await shoot(page, '03-projects', locale, width);
        if (width < 600) {
          await page.getByRole('button', { name: 'Menu' }).click();
          await shoot(page, '04-projects-menu-open', locale, width);
          await page.getByRole('button', { name: 'Menu' }).click();
        }
        await page.goto(`/projects/${chuLai}`);
        await page.locator('.member-group').first().waitFor();
        await shoot(page, '05-project-overview', locale, width);
        await page.goto('/projects/999999');
        await page.locator('.not-found').waitFor();
        await shoot(page, '06-project-not-found', locale, width);
        await page.goto('/admin');
        await page.locator('main h1').waitFor();
        await shoot(page, '07-admin-no-access', locale, width);
        await context.close();
      }
      {
        const { context, page } = await session(browser, server, locale, width, 'admin@lienket.demo');
        await page.goto('/admin?tab=organizations');
        await page.locator('tbody tr').first().waitFor();
        await page.locator('.tab-toolbar .button--primary').click();
        await shoot(page, '08-admin-organizations', locale, width);
        await page.goto('/admin?tab=users');
        await page.locator('tbody tr').first().waitFor();
        await shoot(page, '09-admin-users', locale, width);
        await page.locator('.tab-toolbar .button--primary').click();
        await page.locator('form.form--panel button[type="submit"]').click();
        await page.locator('.field-error').first().waitFor();
        await shoot(page, '10-admin-user-form-errors', locale, width);
        await page.goto('/admin?tab=projects');
        await page.locator('tbody tr').first().waitFor();
        await shoot(page, '11-admin-projects', locale, width);
        await page.goto(`/admin?tab=projects&project=${chuLai}`);
        await page.locator('#members-heading').waitFor();
        await shoot(page, '12-admin-project-editor', locale, width);
        await context.close();
      }
    }
  }
});
