/**
 * Screenshots of the Funding page and the leadership dashboard in both languages, on a desktop
 * and a 360 px phone, for a person to look at. Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/funding-screenshots.ts [/tmp/lienket-shots]
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

async function shoot(page: Page, name: string, locale: Locale, width: number) {
  await page.waitForTimeout(300);
  const file = join(outDir, `${name}-${locale}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (width > 600) await page.screenshot({ path: join(outDir, `${name}-${locale}-${width}-top.png`) });
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (viewport && width < 600) {
    for (let part = 0, y = 0; part < 4 && y < height; part++, y += viewport.height) {
      const clip = { x: 0, y, width: viewport.width, height: Math.min(viewport.height, height - y) };
      await page.screenshot({ path: join(outDir, `${name}-${locale}-${width}-part${part + 1}.png`), fullPage: true, clip });
    }
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`${file}${overflow > 0 ? `  ⚠️ overflows by ${overflow}px` : ''}`);
  if (overflow > 0) {
    // Name the outermost elements that stick out, to find what to fix.
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

async function session(browser: Browser, server: TestServer, locale: Locale, width: number, email: string) {
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

async function main() {
  assertClientBuilt();
  mkdirSync(outDir, { recursive: true });
  const server = await startTestServer('sqlite');
  const browser = await launchBrowser();
  try {
    const db = server.database.db;
    const projectId = (await db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow()).id;
    const v1 = await db.selectFrom('funding_estimates').select('id').where('project_id', '=', projectId).where('number', '=', 1).executeTakeFirstOrThrow();
    for (const locale of LOCALES) {
      for (const width of WIDTHS) {
        const editor = await session(browser, server, locale, width, 'approver.qn-doit@lienket.demo');
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

        const viewer = await session(browser, server, locale, width, 'viewer.moit@lienket.demo');
        await viewer.page.goto(`/projects/${projectId}/dashboard`);
        await viewer.page.locator('.key-figures').waitFor();
        await shoot(viewer.page, '33-dashboard', locale, width);
        await viewer.page.goto(`/projects/${projectId}/funding`);
        await viewer.page.locator('.funding-grid tbody tr').first().waitFor();
        await shoot(viewer.page, '34-funding-viewer', locale, width);
        await viewer.context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
