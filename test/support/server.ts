import { defaultConfig, type Config } from '../../server/config.ts';
import type { DialectName } from '../../server/db/connect.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestServer extends RunningServer {
  database: TestDatabase;
  /** The server's own origin (http://127.0.0.1:PORT), for the Origin header of mutations. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * The real server on a loopback port over a fresh database, with the demo data unless told not to.
 * The client is served from dist/client (built by `npm test` before the suites run).
 */
export async function startTestServer(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestServer> {
  const database = await createTestDatabase(dialect, { migrate: false });
  const config = defaultConfig({
    port: 0,
    host: '127.0.0.1',
    dataDir: database.dataDir,
    databaseUrl: database.databaseUrl,
    demo: true,
    logLevel: 'silent',
    // The due scan writes notifications on its own schedule; tests run it when they mean to (scanDueTasks).
    dueScanIntervalMs: 0,
    ...overrides,
  });
  // The server opens its own connection; the test's handle is for assertions.
  const running = await startServer(config, { logger: createLogger(config.logLevel) });
  return {
    ...running,
    database,
    origin: running.url,
    async stop() {
      await running.close();
      await database.destroy();
    },
  };
}

/** A tiny cookie-keeping HTTP client for tRPC over real HTTP. */
export class HttpSession {
  cookie = '';
  constructor(
    readonly baseUrl: string,
    readonly origin: string | null = baseUrl,
  ) {}

  async call(path: string, input?: unknown, init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}) {
    const method = init.method ?? 'POST';
    const headers: Record<string, string> = { ...(this.origin ? { origin: this.origin } : {}), ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    let url = `${this.baseUrl}/trpc/${path}`;
    let body: string | undefined;
    if (method === 'GET') {
      if (input !== undefined) url += `?input=${encodeURIComponent(JSON.stringify(input))}`;
    } else {
      headers['content-type'] ??= 'application/json';
      body = input === undefined ? undefined : JSON.stringify(input);
    }
    const response = await fetch(url, { method, headers, body });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const json = (await response.json().catch(() => null)) as { result?: { data: unknown }; error?: { message: string; data?: Record<string, unknown> } } | null;
    return { status: response.status, headers: response.headers, json, data: json?.result?.data as any, error: json?.error };
  }

  login(email: string, password: string) {
    return this.call('auth.login', { email, password });
  }
}
