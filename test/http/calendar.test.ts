import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { describeEachDialect } from '../support/databases.ts';
import { givenMembership, givenUser, TEST_PASSWORD } from '../support/fixtures.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

const THACO_MEMBER = demoEmail('member', 'THACO-IND');
/** Demo data (server/demo/seed-plan.ts), Chu Lai pilot. */
const MILESTONE = 'Đề cương và lộ trình Đề án được các bên thống nhất';
const THACO_TASK = 'Đánh giá năng lực chuỗi cung ứng hiện có của THACO tại Chu Lai';
const VIOIT_TASK = 'Xây dựng dự thảo đề cương Đề án';

/** Undoes RFC 5545 line folding and text escaping, so titles can be looked for as written. */
function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, '').replace(/\\([,;\\])/g, '$1');
}

/** The structure every client needs: one VCALENDAR, balanced VEVENTs each with a UID, stamp and all-day start. */
function expectValidCalendar(ics: string) {
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  const lines = ics.split('\r\n').filter(Boolean);
  expect(lines).toContain('VERSION:2.0');
  expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
  expect(lines).toContain('X-WR-TIMEZONE:Asia/Ho_Chi_Minh');
  for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  const events = unfold(ics).split('BEGIN:VEVENT').slice(1);
  expect(events.length).toBeGreaterThan(0);
  expect(lines.filter((l) => l === 'END:VEVENT').length).toBe(events.length);
  for (const event of events) {
    expect(event).toMatch(/\r\nUID:[^\r\n]+\r\n/);
    expect(event).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(event).toMatch(/\r\nDTSTART;VALUE=DATE:\d{8}\r\n/);
  }
}

describeEachDialect('calendar feed over HTTP', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.stop());

  const session = () => new HttpSession(server.url, server.origin);
  const tokenOf = (url: string) => /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(url)![1]!;

  it('makes a secret URL whose feed holds the projects’ milestones and the organization’s own tasks only', async () => {
    const s = session();
    await s.login(THACO_MEMBER, DEMO_PASSWORD);
    expect((await s.call('calendar.feed', undefined, { method: 'GET' })).data).toEqual({ hasFeed: false, createdAt: null });

    const made = await s.call('calendar.regenerate');
    expect(made.status).toBe(200);
    const url: string = made.data.url;
    expect(url).toMatch(new RegExp(`^${server.origin}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    expect((await s.call('calendar.feed', undefined, { method: 'GET' })).data).toMatchObject({ hasFeed: true, createdAt: expect.any(String) });

    // A calendar program has no session: the URL alone must do.
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    const ics = await response.text();
    expectValidCalendar(ics);
    const text = unfold(ics);
    expect(text).toContain(MILESTONE);
    expect(text).toContain(`SUMMARY:[CHULAI-PILOT] ${THACO_TASK}\r\n`);
    expect(text).not.toContain(VIOIT_TASK);
    expect(text).toMatch(new RegExp(`URL;VALUE=URI:${server.origin}/projects/\\d+/tasks/\\d+`));

    // Neither the token nor its hash goes into the audit log.
    const token = tokenOf(url);
    const events = await server.database.db.selectFrom('audit_events').select(['action', 'after_json', 'before_json']).where('action', '=', 'calendar_feed.regenerated').execute();
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('stops answering the old URL once the link is regenerated', async () => {
    const s = session();
    await s.login(THACO_MEMBER, DEMO_PASSWORD);
    const first: string = (await s.call('calendar.regenerate')).data.url;
    expect((await fetch(first)).status).toBe(200);
    const second: string = (await s.call('calendar.regenerate')).data.url;
    expect(second).not.toBe(first);
    const old = await fetch(first);
    expect(old.status).toBe(404);
    expect(await old.text()).toBe('Not found');
    expect((await fetch(second)).status).toBe(200);
  });

  it('answers 404 for a deactivated person’s feed', async () => {
    const db = server.database.db;
    const thaco = await db.selectFrom('organizations').select('id').where('code', '=', 'THACO-IND').executeTakeFirstOrThrow();
    const project = await db.selectFrom('projects').select('id').where('code', '=', 'CHULAI-PILOT').executeTakeFirstOrThrow();
    const user = await givenUser(db, { organizationId: thaco.id });
    await givenMembership(db, project.id, user.id, 'member');
    const s = session();
    expect((await s.login(user.email, TEST_PASSWORD)).status).toBe(200);
    const url: string = (await s.call('calendar.regenerate')).data.url;
    expect((await fetch(url)).status).toBe(200);
    await db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute();
    expect((await fetch(url)).status).toBe(404);
  });

  it('answers 404 to a made-up token, and never takes the session cookie instead', async () => {
    const s = session();
    await s.login(THACO_MEMBER, DEMO_PASSWORD);
    for (const path of [`/calendar/${randomBytes(32).toString('base64url')}.ics`, '/calendar/not-a-token.ics', '/calendar/.ics']) {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie: s.cookie } });
      expect(response.status, path).toBe(404);
      expect(await response.text()).toBe('Not found');
    }
  });

  it('refuses the procedures without a session', async () => {
    const anonymous = session();
    expect((await anonymous.call('calendar.feed', undefined, { method: 'GET' })).status).toBe(401);
    expect((await anonymous.call('calendar.regenerate')).status).toBe(401);
  });
});
