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

/** Kept per query: one compiled statement per shape of its values. */
const MAX_SHAPES = 200;

/**
 * preparedQuery for a query whose shape follows its input (the task list's optional filters):
 * compiled once per shape. The shape is which values are present, each array's length and each
 * boolean's value; every other value is a placeholder, so `build` must hand values to Kysely as
 * they are (branching only on presence, lengths and booleans, never transforming a value).
 */
export function preparedQueryByShape<V extends Record<string, unknown>, O>(build: (db: Kysely<Database>, values: V) => Compilable<O>) {
  const compiledFor = new Map<string, CompiledQuery<O>>();
  return async (db: Kysely<Database>, values: V): Promise<O[]> => {
    const args: unknown[] = [];
    const slotted: Record<string, unknown> = {};
    const shape: string[] = [db.getExecutor().adapter.constructor.name];
    for (const key of Object.keys(values).sort()) {
      const value = values[key];
      if (value === undefined || typeof value === 'boolean') {
        shape.push(`${key}=${value}`);
        slotted[key] = value;
      } else if (Array.isArray(value)) {
        shape.push(`${key}[${value.length}]`);
        slotted[key] = value.map((item) => new Slot(args.push(item) - 1));
      } else {
        shape.push(key);
        slotted[key] = new Slot(args.push(value) - 1);
      }
    }
    const key = shape.join(' ');
    let compiled = compiledFor.get(key);
    if (!compiled) {
      compiled = build(db, slotted as V).compile();
      if (compiledFor.size >= MAX_SHAPES) compiledFor.delete(compiledFor.keys().next().value!);
      compiledFor.set(key, compiled);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    return (await db.executeQuery<O>({ ...compiled, parameters })).rows;
  };
}
