import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, inject } from 'vitest';
import { openPostgres, openSqlite, type DialectName } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { Database } from '../../server/db/schema.ts';

export interface TestDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** For a server under test: the connection string, or undefined for SQLite. */
  databaseUrl: string | undefined;
  /** For a server under test: the directory holding the SQLite file. */
  dataDir: string;
  destroy(): Promise<void>;
}

/** The dialects this run can test; PostgreSQL is missing only locally without binaries (a loud skip). */
export function availableDialects(): DialectName[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, migrated database: a real SQLite file, or a new database on the run's PostgreSQL cluster. */
export async function createTestDatabase(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lienket-test-'));
  let handle;
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (dialect === 'sqlite') {
    handle = openSqlite(join(dataDir, 'lienket.sqlite'));
  } else {
    const adminUrl = inject('pgUrl');
    if (!adminUrl) throw new Error('no PostgreSQL for this run');
    const name = `lk_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(adminUrl, 1).db;
    await sql`create database ${sql.id(name)}`.execute(admin);
    await admin.destroy();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    handle = openPostgres(databaseUrl, 5);
    dropDatabase = async () => {
      const again = openPostgres(adminUrl, 1).db;
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again);
      await again.destroy();
    };
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  let destroyed = false;
  return {
    db: handle.db,
    dialect,
    databaseUrl,
    dataDir,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await handle.db.destroy();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `describe` once per dialect, each with its own fresh database (see `createTestDatabase`). */
export function describeEachDialect(name: string, body: (dialect: DialectName) => void): void {
  for (const dialect of availableDialects()) describe(`${name} [${dialect}]`, () => body(dialect));
  if (!inject('pgUrl')) describe.skip(`${name} [postgres] — SKIPPED: no PostgreSQL on this machine`, () => {});
}
