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
