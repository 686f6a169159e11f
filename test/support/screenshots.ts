import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import type { TestServer } from './server.ts';

// What the *-screenshots.ts scripts share: both languages at a desktop and a 360 px phone width,
// a logged-in page in the chosen language, and a screenshot that warns when the page overflows.

export const SCREENSHOT_WIDTHS = [1280, 360] as const;
export const SCREENSHOT_LOCALES = ['vi', 'en'] as const;
export type ScreenshotLocale = (typeof SCREENSHOT_LOCALES)[number];
const LANGUAGE_BUTTON: Record<ScreenshotLocale, string> = { vi: 'Tiếng Việt', en: 'English' };

/** Saves `<name>-<locale>-<width>.png` in `outDir` (the viewport, or the whole page) and says if the page is wider than the screen. */
export async function shoot(page: Page, outDir: string, name: string, locale: ScreenshotLocale, width: number, options: { fullPage?: boolean } = {}) {
  await page.waitForTimeout(200);
  const file = join(outDir, `${name}-${locale}-${width}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`${file}${overflow > 0 ? `  ⚠️ overflows by ${overflow}px` : ''}`);
}

/** A new browser context logged in as a demo person, showing the interface in `locale`. */
export async function screenshotSession(browser: Browser, server: TestServer, locale: ScreenshotLocale, width: number, email: string) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: width > 600 ? 800 : 740 }, locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.warn(`  console: ${m.text()}`));
  page.on('pageerror', (e) => console.warn(`  page error: ${e.message}`));
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL(/\/projects$/);
  await page.getByRole('button', { name: LANGUAGE_BUTTON[locale] }).click();
  return { context, page };
}
