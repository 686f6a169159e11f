import { join, resolve } from 'node:path';
import { MAX_BATCH_SIZE } from '../shared/limits.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://…` switches storage to PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  demo: boolean;
  /** Origins besides the request's own host that may send mutations (deployments behind a proxy). */
  allowedOrigins: string[];
  /** The address people reach the app at (PUBLIC_URL), for links the server hands out; else the request's own origin. */
  publicUrl: string | undefined;
  /** Set when served over https: `Secure` cookies with the `__Host-` prefix. */
  secureCookies: boolean;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginWindowMinutes: number;
  loginFailuresPerAccount: number;
  loginFailuresPerIp: number;
  /** Largest tRPC batch accepted; the client's `maxItems` is set to the same. */
  maxBatchSize: number;
  clientDir: string;
  logLevel: string;
  /** How often the background scan looks for tasks due soon or overdue; 0 turns it off. */
  dueScanIntervalMs: number;
  /** `smtp://user:pass@host:587` (or smtps://): e-mail notifications are sent only when set. */
  smtpUrl: string | undefined;
  /** The From of e-mail notifications, e.g. `LienKet <lienket@example.gov.vn>`; required with smtpUrl. */
  mailFrom: string | undefined;
}


export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 3000,
    host: '0.0.0.0',
    dataDir: resolve('data'),
    databaseUrl: undefined,
    demo: true,
    allowedOrigins: [],
    publicUrl: undefined,
    secureCookies: false,
    trustProxy: false,
    sessionIdleMinutes: 12 * 60,
    sessionAbsoluteHours: 7 * 24,
    loginWindowMinutes: 15,
    loginFailuresPerAccount: 5,
    loginFailuresPerIp: 50,
    maxBatchSize: MAX_BATCH_SIZE,
    // CLIENT_DIR lets parallel checkouts and benchmarks serve their own build.
    clientDir: resolve(process.env.CLIENT_DIR ?? 'dist/client'),
    logLevel: 'info',
    dueScanIntervalMs: 15 * 60_000,
    smtpUrl: undefined,
    mailFrom: undefined,
    ...overrides,
  };
}

/** Reads the documented environment variables (README "Configuration"). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const publicUrl = env.PUBLIC_URL?.replace(/\/$/, '');
  const origins = (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const smtpUrl = env.SMTP_URL || undefined;
  // Refuse to start rather than fail on the first message, hours later.
  if (smtpUrl && !env.MAIL_FROM) throw new Error('MAIL_FROM must be set when SMTP_URL is');
  return defaultConfig({
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.DEMO !== '0',
    allowedOrigins: origins,
    publicUrl,
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === '1' : publicUrl?.startsWith('https://') ?? false,
    trustProxy: env.TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    ...(env.DUE_SCAN_MINUTES ? { dueScanIntervalMs: minutes(env.DUE_SCAN_MINUTES, 'DUE_SCAN_MINUTES') } : {}),
    smtpUrl,
    mailFrom: env.MAIL_FROM || undefined,
  });
}

/** A non-negative number of minutes from the environment, in milliseconds; anything else refuses to start. */
function minutes(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of minutes (0 turns it off)`);
  return n * 60_000;
}

export function sqliteFile(config: Config): string {
  return join(config.dataDir, 'lienket.sqlite');
}
