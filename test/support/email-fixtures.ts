import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { notify } from '../../server/notifications/notify.ts';
import { givenOrganization, givenProject, givenUser } from './fixtures.ts';

/** `count` queued messages for one opted-in person, written as notify() writes them. */
export async function givenQueuedEmails(db: Kysely<Database>, count: number, at = new Date().toISOString()) {
  const organization = await givenOrganization(db);
  const project = await givenProject(db, { partyOrganizationIds: [organization.id] });
  const user = await givenUser(db, { organizationId: organization.id });
  await db.insertInto('email_preferences').values({ user_id: user.id, kind: 'overdue' }).execute();
  await db.transaction().execute((tx) =>
    notify(
      tx,
      Array.from({ length: count }, (_, i) => ({
        userId: user.id,
        projectId: project.id,
        kind: 'overdue' as const,
        actorUserId: null,
        taskId: i + 1,
        payload: { taskTitle: `Công việc ${i + 1}`, dueDate: '2026-11-20' },
        at,
      })),
    ),
  );
}

let failedTask = 1000;

/**
 * A message to `userId` that the sender gave up on: queued as notify() queues it, then marked as the
 * sender marks a message after its last failed attempt. Returns the outbox row's id.
 */
export async function givenFailedEmail(
  db: Kysely<Database>,
  options: { userId: number; projectId: number; at?: string; error?: string; attempts?: number },
): Promise<number> {
  const at = options.at ?? new Date().toISOString();
  await db.insertInto('email_preferences').values({ user_id: options.userId, kind: 'overdue' }).onConflict((oc) => oc.doNothing()).execute();
  const taskId = ++failedTask;
  const [notificationId] = await db.transaction().execute((tx) =>
    notify(tx, [{ userId: options.userId, projectId: options.projectId, kind: 'overdue', actorUserId: null, taskId, payload: { taskTitle: `Công việc ${taskId}`, dueDate: '2026-11-20' }, at }]),
  );
  const row = await db
    .updateTable('email_outbox')
    .set({
      attempts: options.attempts ?? 8,
      failed_at: at,
      last_error: options.error ?? '550 5.1.1 <recipient>: Recipient address rejected: User unknown in virtual mailbox table',
      claimed_until: null,
      claimed_by: null,
    })
    .where('notification_id', '=', notificationId!)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
