import { initTRPC } from '@trpc/server';
import { SqliteAdapter, type Kysely } from 'kysely';
import { z } from 'zod';
import { zId } from '../shared/schemas.ts';
import type { Action } from './audit/audit.ts';
import type { SessionUser } from './auth/auth.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { preparedQuery } from './db/prepared.ts';
import type { Database, ProjectRole } from './db/schema.ts';
import { DomainError, fieldErrorsOf, forbidden, notFound, unauthorized } from './errors.ts';
import type { EventHub } from './live/live.ts';
import type { Logger } from './logger.ts';

export interface Context {
  db: Kysely<Database>;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** Wakes live subscribers after a commit (server/live). */
  hub: EventHub;
  requestId: string;
  ip: string;
  /** The raw session token from the cookie, when there is one. */
  sessionToken: string | null;
  user: SessionUser | null;
  /** Response headers, for Set-Cookie. */
  resHeaders: Headers;
  /** The origin people reach the app at (PUBLIC_URL, else the request's), for links the server hands out. */
  origin?: string;
}

const t = initTRPC.context<Context>().create({
  // Subscriptions over SSE: a ping every 15 s keeps proxies from closing an idle stream, and a
  // client that hears nothing for 30 s reconnects with its last event id (LESSONS.md, trpc PR #6214).
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 30_000 },
  },
  errorFormatter({ shape, error, ctx }) {
    const requestId = ctx?.requestId;
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      // Never leak internals (SQL, stack, paths): the log has them under the same request id.
      return { code: shape.code, message: 'Internal error', data: { code: shape.data.code, httpStatus: shape.data.httpStatus, requestId } };
    }
    const cause = error.cause;
    const domain = cause instanceof DomainError ? cause : undefined;
    const inputErrors = domain ? undefined : fieldErrorsOf(cause);
    return {
      code: shape.code,
      // A validation failure's raw message is the whole issue list; the field errors say it better.
      message: inputErrors ? 'Invalid input' : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId,
        reason: domain?.reason ?? (inputErrors ? 'invalid_input' : undefined),
        fieldErrors: domain?.fieldErrors ?? inputErrors,
        current: domain?.current,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/**
 * On SQLite every query goes through one connection behind a lock that is not first come, first
 * served: a read made of several queries re-queues for each of them behind every other request's,
 * so under load all reads slow down together and the slowest wait seconds. Holding the connection
 * for a whole read lets requests finish in turn. (PostgreSQL has a pool and needs nothing.)
 */
const oneConnectionPerRead = t.middleware(({ ctx, type, next }) => {
  if (type !== 'query' || !(ctx.db.getExecutor().adapter instanceof SqliteAdapter)) return next();
  return ctx.db.connection().execute((db) => next({ ctx: { db } }));
});

export const publicProcedure = t.procedure.use(oneConnectionPerRead);

/** A logged-in person. Adds `actor` and `mutate`, which runs work in one transaction with its audit events. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.user;
  if (!user) throw unauthorized();
  const actor = { userId: user.id, organizationId: user.organizationId };
  const mutate = async <T>(work: (tx: Kysely<Database>, action: Action) => Promise<T>) => {
    const action: Action = { actor, at: ctx.clock.now().toISOString(), projectEvents: [] };
    const result = await ctx.db.transaction().execute((tx) => work(tx, action));
    // Only once committed: live subscribers then read the new events from audit_events.
    for (const event of action.projectEvents ?? []) ctx.hub.publish(event.projectId, event.seq);
    return result;
  };
  return next({ ctx: { user, actor, mutate } });
});

/** System administrators: manage organizations, users and projects; no implicit right to approve. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isAdmin) throw forbidden('admin_only', 'Only administrators may do this');
  return next();
});

export interface Membership {
  projectId: number;
  role: ProjectRole;
  organizationId: number;
}

const membershipRole = preparedQuery((db: Kysely<Database>, projectId: number, userId: number) =>
  db.selectFrom('memberships').select('role').where('project_id', '=', projectId).where('user_id', '=', userId),
);

/**
 * Procedures on one project. Loads the caller's membership; a non-member gets NOT_FOUND whether
 * or not the project exists, so ids cannot be probed.
 */
export const projectProcedure = authedProcedure
  .input(z.object({ projectId: zId }))
  .use(async ({ ctx, input, next }) => {
    const [row] = await membershipRole(ctx.db, input.projectId, ctx.user.id);
    if (!row) throw notFound('Project');
    const membership: Membership = { projectId: input.projectId, role: row.role, organizationId: ctx.user.organizationId };
    return next({ ctx: { membership } });
  });

/** Refuses unless the caller's project role is one of `roles`. */
export function requireRole(membership: Membership, roles: readonly ProjectRole[], what: string): void {
  if (!roles.includes(membership.role)) {
    throw forbidden('role_not_allowed', `Your role (${membership.role}) may not ${what}`);
  }
}

