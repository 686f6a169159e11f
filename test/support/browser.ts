import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import type { Config } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { startTestServer, type TestServer } from './server.ts';

/** Debian's Chromium: playwright-core drives it without downloading a browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The built client the test server serves (CLIENT_DIR, as the server reads it); browser tests need `npx vite build` first. */
export const CLIENT_INDEX = join(resolve(process.env.CLIENT_DIR ?? 'dist/client'), 'index.html');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * `describe` for browser suites. Without Chromium the suite is skipped loudly on a developer
 * machine and fails in CI (CI=true), where a missing browser must never pass as green.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM_PATH}: CI runs every browser test`);
  console.warn(`\n⚠️  Chromium not found at ${CHROMIUM_PATH}: browser tests "${name}" are SKIPPED (apt-get install chromium)\n`);
  describe.skip(`${name} — SKIPPED: no Chromium at ${CHROMIUM_PATH}`, body);
}

/** Fails early, with the fix, when the client was not built. */
export function assertClientBuilt(): void {
  if (!existsSync(CLIENT_INDEX)) throw new Error(`${CLIENT_INDEX} is missing: run \`npx vite build\` before the browser tests`);
}

export interface PageProblems {
  /** Console errors, uncaught exceptions and Content-Security-Policy violations seen so far. */
  list(): string[];
  /** Forgets problems matching `pattern` (e.g. the 401 a wrong password is expected to produce). */
  allow(pattern: RegExp): void;
}

/**
 * Records everything on a page that means the client misbehaves: console errors (Chromium logs
 * CSP refusals there), uncaught exceptions, and securitypolicyviolation events caught in the page.
 */
export async function watchProblems(context: BrowserContext): Promise<PageProblems> {
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const onPage = (page: Page) => {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || message.type() === 'warning' && /Content.Security.Policy|CSP/i.test(message.text())) {
        problems.push(`console ${message.type()}: ${message.text()} @ ${message.location().url}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  };
  context.on('page', onPage);
  for (const page of context.pages()) onPage(page);
  return {
    list: () => problems.filter((p) => !allowed.some((a) => a.test(p))),
    allow: (pattern) => allowed.push(pattern),
  };
}

/** Logs `email` in through the login form (Vietnamese, the default) and waits for the project list. */
export async function logInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL(/\/projects$/);
}

export interface BrowserPerson {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/**
 * The frame browser suites share: the real server on the demo data (SQLite), one Chromium, and
 * people who each log in through the form in a browser context of their own. After every test
 * their contexts close, and the test fails on any console error, page error or CSP violation
 * they met. Call it inside `describeInBrowser`; hooks a suite registers before it run first.
 */
export function browserSuite(options: { server?: () => Partial<Config> } = {}) {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let chuLai = 0;
  const opened: BrowserPerson[] = [];

  beforeAll(async () => {
    assertClientBuilt();
    server = await startTestServer('sqlite', options.server?.());
    browser = await launchBrowser();
    chuLai = (await server.database.db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    const problems = opened.flatMap((o) => o.problems.list());
    await Promise.all(opened.splice(0).map((o) => o.context.close()));
    expect(problems).toEqual([]);
  });

  return {
    get server(): TestServer {
      if (!server) throw new Error('browserSuite: the server starts in beforeAll');
      return server;
    },
    /** The id of the demo's Chu Lai pilot. */
    get chuLai(): number {
      return chuLai;
    },
    /** The problems seen so far by the person whose page this is. */
    problemsOf(page: Page): PageProblems {
      const person = opened.find((o) => o.page === page);
      if (!person) throw new Error('browserSuite: not a page of this suite');
      return person.problems;
    },
    /** `email` logged in at their own computer: 1280 × 800, Vietnamese time, unless told otherwise. */
    async logIn(email: string, context: BrowserContextOptions = {}): Promise<BrowserPerson> {
      if (!browser || !server) throw new Error('browserSuite: log in from a test, after beforeAll');
      const person = await browser.newContext({
        baseURL: server.url,
        viewport: { width: 1280, height: 800 },
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        ...context,
      });
      person.setDefaultTimeout(10_000);
      const problems = await watchProblems(person);
      const page = await person.newPage();
      opened.push({ context: person, page, problems });
      await logInThroughForm(page, email, DEMO_PASSWORD);
      return { context: person, page, problems };
    },
  };
}
