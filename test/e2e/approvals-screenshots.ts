/**
 * Screenshots of the Approvals inbox, an approval page, the outline and its diff, in both
 * languages, on a desktop and a 360 px phone. Not a test: run it by hand and look at them.
 *
 * @example npx vite build && npx tsx test/e2e/approvals-screenshots.ts [/tmp/lienket-shots]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { assertClientBuilt, launchBrowser } from '../support/browser.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

const outDir = process.argv[2] ?? '/tmp/lienket-shots';
const WIDTHS = [1280, 360] as const;
const LOCALES = ['vi', 'en'] as const;
type Locale = (typeof LOCALES)[number];
const LANGUAGE_BUTTON: Record<Locale, string> = { vi: 'Tiếng Việt', en: 'English' };

async function shoot(page: Page, name: string, locale: Locale, width: number) {
  await page.waitForTimeout(200);
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
    // v3 proposed and approved by VIOIT, so QN-DOIT's inbox has something waiting and the round has a decision.
    const coordinator = new HttpSession(server.url);
    await coordinator.login('coordinator.vioit@lienket.demo', DEMO_PASSWORD);
    const proposed = await coordinator.call('outline.propose', { projectId, note: 'Dự thảo lần 3: chi tiết lộ trình.' });
    const { version, round } = proposed.data as { version: { id: number }; round: { id: number } };
    const vioit = new HttpSession(server.url);
    await vioit.login('approver.vioit@lienket.demo', DEMO_PASSWORD);
    await vioit.call('approvals.decide', { projectId, roundId: round.id, decision: 'approve', comment: 'Viện thống nhất.' });
    const v1 = await db.selectFrom('outline_versions').select('id').where('project_id', '=', projectId).where('number', '=', 1).executeTakeFirstOrThrow();
    const v2 = await db.selectFrom('outline_versions').select('id').where('project_id', '=', projectId).where('number', '=', 2).executeTakeFirstOrThrow();

    for (const locale of LOCALES) {
      for (const width of WIDTHS) {
        const { context, page } = await session(browser, server, locale, width, 'approver.qn-doit@lienket.demo');
        await page.goto(`/projects/${projectId}/approvals`);
        await page.locator('.round-summary').first().waitFor();
        await shoot(page, '20-approvals-inbox', locale, width);
        await page.goto(`/projects/${projectId}/approvals/outline_version/${version.id}`);
        await page.locator('.decision-form').waitFor();
        await page.locator('.snapshot .outline-section').first().waitFor();
        await shoot(page, '21-approval-open-round', locale, width);
        await page.goto(`/projects/${projectId}/approvals/outline_version/${v1.id}`);
        await page.locator('.round-closed').waitFor();
        await shoot(page, '22-approval-superseded', locale, width);
        const milestoneRound = await db.selectFrom('approval_rounds').select('subject_id').where('project_id', '=', projectId).where('subject_kind', '=', 'milestone').orderBy('id', 'desc').executeTakeFirst();
        if (milestoneRound) {
          await page.goto(`/projects/${projectId}/approvals/milestone/${milestoneRound.subject_id}`);
          await page.locator('.timeline-item').first().waitFor();
          await shoot(page, '27-approval-milestone', locale, width);
        }
        await context.close();

        const c = await session(browser, server, locale, width, 'coordinator.vioit@lienket.demo');
        await c.page.goto(`/projects/${projectId}/outline`);
        await c.page.locator('.outline-section').first().waitFor();
        await shoot(c.page, '23-outline-draft', locale, width);
        await c.page.goto(`/projects/${projectId}/outline?tab=versions`);
        await c.page.locator('.version-card').first().waitFor();
        await shoot(c.page, '24-outline-versions', locale, width);
        await c.page.goto(`/projects/${projectId}/outline?tab=compare&from=${v1.id}&to=${v2.id}`);
        await c.page.locator('.diff-section').first().waitFor();
        await shoot(c.page, '25-outline-diff', locale, width);
        await c.page.goto(`/projects/${projectId}`);
        await c.page.locator('.project-areas').waitFor();
        await shoot(c.page, '26-project-overview-links', locale, width);
        await c.context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
