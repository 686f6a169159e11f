import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/config.ts';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { availableDialects } from '../support/databases.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

// Two server instances on one PostgreSQL database, as behind a load balancer: the server keeps no
// state of its own, so a session, a write and the login throttle hold whichever instance answers.

const withPostgres = availableDialects().includes('postgres');
if (!withPostgres) console.warn('\n⚠️  No PostgreSQL: the scale-out suite is SKIPPED\n');

(withPostgres ? describe : describe.skip)('stateless scale-out: two instances on one PostgreSQL', () => {
  let a: TestServer;
  let b: RunningServer;
  const on = (server: { url: string }) => new HttpSession(server.url, server.url);

  beforeAll(async () => {
    a = await startTestServer('postgres');
    b = await startServer(
      defaultConfig({ port: 0, host: '127.0.0.1', databaseUrl: a.database.databaseUrl, demo: true, logLevel: 'silent' }),
      { logger: createLogger('silent') },
    );
  });
  afterAll(async () => {
    await b?.close();
    await a?.stop();
  });

  it('honours a session created through one instance on the other, and a logout through either ends it', async () => {
    const throughA = on(a);
    expect((await throughA.login(demoEmail('coordinator', 'VIOIT'), DEMO_PASSWORD)).status).toBe(200);
    const throughB = on(b);
    throughB.cookie = throughA.cookie;
    const me = await throughB.call('auth.me', undefined, { method: 'GET' });
    expect(me.data?.email).toBe(demoEmail('coordinator', 'VIOIT'));
    const projects = await throughB.call('projects.mine', undefined, { method: 'GET' });
    expect(projects.status).toBe(200);

    expect((await throughB.call('auth.logout')).status).toBe(200);
    const afterLogout = await throughA.call('projects.mine', undefined, { method: 'GET' });
    expect(afterLogout.status).toBe(401);
  });

  it('shows a write made through one instance on the other at once', async () => {
    const adminA = on(a);
    await adminA.login(demoEmail('admin'), DEMO_PASSWORD);
    const adminB = on(b);
    adminB.cookie = adminA.cookie;
    const code = `SCALE-${process.pid}`;
    expect((await adminA.call('admin.organizations.create', { code, nameVi: 'Tổ chức qua A', nameEn: 'Through A' })).status).toBe(200);
    const list = await adminB.call('admin.organizations.list', undefined, { method: 'GET' });
    expect((list.data as { code: string }[]).map((o) => o.code)).toContain(code);
  });

  it('holds the login throttle across both: 5 failures spread over them, then the 6th is refused on either', async () => {
    const email = demoEmail('viewer', 'QN-DOIT');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await on(i % 2 === 0 ? a : b).login(email, `sai-mat-khau-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    for (const server of [a, b]) {
      // Even the right password: the account is throttled for the window, on every instance.
      const answer = await on(server).login(email, DEMO_PASSWORD);
      expect(answer.status).toBe(429);
      expect(answer.error?.data?.code).toBe('TOO_MANY_REQUESTS');
    }
  });
});
