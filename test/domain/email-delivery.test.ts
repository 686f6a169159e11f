import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { defaultConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/schema.ts';
import { createLogger } from '../../server/logger.ts';
import { createEmailSender, type EmailSender } from '../../server/notifications/email-sender.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenFailedEmail } from '../support/email-fixtures.ts';
import { callerFor, givenUser } from '../support/fixtures.ts';
import { givenPlanWorld, givenTask, refusal, type PlanWorld } from '../support/plan-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const MAIL_FROM = 'LienKet <lienket@lienket.test>';
const HOUR = 60 * 60_000;

function outbox(db: Kysely<Database>) {
  return db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
}

function auditEvents(db: Kysely<Database>) {
  return db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
}

describeEachDialect('administrators and e-mail delivery', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  let sink: SmtpSink;
  let senders: EmailSender[];
  let admin: Awaited<ReturnType<typeof givenUser>>;
  const smtpConfig = () => defaultConfig({ smtpUrl: sink.url, mailFrom: MAIL_FROM });
  const asAdmin = (config = smtpConfig()) => callerFor(t.db, admin, { clock: w.clock, config });

  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
    admin = await givenUser(t.db, { organizationId: w.orgs.other.id, admin: true, name: 'Quản trị viên' });
    sink = await startSmtpSink();
    senders = [];
  });
  afterEach(async () => {
    await Promise.all(senders.map((s) => s.stop()));
    await sink.close();
    await t.destroy();
  });

  const sender = (maxAttempts = 8) => {
    const s = createEmailSender({ db: t.db, dialect, config: { smtpUrl: sink.url, mailFrom: MAIL_FROM, publicUrl: undefined }, clock: w.clock, logger: createLogger('silent'), maxAttempts });
    senders.push(s);
    return s;
  };
  const now = () => w.clock.now().toISOString();
  const ago = (ms: number) => new Date(w.clock.now().getTime() - ms).toISOString();
  const failedFor = (userId: number, options: { at?: string; error?: string } = {}) => givenFailedEmail(t.db, { userId, projectId: w.projectId, at: now(), ...options });

  it('sums up the outbox, and says whether sending is on without giving away the SMTP address', async () => {
    const empty = await asAdmin(defaultConfig()).admin.emailDelivery.summary();
    expect(empty).toEqual({ sending: false, pending: 0, sentLastDay: 0, failed: 0, oldestPendingAt: null, oldestPendingAgeMs: null });

    const { member, approver } = w.people.lead;
    await w.as(member).notifications.setEmailPreferences({ kinds: ['assigned'] });
    await w.as(approver).notifications.setEmailPreferences({ kinds: ['assigned'] });
    // Two queued three hours ago, then one of them sent: one pending.
    await givenTask(w, { state: 'awaiting' });
    await t.db.updateTable('email_outbox').set({ created_at: ago(3 * HOUR), next_attempt_at: ago(3 * HOUR) }).execute();
    const [first] = await outbox(t.db);
    await t.db.updateTable('email_outbox').set({ sent_at: ago(HOUR), attempts: 1 }).where('id', '=', first!.id).execute();
    // One sent two days ago (not in the last 24 h), two failed.
    const old = await failedFor(member.id);
    await t.db.updateTable('email_outbox').set({ failed_at: null, sent_at: ago(48 * HOUR) }).where('id', '=', old).execute();
    await failedFor(member.id);
    await failedFor(approver.id);

    const summary = await asAdmin().admin.emailDelivery.summary();
    expect(summary).toEqual({ sending: true, pending: 1, sentLastDay: 1, failed: 2, oldestPendingAt: ago(3 * HOUR), oldestPendingAgeMs: 3 * HOUR });
    expect(JSON.stringify(summary)).not.toContain('sink-password');
    // SMTP_URL alone does not send (the server refuses to start that way; the summary agrees).
    expect((await asAdmin(defaultConfig({ smtpUrl: sink.url })).admin.emailDelivery.summary()).sending).toBe(false);
  });

  it('lists failed and retrying messages newest first, a page at a time, with who, what and why', async () => {
    const { member } = w.people.lead;
    const failed: number[] = [];
    for (let i = 0; i < 4; i++) failed.push(await failedFor(member.id, { error: i === 3 ? `451 ${'x'.repeat(1000)}` : '550 5.1.1 User unknown' }));
    // Still being retried: one failed attempt, due again later.
    const retrying = await failedFor(member.id);
    await t.db.updateTable('email_outbox').set({ failed_at: null, attempts: 2, next_attempt_at: ago(-HOUR) }).where('id', '=', retrying).execute();
    // Neither a message never tried nor one sent after failing belongs in the list.
    const sent = await failedFor(member.id);
    await t.db.updateTable('email_outbox').set({ failed_at: null, sent_at: now() }).where('id', '=', sent).execute();
    const fresh = await failedFor(member.id);
    await t.db.updateTable('email_outbox').set({ failed_at: null, attempts: 0, last_error: null }).where('id', '=', fresh).execute();
    // A message to an address that is nobody's login any more.
    const stranger = await failedFor(w.people.lead.viewer.id);
    await t.db.updateTable('email_outbox').set({ recipient: 'da-nghi@example.vn' }).where('id', '=', stranger).execute();

    const list = asAdmin().admin.emailDelivery.list;
    const first = await list({ limit: 4 });
    expect(first.messages.map((m) => m.id)).toEqual([stranger, retrying, failed[3], failed[2]]);
    const second = await list({ limit: 4, cursor: first.nextCursor });
    expect(second.messages.map((m) => m.id)).toEqual([failed[1], failed[0]]);
    expect(second.nextCursor).toBeNull();

    const [orphan, again, long] = first.messages;
    expect(orphan).toMatchObject({ recipient: 'da-nghi@example.vn', recipientName: null });
    expect(again).toMatchObject({ status: 'retrying', attempts: 2, failedAt: null, nextAttemptAt: ago(-HOUR), recipient: member.email, recipientName: member.display_name, kind: 'overdue' });
    expect(long).toMatchObject({ status: 'failed', attempts: 8, failedAt: now(), nextAttemptAt: null, createdAt: now() });
    expect(long!.subject).toContain('Công việc');
    expect(long!.lastError!.length).toBeLessThanOrEqual(300);
    expect(long!.lastError).toMatch(/^451 x+…$/);
    expect(second.messages[0]!.lastError).toBe('550 5.1.1 User unknown');

    expect(await refusal(list({ limit: 101 }))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
  });

  it('puts only the named failed messages back in the queue, due now, keeping the last error, with an audit event', async () => {
    const { member } = w.people.lead;
    const [a, b, c] = [await failedFor(member.id), await failedFor(member.id), await failedFor(member.id)];
    await t.db.updateTable('email_outbox').set({ claimed_until: ago(-HOUR), claimed_by: 'stale-instance' }).where('id', '=', a).execute();
    w.clock.advance(HOUR);

    expect(await asAdmin().admin.emailDelivery.retry({ ids: [a, b, a] })).toEqual({ count: 2 });
    const rows = await outbox(t.db);
    for (const id of [a, b]) {
      expect(rows.find((r) => r.id === id)).toMatchObject({ failed_at: null, attempts: 0, next_attempt_at: now(), claimed_until: null, claimed_by: null, sent_at: null, last_error: expect.stringContaining('550') });
    }
    expect(rows.find((r) => r.id === c)).toMatchObject({ failed_at: ago(HOUR), attempts: 8 });

    const event = (await auditEvents(t.db)).at(-1)!;
    expect(event).toMatchObject({ action: 'email.retried', actor_user_id: admin.id, subject_type: 'email_outbox', subject_id: `${a},${b}`, project_id: null, at: now() });
    expect(JSON.parse(event.after_json!)).toEqual({ ids: [a, b], count: 2 });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    const summary = await asAdmin().admin.emailDelivery.summary();
    expect(summary).toMatchObject({ pending: 2, failed: 1 });
  });

  it('refuses a retry that names a sent, pending or unknown message, and changes nothing', async () => {
    const { member } = w.people.lead;
    const failed = await failedFor(member.id);
    const sent = await failedFor(member.id);
    await t.db.updateTable('email_outbox').set({ failed_at: null, sent_at: now() }).where('id', '=', sent).execute();
    const pending = await failedFor(member.id);
    await t.db.updateTable('email_outbox').set({ failed_at: null, attempts: 1 }).where('id', '=', pending).execute();
    const before = { rows: await outbox(t.db), events: (await auditEvents(t.db)).length };

    for (const ids of [[failed, sent], [failed, 999_999], [pending]]) {
      const refused = await refusal(asAdmin().admin.emailDelivery.retry({ ids }));
      expect(refused).toMatchObject({ code: 'BAD_REQUEST', reason: 'email_not_retryable' });
      expect(refused.message).toContain(String(ids[ids.length - 1]));
      expect(refused.message).not.toContain(`${failed},`);
    }
    expect(await refusal(asAdmin().admin.emailDelivery.retry({ ids: [] }))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    expect(await refusal(asAdmin().admin.emailDelivery.retry({ ids: Array.from({ length: 101 }, (_, i) => i + 1) }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await outbox(t.db)).toEqual(before.rows);
    expect((await auditEvents(t.db)).length).toBe(before.events);
  });

  it('retries every failed message at once; with none failed it writes nothing', async () => {
    const { member, approver } = w.people.lead;
    const ids = [await failedFor(member.id), await failedFor(approver.id)];
    const sent = await failedFor(member.id);
    await t.db.updateTable('email_outbox').set({ failed_at: null, sent_at: now() }).where('id', '=', sent).execute();

    expect(await asAdmin().admin.emailDelivery.retryAllFailed()).toEqual({ count: 2 });
    const rows = await outbox(t.db);
    expect(rows.filter((r) => r.failed_at !== null)).toEqual([]);
    expect(rows.find((r) => r.id === sent)).toMatchObject({ attempts: 8, sent_at: now() });
    const events = await auditEvents(t.db);
    expect(events.at(-1)).toMatchObject({ action: 'email.retried', subject_id: 'all-failed' });
    expect(JSON.parse(events.at(-1)!.after_json!)).toEqual({ ids, count: 2 });

    expect(await asAdmin().admin.emailDelivery.retryAllFailed()).toEqual({ count: 0 });
    expect((await auditEvents(t.db)).length).toBe(events.length);
  });

  it('is for administrators only', async () => {
    const failed = await failedFor(w.people.lead.member.id);
    const before = await outbox(t.db);
    for (const [caller, code] of [
      [w.as(w.people.lead.coordinator), 'FORBIDDEN'],
      [w.as(w.people.lead.member), 'FORBIDDEN'],
      [callerFor(t.db, null), 'UNAUTHORIZED'],
    ] as const) {
      expect(await refusal(caller.admin.emailDelivery.summary())).toMatchObject({ code });
      expect(await refusal(caller.admin.emailDelivery.list({}))).toMatchObject({ code });
      expect(await refusal(caller.admin.emailDelivery.retry({ ids: [failed] }))).toMatchObject({ code });
      expect(await refusal(caller.admin.emailDelivery.retryAllFailed())).toMatchObject({ code });
    }
    expect(await outbox(t.db)).toEqual(before);
  });

  it('a message the SMTP server refused until the sender gave up is delivered once after a retry, even days later', async () => {
    const { member } = w.people.lead;
    await w.as(member).notifications.setEmailPreferences({ kinds: ['assigned'] });
    await givenTask(w, { state: 'awaiting', title: 'Khảo sát dây chuyền hàn' });
    sink.judge = () => 'Mailbox unavailable';
    // One attempt allowed: the refusal is the last one, as the eighth would be.
    expect(await sender(1).runOnce()).toBe(1);
    const [failed] = await outbox(t.db);
    expect(failed).toMatchObject({ attempts: 1, sent_at: null, recipient: member.email });
    expect(failed!.failed_at).not.toBeNull();
    expect(failed!.last_error).toContain('Mailbox unavailable');
    const listed = await asAdmin().admin.emailDelivery.list({});
    expect(listed.messages).toEqual([expect.objectContaining({ id: failed!.id, status: 'failed', lastError: expect.stringContaining('Mailbox unavailable') })]);

    // The administrator looks three days later, past the age at which the sender drops a message.
    w.clock.advance(72 * HOUR);
    sink.judge = undefined;
    expect(await sender().runOnce()).toBe(0);
    await asAdmin().admin.emailDelivery.retry({ ids: [failed!.id] });
    expect(await sender().runOnce()).toBe(1);
    expect(sink.received.map((m) => [m.to, m.subject])).toEqual([[[member.email], expect.stringContaining('Khảo sát dây chuyền hàn')]]);
    const [sent] = await outbox(t.db);
    expect(sent).toMatchObject({ attempts: 1, failed_at: null, claimed_until: null });
    expect(sent!.sent_at).toBe(now());
    // Sent once: another pass sends nothing, and the message leaves the list.
    expect(await sender().runOnce()).toBe(0);
    expect(sink.received).toHaveLength(1);
    expect((await asAdmin().admin.emailDelivery.list({})).messages).toEqual([]);
    expect(await asAdmin().admin.emailDelivery.summary()).toMatchObject({ pending: 0, failed: 0, sentLastDay: 1 });
  });
});
