import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connect.ts';
import type { Database } from '../../server/db/schema.ts';
import { createLogger } from '../../server/logger.ts';
import { createEmailSender, outboxMessageId, type EmailSender, type EmailSenderOptions } from '../../server/notifications/email-sender.ts';
import { notify } from '../../server/notifications/notify.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenQueuedEmails } from '../support/email-fixtures.ts';
import { callerFor, givenUser } from '../support/fixtures.ts';
import { givenPlanWorld, givenTask, refusal, type PlanWorld } from '../support/plan-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const MAIL_FROM = 'LienKet <lienket@lienket.test>';
const PUBLIC_URL = 'https://lienket.example.gov.vn';
const quiet = createLogger('silent');

function outbox(db: Kysely<Database>) {
  return db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
}

describeEachDialect('e-mail notifications through the outbox', (dialect) => {
  let t: TestDatabase;
  let w: PlanWorld;
  let sink: SmtpSink;
  let senders: EmailSender[] = [];
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    w = await givenPlanWorld(t.db);
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await Promise.all(senders.map((s) => s.stop()));
    senders = [];
    await sink.close();
    await t.destroy();
  });

  const sender = (options: Partial<EmailSenderOptions> = {}) => {
    const s = createEmailSender({
      db: t.db,
      dialect,
      config: { smtpUrl: sink.url, mailFrom: MAIL_FROM, publicUrl: PUBLIC_URL },
      clock: w.clock,
      logger: quiet,
      ...options,
    });
    senders.push(s);
    return s;
  };

  it('is off by default; each person reads and sets only their own kinds, audited', async () => {
    const member = w.as(w.people.lead.member);
    const approver = w.as(w.people.lead.approver);
    expect(await member.notifications.emailPreferences()).toEqual({ kinds: [], address: w.people.lead.member.email, delivery: false });

    const set = await member.notifications.setEmailPreferences({ kinds: ['mentioned', 'assigned', 'assigned'] });
    expect(set.kinds).toEqual(['assigned', 'mentioned']);
    expect((await member.notifications.emailPreferences()).kinds).toEqual(['assigned', 'mentioned']);
    expect((await approver.notifications.emailPreferences()).kinds).toEqual([]);
    const [event] = await t.db.selectFrom('audit_events').selectAll().where('action', '=', 'email_preferences.updated').execute();
    expect(event).toMatchObject({ actor_user_id: w.people.lead.member.id, subject_id: String(w.people.lead.member.id), project_id: null });
    expect(JSON.parse(event!.after_json!)).toEqual({ kinds: ['assigned', 'mentioned'] });

    expect(await refusal(member.notifications.setEmailPreferences({ kinds: ['spam' as never] }))).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
    expect(await refusal(callerFor(t.db, null).notifications.setEmailPreferences({ kinds: [] }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await member.notifications.emailPreferences()).kinds).toEqual(['assigned', 'mentioned']);

    await member.notifications.setEmailPreferences({ kinds: [] });
    expect((await member.notifications.emailPreferences()).kinds).toEqual([]);
  });

  it('mails the person who opted in, in their language with a link, and nobody who did not; a refused mutation queues nothing', async () => {
    const { member, approver } = w.people.lead;
    await t.db.updateTable('users').set({ locale: 'en' }).where('id', '=', member.id).execute();
    await w.as(member).notifications.setEmailPreferences({ kinds: ['assigned'] });
    // The approver is told in the app too, but chose e-mail only for mentions.
    await w.as(approver).notifications.setEmailPreferences({ kinds: ['mentioned'] });

    const task = await givenTask(w, { state: 'unassigned', title: 'Tư vấn bố trí nhà xưởng' });
    expect(await refusal(w.coordinator.tasks.assign({ projectId: w.projectId, taskId: task.id, version: task.version + 5, organizationId: w.orgs.lead.id }))).toMatchObject({ code: 'CONFLICT' });
    expect(await outbox(t.db)).toEqual([]);

    await w.coordinator.tasks.assign({ projectId: w.projectId, taskId: task.id, version: task.version, organizationId: w.orgs.lead.id });
    const rows = await outbox(t.db);
    expect(rows.map((r) => r.recipient)).toEqual([member.email]);

    expect(await sender().runOnce()).toBe(1);
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail!.to).toEqual([member.email]);
    expect(mail!.from).toBe('lienket@lienket.test');
    expect(mail!.messageId).toBe(outboxMessageId(rows[0]!, MAIL_FROM));
    expect(mail!.subject).toBe(`[${w.project.code}] New task for ${w.orgs.lead.code}: Tư vấn bố trí nhà xưởng`);
    expect(mail!.text).toContain(`Open in LienKet: ${PUBLIC_URL}/projects/${w.projectId}/tasks/${task.id}`);
    expect(mail!.text).toContain(`${PUBLIC_URL}/settings/notifications`);
    const [sent] = await outbox(t.db);
    expect(sent).toMatchObject({ attempts: 1, claimed_until: null, failed_at: null });
    expect(sent!.sent_at).not.toBeNull();

    // Nothing is sent twice: another pass finds nothing.
    expect(await sender().runOnce()).toBe(0);
    expect(sink.received).toHaveLength(1);
  });

  it('writes the message in Vietnamese for a Vietnamese reader, and only for active people', async () => {
    const { approver } = w.people.lead;
    await w.as(approver).notifications.setEmailPreferences({ kinds: ['assigned'] });
    const inactive = await givenUser(t.db, { organizationId: w.orgs.lead.id, active: false });
    await t.db.insertInto('email_preferences').values({ user_id: inactive.id, kind: 'assigned' }).execute();
    const at = w.clock.now().toISOString();
    await t.db.transaction().execute((tx) =>
      notify(tx, [
        { userId: approver.id, projectId: w.projectId, kind: 'assigned', actorUserId: null, taskId: 77, payload: { taskTitle: 'Khảo sát', organizationCode: 'QN-DOIT' }, at },
        { userId: inactive.id, projectId: w.projectId, kind: 'assigned', actorUserId: null, taskId: 77, payload: { taskTitle: 'Khảo sát', organizationCode: 'QN-DOIT' }, at },
      ]),
    );
    await sender({ config: { smtpUrl: sink.url, mailFrom: MAIL_FROM, publicUrl: undefined } }).runOnce();
    expect(sink.received.map((m) => m.to)).toEqual([[approver.email]]);
    expect(sink.received[0]!.subject).toBe(`[${w.project.code}] Công việc mới giao cho QN-DOIT: Khảo sát`);
    // Without PUBLIC_URL there is no address to link to: no link rather than a wrong one.
    expect(sink.received[0]!.text).not.toContain('http');
    expect(sink.received[0]!.text).toContain('Bạn nhận thư này');
  });

  it('queues nothing when the notifying transaction rolls back, and one message per notification', async () => {
    const { member } = w.people.lead;
    await w.as(member).notifications.setEmailPreferences({ kinds: ['mentioned'] });
    const item = { userId: member.id, projectId: w.projectId, kind: 'mentioned' as const, actorUserId: null, taskId: 5, commentId: 9, at: w.clock.now().toISOString() };
    await expect(
      t.db.transaction().execute(async (tx) => {
        await notify(tx, [item]);
        throw new Error('the mutation failed after notifying');
      }),
    ).rejects.toThrow('the mutation failed');
    expect(await outbox(t.db)).toEqual([]);

    const [id] = await t.db.transaction().execute((tx) => notify(tx, [item]));
    // A second outbox row for one notification is impossible, whoever tries to write it.
    await expect(
      t.db.insertInto('email_outbox').values({ notification_id: id!, recipient: 'x@example.vn', subject: 's', body_text: 'b', body_html: null, locale: 'vi', link_path: '/', created_at: item.at, next_attempt_at: item.at }).execute(),
    ).rejects.toThrow();
    expect(await outbox(t.db)).toHaveLength(1);
  });

  it('retries a message the SMTP server refuses for now, later, and delivers it once', async () => {
    const { member } = w.people.lead;
    await w.as(member).notifications.setEmailPreferences({ kinds: ['assigned'] });
    await givenTask(w, { state: 'awaiting' });
    let refusals = 1;
    sink.judge = () => (refusals-- > 0 ? 'Mailbox busy, try again later' : undefined);
    const s = sender({ retryBaseMs: 60_000 });

    expect(await s.runOnce()).toBe(1);
    expect(sink.received).toEqual([]);
    let [row] = await outbox(t.db);
    expect(row).toMatchObject({ attempts: 1, sent_at: null, failed_at: null, claimed_until: null });
    expect(row!.last_error).toContain('451');
    expect(row!.next_attempt_at).toBe(new Date(w.clock.now().getTime() + 60_000).toISOString());

    // Not due yet: nothing is claimed or sent.
    expect(await s.runOnce()).toBe(0);
    w.clock.advance(60_000);
    expect(await s.runOnce()).toBe(1);
    expect(sink.received.map((m) => m.to)).toEqual([[member.email]]);
    [row] = await outbox(t.db);
    expect(row).toMatchObject({ attempts: 2, failed_at: null });
    expect(row!.sent_at).not.toBeNull();
  });

  it('gives up after the last attempt and says why', async () => {
    await w.as(w.people.lead.member).notifications.setEmailPreferences({ kinds: ['assigned'] });
    await givenTask(w, { state: 'awaiting' });
    sink.judge = () => 'Still busy';
    const s = sender({ maxAttempts: 2, retryBaseMs: 1000 });
    await s.runOnce();
    w.clock.advance(1000);
    await s.runOnce();
    const [row] = await outbox(t.db);
    expect(row).toMatchObject({ attempts: 2, sent_at: null, claimed_until: null });
    expect(row!.failed_at).not.toBeNull();
    expect(row!.last_error).toContain('Still busy');
    w.clock.advance(24 * 60 * 60_000);
    expect(await s.runOnce()).toBe(0);
    expect(sink.received).toEqual([]);
  });

  it('two senders working at once never send the same row', async () => {
    const count = 60;
    await givenQueuedEmails(t.db, count);
    // A second instance: its own connection pool (or SQLite connection) to the same database.
    const second = openDatabase({ databaseUrl: t.databaseUrl, sqliteFile: `${t.dataDir}/lienket.sqlite` });
    sink.delayMs = 3;
    try {
      const claimed = { a: 0, b: 0 };
      const drain = async (s: EmailSender, name: 'a' | 'b') => {
        for (let n = await s.runOnce(); n > 0; n = await s.runOnce()) {
          expect(n, 'one pass claims at most a batch').toBeLessThanOrEqual(4);
          claimed[name] += n;
        }
      };
      const a = sender({ batchSize: 4, instanceId: 'instance-a', clock: { now: () => new Date() } });
      const b = sender({ batchSize: 4, instanceId: 'instance-b', clock: { now: () => new Date() }, db: second.db });
      await Promise.all([drain(a, 'a'), drain(b, 'b')]);
      // Both really worked at once, and between them claimed each row once.
      expect(claimed.a).toBeGreaterThan(0);
      expect(claimed.b).toBeGreaterThan(0);
      expect(claimed.a + claimed.b).toBe(count);
    } finally {
      await second.db.destroy();
    }
    const ids = sink.received.map((m) => m.messageId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    const rows = await outbox(t.db);
    expect(rows.filter((r) => r.sent_at === null)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => outboxMessageId(r, MAIL_FROM))));
  });
});

