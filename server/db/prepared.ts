import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Stands for the n-th argument while the query is built once; replaced by the call's value. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query of fixed shape that runs on every request (the session, the membership). Kysely builds
 * and compiles a query on every call, which costs more than SQLite takes to run such an indexed
 * lookup; this builds it once per dialect with placeholders and then runs the compiled SQL with
 * each call's values. `build` must use each argument as a single value (no `in` lists, no
 * branching on it), so the SQL is the same whatever the values.
 */
export function preparedQuery<A extends unknown[], O>(build: (db: Kysely<Database>, ...args: A) => Compilable<O>) {
  const compiledFor = new Map<unknown, CompiledQuery<O>>();
  return async (db: Kysely<Database>, ...args: A): Promise<O[]> => {
    const adapter = db.getExecutor().adapter.constructor;
    let compiled = compiledFor.get(adapter);
    if (!compiled) {
      compiled = build(db, ...(args.map((_, i) => new Slot(i)) as A)).compile();
      compiledFor.set(adapter, compiled);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    return (await db.executeQuery<O>({ ...compiled, parameters })).rows;
  };
}
