import { sql, type Kysely } from 'kysely';
import { withId } from './dialect.ts';

// In-app notifications (issue 9): one row per recipient. Its sentence is rendered by the client from
// `kind` and `payload_json`, copied at creation so it stays what happened. `dedupe_key` makes the
// background due scan idempotent (one per task per recipient per day and state); it is NULL for
// notifications of mutations, and NULLs never collide on either dialect. Frozen in time: no app imports.

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('notifications'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('assigned', 'decision_requested', 'round_superseded', 'round_closed', 'assignment_declined', 'mentioned', 'due_soon', 'overdue')`,
        ),
    )
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // No foreign keys on the subjects: a notification is a record of what happened and outlives them.
    .addColumn('task_id', 'integer')
    .addColumn('round_id', 'integer')
    .addColumn('comment_id', 'integer')
    .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notifications_dedupe', ['user_id', 'dedupe_key'])
    .execute();
  // "My unread, newest first" and its count; the whole list newest first.
  await db.schema.createIndex('notifications_user_unread').on('notifications').columns(['user_id', 'read_at', 'id']).execute();
  await db.schema.createIndex('notifications_user_id').on('notifications').columns(['user_id', 'id']).execute();
  // The due scan asks "was this task's reminder already sent?" for every due task.
  await db.schema.createIndex('notifications_task_dedupe').on('notifications').columns(['task_id', 'dedupe_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
}
