import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { assertClientBuilt, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

// What the *-screenshots.ts scripts share: both languages at a desktop and a 360 px phone width,
// a logged-in page in the chosen language, and a screenshot that warns when the page overflows.

export const SCREENSHOT_WIDTHS = [1280, 360] as const;
export const SCREENSHOT_LOCALES = ['vi', 'en'] as const;
export type ScreenshotLocale = (typeof SCREENSHOT_LOCALES)[number];
const LANGUAGE_BUTTON: Record<ScreenshotLocale, string> = { vi: 'Tiếng Việt', en: 'English' };

export interface ShootOptions {
  /** Milliseconds for fonts and the last render to settle; 200 unless told. */
  settle?: number;
  /** The whole page rather than the viewport. */
  fullPage?: boolean;
  /** Only this element (a panel) rather than the page. */
  element?: Locator;
  /** On a desktop, also the first screen as `-top.png`: a long page shot whole is too small to read. */
  top?: boolean;
  /**
   * On a phone, also screen-sized `-partN.png` images, since a whole 360 × 3000 image cannot be
   * read: the first N screens, or 'long': every screen, when the page is over 1.3 screens long.
   */
  phoneParts?: number | 'long';
  /** When the page overflows, also name the outermost elements that stick out, to find what to fix. */
  culprits?: boolean;
}

/** Saves `<name>-<locale>-<width>.png` in `outDir` (and the parts `options` ask for) and says if the page is wider than the screen. */
export async function shoot(page: Page, outDir: string, name: string, locale: ScreenshotLocale, width: number, options: ShootOptions = {}) {
  await page.waitForTimeout(options.settle ?? 200);
  const file = join(outDir, `${name}-${locale}-${width}.png`);
  if (options.element) await options.element.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  const viewport = page.viewportSize();
  if (options.top && width > 600) await page.screenshot({ path: join(outDir, `${name}-${locale}-${width}-top.png`) });
  if (options.phoneParts !== undefined && viewport && width < 600) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const long = options.phoneParts !== 'long' || height > viewport.height * 1.3;
    const max = options.phoneParts === 'long' ? Infinity : options.phoneParts;
    for (let part = 0, y = 0; long && part < max && y < height; part++, y += viewport.height) {
      const clip = { x: 0, y, width: viewport.width, height: Math.min(viewport.height, height - y) };
      await page.screenshot({ path: join(outDir, `${name}-${locale}-${width}-part${part + 1}.png`), fullPage: true, clip });
    }
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`${file}${overflow > 0 ? `  ⚠️ overflows by ${overflow}px` : ''}`);
  if (overflow > 0 && options.culprits) {
    const culprits = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    });
    console.log(`    sticking out: ${culprits.join(', ')}`);
  }
}

export interface SessionOptions {
  /** The desktop viewport's height; 800 unless told (a phone's is 740). */
  desktopHeight?: number;
  /** Console errors expected on these pages (e.g. a wrong password's 401), not worth a warning. */
  quiet?: RegExp;
}

/**
 * A new browser context showing the interface in `locale`, logged in as a demo person, or on the
 * login page when `email` is null.
 */
export async function screenshotSession(browser: Browser, server: TestServer, locale: ScreenshotLocale, width: number, email: string | null, options: SessionOptions = {}) {
  const height = width > 600 ? (options.desktopHeight ?? 800) : 740;
  const context = await browser.newContext({ baseURL: server.url, viewport: { width, height }, locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && !options.quiet?.test(m.text()) && console.warn(`  console: ${m.text()}`));
  page.on('pageerror', (e) => console.warn(`  page error: ${e.message}`));
  await page.goto('/login');
  if (email) {
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(/\/projects$/);
  }
  // After logging in too: logging in adopts the person's saved language.
  await page.getByRole('button', { name: LANGUAGE_BUTTON[locale] }).click();
  return { context, page };
}

export interface ScreenshotRun {
  server: TestServer;
  browser: Browser;
  /** The id of the demo's Chu Lai pilot. */
  chuLai: number;
  outDir: string;
  /** `shoot` into `outDir`, with the run's default options under `options`. */
  shoot(page: Page, name: string, locale: ScreenshotLocale, width: number, options?: ShootOptions): Promise<void>;
}

/**
 * The frame of a screenshot script: the real server on the demo data (SQLite) and one Chromium,
 * closed whatever happens; the images go to the directory named on the command line, or `defaultOutDir`.
 */
export async function runScreenshots(defaultOutDir: string, body: (run: ScreenshotRun) => Promise<void>): Promise<void>;
export async function runScreenshots(defaultOutDir: string, shootDefaults: ShootOptions, body: (run: ScreenshotRun) => Promise<void>): Promise<void>;
export async function runScreenshots(
  defaultOutDir: string,
  ...args: [(run: ScreenshotRun) => Promise<void>] | [ShootOptions, (run: ScreenshotRun) => Promise<void>]
): Promise<void> {
  const [shootDefaults, body] = args.length === 1 ? [{}, args[0]] : args;
  const outDir = process.argv[2] ?? defaultOutDir;
  assertClientBuilt();
  mkdirSync(outDir, { recursive: true });
  const server = await startTestServer('sqlite');
  const browser = await launchBrowser();
  try {
    const chuLai = (await server.database.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow()).id;
    await body({
      server,
      browser,
      chuLai,
      outDir,
      shoot: (page, name, locale, width, options) => shoot(page, outDir, name, locale, width, { ...shootDefaults, ...options }),
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}
