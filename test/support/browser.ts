import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's Chromium: playwright-core drives it without downloading a browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The built client the test server serves; browser tests need `npx vite build` first. */
export const CLIENT_INDEX = join(process.cwd(), 'dist', 'client', 'index.html');

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
