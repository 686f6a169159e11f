import http from 'node:http';
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/config.ts';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import type { ProjectEvent } from '../../server/live/live.ts';
import { createLogger } from '../../server/logger.ts';
import type { AppRouter } from '../../server/router.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { availableDialects, describeEachDialect } from '../support/databases.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';

// Live updates over real HTTP: tRPC subscriptions over SSE through Hono, with the same client link
// the browser uses (httpSubscriptionLink; Node 20 has no EventSource, so the `eventsource` package).

interface Subscriber {
  events: ProjectEvent[];
  /** The refusal or failure that ended the stream, if one did. */
  error(): { data?: { code?: string } } | undefined;
  started: Promise<void>;
  stop(): void;
}

function subscribe(baseUrl: string, cookie: string, input: { projectId: number; lastEventId?: string }): Subscriber {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: `${baseUrl}/trpc`,
        EventSource,
        // The browser sends the session cookie itself (same origin); here it is added by hand.
        eventSourceOptions: { fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, cookie } }) },
      }),
    ],
  });
  const events: ProjectEvent[] = [];
  let failure: { data?: { code?: string } } | undefined;
  let markStarted: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const subscription = client.live.projectEvents.subscribe(input, {
    onStarted: () => markStarted(),
    onData: (tracked) => events.push(...tracked.data.events),
    onError: (error) => {
      failure = error as typeof failure;
      markStarted();
    },
  });
  return { events, error: () => failure, started, stop: () => subscription.unsubscribe() };
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loggedIn(baseUrl: string, email: string): Promise<HttpSession> {
  const session = new HttpSession(baseUrl);
  expect((await session.login(email, DEMO_PASSWORD)).status).toBe(200);
  return session;
}

async function projectIdOf(session: HttpSession, code: string): Promise<number> {
  const mine = await session.call('projects.mine', undefined, { method: 'GET' });
  return (mine.data as { id: number; code: string }[]).find((p) => p.code === code)!.id;
}

let phaseCounter = 0;
async function addPhase(session: HttpSession, projectId: number) {
  const answer = await session.call('plan.createPhase', { projectId, name: `Giai đoạn trực tiếp ${++phaseCounter}`, startDate: '2026-01-01', endDate: '2026-12-31' });
  expect(answer.status).toBe(200);
  return answer.data as { id: number };
}

