import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type ExpressionBuilder, type Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DialectName } from '../db/connect.ts';
import type { Database, EmailOutboxRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { emailText } from './email.ts';

// The background sender of email_outbox (issue 9). Any number of instances may run on one
// PostgreSQL database: each claims a small batch with a lease (claimed_until, claimed_by) in one
// UPDATE that skips rows another instance holds, sends the messages one by one, and marks each row
// sent in its own statement as soon as the SMTP server has accepted it.
//
// Exactly once, and its one limit: a row is marked sent only after the SMTP server's "250 OK" to the
// message, so a crash never loses one. A crash in the instant between that "250" and the commit of
// sent_at leaves the row unmarked; when its lease runs out it is sent again. No SMTP client can close
// that window (the server has the message and we have not recorded it). The resent message carries
// the same Message-ID, derived from the outbox row, so a receiving system that drops duplicate
// Message-IDs shows it once; test/hardening/email-outbox-crash.test.ts shows both sides of this.

export interface EmailSenderOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>;
  clock: Clock;
  logger: Logger;
  /** Rows claimed at once. */
  batchSize?: number;
  /** How long a claim keeps other instances off a row; far longer than one message may take to send. */
  leaseMs?: number;
  /** Pause after a pass that found nothing due. */
  pollMs?: number;
  /** Failed sends before the row is given up (failed_at, last_error). */
  maxAttempts?: number;
  /** First retry delay; doubled at each failure, at most an hour. */
  retryBaseMs?: number;
  /**
   * A message not sent within this long of becoming due is given up: a days-old "due soon" helps
   * nobody. Counted from next_attempt_at (never before created_at), so a message an administrator
   * puts back in the queue (server/admin/email-delivery.ts) gets this long again from then.
   */
  maxAgeMs?: number;
  /** Names this sender in claimed_by. */
  instanceId?: string;
}

export interface EmailSender {
  /** One pass: claims what is due now and sends it. Resolves with the number of rows claimed. */
  runOnce(): Promise<number>;
  /** Finishes the message in flight, releases the rest of the batch and closes the SMTP connection. */
  stop(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 60 * 60_000;

/** The message's Message-ID: the same for every attempt at one outbox row, unique across databases. */
export function outboxMessageId(row: Pick<EmailOutboxRow, 'id' | 'created_at'>, mailFrom: string): string {
  const domain = /@([^\s>@]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'lienket.invalid';
  // created_at tells apart two databases (a reset one, staging and production) whose ids collide.
  return `<lienket-outbox-${row.id}.${Date.parse(row.created_at).toString(36)}@${domain}>`;
}

/** A sender that sends only when asked (runOnce); startEmailSender runs it in a loop. */
export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const { db, dialect, config, clock, logger } = options;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const maxAgeMs = options.maxAgeMs ?? 2 * 24 * 60 * 60_000;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  if (!config.smtpUrl || !config.mailFrom) throw new Error('the e-mail sender needs SMTP_URL and MAIL_FROM');
  const mailFrom = config.mailFrom;
  // One reused connection; timeouts well inside the lease, so a hung server fails the attempt long
  // before another instance may take the row over.
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: 1,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  let stopping = false;
  let pass: Promise<number> = Promise.resolve(0);

  const iso = (ms: number) => new Date(ms).toISOString();
  const due = (now: string) => (eb: ExpressionBuilder<Database, 'email_outbox'>) =>
    eb.and([
      eb('sent_at', 'is', null),
      eb('failed_at', 'is', null),
      eb('next_attempt_at', '<=', now),
      eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]),
    ]);

