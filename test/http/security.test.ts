import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { describeEachDialect } from '../support/databases.ts';
import { tableCounts } from '../support/fixtures.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

const COORDINATOR = 'coordinator.vioit@lienket.demo';

describeEachDialect('HTTP surface', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.stop());

  const session = (origin?: string | null) => new HttpSession(server.url, origin === undefined ? server.origin : origin);

  it('answers /healthz with the database kind', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: dialect });
  });

  it('logs a coordinator in with an HttpOnly, SameSite=Lax session cookie', async () => {
    const s = session();
    const login = await s.login(COORDINATOR, DEMO_PASSWORD);
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lk_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const me = await s.call('auth.me', undefined, { method: 'GET' });
    expect(me.data).toMatchObject({ email: COORDINATOR, organization: { code: 'VIOIT' } });
    const projects = await s.call('projects.mine', undefined, { method: 'GET' });
    expect(projects.data.map((p: { code: string }) => p.code)).toContain('CHULAI-PILOT');
  });

  it('sets security headers with a CSP on every response', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 to a call without a session', async () => {
    const response = await session().call('projects.mine', undefined, { method: 'GET' });
    expect(response.status).toBe(401);
    expect(response.error?.data?.code).toBe('UNAUTHORIZED');
  });

  it('refuses cross-origin mutations with 403 before any procedure runs, whatever the content type', async () => {
    const victim = session();
    await victim.login(COORDINATOR, DEMO_PASSWORD);
    const before = await tableCounts(server.database.db);
    const attacks: { headers: Record<string, string>; body: BodyInit }[] = [
      { headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' },
      { headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: '{}' },
      { headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
      { headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, body: '{}' },
    ];
    for (const attack of attacks) {
      const response = await fetch(`${server.url}/trpc/auth.logout`, {
        method: 'POST',
        headers: { cookie: victim.cookie, ...attack.headers },
        body: attack.body,
      });
      expect(response.status).toBe(403);
    }
    // A multipart form post, as a hostile page would send to the no-input logout mutation.
    const form = new FormData();
    form.append('x', '1');
    const multipart = await fetch(`${server.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie: victim.cookie, origin: 'https://evil.example' },
      body: form,
    });
    expect(multipart.status).toBe(403);
    expect(await tableCounts(server.database.db)).toEqual(before);
    const stillIn = await victim.call('auth.me', undefined, { method: 'GET' });
    expect(stillIn.data?.email).toBe(COORDINATOR);
  });

  it('accepts a mutation from its own origin and logout ends the session', async () => {
    const s = session();
    await s.login(COORDINATOR, DEMO_PASSWORD);
    const sameSite = await s.call('auth.setLocale', { locale: 'en' }, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(sameSite.status).toBe(200);
    const token = s.cookie;
    const out = await s.call('auth.logout');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    const reuse = await fetch(`${server.url}/trpc/projects.mine`, { headers: { cookie: token } });
    expect(reuse.status).toBe(401);
  });

  it('gives the sixth wrong password TOO_MANY_REQUESTS (429)', async () => {
    const s = session();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await s.login('viewer.moit@lienket.demo', `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await s.login('viewer.moit@lienket.demo', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.error?.data?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('answers a non-member exactly as for a project that does not exist', async () => {
    const s = session();
    await s.login('member.thaco-ind@lienket.demo', DEMO_PASSWORD);
    const coordinator = session();
    await coordinator.login(COORDINATOR, DEMO_PASSWORD);
    const projects = (await coordinator.call('projects.mine', undefined, { method: 'GET' })).data as { id: number; code: string }[];
    const binhDuong = projects.find((p) => p.code === 'BD-MECH-2030')!;
    const hidden = await s.call('projects.overview', { projectId: binhDuong.id }, { method: 'GET' });
    const missing = await s.call('projects.overview', { projectId: 999_999 }, { method: 'GET' });
    expect(hidden.status).toBe(404);
    expect([missing.status, missing.error?.message]).toEqual([hidden.status, hidden.error?.message]);
  });

  it('answers bad input with 400 and field errors, and writes nothing', async () => {
    const s = session();
    await s.login(COORDINATOR, DEMO_PASSWORD);
    const before = await tableCounts(server.database.db);
    const bad = await s.call('auth.setLocale', { locale: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toBe('Invalid input');
    expect(Object.keys(bad.error?.data?.fieldErrors as object)).toEqual(['locale']);
    const garbage = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { origin: server.origin, 'content-type': 'application/json' },
      body: '{"email": [1, 2, {"deep": true}], "password": null',
    });
    expect(garbage.status).toBe(400);
    const nul = await s.login('a\u0000@b.vn', 'x');
    expect(nul.status).toBe(400);
    expect(await tableCounts(server.database.db)).toEqual(before);
  });

  it('caps batch size and body size', async () => {
    const calls = Array.from({ length: 11 }, () => 'auth.me').join(',');
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i, null]))));
    const batch = await fetch(`${server.url}/trpc/${calls}?batch=1&input=${input}`);
    expect(batch.status).toBe(400);
    const huge = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { origin: server.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.vn', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });

  it('serves the client for app routes', async () => {
    const response = await fetch(`${server.url}/projects/1`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });
});

describeEachDialect('HTTP surface over https', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { secureCookies: true, allowedOrigins: ['https://lienket.example.gov.vn'] });
  });
  afterAll(() => server.stop());

  it('uses a Secure __Host- cookie and accepts the configured public origin', async () => {
    const s = new HttpSession(server.url, 'https://lienket.example.gov.vn');
    const login = await s.login(COORDINATOR, DEMO_PASSWORD);
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-lk_session=/);
    expect(cookie).toContain('Secure');
    expect(login.headers.get('strict-transport-security')).toContain('max-age=');
    const me = await s.call('auth.me', undefined, { method: 'GET' });
    expect(me.data?.email).toBe(COORDINATOR);
  });
});
