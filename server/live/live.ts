import { EventEmitter, setMaxListeners } from 'node:events';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { Logger } from '../logger.ts';

/**
 * Wakes the subscribers of a project after a commit. It carries no event data: audit_events is the
 * project's event log, and a woken subscriber reads `seq > lastSeen` from it itself. So a wake-up
 * that is lost, doubled or out of order costs a little delay at worst, never an event.
 */
export interface EventHub {
  /** Says that `projectId` has committed audit events up to `seq`. Never throws. */
  publish(projectId: number, seq: number): void;
  /** Calls `listener` when the project may have new events; returns the unsubscribe. */
  subscribe(projectId: number, listener: () => void): () => void;
  /** Aborted when the hub closes, so open streams end and the server can shut down. */
  readonly closing: AbortSignal;
  close(): Promise<void>;
}

/** Wakes every subscriber of every project (after a lost LISTEN connection: something may have been missed). */
const EVERY_PROJECT = 'every-project';

class LocalChannel {
  readonly emitter = new EventEmitter();
  readonly shutdown = new AbortController();

  constructor() {
    // One listener per open stream, on both: hundreds are expected, not a leak.
    this.emitter.setMaxListeners(0);
    setMaxListeners(0, this.shutdown.signal);
  }

  wake(projectId: number): void {
    this.emitter.emit(String(projectId));
  }

  wakeAll(): void {
    this.emitter.emit(EVERY_PROJECT);
  }

  subscribe(projectId: number, listener: () => void): () => void {
    const key = String(projectId);
    this.emitter.on(key, listener);
    this.emitter.on(EVERY_PROJECT, listener);
    return () => {
      this.emitter.off(key, listener);
      this.emitter.off(EVERY_PROJECT, listener);
    };
  }

  close(): void {
    this.shutdown.abort();
    this.emitter.removeAllListeners();
  }
}

/** One process (SQLite, or a single instance): an in-process EventEmitter. */
export function createLocalHub(): EventHub {
  const channel = new LocalChannel();
  return {
    publish: (projectId) => channel.wake(projectId),
    subscribe: (projectId, listener) => channel.subscribe(projectId, listener),
    closing: channel.shutdown.signal,
    close: async () => channel.close(),
  };
}

/** The one PostgreSQL channel every instance LISTENs on; NOTIFY stays inside one database. */
export const NOTIFY_CHANNEL = 'lienket_project_events';

/**
 * Several instances on one PostgreSQL: a dedicated connection LISTENs on one channel and each commit
 * is announced with `pg_notify(channel, 'projectId:seq')`.
 *
 * The NOTIFY is sent AFTER the commit, by the instance that committed, not inside the transaction.
 * Inside, PostgreSQL would deliver it exactly on commit and never on rollback, but the domain
 * transaction would have to know about the hub, and a committing transaction that has NOTIFYed takes
 * a cluster-wide lock on the notification queue. After the commit it is one small statement off the
 * write path; the only loss (a crash between commit and NOTIFY) is healed by the next wake-up or by
 * the subscriber's reconnect, because subscribers read the events from audit_events, not from here.
 *
 * The committing instance also wakes its own subscribers at once; they hear the NOTIFY again and
 * find nothing new, which is harmless. If the LISTEN connection drops it reconnects and then wakes
 * every subscriber, since notifications sent meanwhile are gone.
 */
export async function createPostgresHub(connectionString: string, logger: Logger): Promise<EventHub> {
  const channel = new LocalChannel();
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      const projectId = Number(message.payload?.split(':')[0]);
      if (Number.isSafeInteger(projectId)) channel.wake(projectId);
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'live: LISTEN connection failed; reconnecting');
      lost(next);
    });
    next.on('end', () => lost(next));
    await next.connect();
    await next.query(`LISTEN ${NOTIFY_CHANNEL}`);
    client = next;
  };

  const lost = (which: pg.Client) => {
    if (client !== which || channel.shutdown.signal.aborted) return;
    client = null;
    which.end().catch(() => {});
    const attempt = () => {
      if (channel.shutdown.signal.aborted) return;
      connect().then(
        () => channel.wakeAll(),
        () => {
          retry = setTimeout(attempt, 1000);
        },
      );
    };
    retry = setTimeout(attempt, 100);
  };

  await connect();
  // One query at a time on the LISTEN connection (node-postgres deprecates queueing them on a client).
  let notifying: Promise<unknown> = Promise.resolve();

  return {
    publish(projectId, seq) {
      channel.wake(projectId);
      notifying = notifying
        .then(() => client?.query('select pg_notify($1, $2)', [NOTIFY_CHANNEL, `${projectId}:${seq}`]))
        .catch((error: unknown) => {
          logger.warn({ err: error, projectId, seq }, 'live: NOTIFY failed; other instances catch up on their next wake-up');
        });
    },
    subscribe: (projectId, listener) => channel.subscribe(projectId, listener),
    closing: channel.shutdown.signal,
    async close() {
      channel.close();
      clearTimeout(retry);
      const last = client;
      client = null;
      await last?.end().catch(() => {});
    },
  };
}

/** What a subscriber is told about one audit event: who did what to which subject, and when. */
export interface ProjectEvent {
  seq: number;
  action: string;
  subjectType: string;
  subjectId: string;
  actorUserId: number | null;
  actorOrganizationId: number | null;
  at: string;
}