  /**
   * Takes up to batchSize due rows for this instance. On PostgreSQL the inner SELECT skips rows
   * another instance's claim has locked, and the outer WHERE is checked again against a row that
   * changed while we waited, so two instances never claim one row. SQLite runs one writer at a time.
   */
  async function claim(): Promise<EmailOutboxRow[]> {
    const now = clock.now().getTime();
    const rows = await db
      // Materialized: evaluated once. As a plain `id in (select … limit n)` PostgreSQL may rescan the
      // subquery and claim more than n rows.
      .with(
        (cte) => cte('candidates').materialized(),
        (q) =>
          q
            .selectFrom('email_outbox')
            .select('id')
            .where(due(iso(now)))
            .orderBy('next_attempt_at')
            .orderBy('id')
            .limit(batchSize)
            .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
      )
      .updateTable('email_outbox')
      .set({ claimed_until: iso(now + leaseMs), claimed_by: instanceId })
      .where('id', 'in', (eb) => eb.selectFrom('candidates').select('candidates.id'))
      .where(due(iso(now)))
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.id - b.id);
  }

  /** Renews the lease right before sending: false if it ran out and another instance took the row. */
  async function stillMine(row: EmailOutboxRow): Promise<boolean> {
    const result = await db
      .updateTable('email_outbox')
      .set({ claimed_until: iso(clock.now().getTime() + leaseMs) })
      .where('id', '=', row.id)
      .where('claimed_by', '=', instanceId)
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async function giveUp(row: EmailOutboxRow, attempts: number, error: string) {
    await db
      .updateTable('email_outbox')
      .set({ attempts, failed_at: clock.now().toISOString(), last_error: error, claimed_until: null, claimed_by: null })
      .where('id', '=', row.id)
      .where('sent_at', 'is', null)
      .execute();
    logger.error({ outboxId: row.id, attempts, error }, 'e-mail given up');
  }

  async function deliver(row: EmailOutboxRow): Promise<void> {
    if (clock.now().getTime() - Date.parse(row.next_attempt_at) > maxAgeMs) return giveUp(row, row.attempts, 'expired: not sent in time');
    if (!(await stillMine(row))) return;
    try {
      await transport.sendMail({
        from: mailFrom,
        to: row.recipient,
        subject: row.subject,
        text: emailText(row, config.publicUrl),
        messageId: outboxMessageId(row, mailFrom),
        // Tells auto-responders not to answer (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      const attempts = row.attempts + 1;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      if (attempts >= maxAttempts) return giveUp(row, attempts, message);
      const delay = Math.min(retryBaseMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
      await db
        .updateTable('email_outbox')
        .set({ attempts, last_error: message, next_attempt_at: iso(clock.now().getTime() + delay), claimed_until: null, claimed_by: null })
        .where('id', '=', row.id)
        .where('sent_at', 'is', null)
        .execute();
      logger.warn({ outboxId: row.id, attempts, retryInMs: delay, error: message }, 'e-mail not sent, will retry');
      return;
    }
    // Accepted: record it at once, whoever holds the lease now, since it is true.
    await db
      .updateTable('email_outbox')
      .set({ sent_at: clock.now().toISOString(), attempts: row.attempts + 1, claimed_until: null, claimed_by: null })
      .where('id', '=', row.id)
      .where('sent_at', 'is', null)
      .execute();
  }

  async function release(rows: EmailOutboxRow[]) {
    if (rows.length === 0) return;
    await db
      .updateTable('email_outbox')
      .set({ claimed_until: null, claimed_by: null })
      .where('id', 'in', rows.map((r) => r.id))
      .where('claimed_by', '=', instanceId)
      .where('sent_at', 'is', null)
      .execute();
  }

  async function runPass(): Promise<number> {
    const rows = await claim();
    for (const [index, row] of rows.entries()) {
      if (stopping) {
        await release(rows.slice(index));
        break;
      }
      await deliver(row);
    }
    return rows.length;
  }

  return {
    runOnce() {
      if (stopping) return Promise.resolve(0);
      pass = runPass();
      return pass;
    },
    async stop() {
      stopping = true;
      await pass.catch(() => 0);
      transport.close();
    },
  };
}

/**
 * Starts the sender loop: passes back to back while there is mail, otherwise one every pollMs.
 * stop() lets the message in flight finish (bounded by the SMTP timeouts), then closes.
 */
export function startEmailSender(options: EmailSenderOptions): EmailSender {
  const sender = createEmailSender(options);
  const pollMs = options.pollMs ?? 5_000;
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = await sender.runOnce();
      } catch (error) {
        // A database hiccup: the rows keep their lease or none, and the next pass tries again.
        options.logger.error({ err: error }, 'e-mail outbox pass failed');
      }
      if (claimed > 0 || stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    runOnce: () => sender.runOnce(),
    async stop() {
      stopped = true;
      wake?.();
      await sender.stop();
      await loop;
    },
  };
}
