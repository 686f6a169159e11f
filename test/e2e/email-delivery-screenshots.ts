/**
 * Screenshots of the administrators' E-mail tab in both languages, on a desktop and a 360 px phone:
 * with failed and retrying messages on a server that does not send, and empty on one that does.
 * Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/email-delivery-screenshots.ts [/tmp/lienket-shots/email]
 * (CLIENT_DIR=… for both commands serves a build of your own.)
 */
import type { Browser } from 'playwright-core';
import { givenFailedEmail } from '../support/email-fixtures.ts';
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession, type ScreenshotLocale } from '../support/screenshots.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const HOUR = 60 * 60_000;

async function openTab(browser: Browser, server: TestServer, locale: ScreenshotLocale, width: number) {
  const session = await screenshotSession(browser, server, locale, width, 'admin@lienket.demo', { desktopHeight: 900 });
  await session.page.goto('/admin?tab=email');
  await session.page.locator('.email-counts').waitFor();
  await session.page.locator('.email-table, .empty-state').first().waitFor();
  return session;
}

await runScreenshots('/tmp/lienket-shots/email', { settle: 300, fullPage: true, phoneParts: 'long', culprits: true }, async ({ server: withoutSmtp, browser, chuLai, shoot }) => {
  const db = withoutSmtp.database.db;
  const person = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
  await givenFailedEmail(db, { userId: await person('member.thaco-ind@lienket.demo'), projectId: chuLai, at: at(30), error: '550 5.1.1 <member.thaco-ind@lienket.demo>: Recipient address rejected: User unknown in virtual mailbox table' });
  await givenFailedEmail(db, { userId: await person('approver.moit@lienket.demo'), projectId: chuLai, at: at(6), error: `451 4.7.1 Greylisted, please try again later ${'(policy-abc123def456) '.repeat(8)}` });
  await givenFailedEmail(db, { userId: await person('coordinator.qn-doit@lienket.demo'), projectId: chuLai, at: at(2), error: 'connect ETIMEDOUT 203.0.113.25:587' });
  // Still being retried by the sender, and one that simply waits.
  const retrying = await givenFailedEmail(db, { userId: await person('member.moit@lienket.demo'), projectId: chuLai, at: at(1), error: '421 4.3.2 Service not available, closing transmission channel' });
  await db.updateTable('email_outbox').set({ failed_at: null, attempts: 3, next_attempt_at: at(-0.25) }).where('id', '=', retrying).execute();
  const waiting = await givenFailedEmail(db, { userId: await person('viewer.vioit@lienket.demo'), projectId: chuLai, at: at(3) });
  await db.updateTable('email_outbox').set({ failed_at: null, attempts: 0, last_error: null }).where('id', '=', waiting).execute();

  const sink = await startSmtpSink();
  const withSmtp = await startTestServer('sqlite', { smtpUrl: sink.url, mailFrom: 'LienKet <lienket@lienket.test>' });
  try {
    for (const locale of SCREENSHOT_LOCALES) {
      for (const width of SCREENSHOT_WIDTHS) {
        const failures = await openTab(browser, withoutSmtp, locale, width);
        await shoot(failures.page, '55-admin-email-failures', locale, width);
        await failures.context.close();

        const empty = await openTab(browser, withSmtp, locale, width);
        await shoot(empty.page, '56-admin-email-empty', locale, width);
        await empty.context.close();
      }
    }
  } finally {
    await withSmtp.stop();
    await sink.close();
  }
});