/** The most a subscriber reads from the log in one query; a longer backlog is read page after page. */
export const CATCH_UP_PAGE = 500;

/** Events of one project after `afterSeq`, oldest first, at most one page. */
export async function projectEventsAfter(db: Kysely<Database>, projectId: number, afterSeq: number): Promise<ProjectEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'action', 'subject_type', 'subject_id', 'actor_user_id', 'actor_organization_id', 'at'])
    .where('project_id', '=', projectId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(CATCH_UP_PAGE)
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    actorUserId: r.actor_user_id,
    actorOrganizationId: r.actor_organization_id,
    at: r.at,
  }));
}

/** The project's newest event seq (0 when it has none): where a subscriber with no last event id starts. */
export async function latestProjectSeq(db: Kysely<Database>, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export interface ProjectStreamOptions {
  db: Kysely<Database>;
  hub: EventHub;
  projectId: number;
  /** The last seq the subscriber has; null: it starts from now. */
  afterSeq: number | null;
  /** Ends the stream (the client went away). */
  signal: AbortSignal | undefined;
  /** The subscriber: checked to still be a member before each batch is sent, so a person removed from the project stops receiving. */
  userId: number;
}

/**
 * One commit wakes every subscriber of the project at once, and each would run the same queries:
 * with 500 subscribers, 1,000 queries per commit on one SQLite connection, and seconds of delay.
 * Woken subscribers share them instead: the events after the same seq are read once, and the
 * membership of everyone woken together is checked in one query. A subscriber only joins a read
 * that starts after it was woken (`ticks` orders the two), so it always sees what woke it.
 */
let ticks = 0;
const sharedReads = new WeakMap<object, Map<string, { startedAt: number; read: Promise<unknown> }>>();

function sharedRead<T>(db: Kysely<Database>, key: string, wokenAt: number, read: () => Promise<T>): Promise<T> {
  let reads = sharedReads.get(db);
  if (!reads) sharedReads.set(db, (reads = new Map()));
  const current = reads.get(key);
  if (current && current.startedAt > wokenAt) return current.read as Promise<T>;
  const entry = { startedAt: ++ticks, read: read() };
  reads.set(key, entry);
  const forget = () => {
    if (reads.get(key) === entry) reads.delete(key);
  };
  entry.read.then(forget, forget);
  return entry.read as Promise<T>;
}

/** The members among `userIds` whose check is waiting: gathered until the next turn of the event loop, then asked in one query. */
const pendingMemberChecks = new WeakMap<object, Map<number, { userIds: Set<number>; members: Promise<Set<number>> }>>();

function isStillMember(db: Kysely<Database>, projectId: number, userId: number): Promise<boolean> {
  let byProject = pendingMemberChecks.get(db);
  if (!byProject) pendingMemberChecks.set(db, (byProject = new Map()));
  let batch = byProject.get(projectId);
  if (!batch) {
    const userIds = new Set<number>();
    const members = new Promise<Set<number>>((resolve, reject) =>
      setImmediate(() => {
        // Later checks start a new batch: this one's query starts now, after every wake that joined it.
        byProject.delete(projectId);
        db.selectFrom('memberships')
          .select('user_id')
          .where('project_id', '=', projectId)
          .where('user_id', 'in', [...userIds])
          .execute()
          .then((rows) => resolve(new Set(rows.map((r) => r.user_id))), reject);
      }),
    );
    batch = { userIds, members };
    byProject.set(projectId, batch);
  }
  batch.userIds.add(userId);
  return batch.members.then((members) => members.has(userId));
}

/**
 * The project's events as a stream of batches: first what the subscriber missed, then what is new
 * each time the hub wakes us. A batch, not each event, is one message: a message's cost is paid per
 * wake-up, and a subscriber that falls behind catches up in one. The hub listener is registered
 * BEFORE the first read, so an event committed between that read and the wait still wakes us;
 * nothing falls in a gap.
 */
export async function* projectEventStream(options: ProjectStreamOptions): AsyncGenerator<ProjectEvent[]> {
  const { db, hub, projectId, signal } = options;
  let woken = true;
  let wokenAt = ++ticks;
  let wake: (() => void) | null = null;
  const onWake = () => {
    woken = true;
    wokenAt = ++ticks;
    wake?.();
  };
  const unsubscribe = hub.subscribe(projectId, onWake);
  signal?.addEventListener('abort', onWake);
  hub.closing.addEventListener('abort', onWake);
  try {
    let lastSeen = options.afterSeq ?? (await latestProjectSeq(db, projectId));
    for (;;) {
      if (!woken) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (signal?.aborted) return;
      // A retryable code: the client reconnects (to another instance, or this one restarted) with its last id.
      if (hub.closing.aborted) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'Server is restarting' });
      woken = false;
      const after = lastSeen;
      const page = await sharedRead(db, `${projectId}:${after}`, wokenAt, () => projectEventsAfter(db, projectId, after));
      if (page.length === 0) continue;
      if (!(await isStillMember(db, projectId, options.userId))) throw notFound('Project');
      lastSeen = page.at(-1)!.seq;
      yield page;
      if (page.length === CATCH_UP_PAGE) woken = true;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onWake);
    hub.closing.removeEventListener('abort', onWake);
  }
}
