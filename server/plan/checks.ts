import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { badRequest, conflict } from '../errors.ts';

// Preconditions shared by the plan and the tasks. They read with SELECTs before anything is
// written: on PostgreSQL a failed statement aborts the whole transaction, so constraint errors
// are a safety net only, never the way a user hears "no".

/** Asia/Ho_Chi_Minh has been UTC+7 all year, with no daylight saving, since 1975. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * 'YYYY-MM-DD' today in Vietnam, the calendar "overdue" is measured against. Every list asks, and
 * shifting by the fixed offset costs a fraction of an Intl formatter's ~10 µs.
 */
export function todayInVietnam(now: Date): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Refuses an end before its start, naming the end field. */
export function assertDateOrder(start: string, end: string, endField: string, message = 'Ends before it starts'): void {
  if (start > end) throw badRequest('invalid_date_range', message, { [endField]: [message] });
}

/** Refuses any organization that is not a party of the project (unknown ids included). */
export async function assertParties(tx: Kysely<Database>, projectId: number, organizationIds: readonly number[], field: string) {
  const wanted = [...new Set(organizationIds)];
  if (wanted.length === 0) return;
  const rows = await tx
    .selectFrom('project_parties')
    .select('organization_id')
    .where('project_id', '=', projectId)
    .where('organization_id', 'in', wanted)
    .execute();
  if (rows.length !== wanted.length) {
    throw badRequest('not_a_party', 'Only parties of the project can be named here', { [field]: ['Not a party of this project'] });
  }
}

/**
 * Serializes plan edits that read the project's whole shape (cycle checks, reordering) on
 * PostgreSQL, where two transactions could otherwise both pass a check. SQLite already runs one
 * writer at a time.
 */
export async function lockProject(tx: Kysely<Database>, projectId: number): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await tx.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
  }
}

/** The answer to an update made against an old version: nothing changed, here is what is current. */
export function staleVersion(what: string, current: unknown) {
  return conflict('stale_version', `${what} was changed by someone else meanwhile`, current);
}

/** Distinct ids, in the order first given. */
export function distinct(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}
