import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/schema.ts';

/**
 * Tables whose rows may change on a refused call by design: a failed login is recorded so the
 * throttle can count it (that is the refusal working, not a leak of state).
 */
const WRITTEN_ON_PURPOSE_WHEN_REFUSED = new Set(['login_attempts']);

const tablesOf = new WeakMap<object, Promise<string[]>>();

/** Every table of the schema, found at run time so tables added by later migrations are covered too. */
export function allTables(db: Kysely<Database>): Promise<string[]> {
  let tables = tablesOf.get(db);
  if (!tables) {
    tables = db.introspection.getTables().then((list) => list.map((t) => t.name).sort());
    tablesOf.set(db, tables);
  }
  return tables;
}

export interface Fingerprint {
  counts: Record<string, number>;
  auditHead: { seq: number; hash: string } | undefined;
}

/**
 * Row counts of every table and the audit chain's head, in one round trip. A call that was
 * refused must leave this exactly as it was: every mutation writes an audit event, so a changed
 * row without a count change still moves the head.
 */
export async function fingerprint(db: Kysely<Database>): Promise<Fingerprint> {
  const tables = (await allTables(db)).filter((t) => !WRITTEN_ON_PURPOSE_WHEN_REFUSED.has(t));
  const counts = sql.join(tables.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`));
  const { rows } = await sql<Record<string, number | string>>`select ${counts}`.execute(db);
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return {
    counts: Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)])),
    auditHead: head && { seq: Number(head.seq), hash: head.hash },
  };
}
