import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDateTime } from '../../shared/format.ts';
import { browserSuite, describeInBrowser } from '../support/browser.ts';
import { givenFailedEmail } from '../support/email-fixtures.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { until } from '../hardening/support/writers.ts';

const ADMIN = 'admin@lienket.demo';
const THACO_MEMBER = 'member.thaco-ind@lienket.demo';
const PHONE = { width: 360, height: 740 };
const REJECTED = '550 5.1.1 <member.thaco-ind@lienket.demo>: Recipient address rejected: User unknown in virtual mailbox table';

describeInBrowser('administrators and e-mail delivery in a browser', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });
  // The real server with its sender loop, sending to a real SMTP server on loopback.
  const suite = browserSuite({ server: () => ({ smtpUrl: sink.url, mailFrom: 'LienKet <lienket@lienket.test>' }) });

  /** A message to THACO-IND's member that the sender gave up on, `hoursAgo` hours ago. */
  async function givenFailed(hoursAgo: number, error = REJECTED) {
    const db = suite.server.database.db;
    const member = await db.selectFrom('users').select('id').where('email', '=', THACO_MEMBER).executeTakeFirstOrThrow();
    const at = new Date(Date.now() - hoursAgo * 60 * 60_000).toISOString();
    return { id: await givenFailedEmail(db, { userId: member.id, projectId: suite.chuLai, at, error }), at };
  }

  const count = (page: Page, label: string) => page.locator('.email-counts > div', { hasText: label }).locator('dd');

  it('an administrator sees a failed message with its error, retries it, and it leaves the list and is delivered', async () => {
    const { id, at } = await givenFailed(5);
    const { page } = await suite.logIn(ADMIN);
    await page.goto('/admin');
    await page.getByRole('tab', { name: 'Thư điện tử' }).click();
    await page.waitForURL(/tab=email/);

    await page.getByText('Đang gửi thư điện tử').waitFor();
    expect(await count(page, 'Gửi thất bại').textContent()).toBe('1');
    const row = page.getByRole('row').filter({ hasText: THACO_MEMBER });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('Recipient address rejected');
    expect(await row.textContent()).toContain('Đã ngừng gửi');
    // Dates in Vietnam time, as the rest of the app writes them.
    expect(await row.textContent()).toContain(`Ngừng gửi lúc ${formatDateTime(at, 'vi')}`);

    await row.getByRole('button', { name: /Gửi lại/ }).click();
    await page.locator('.notice--success', { hasText: `Đã đưa thư gửi ${THACO_MEMBER} trở lại hàng đợi.` }).waitFor();
    await page.getByText('Không có thư nào gửi thất bại.').waitFor();
    await expect.poll(() => count(page, 'Gửi thất bại').textContent()).toBe('0');
    expect(await page.getByRole('button', { name: 'Gửi lại tất cả thư thất bại' }).isDisabled()).toBe(true);

    // The server's sender delivers it, once.
    await until(() => sink.received.some((m) => m.to.includes(THACO_MEMBER)), 'the retried e-mail arrived', 15_000);
    const outbox = await suite.server.database.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(outbox.sent_at).not.toBeNull();
    expect(sink.received.filter((m) => m.to.includes(THACO_MEMBER))).toHaveLength(1);
    await page.reload();
    await expect.poll(() => count(page, 'Đã gửi trong 24 giờ qua').textContent()).toBe('1');
    expect(await count(page, 'Gửi thất bại').textContent()).toBe('0');
  });

  it('stays readable on a 360 px phone, with a long SMTP reply; retrying all asks first', async () => {
    await givenFailed(30, `451 4.7.1 ${'greylisted-'.repeat(30)}please try again later`);
    await givenFailed(2);
    const { page } = await suite.logIn(ADMIN, { viewport: PHONE });
    await page.goto('/admin?tab=email');
    await page.getByRole('row').filter({ hasText: 'greylisted' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: THACO_MEMBER }).count()).toBe(2);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);

    await page.getByRole('button', { name: 'Gửi lại tất cả thư thất bại' }).click();
    await page.getByRole('group', { name: 'Gửi lại 2 thư thất bại?' }).getByRole('button', { name: 'Gửi lại tất cả thư thất bại' }).click();
    await page.locator('.notice--success', { hasText: 'Đã đưa 2 thư trở lại hàng đợi.' }).waitFor();
    await page.getByText('Không có thư nào gửi thất bại.').waitFor();
    await until(() => sink.received.filter((m) => m.to.includes(THACO_MEMBER)).length >= 3, 'both retried e-mails arrived', 15_000);
  });
});
