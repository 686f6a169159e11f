import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { trpcServer } from '@hono/trpc-server';
import type { TRPCError } from '@trpc/server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { sql, type Kysely } from 'kysely';
import { userForToken } from './auth/auth.ts';
import { publicOrigin, redactFeedToken } from './calendar/calendar.ts';
import { calendarFeedRoute } from './calendar/feed-route.ts';
import { readSessionCookie } from './auth/cookie.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DialectName } from './db/connect.ts';
import type { Database } from './db/schema.ts';
import { originCheck } from './http/csrf.ts';
import { fastQueries } from './http/fast-query.ts';
import { fastSubscriptions } from './http/fast-subscription.ts';
import type { EventHub } from './live/live.ts';
import type { Logger } from './logger.ts';
import { appRouter } from './router.ts';
import type { Context as TrpcContext } from './trpc.ts';

export interface AppDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** Wakes live subscribers after commits: in-process for SQLite, LISTEN/NOTIFY for PostgreSQL. */
  hub: EventHub;
}

type HonoEnv = { Variables: { requestId: string } };

/** Builds the HTTP app from what it is given; nothing module-level, so tests build as many as they like. */
export function createApp({ db, dialect, clock, config, logger, hub }: AppDeps) {
  const app = new Hono<HonoEnv>();

  // ── request id and access log ───────────────────────────────────────────────
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Handlers that build their own Response (tRPC) drop headers set before them: set it last.
    c.res.headers.set('x-request-id', c.get('requestId'));
    logger.info(
      { requestId: c.get('requestId'), method: c.req.method, path: redactFeedToken(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });

  // ── security headers: the built client needs nothing beyond 'self' ──────────
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: config.secureCookies ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );

  // ── health: is the database answering? ─────────────────────────────────────
  app.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(db);
      return c.json({ ok: true, db: dialect });
    } catch (error) {
      logger.error({ err: error, requestId: c.get('requestId') }, 'health check failed');
      return c.json({ ok: false, db: dialect }, 503);
    }
  });

  // ── tRPC: origin check and size cap before any procedure runs ───────────────
  app.use('/trpc/*', originCheck(config.allowedOrigins));
  const limitBody = bodyLimit({
    maxSize: 1024 * 1024,
    onError: (c) => {
      // The rest of the body is never read and Node drops the socket: say so, or a keep-alive client
      // sends its next request into a closed connection and gets a network error instead of an answer.
      c.header('connection', 'close');
      return c.json({ error: { message: 'Request too large' } }, 413);
    },
  });
  // tRPC refuses some calls (no session, a role that may not) before it reads the input. A body left
  // unread makes Node drop the keep-alive connection after the answer, and the client's next request
  // on it fails with a network error. Reading the body (capped) first keeps the connection usable.
  // GET and HEAD carry no body: asking for one would build a whole fetch Request for nothing.
  app.use('/trpc/*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return limitBody(c, async () => {
      await c.req.arrayBuffer();
      await next();
    });
  });
  const createContext = async (c: Context<HonoEnv>, resHeaders: Headers): Promise<Record<string, unknown> & TrpcContext> => {
    const sessionToken = readSessionCookie(config, c.req.header('cookie') ?? null);
    const user = sessionToken ? await userForToken(db, config, clock.now(), sessionToken) : null;
    return {
      db,
      clock,
      config,
      logger,
      hub,
      requestId: c.get('requestId'),
      ip: clientIp(c, config.trustProxy),
      sessionToken,
      user,
      origin: publicOrigin(config, c.req.url),
      resHeaders,
      env: c.env,
    };
  };
  const onError = ({ error, path, ctx }: { error: TRPCError; path?: string; ctx?: object }) => {
    if (error.code !== 'INTERNAL_SERVER_ERROR') return;
    logger.error({ err: error.cause ?? error, path, requestId: (ctx as TrpcContext | undefined)?.requestId }, 'procedure failed');
  };
  app.use('/trpc/*', fastQueries({ router: appRouter, maxBatchSize: config.maxBatchSize, createContext }));
  app.use('/trpc/*', fastSubscriptions({ router: appRouter, createContext, onError }));
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      maxBatchSize: config.maxBatchSize,
      createContext: (opts, c) => createContext(c, opts.resHeaders),
      onError,
    }),
  );

  // ── calendar feeds: GET only, authorised by the secret token in the path, never the session ──
  app.route('/calendar', calendarFeedRoute({ db, clock, config }));

  // ── the built client: hashed assets forever, index.html for every app route ─
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('/*', serveStatic({ root: config.clientDir }));
  const indexFile = join(config.clientDir, 'index.html');
  const indexHtml = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null;
  app.get('/*', (c) => {
    if (!indexHtml) return c.text('The client is not built. Run `npm run build`.', 503);
    c.header('cache-control', 'no-cache');
    return c.html(indexHtml);
  });

  app.onError((error, c) => {
    logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return c.json({ error: { message: 'Internal error', requestId: c.get('requestId') } }, 500);
  });

  return app;
}

function clientIp(c: Parameters<typeof getConnInfo>[0], trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
