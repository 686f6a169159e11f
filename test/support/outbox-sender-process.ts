import { openDatabase } from '../../server/db/connect.ts';
import { systemClock } from '../../server/clock.ts';
import { createLogger } from '../../server/logger.ts';
import { startEmailSender } from '../../server/notifications/email-sender.ts';

// The e-mail sender alone, as the server runs it, for the crash test: it is killed with SIGKILL
// mid-batch and started again on the same database. Environment: DATABASE_URL or SQLITE_FILE,
// SMTP_URL, MAIL_FROM, LEASE_MS. Prints "ready" once it has started; SIGTERM stops it cleanly.

const env = process.env;
const handle = openDatabase({ databaseUrl: env.DATABASE_URL, sqliteFile: env.SQLITE_FILE ?? '' });
const sender = startEmailSender({
  db: handle.db,
  dialect: handle.dialect,
  config: { smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM, publicUrl: undefined },
  clock: systemClock,
  logger: createLogger('warn'),
  batchSize: 10,
  leaseMs: Number(env.LEASE_MS ?? 2000),
  pollMs: 50,
});
console.log('ready');
process.once('SIGTERM', () => {
  void sender.stop().then(() => handle.db.destroy()).then(() => process.exit(0));
});
