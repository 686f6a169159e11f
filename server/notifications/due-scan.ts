import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { addDays } from '../../shared/schedule.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { todayInVietnam } from '../plan/checks.ts';
import { notify, type NewNotification } from './notify.ts';
import { ORGANIZATION_RECIPIENT_ROLES, organizationPeople } from './notifications.ts';

/** A task is "due soon" from this many days before its due date (the due date itself included). */
export const DUE_SOON_DAYS = 3;

/** Tasks per transaction: a first scan of a large plan must not hold the (SQLite) writer for seconds. */
const TASKS_PER_TRANSACTION = 100;

/**
 * Tells each organization about its unfinished tasks due within DUE_SOON_DAYS or overdue, in
 * projects that are not closed. Idempotent: the dedupe key is (kind, task, due date) per recipient,
 * so each person hears once that a task is due soon and once that it is overdue, and again only if
 * its due date moves. "My organization's tasks" are those it is asked to do or has accepted.
 * Returns how many notifications it wrote.
 */
export async function scanDueTasks(db: Kysely<Database>, now: Date): Promise<number> {
  const today = todayInVietnam(now);
  const at = now.toISOString();
  const kindOf = sql<string>`case when tasks.due_date < ${today} then 'overdue' else 'due_soon' end`;
  // Only tasks whose reminder was not written yet: a task's reminders to all its people are written
  // in one transaction, so one of them existing means all do. Without this filter every scan would
  // try every overdue task of every project again.
  const tasks = await db
    .selectFrom('tasks')
    .innerJoin('projects', 'projects.id', 'tasks.project_id')
    .innerJoin('organizations', 'organizations.id', 'tasks.lead_organization_id')
    .select(['tasks.id', 'tasks.project_id', 'tasks.lead_organization_id', 'tasks.title', 'tasks.due_date', 'organizations.code'])
    .where('projects.status', '!=', 'closed')
    .where('tasks.assignment_state', 'in', ['awaiting', 'accepted'])
    .where('tasks.status', '!=', 'done')
    .where('tasks.due_date', '<=', addDays(today, DUE_SOON_DAYS))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notifications')
            .select('notifications.id')
            .whereRef('notifications.task_id', '=', 'tasks.id')
            .where('notifications.dedupe_key', '=', sql<string>`${kindOf} || ':' || tasks.id || ':' || tasks.due_date`),
        ),
      ),
    )
    .orderBy('tasks.project_id')
    .orderBy('tasks.id')
    .execute();

  let written = 0;
  const people = new Map<string, number[]>();
  for (let start = 0; start < tasks.length; start += TASKS_PER_TRANSACTION) {
    const chunk = tasks.slice(start, start + TASKS_PER_TRANSACTION);
    written += await db.transaction().execute(async (tx) => {
      const items: NewNotification[] = [];
      for (const task of chunk) {
        const organizationId = task.lead_organization_id!;
        const key = `${task.project_id}:${organizationId}`;
        if (!people.has(key)) people.set(key, await organizationPeople(tx, task.project_id, [organizationId], ORGANIZATION_RECIPIENT_ROLES));
        const kind = task.due_date < today ? 'overdue' : 'due_soon';
        for (const userId of people.get(key)!) {
          items.push({
            userId,
            projectId: task.project_id,
            kind,
            actorUserId: null,
            taskId: task.id,
            payload: { taskTitle: task.title, organizationCode: task.code, dueDate: task.due_date },
            dedupeKey: `${kind}:${task.id}:${task.due_date}`,
            at,
          });
        }
      }
      return (await notify(tx, items)).length;
    });
    // Let waiting requests in between transactions.
    await nextTurn();
  }
  return written;
}

export interface DueScanLoop {
  /** Waits for a scan in progress, then stops. */
  stop(): Promise<void>;
}

/** Runs scanDueTasks now and every `intervalMs` on the app's clock; 0 disables it. A failed scan is logged and retried next time. */
export function startDueScan(options: { db: Kysely<Database>; clock: Clock; logger: Logger; intervalMs: number }): DueScanLoop {
  const { db, clock, logger, intervalMs } = options;
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let busy = false;
  const run = () => {
    // A scan slower than the interval is not started twice at once.
    if (busy) return;
    busy = true;
    running = scanDueTasks(db, clock.now()).then(
      (written) => {
        if (written > 0) logger.info({ written }, 'notifications: due scan');
      },
      (error: unknown) => logger.warn({ err: error }, 'notifications: due scan failed; retrying at the next interval'),
    ).finally(() => {
      busy = false;
    });
  };
  const timer = setInterval(() => {
    if (!stopped) run();
  }, intervalMs);
  timer.unref();
  run();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
