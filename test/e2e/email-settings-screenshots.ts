/**
 * Screenshots of the e-mail notification settings in both languages, on a desktop and a 360 px
 * phone, for a person to look at. Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/email-settings-screenshots.ts [/tmp/lienket-shots/email]
 * (CLIENT_DIR=… for both commands serves a build of your own.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { assertClientBuilt, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const outDir = process.argv[2] ?? '/tmp/lienket-shots/email';
const LOCALES = ['vi', 'en'] as const;
type Locale = (typeof LOCALES)[number];
const LANGUAGE_BUTTON: Record<Locale, string> = { vi: 'Tiếng Việt', en: 'English' };

async function shoot(page: Page, name: string, locale: Locale, width: number) {
  await page.waitForTimeout(300);
  const file = join(outDir, `${name}-${locale}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`${file}${overflow > 0 ? `  ⚠️ overflows by ${overflow}px` : ''}`);
}

async function openSettings(browser: Browser, server: TestServer, locale: Locale, width: number, email: string) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: width > 600 ? 900 : 740 }, locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.warn(`  console: ${m.text()}`));
  page.on('pageerror', (e) => console.warn(`  page error: ${e.message}`));
  await page.goto('/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(/\/projects$/);
  await page.getByRole('button', { name: LANGUAGE_BUTTON[locale] }).click();
  await page.goto('/settings/notifications');
  await page.locator('.email-kinds').waitFor();
  return { context, page };
}

async function main() {
  assertClientBuilt();
  mkdirSync(outDir, { recursive: true });
  const sink = await startSmtpSink();
  const withoutSmtp = await startTestServer('sqlite');
  const withSmtp = await startTestServer('sqlite', { smtpUrl: sink.url, mailFrom: 'LienKet <lienket@lienket.test>' });
  const browser = await launchBrowser();
  try {
    for (const locale of LOCALES) {
      for (const width of [1280, 360]) {
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
    await browser.close();
    await withSmtp.stop();
    await withoutSmtp.stop();
    await sink.close();
  }
}

await main();
