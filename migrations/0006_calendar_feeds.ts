import type { Kysely } from 'kysely';
import { withId } from './dialect.ts';

// Per-user calendar feeds (issue 8): the .ics URL carries a secret token; only its SHA-256 is stored,
// like sessions. One feed per person: regenerating replaces the row, so the old URL stops working.
// Frozen in time: no app imports.

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('calendar_feeds'))
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute();
}