describeEachDialect('live project events over SSE', (dialect) => {
  let server: TestServer;
  let coordinator: HttpSession;
  let member: HttpSession;
  let chuLai: number;
  let binhDuong: number;
  const open: Subscriber[] = [];
  const watch = (cookie: string, input: { projectId: number; lastEventId?: string }) => {
    const s = subscribe(server.url, cookie, input);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    coordinator = await loggedIn(server.url, demoEmail('coordinator', 'VIOIT'));
    member = await loggedIn(server.url, demoEmail('member', 'THACO-IND'));
    chuLai = await projectIdOf(coordinator, 'CHULAI-PILOT');
    binhDuong = await projectIdOf(coordinator, 'BD-MECH-2030');
  });
  afterAll(async () => {
    for (const s of open) s.stop();
    await server?.stop();
  });

  it("delivers another person's change within a second, with its audit fields", async () => {
    const watcher = watch(member.cookie, { projectId: chuLai });
    await watcher.started;
    const phase = await addPhase(coordinator, chuLai);
    const committed = Date.now();
    await until(() => watcher.events.some((e) => e.subjectId === String(phase.id)), 1000);
    expect(Date.now() - committed).toBeLessThan(1000);
    const event = watcher.events.find((e) => e.subjectId === String(phase.id))!;
    const stored = await server.database.db.selectFrom('audit_events').selectAll().where('seq', '=', event.seq).executeTakeFirstOrThrow();
    expect(event).toEqual({
      seq: stored.seq,
      action: stored.action,
      subjectType: stored.subject_type,
      subjectId: stored.subject_id,
      actorUserId: stored.actor_user_id,
      actorOrganizationId: stored.actor_organization_id,
      at: stored.at,
    });
    expect(watcher.error()).toBeUndefined();
  });

  it('sends a reconnecting subscriber exactly the events it missed, then new ones', async () => {
    const first = watch(member.cookie, { projectId: chuLai });
    await first.started;
    await addPhase(coordinator, chuLai);
    await until(() => first.events.length > 0);
    await pause(100);
    const lastSeen = first.events.at(-1)!.seq;
    first.stop();

    for (let i = 0; i < 3; i++) await addPhase(coordinator, chuLai);
    await addPhase(coordinator, binhDuong);
    const missed = await server.database.db
      .selectFrom('audit_events')
      .select('seq')
      .where('project_id', '=', chuLai)
      .where('seq', '>', lastSeen)
      .orderBy('seq')
      .execute();
    expect(missed.length).toBeGreaterThanOrEqual(3);

    const again = watch(member.cookie, { projectId: chuLai, lastEventId: String(lastSeen) });
    await until(() => again.events.length >= missed.length);
    await pause(200);
    expect(again.events.map((e) => e.seq)).toEqual(missed.map((m) => m.seq));

    const next = await addPhase(coordinator, chuLai);
    await until(() => again.events.some((e) => e.subjectId === String(next.id)), 1000);
  });

  it('refuses a non-member: the stream ends with NOT_FOUND and carries no event', async () => {
    const admin = await loggedIn(server.url, demoEmail('admin'));
    const outsider = watch(admin.cookie, { projectId: chuLai, lastEventId: '0' });
    await until(() => outsider.error() !== undefined);
    expect(outsider.error()?.data?.code).toBe('NOT_FOUND');
    expect(outsider.events).toEqual([]);

    const anonymous = watch('', { projectId: chuLai, lastEventId: '0' });
    await until(() => anonymous.error() !== undefined);
    expect(anonymous.error()?.data?.code).toBe('UNAUTHORIZED');
    expect(anonymous.events).toEqual([]);
  });

  it("never sends another project's events", async () => {
    const watcher = watch(member.cookie, { projectId: chuLai });
    await watcher.started;
    const elsewhere = await addPhase(coordinator, binhDuong);
    const here = await addPhase(coordinator, chuLai);
    await until(() => watcher.events.some((e) => e.subjectId === String(here.id)));
    await pause(100);
    const foreign = await server.database.db.selectFrom('audit_events').select('seq').where('project_id', '=', binhDuong).execute();
    const foreignSeqs = new Set(foreign.map((f) => f.seq));
    expect(watcher.events.filter((e) => foreignSeqs.has(e.seq))).toEqual([]);
    expect(watcher.events.some((e) => e.subjectId === String(elsewhere.id) && e.subjectType === 'phase')).toBe(false);
  });

  it('streams through Hono as SSE: event ids, and Last-Event-ID resumes a plain EventSource', async () => {
    const before = (await server.database.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).where('project_id', '=', chuLai).executeTakeFirstOrThrow()).seq as number;
    await addPhase(coordinator, chuLai);
    const controller = new AbortController();
    const response = await fetch(`${server.url}/trpc/live.projectEvents?input=${encodeURIComponent(JSON.stringify({ projectId: chuLai }))}`, {
      headers: { cookie: member.cookie, accept: 'text/event-stream', 'last-event-id': String(before) },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const deadline = Date.now() + 2000;
    while (!/\nid: ?\d+/.test(text) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const id = Number(/\nid: ?(\d+)/.exec(text)?.[1]);
    expect(id).toBeGreaterThan(before);
  });

  it('stops a person removed from the project: the next batch ends the stream with NOT_FOUND', async () => {
    const admin = await loggedIn(server.url, demoEmail('admin'));
    const viewer = await loggedIn(server.url, demoEmail('viewer', 'MOIT'));
    const userId = ((await viewer.call('auth.me', undefined, { method: 'GET' })).data as { id: number }).id;
    const watcher = watch(viewer.cookie, { projectId: chuLai });
    await watcher.started;
    const before = await addPhase(coordinator, chuLai);
    await until(() => watcher.events.some((e) => e.subjectId === String(before.id)));
    expect((await admin.call('admin.memberships.remove', { projectId: chuLai, userId })).status).toBe(200);
    try {
      const after = await addPhase(coordinator, chuLai);
      await until(() => watcher.error() !== undefined);
      expect(watcher.error()?.data?.code).toBe('NOT_FOUND');
      expect(watcher.events.some((e) => e.subjectId === String(after.id) && e.subjectType === 'phase')).toBe(false);
    } finally {
      expect((await admin.call('admin.memberships.set', { projectId: chuLai, userId, role: 'viewer' })).status).toBe(200);
    }
  });

  it('writes the stream byte for byte as tRPC’s own SSE handler would', async () => {
    // server/http/fast-subscription.ts answers unless a `trpc-accept` header sends the call to tRPC.
    const before = (await server.database.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).where('project_id', '=', chuLai).executeTakeFirstOrThrow()).seq as number;
    await addPhase(coordinator, chuLai);
    await addPhase(coordinator, chuLai);
    // node:http, not fetch: destroying the request closes its socket at once, so the server can stop.
    const read = (headers: Record<string, string>) =>
      new Promise<{ status?: number; type?: string; cache?: string; text: string }>((resolve, reject) => {
        const input = encodeURIComponent(JSON.stringify({ projectId: chuLai }));
        const request = http.get(
          `${server.url}/trpc/live.projectEvents?input=${input}`,
          { agent: false, headers: { cookie: member.cookie, accept: 'text/event-stream', 'last-event-id': String(before), ...headers } },
          (response) => {
            let text = '';
            const done = () => {
              request.destroy();
              resolve({ status: response.statusCode, type: response.headers['content-type'], cache: response.headers['cache-control'], text });
            };
            const timer = setTimeout(done, 2000);
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              text += chunk;
              if (/\nid: \d+\n\n\n/.test(text)) {
                clearTimeout(timer);
                done();
              }
            });
          },
        );
        request.on('error', reject);
      });
    const fast = await read({});
    const trpc = await read({ 'trpc-accept': 'application/json' });
    expect(fast.status).toBe(200);
    expect(fast).toEqual(trpc);
    // Both phases in one batch, after the `connected` event.
    expect(fast.text.match(/"subjectType":"phase"/g)).toHaveLength(2);
    expect(fast.text.startsWith('event: connected\n')).toBe(true);
  });
});

