import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { login, userForToken } from '../../server/auth/auth.ts';
import { defaultConfig } from '../../server/config.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, givenOrganization, givenUser, TEST_PASSWORD, testClock } from '../support/fixtures.ts';

describeEachDialect('sessions and login', (dialect) => {
  let t: TestDatabase;
  const config = defaultConfig();
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(() => t.destroy());

  async function givenPerson(options: { active?: boolean } = {}) {
    const org = await givenOrganization(t.db);
    return givenUser(t.db, { organizationId: org.id, email: 'anh@vioit.gov.vn', ...options });
  }

  it('opens a session with a 256-bit token and stores only its hash', async () => {
    const user = await givenPerson();
    const { token } = await login(t.db, config, new Date(), { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1' });
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const stored = await t.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect((await userForToken(t.db, config, new Date(), token))?.id).toBe(user.id);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, events: 1 });
  });

  it('answers a wrong email, a wrong password and an inactive account the same way', async () => {
    await givenPerson();
    const org = await givenOrganization(t.db);
    await givenUser(t.db, { organizationId: org.id, email: 'gone@vioit.gov.vn', active: false });
    const attempts = [
      { email: 'nobody@vioit.gov.vn', password: TEST_PASSWORD },
      { email: 'anh@vioit.gov.vn', password: 'wrong-password' },
      { email: 'gone@vioit.gov.vn', password: TEST_PASSWORD },
    ];
    for (const attempt of attempts) {
      const caller = callerFor(t.db, null);
      await expect(caller.auth.login(attempt)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
    }
    expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });

  it('refuses the sixth attempt after five failures on one account, even with the right password, then lets it in after the window', async () => {
    const user = await givenPerson();
    const clock = testClock();
    const caller = callerFor(t.db, null, { clock });
    for (let i = 0; i < 5; i++) {
      await expect(caller.auth.login({ email: user.email, password: `bad-${i}` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(caller.auth.login({ email: user.email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    clock.advance(15 * 60_000 + 1000);
    await expect(caller.auth.login({ email: user.email, password: TEST_PASSWORD })).resolves.toMatchObject({ id: user.id });
  });

  it('limits failures per address across accounts', async () => {
    const org = await givenOrganization(t.db);
    const target = await givenUser(t.db, { organizationId: org.id });
    const limited = defaultConfig({ loginFailuresPerIp: 3 });
    const caller = callerFor(t.db, null, { config: limited, ip: '203.0.113.9' });
    for (let i = 0; i < 3; i++) {
      await expect(caller.auth.login({ email: `probe${i}@example.vn`, password: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(caller.auth.login({ email: target.email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const elsewhere = callerFor(t.db, null, { config: limited, ip: '203.0.113.10' });
    await expect(elsewhere.auth.login({ email: target.email, password: TEST_PASSWORD })).resolves.toMatchObject({ id: target.id });
  });

  it('ends a session after the idle limit and after the absolute limit', async () => {
    const user = await givenPerson();
    const start = new Date('2026-11-23T00:00:00Z');
    const idle = await login(t.db, config, start, { email: user.email, password: TEST_PASSWORD, ip: '1' });
    const idleAt = new Date(start.getTime() + config.sessionIdleMinutes * 60_000 + 1);
    expect(await userForToken(t.db, config, idleAt, idle.token)).toBeNull();

    const busy = await login(t.db, config, start, { email: user.email, password: TEST_PASSWORD, ip: '1' });
    // Used every few hours, it stays alive until the absolute end.
    let at = start.getTime();
    const end = start.getTime() + config.sessionAbsoluteHours * 3_600_000;
    while (at + 6 * 3_600_000 < end) {
      at += 6 * 3_600_000;
      expect(await userForToken(t.db, config, new Date(at), busy.token)).not.toBeNull();
    }
    expect(await userForToken(t.db, config, new Date(end + 1), busy.token)).toBeNull();
  });

  it('logout ends the session at once and clears the cookie', async () => {
    const user = await givenPerson();
    const { token } = await login(t.db, config, new Date(), { email: user.email, password: TEST_PASSWORD, ip: '1' });
    const resHeaders = new Headers();
    await callerFor(t.db, user, { sessionToken: token, resHeaders }).auth.logout();
    expect(resHeaders.get('set-cookie')).toMatch(/lk_session=; Max-Age=0/);
    expect(await userForToken(t.db, config, new Date(), token)).toBeNull();
  });

  it('a deactivated user loses their session at once', async () => {
    const user = await givenPerson();
    const { token } = await login(t.db, config, new Date(), { email: user.email, password: TEST_PASSWORD, ip: '1' });
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute();
    expect(await userForToken(t.db, config, new Date(), token)).toBeNull();
  });

  it('remembers the language choice and audits it', async () => {
    const user = await givenPerson();
    await callerFor(t.db, user).auth.setLocale({ locale: 'en' });
    const row = await t.db.selectFrom('users').select(['locale', 'version']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ locale: 'en', version: 2 });
    const events = await t.db.selectFrom('audit_events').select(['action', 'after_json']).execute();
    expect(events).toEqual([{ action: 'user.locale', after_json: '{"locale":"en"}' }]);
  });

  it('answers UNAUTHORIZED to anonymous calls of authed procedures', async () => {
    const caller = callerFor(t.db, null);
    await expect(caller.projects.mine()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller.auth.setLocale({ locale: 'en' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await caller.auth.me()).toBeNull();
  });
});
