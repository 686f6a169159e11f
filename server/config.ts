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
    ...overrides,
  };
}

/** Reads the documented environment variables (README "Configuration"). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const publicUrl = env.PUBLIC_URL?.replace(/\/$/, '');
  const origins = (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  const dataDir = resolve(env.DATA_DIR ?? 'data');
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
  });
}

export function sqliteFile(config: Config): string {
  return join(config.dataDir, 'lienket.sqlite');
}
