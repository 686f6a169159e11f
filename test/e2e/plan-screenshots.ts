/**
 * Screenshots of the action plan screens (Plan, Task, My work) in both languages, on a desktop
 * and a 360 px phone, for a person to look at. Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/plan-screenshots.ts [/tmp/lienket-shots]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { assertClientBuilt, launchBrowser } from '../support/browser.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

const outDir = process.argv[2] ?? '/tmp/lienket-shots';
const LOCALES = ['vi', 'en'] as const;
type Locale = (typeof LOCALES)[number];
const LANGUAGE_BUTTON: Record<Locale, string> = { vi: 'Tiếng Việt', en: 'English' };

async function shoot(page: Page, name: string, locale: Locale, width: number) {
  await page.waitForTimeout(200);
  const file = join(outDir, `${name}-${locale}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  // The first screen of a long desktop page too, at a size that can be read.
  if (width > 600) await page.screenshot({ path: join(outDir, `${name}-${locale}-${width}-top.png`) });
  // Phones: the first screens as parts, since a whole 360 × 10000 image cannot be read.
  const viewport = page.viewportSize();
  if (viewport && width < 600) {
    for (let part = 0; part < 3; part++) {
      await page.screenshot({ path: join(outDir, `${name}-${locale}-${width}-part${part + 1}.png`), fullPage: true, clip: { x: 0, y: part * viewport.height, width: viewport.width, height: viewport.height } });
    }
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  console.log(`${file}${overflow > 0 ? `  ⚠️ overflows by ${overflow}px` : ''}`);
}

async function session(browser: Browser, server: TestServer, locale: Locale, width: number, email: string) {
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
  return { context, page };
}

async function main() {
  assertClientBuilt();
  mkdirSync(outDir, { recursive: true });
  const server = await startTestServer('sqlite');
  const browser = await launchBrowser();
  try {
    const db = server.database.db;
    const project = await db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const task = await db.selectFrom('tasks').select('id').where('title', 'like', 'Đánh giá năng lực chuỗi cung ứng%').executeTakeFirstOrThrow();
    for (const locale of LOCALES) {
      for (const width of [1280, 360]) {
        {
          const { context, page } = await session(browser, server, locale, width, 'coordinator.vioit@lienket.demo');
          await page.goto(`/projects/${project.id}/plan`);
          await page.locator('.task-row').first().waitFor();
          await shoot(page, '20-plan', locale, width);
          await page.locator('.task-row .row-actions button').first().click();
          await shoot(page, '21-plan-row-edit', locale, width);
          await page.goto(`/projects/${project.id}/tasks/${task.id}`);
          await page.locator('.history').waitFor();
          await shoot(page, '22-task', locale, width);
          // A colleague saves first: the stale save opens the CONFLICT dialog.
          await page.locator('details.disclosure summary').click();
          const colleague = new HttpSession(server.url);
          await colleague.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
          const { version, title } = await db.selectFrom('tasks').select(['version', 'title']).where('id', '=', task.id).executeTakeFirstOrThrow();
          await colleague.call('tasks.update', { projectId: project.id, taskId: task.id, version, title: `${title} (${locale} ${width})`, dueDate: '2026-12-31' });
          await page.locator('details.disclosure input[name="title"]').fill(`${title} — sửa của tôi`);
          await page.locator('details.disclosure button[type="submit"]').click();
          await page.locator('dialog[open]').waitFor();
          await shoot(page, '25-task-conflict', locale, width);
          await page.locator('dialog[open] .button--secondary').click();
          await page.goto(`/projects/${project.id}/my-work`);
          await page.locator('#mine-title').waitFor();
          await shoot(page, '23-my-work-coordinator', locale, width);
          await context.close();
        }
        {
          const { context, page } = await session(browser, server, locale, width, 'member.thaco-ind@lienket.demo');
          await page.goto(`/projects/${project.id}/my-work`);
          await page.locator('.work-card').first().waitFor();
          await page.locator('.work-card .answer-buttons .button--secondary').first().click();
          await shoot(page, '24-my-work-member', locale, width);
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
