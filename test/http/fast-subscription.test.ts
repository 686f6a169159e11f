import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { trpcServer } from '@hono/trpc-server';
import { initTRPC, tracked, TRPCError } from '@trpc/server';
import { Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { fastSubscriptions } from '../../server/http/fast-subscription.ts';

// server/http/fast-subscription.ts writes subscriptions' SSE itself. It must write what tRPC writes:
// the same app answers each request twice, once through it and once (with a `trpc-accept` header)
// through @hono/trpc-server, and the two bodies are compared, every frame but the pings.

const t = initTRPC.context<{ allowed: boolean }>().create({
  // No stack traces in error shapes: the two paths throw from different frames.
  isDev: false,
  sse: { ping: { enabled: true, intervalMs: 40 }, client: { reconnectAfterInactivityMs: 1000 } },
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const router = t.router({
  counts: t.procedure.input(z.object({ n: z.number().int().max(5), lastEventId: z.string().nullish() })).subscription(async function* ({ input }) {
    for (let i = Number(input.lastEventId ?? 0) + 1; i <= input.n; i++) yield tracked(String(i), { i, text: 'Cơ khí "Chu Lai"\n' });
    // An untracked message after tracked ones: tRPC blanks its id, then restores the last one.
    yield { untracked: true };
  }),
  fails: t.procedure.subscription(async function* () {
    yield tracked('1', { ok: true });
    throw new TRPCError({ code: 'CONFLICT', message: 'Changed meanwhile' });
  }),
  quiet: t.procedure.subscription(async function* () {
    await pause(150);
    yield 'late';
  }),
  guarded: t.procedure
    .use(({ ctx, next }) => {
      if (!ctx.allowed) throw new TRPCError({ code: 'FORBIDDEN', message: 'Not yours' });
      return next();
    })
    .subscription(async function* () {
      yield 'secret';
    }),
});

const errors: string[] = [];
let server: ServerType;
let url: string;
beforeAll(async () => {
  const app = new Hono();
  const createContext = async (c: { req: { header(name: string): string | undefined } }) => ({ allowed: c.req.header('x-allowed') === 'yes' });
  const onError = ({ error, path }: { error: TRPCError; path?: string }) => void errors.push(`${path}: ${error.code}`);
  app.use('/trpc/*', fastSubscriptions({ router, createContext, onError }));
  // Says which of the two answered: the comparisons below would pass trivially if tRPC answered both.
  app.use('/trpc/*', async (c, next) => {
    await next();
    c.res.headers.set('x-answered-by', 'trpc');
  });
  app.use('/trpc/*', trpcServer({ router, createContext: (_opts, c) => createContext(c), onError }));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      url = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The whole body, read until the server ends the stream. */
async function read(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/trpc/${path}`, { headers: { accept: 'text/event-stream', ...headers } });
  const header = (name: string) => response.headers.get(name);
  return {
    status: response.status,
    answeredBy: header('x-answered-by') ?? 'fast',
    headers: { type: header('content-type'), cache: header('cache-control'), vary: header('vary'), buffering: header('x-accel-buffering') },
    body: await response.text(),
  };
}

async function both(path: string, headers: Record<string, string> = {}) {
  const fast = await read(path, headers);
  const trpc = await read(path, { ...headers, 'trpc-accept': 'application/json' });
  expect(trpc.answeredBy).toBe('trpc');
  return { fast, trpc };
}

const PING = 'event: ping\ndata: \n\n\n';
const withoutPings = (body: string) => body.replaceAll(PING, '');
const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

it('writes tracked and untracked messages, and the end, byte for byte as tRPC', async () => {
  const { fast, trpc } = await both(`counts?${input({ n: 3 })}`);
  expect(fast.status).toBe(200);
  expect(fast.answeredBy).toBe('fast');
  expect(fast.headers).toEqual(trpc.headers);
  expect(fast.headers.type).toBe('text/event-stream');
  expect(withoutPings(fast.body)).toBe(withoutPings(trpc.body));
  expect(fast.body).toContain('id: 3\n');
  expect(fast.body).toContain('event: restore-id\ndata: \nid: 3\n');
  expect(fast.body).toMatch(/event: return\ndata: \n\n\n$/);
});

it('resumes from Last-Event-ID, from the header or the query, as tRPC does', async () => {
  const fromHeader = await both(`counts?${input({ n: 4 })}`, { 'last-event-id': '2' });
  expect(fromHeader.fast.answeredBy).toBe('fast');
  expect(withoutPings(fromHeader.fast.body)).toBe(withoutPings(fromHeader.trpc.body));
  expect(fromHeader.fast.body).not.toContain('id: 2\n');
  expect(fromHeader.fast.body).toContain('id: 3\n');
  const fromQuery = await both(`counts?${input({ n: 4 })}&lastEventId=3`);
  expect(withoutPings(fromQuery.fast.body)).toBe(withoutPings(fromQuery.trpc.body));
  expect(fromQuery.fast.body).not.toContain('id: 3\n');
});

it('ends a stream that fails with the same serialized error, and reports it once', async () => {
  errors.length = 0;
  const { fast, trpc } = await both('fails');
  expect(fast.answeredBy).toBe('fast');
  expect(withoutPings(fast.body)).toBe(withoutPings(trpc.body));
  expect(fast.body).toContain('event: serialized-error\n');
  expect(fast.body).toContain('"code":"CONFLICT"');
  expect(errors).toEqual(['fails: CONFLICT', 'fails: CONFLICT']);
});

it('pings a quiet stream', async () => {
  const { fast, trpc } = await both('quiet');
  expect(fast.answeredBy).toBe('fast');
  expect(fast.body).toContain(PING);
  expect(withoutPings(fast.body)).toBe(withoutPings(trpc.body));
});

it("leaves refusals and bad input to tRPC's own handler", async () => {
  const refused = await both('guarded');
  expect(refused.fast.answeredBy).toBe('trpc');
  expect(refused.fast).toEqual(refused.trpc);
  expect(refused.fast.body).toContain('FORBIDDEN');
  const allowed = await both('guarded', { 'x-allowed': 'yes' });
  expect(allowed.fast.answeredBy).toBe('fast');
  expect(withoutPings(allowed.fast.body)).toBe(withoutPings(allowed.trpc.body));
  expect(allowed.fast.body).toContain('"secret"');
  const invalid = await both(`counts?${input({ n: 'many' })}`);
  expect(invalid.fast).toEqual(invalid.trpc);
  expect(invalid.fast.body).toContain('BAD_REQUEST');
  const malformed = await both('counts?input=%7Bnot-json');
  expect(malformed.fast).toEqual(malformed.trpc);
});

it('ends the procedure when the client goes away', async () => {
  let finished = false;
  const endless = t.router({
    forever: t.procedure.subscription(async function* ({ signal }) {
      try {
        while (!signal?.aborted) {
          yield 'tick';
          await pause(5);
        }
      } finally {
        finished = true;
      }
    }),
  });
  const app = new Hono();
  app.use('/trpc/*', fastSubscriptions({ router: endless, createContext: async () => ({ allowed: true }), onError: () => {} }));
  const other = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (other.address() as AddressInfo).port;
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/trpc/forever`, { signal: controller.signal });
  const reader = response.body!.getReader();
  await reader.read();
  await reader.read();
  controller.abort();
  const deadline = Date.now() + 2000;
  while (!finished && Date.now() < deadline) await pause(10);
  expect(finished).toBe(true);
  if ('closeAllConnections' in other) other.closeAllConnections();
  await new Promise<void>((resolve) => other.close(() => resolve()));
});
