import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.ts';
import { systemClock, type Clock } from './clock.ts';
import { sqliteFile, type Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemo } from './demo/seed.ts';
import { createLocalHub, createPostgresHub, type EventHub } from './live/live.ts';
import { createLogger, type Logger } from './logger.ts';
import { startDueScan } from './notifications/due-scan.ts';
import { startEmailSender } from './notifications/email-sender.ts';

export interface RunningServer {
  url: string;
  port: number;
  handle: DatabaseHandle;
  logger: Logger;
  hub: EventHub;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database, migrates it, seeds the demo on an empty one, and listens. */
export async function startServer(config: Config, options: { clock?: Clock; logger?: Logger } = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const handle = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFile(config) });
  await migrateToLatest(handle.db);
  if (config.demo) {
    const seeded = await seedDemo(handle.db, clock.now());
    if (seeded) logger.info('demo data created: the Chu Lai pilot');
  }
  // PostgreSQL may have several instances on one database: they wake each other through LISTEN/NOTIFY.
  const hub = handle.dialect === 'postgres' && config.databaseUrl ? await createPostgresHub(config.databaseUrl, logger) : createLocalHub();
  const app = createApp({ db: handle.db, dialect: handle.dialect, clock, config, logger, hub });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  // On the app's clock, so tests that set the time also set what is due.
  const dueScan = startDueScan({ db: handle.db, clock, logger, intervalMs: config.dueScanIntervalMs });
  // Only when SMTP is configured. Every instance may send: their leases keep them off each other's rows.
  const emailSender = config.smtpUrl ? startEmailSender({ db: handle.db, dialect: handle.dialect, config, clock, logger }) : undefined;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    handle,
    logger,
    hub,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open live streams would hold close() open forever: the hub ends them with a retryable error,
      // so their clients reconnect (elsewhere, or here after the restart) with their last event id.
      await hub.close();
      await dueScan.stop();
      await emailSender?.stop();
      // Idle keep-alive sockets would hold close() open too; in-flight requests still finish.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      await closed;
      await handle.db.destroy();
    },
  };
}