describe('e-mail configuration', () => {
  it('sends nothing without SMTP_URL, and refuses to start with SMTP_URL but no MAIL_FROM', () => {
    expect(configFromEnv({})).toMatchObject({ smtpUrl: undefined, mailFrom: undefined });
    expect(() => configFromEnv({ SMTP_URL: 'smtp://relay.example.vn:587' })).toThrow('MAIL_FROM');
    expect(configFromEnv({ SMTP_URL: 'smtp://u:p@relay.example.vn:587', MAIL_FROM: 'LienKet <lienket@example.vn>' })).toMatchObject({
      smtpUrl: 'smtp://u:p@relay.example.vn:587',
      mailFrom: 'LienKet <lienket@example.vn>',
    });
  });

  it('gives every attempt at one outbox row the same Message-ID, and rows of two databases different ones', () => {
    const row = { id: 7, created_at: '2026-11-23T03:00:00.000Z' };
    expect(outboxMessageId(row, 'LienKet <lienket@example.vn>')).toBe(outboxMessageId({ ...row }, 'LienKet <lienket@example.vn>'));
    expect(outboxMessageId(row, 'LienKet <lienket@example.vn>')).toMatch(/^<lienket-outbox-7\.[0-9a-z]+@example\.vn>$/);
    expect(outboxMessageId({ ...row, created_at: '2026-11-24T03:00:00.000Z' }, 'lienket@example.vn')).not.toBe(outboxMessageId(row, 'lienket@example.vn'));
  });
});