const withPostgres = availableDialects().includes('postgres');
(withPostgres ? describe : describe.skip)('live events across two instances on one PostgreSQL (LISTEN/NOTIFY)', () => {
  let a: TestServer;
  let b: RunningServer;
  const open: Subscriber[] = [];

  beforeAll(async () => {
    a = await startTestServer('postgres');
    b = await startServer(
      defaultConfig({ port: 0, host: '127.0.0.1', databaseUrl: a.database.databaseUrl, demo: true, logLevel: 'silent' }),
      { logger: createLogger('silent') },
    );
  });
  afterAll(async () => {
    for (const s of open) s.stop();
    await b?.close();
    await a?.stop();
  });

  it('delivers a change made through A to a subscriber connected to B within a second', async () => {
    const coordinatorOnA = await loggedIn(a.url, demoEmail('coordinator', 'VIOIT'));
    const memberOnB = await loggedIn(b.url, demoEmail('member', 'THACO-IND'));
    const projectId = await projectIdOf(coordinatorOnA, 'CHULAI-PILOT');
    const watcher = subscribe(b.url, memberOnB.cookie, { projectId });
    open.push(watcher);
    await watcher.started;
    const phase = await addPhase(coordinatorOnA, projectId);
    const committed = Date.now();
    await until(() => watcher.events.some((e) => e.subjectId === String(phase.id)), 1000);
    expect(Date.now() - committed).toBeLessThan(1000);
  });

  it('ends open streams on shutdown with a retryable error, so close() does not hang', async () => {
    const other = await startServer(
      defaultConfig({ port: 0, host: '127.0.0.1', databaseUrl: a.database.databaseUrl, demo: true, logLevel: 'silent' }),
      { logger: createLogger('silent') },
    );
    const member = await loggedIn(other.url, demoEmail('member', 'THACO-IND'));
    const projectId = await projectIdOf(member, 'CHULAI-PILOT');
    const watcher = subscribe(other.url, member.cookie, { projectId });
    await watcher.started;
    const started = Date.now();
    await other.close();
    watcher.stop();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
