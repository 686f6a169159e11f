/**
 * Screenshots of the e-mail notification settings in both languages, on a desktop and a 360 px
 * phone, for a person to look at. Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/email-settings-screenshots.ts [/tmp/lienket-shots/email]
 * (CLIENT_DIR=… for both commands serves a build of your own.)
 */
import type { Browser } from 'playwright-core';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession, type ScreenshotLocale } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

async function openSettings(browser: Browser, server: TestServer, locale: ScreenshotLocale, width: number, email: string) {
  const session = await screenshotSession(browser, server, locale, width, email, { desktopHeight: 900 });
  await session.page.goto('/settings/notifications');
  await session.page.locator('.email-kinds').waitFor();
  return session;
}

// The run's own server does not send e-mail; a second one sends to a sink.
await runScreenshots('/tmp/lienket-shots/email', { settle: 300, fullPage: true }, async ({ server: withoutSmtp, browser, shoot }) => {
  const sink = await startSmtpSink();
  const withSmtp = await startTestServer('sqlite', { smtpUrl: sink.url, mailFrom: 'LienKet <lienket@lienket.test>' });
  try {
    for (const locale of SCREENSHOT_LOCALES) {
      for (const width of SCREENSHOT_WIDTHS) {
        // Nothing chosen yet, on a server that does not send e-mail.
        const plain = await openSettings(browser, withoutSmtp, locale, width, 'member.thaco-ind@lienket.demo');
        await shoot(plain.page, '50-email-settings-empty', locale, width);
        await plain.context.close();

        // Two kinds chosen and saved, on a server that sends.
        // A person of their own per shot, so each starts from nothing chosen.
        const person = `${locale === 'vi' ? 'member' : 'approver'}.${width === 360 ? 'qn-doit' : 'moit'}@lienket.demo`;
        const sending = await openSettings(browser, withSmtp, locale, width, person);
        const boxes = sending.page.locator('.email-kinds input[type="checkbox"]');
        await boxes.nth(0).check();
        await boxes.nth(5).check();
        await sending.page.locator('form button[type="submit"]').click();
        await sending.page.locator('.notice--success').waitFor();
        await shoot(sending.page, '51-email-settings-saved', locale, width);

        // The session ends elsewhere: saving says so instead of pretending.
        await sending.context.clearCookies();
        await boxes.nth(1).check();
        await sending.page.locator('form button[type="submit"]').click();
        await sending.page.locator('.notice--error, .login-form, form input[name="password"]').first().waitFor();
        await shoot(sending.page, '52-email-settings-error', locale, width);
        await sending.context.close();

        if (width === 360) {
          // The way in: the phone menu, open.
          const menu = await openSettings(browser, withoutSmtp, locale, width, 'member.thaco-ind@lienket.demo');
          await menu.page.locator('.menu-toggle').click();
          await shoot(menu.page, '53-email-settings-menu', locale, width);
          await menu.context.close();
        }
      }
    }
  } finally {
    await withSmtp.stop();
    await sink.close();
  }
});
