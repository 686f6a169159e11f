import { sql, type Kysely } from 'kysely';
import { withId } from './dialect.ts';

// E-mail notifications (issue 9). `email_preferences`: one row per person and kind they chose to get
// by e-mail; no row means off, so everyone starts with none. `email_outbox`: the messages to send,
// written in the same transaction as their notification, so a committed notification always has its
// message and a rolled-back one never does. A background sender claims rows with a lease
// (`claimed_until`, `claimed_by`) and marks each one sent after the SMTP server accepts it.
// Frozen in time: no app imports.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_preferences')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('assigned', 'decision_requested', 'round_superseded', 'round_closed', 'assignment_declined', 'mentioned', 'due_soon', 'overdue')`,
        ),
    )
    .addPrimaryKeyConstraint('email_preferences_pk', ['user_id', 'kind'])
    .execute();

  await withId(db, db.schema.createTable('email_outbox'))
    // Unique: one notification can never produce two messages, whatever retries the writer makes.
    .addColumn('notification_id', 'integer', (c) => c.notNull().unique().references('notifications.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    // The link to the item is added when sending, on the configured public address: only its path is kept.
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('link_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('sent_at', 'text')
    // Set when the sender gave up (too many failed attempts, or too old to be worth sending).
    .addColumn('failed_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  // The sender's claim: pending rows in the order they are due. Sent and abandoned rows leave the index.
  await db.schema
    .createIndex('email_outbox_pending')
    .on('email_outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('sent_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute();
  await db.schema.dropTable('email_preferences').execute();
}
