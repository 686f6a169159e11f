/**
 * Screenshots of every Foundation screen, in both languages, on a desktop and a 360 px phone,
 * for a person to look at (layout, overflow, diacritics, contrast). Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/screenshots.ts [/tmp/lienket-shots]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { assertClientBuilt, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const outDir = process.argv[2] ?? '/tmp/lienket-shots';
const WIDTHS = [1280, 360] as const;
const LOCALES = ['vi', 'en'] as const;
type Locale = (typeof LOCALES)[number];

const LANGUAGE_BUTTON: Record<Locale, string> = { vi: 'Tiếng Việt', en: 'English' };
const LABELS: Record<Locale, { email: string; password: string; submit: string }> = {
  vi: { email: 'Email', password: 'Mật khẩu', submit: 'Đăng nhập' },
  en: { email: 'Email', password: 'Password', submit: 'Log in' },
};

async function shoot(page: Page, name: string, locale: Locale, width: number) {
  // Let fonts and the last render settle.
  await page.waitForTimeout(150);
  const file = join(outDir, `${name}-${locale}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  // Long phone pages also in screen-sized parts: a whole 360 × 3000 image is too small to read.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const viewport = page.viewportSize();
  if (viewport && viewport.width < 600 && height > viewport.height * 1.3) {
    for (let part = 0, y = 0; y < height; part++, y += viewport.height) {
      const clip = { x: 0, y, width: viewport.width, height: Math.min(viewport.height, height - y) };
      await page.screenshot({ path: join(outDir, `${name}-${locale}-${width}-part${part + 1}.png`), fullPage: true, clip });
    }
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`${file}${overflow > 0 ? `  ⚠️ overflows by ${overflow}px` : ''}`);
}

async function session(browser: Browser, server: TestServer, locale: Locale, width: number, email: string | null) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: width > 600 ? 800 : 740 }, locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && !/status of 40[19]/.test(m.text()) && console.warn(`  console: ${m.text()}`));
  page.on('pageerror', (e) => console.warn(`  page error: ${e.message}`));
  await page.goto('/login');
  await page.getByRole('button', { name: LANGUAGE_BUTTON[locale] }).click();
  if (email) {
    const labels = LABELS[locale];
    await page.getByLabel(labels.email, { exact: true }).fill(email);
    await page.getByLabel(labels.password, { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: labels.submit, exact: true }).click();
    await page.waitForURL(/\/projects$/);
    // Logging in adopts the person's saved language: choose the one this shot is for.
    await page.getByRole('button', { name: LANGUAGE_BUTTON[locale] }).click();
    await page.locator('main h1').waitFor();
  }
  return { context, page };
}

async function main() {
  assertClientBuilt();
  mkdirSync(outDir, { recursive: true });
  const server = await startTestServer('sqlite');
  const browser = await launchBrowser();
  try {
    const chuLai = await server.database.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    for (const locale of LOCALES) {
      for (const width of WIDTHS) {
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
          await page.goto(`/projects/${chuLai.id}`);
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
          await page.goto(`/admin?tab=projects&project=${chuLai.id}`);
          await page.locator('#members-heading').waitFor();
          await shoot(page, '12-admin-project-editor', locale, width);
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
