import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

// Migrations are frozen in time: this helper belongs to them and imports no application code.

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-increment integer primary key named `id` on either dialect. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return isPostgres(db)
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** A 64-bit integer column: BIGINT on PostgreSQL, INTEGER (already 64-bit) on SQLite. */
export function bigint(db: Kysely<any>) {
  return isPostgres(db) ? sql`bigint` : sql`integer`;
}
