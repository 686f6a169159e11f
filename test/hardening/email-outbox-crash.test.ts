import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { outboxMessageId } from '../../server/notifications/email-sender.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { givenQueuedEmails } from '../support/email-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { kill, killAllChildren, spawnTs } from './support/child-server.ts';
import { until } from './support/writers.ts';

// The e-mail sender in a child process over a real database and a real SMTP server on loopback,
// killed with SIGKILL in the middle of a batch and started again. Two moments of the kill:
// - while a message is on the wire, before the SMTP server accepted it: after the restart every
//   message has arrived, and none twice;
// - right after the SMTP server accepted one, before the sender could record it: the one window no
//   SMTP client can close (email-sender.ts). That message may arrive twice, with one Message-ID, so
//   a receiver that drops duplicate Message-IDs shows each message exactly once.

const MAIL_FROM = 'LienKet <lienket@lienket.test>';
const MESSAGES = 40;
const KILL_AT = 14;

describeEachDialect('e-mail outbox: SIGKILL of the sender mid-batch', (dialect) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await killAllChildren();
    await sink.close();
    await database.destroy();
  });

  async function startSender(): Promise<ChildProcess> {
    const child = spawnTs('test/support/outbox-sender-process.ts', [], {
      ...(dialect === 'sqlite' ? { SQLITE_FILE: join(database.dataDir, 'lienket.sqlite') } : { DATABASE_URL: database.databaseUrl! }),
      SMTP_URL: sink.url,
      MAIL_FROM,
      // Short, so the restarted sender takes over the dead one's claims within the test.
      LEASE_MS: '1500',
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes('ready') || child.exitCode !== null, 'the sender process started', 30_000);
    if (child.exitCode !== null) throw new Error(`sender exited: ${output}`);
    return child;
  }

  const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

  async function outbox() {
    return database.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
  }

  /** Restarts the sender and waits until the outbox has nothing left to send. */
  async function restartAndDrain() {
    const child = await startSender();
    const deadline = Date.now() + 60_000;
    while ((await outbox()).some((r) => r.sent_at === null)) {
      if (Date.now() > deadline) throw new Error('the restarted sender did not send everything');
      await new Promise((r) => setTimeout(r, 100));
    }
    await kill(child, 'SIGTERM');
  }

  /** What arrived, by Message-ID: how often each, and whether they are exactly the outbox's rows. */
  async function deliveries() {
    const counts = new Map<string, number>();
    for (const mail of sink.received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
    const expected = (await outbox()).map((row) => outboxMessageId(row, MAIL_FROM));
    return { counts, expected };
  }

  it('killed while a message is on the wire: after the restart every message arrived exactly once', async () => {
    await givenQueuedEmails(database.db, MESSAGES);
    const first = await startSender();
    let killed = false;
    sink.judge = () => {
      if (killed || sink.received.length < KILL_AT) return undefined;
      // Dies before the server's answer: this message was never accepted and must be sent again.
      killed = true;
      first.kill('SIGKILL');
      return 'the sender died';
    };
    await until(() => killed && gone(first), 'the sender was killed mid-batch', 30_000);
    sink.judge = undefined;
    expect(sink.received).toHaveLength(KILL_AT);
    const left = (await outbox()).filter((r) => r.sent_at === null);
    expect(left.length).toBe(MESSAGES - KILL_AT);
    // The dead sender's batch is still claimed: only its lease running out frees it.
    expect(left.some((r) => r.claimed_by !== null)).toBe(true);

    await restartAndDrain();
    const { counts, expected } = await deliveries();
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    expect([...counts.entries()].filter(([, n]) => n > 1), 'Message-IDs that arrived twice').toEqual([]);
    expect(sink.received).toHaveLength(MESSAGES);
  });

  it('killed right after the SMTP server accepted a message: each Message-ID is delivered, only that one may repeat', async () => {
    await givenQueuedEmails(database.db, MESSAGES);
    const first = await startSender();
    let inTheWindow: string | undefined;
    sink.accepted = (mail) => {
      if (inTheWindow || sink.received.length < KILL_AT) return;
      inTheWindow = mail.messageId;
      first.kill('SIGKILL');
    };
    await until(() => inTheWindow !== undefined && gone(first), 'the sender was killed after an accept', 30_000);
    sink.accepted = undefined;

    await restartAndDrain();
    const { counts, expected } = await deliveries();
    // Deduplicated by Message-ID, as a receiver does: every row exactly once.
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    const repeated = [...counts.entries()].filter(([, n]) => n > 1);
    // At most the one message accepted in the window, at most once more.
    expect(repeated.every(([id, n]) => id === inTheWindow && n === 2), JSON.stringify(repeated)).toBe(true);
    expect(sink.received.length).toBeLessThanOrEqual(MESSAGES + 1);
    console.log(`[${dialect}] kill after accept: ${repeated.length === 0 ? 'recorded before the kill, no repeat' : `${inTheWindow} arrived twice (same Message-ID)`}`);
  });
});
