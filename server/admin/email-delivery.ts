import type { ExpressionBuilder, Kysely } from 'kysely';
import type { EmailDeliveryListInput } from '../../shared/email-delivery-schemas.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { badRequest } from '../errors.ts';

// What administrators see of e-mail delivery (server/notifications/email-sender.ts): how much waits,
// what was sent, and the messages the sender gave up on, which they may put back in the queue.
// Lives in the admin area: only administrators read other people's addresses and subjects here,
// and the sender itself stays unaware of this view.

type Db = Kysely<Database>;
type OutboxEb = ExpressionBuilder<Database, 'email_outbox'>;

/** The last error as shown: SMTP replies can be long, and one line is enough to see what went wrong. */
export const LAST_ERROR_MAX = 300;
const DAY_MS = 24 * 60 * 60_000;

const pending = (eb: OutboxEb) => eb.and([eb('email_outbox.sent_at', 'is', null), eb('email_outbox.failed_at', 'is', null)]);
const failed = (eb: OutboxEb) => eb.and([eb('email_outbox.sent_at', 'is', null), eb('email_outbox.failed_at', 'is not', null)]);

/**
 * Whether this server sends e-mail, and the outbox in numbers. Says only whether SMTP is set up:
 * SMTP_URL may hold a password and is never returned.
 */
export async function emailDeliverySummary(db: Db, config: Pick<Config, 'smtpUrl' | 'mailFrom'>, now: Date) {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const row = await db
    .selectFrom('email_outbox')
    .select((eb) => [
      eb.fn.count<number | string>(eb.case().when(pending(eb)).then(1).end()).as('pending'),
      eb.fn.count<number | string>(eb.case().when('email_outbox.sent_at', '>=', since).then(1).end()).as('sentLastDay'),
      eb.fn.count<number | string>(eb.case().when(failed(eb)).then(1).end()).as('failed'),
      eb.fn.min<string | null>(eb.case().when(pending(eb)).then(eb.ref('email_outbox.created_at')).end()).as('oldestPendingAt'),
    ])
    .executeTakeFirstOrThrow();
  const oldestPendingAt = row.oldestPendingAt ?? null;
  return {
    sending: Boolean(config.smtpUrl && config.mailFrom),
    pending: Number(row.pending),
    sentLastDay: Number(row.sentLastDay),
    failed: Number(row.failed),
    oldestPendingAt,
    /** Milliseconds the oldest unsent message has waited, by the server's clock. */
    oldestPendingAgeMs: oldestPendingAt ? Math.max(0, now.getTime() - Date.parse(oldestPendingAt)) : null,
  };
}

/**
 * Messages that need a look: given up on, or not sent yet after at least one failed attempt.
 * Newest first by id (ids grow with time), a page at a time: the next page starts below `cursor`.
 */
export async function listEmailDeliveryProblems(db: Db, input: EmailDeliveryListInput) {
  const limit = input.limit ?? 25;
  const rows = await db
    .selectFrom('email_outbox')
    .leftJoin('notifications', 'notifications.id', 'email_outbox.notification_id')
    // Addresses are logins and unique; a message to someone whose address changed since shows no name.
    .leftJoin('users', 'users.email', 'email_outbox.recipient')
    .select([
      'email_outbox.id',
      'email_outbox.recipient',
      'users.display_name as recipientName',
      'email_outbox.subject',
      'notifications.kind',
      'email_outbox.attempts',
      'email_outbox.last_error',
      'email_outbox.created_at',
      'email_outbox.failed_at',
      'email_outbox.next_attempt_at',
    ])
    .where('email_outbox.sent_at', 'is', null)
    .where((eb) => eb.or([eb('email_outbox.failed_at', 'is not', null), eb('email_outbox.attempts', '>', 0)]))
    .$if(input.cursor != null, (q) => q.where('email_outbox.id', '<', input.cursor!))
    .orderBy('email_outbox.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    messages: page.map((r) => ({
      id: r.id,
      recipient: r.recipient,
      recipientName: r.recipientName ?? null,
      subject: r.subject,
      kind: r.kind ?? null,
      status: r.failed_at ? ('failed' as const) : ('retrying' as const),
      attempts: r.attempts,
      lastError: r.last_error === null ? null : trimError(r.last_error),
      createdAt: r.created_at,
      failedAt: r.failed_at,
      /** When the sender tries again; meaningless once failed. */
      nextAttemptAt: r.failed_at ? null : r.next_attempt_at,
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}

function trimError(error: string): string {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > LAST_ERROR_MAX ? `${line.slice(0, LAST_ERROR_MAX - 1)}…` : line;
}

/**
 * Puts messages the sender gave up on back in the queue, due now, as if never tried: the sender
 * sends them on its next pass. Only failed, unsent messages; naming any other refuses the whole
 * request. The last error stays until the message is sent, so the list still says what went wrong.
 */
export async function retryFailedEmails(tx: Db, action: Action, ids: number[]) {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  // One statement: on PostgreSQL it locks the rows and re-checks the WHERE, so a concurrent retry
  // or send cannot slip between a check and the write. A refusal rolls the whole of it back.
  const retried = await requeue(tx, action.at, wanted);
  const done = new Set(retried);
  const refused = wanted.filter((id) => !done.has(id));
  if (refused.length > 0) {
    throw badRequest('email_not_retryable', `Only messages that failed and were not sent can be retried; not: ${refused.join(', ')}`, {
      ids: refused.map((id) => `Message ${id} is not a failed message`),
    });
  }
  await recordAudit(tx, action, { action: 'email.retried', subject: { type: 'email_outbox', id: wanted.join(',') }, after: { ids: wanted, count: wanted.length } });
  return { count: wanted.length };
}

/** Every message the sender gave up on, back in the queue. Nothing to retry writes nothing. */
export async function retryAllFailedEmails(tx: Db, action: Action) {
  const retried = await requeue(tx, action.at, null);
  if (retried.length === 0) return { count: 0 };
  retried.sort((a, b) => a - b);
  await recordAudit(tx, action, { action: 'email.retried', subject: { type: 'email_outbox', id: 'all-failed' }, after: { ids: retried, count: retried.length } });
  return { count: retried.length };
}

/** Failed, unsent messages (among `ids`, or all of them) made due at `at`; returns the ids changed. */
async function requeue(tx: Db, at: string, ids: number[] | null): Promise<number[]> {
  const rows = await tx
    .updateTable('email_outbox')
    .set({ failed_at: null, attempts: 0, next_attempt_at: at, claimed_until: null, claimed_by: null })
    .where('sent_at', 'is', null)
    .where('failed_at', 'is not', null)
    .$if(ids !== null, (q) => q.where('id', 'in', ids!))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
