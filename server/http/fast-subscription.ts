import {
  callTRPCProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  isTrackedEnvelope,
  type AnyTRPCRouter,
  type TRPCError,
} from '@trpc/server';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * Serves subscriptions over SSE without tRPC's stream pipeline, writing exactly what tRPC would
 * (`connected`, then `data:`/`id:` messages, `ping`, `return` or `serialized-error`), so
 * httpSubscriptionLink cannot tell the difference.
 *
 * Why: tRPC turns each message into a chain of async generators (ping, grace, error handling), a
 * readable stream, a transform and a text encoder stream, and re-arms a ping timer: 180–250 µs of CPU
 * per message per subscriber. With 500 people on one project and 20 commits a second, that alone
 * saturates a core and events queue up for 300 ms. Here a message is one JSON.stringify and one
 * enqueue, and one shared timer pings every open stream.
 *
 * The procedure still runs through tRPC (callProcedure: the same middlewares, input validation and
 * membership check, with the same context). If that call fails, the request goes on to tRPC's own
 * handler, which runs it again and answers the refusal in its own format, as fast-query.ts does.
 */
export function fastSubscriptions(options: {
  router: AnyTRPCRouter;
  createContext: (c: Context, resHeaders: Headers) => Promise<object>;
  onError: (opts: { error: TRPCError; path: string; ctx: object }) => void;
}): MiddlewareHandler {
  const { router, createContext, onError } = options;
  const procedures = router._def.procedures as Record<string, { _def: { type: string } } | undefined>;
  const config = router._def._config;
  const transformer = config.transformer;
  const connected = frame({ event: 'connected', data: JSON.stringify(config.sse?.client ?? {}) });
  const pings = pinger(config.sse?.ping?.enabled ? (config.sse.ping.intervalMs ?? 1000) : null);

  return async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('trpc-accept') !== undefined) return next();
    const path = c.req.path.slice('/trpc/'.length);
    // Procedure names need no escaping; anything escaped is left to tRPC.
    if (procedures[path]?._def.type !== 'subscription') return next();
    const url = new URL(c.req.url);
    // Batches and connection params (which tRPC hands to createContext) are left to tRPC.
    if (url.searchParams.has('batch') || url.searchParams.has('connectionParams')) return next();

    const abort = new AbortController();
    let iterator: AsyncIterator<unknown>;
    let ctx: object;
    let input: unknown;
    // tRPC's own rule for the id a reconnecting client resumes from: header first, then the query.
    const lastEventId = c.req.header('last-event-id') ?? url.searchParams.get('lastEventId') ?? url.searchParams.get('Last-Event-Id');
    try {
      const raw = url.searchParams.get('input');
      input = raw ? transformer.input.deserialize(JSON.parse(raw)) : undefined;
      if (lastEventId) {
        if (typeof input === 'object' && input !== null && !Array.isArray(input)) input = { ...input, lastEventId };
        else input ??= { lastEventId };
      }
      const resHeaders = new Headers();
      ctx = await createContext(c, resHeaders);
      const data: unknown = await callTRPCProcedure({
        router,
        path,
        getRawInput: async () => input,
        ctx,
        type: 'subscription',
        signal: abort.signal,
        batchIndex: 0,
      });
      if (!isAsyncIterable(data)) {
        abort.abort();
        return next();
      }
      iterator = data[Symbol.asyncIterator]();
      resHeaders.forEach((value, key) => c.header(key, value, { append: true }));
    } catch {
      abort.abort();
      return next();
    }

    // The id of the last message sent: an untracked message after a tracked one has to restore it.
    let sentId = lastEventId && !/[\0\n\r]/.test(lastEventId) ? lastEventId : null;
    let stop = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(connected);
        stop = pings.add(controller);
      },
      // Pulled: the procedure is asked for its next message only when the last one has been written,
      // so a slow client holds its stream back (and catches up in one batch) instead of piling up here.
      async pull(controller) {
        try {
          const step = await iterator.next();
          if (abort.signal.aborted) return;
          if (step.done) {
            controller.enqueue(frame({ event: 'return', data: '' }));
            return end(controller);
          }
          const value: unknown = step.value;
          if (isTrackedEnvelope(value)) {
            sentId = value[0];
            controller.enqueue(frame({ data: JSON.stringify(transformer.output.serialize(value[1])), id: value[0] }));
          } else if (sentId === null) {
            controller.enqueue(frame({ data: JSON.stringify(transformer.output.serialize(value)) }));
          } else {
            controller.enqueue(
              concat(
                frame({ data: JSON.stringify(transformer.output.serialize(value)), id: '' }),
                frame({ event: 'restore-id', data: '', id: sentId }),
              ),
            );
          }
        } catch (cause) {
          if (abort.signal.aborted || isAbortError(cause)) return end(controller);
          const error = getTRPCErrorFromUnknown(cause);
          onError({ error, path, ctx });
          const shape = getErrorShape({ config, ctx, error, input, path, type: 'subscription' });
          controller.enqueue(frame({ event: 'serialized-error', data: JSON.stringify(transformer.output.serialize(shape)) }));
          end(controller);
        }
      },
      // The client went away (Node closed the socket): end the procedure's stream.
      cancel() {
        stop();
        abort.abort();
        void iterator.return?.().catch(() => {});
      },
    });
    const end = (controller: ReadableStreamDefaultController<Uint8Array>) => {
      stop();
      abort.abort();
      controller.close();
    };

    c.header('vary', 'trpc-accept, accept');
    c.header('content-type', 'text/event-stream');
    c.header('cache-control', 'no-cache, no-transform');
    c.header('x-accel-buffering', 'no');
    c.header('connection', 'keep-alive');
    return c.body(body, 200);
  };
}

const encoder = new TextEncoder();

/** One SSE message, laid out as tRPC lays it out (its blank line plus one more). */
function frame(message: { event?: string; data: string; id?: string }): Uint8Array {
  let text = '';
  if (message.event !== undefined) text += `event: ${message.event}\n`;
  text += `data: ${message.data}\n`;
  if (message.id !== undefined) text += `id: ${message.id}\n`;
  return encoder.encode(`${text}\n\n`);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}

/**
 * One timer for every open stream instead of one per stream re-armed on every message. It pings each
 * stream every interval whether or not it was quiet: a ping is a few bytes, and a stream is never
 * silent for longer than the interval, well inside the client's inactivity limit.
 */
function pinger(intervalMs: number | null) {
  const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const ping = frame({ event: 'ping', data: '' });
  let timer: NodeJS.Timeout | undefined;
  return {
    add(controller: ReadableStreamDefaultController<Uint8Array>): () => void {
      if (intervalMs === null) return () => {};
      open.add(controller);
      timer ??= setInterval(() => {
        for (const stream of open) stream.enqueue(ping);
      }, intervalMs).unref();
      return () => {
        open.delete(controller);
        if (open.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
