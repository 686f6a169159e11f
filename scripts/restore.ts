import { closeSync, copyFileSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { verifyAuditChain } from '../server/audit/audit.ts';
import { configFromEnv, sqliteFile } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { runPostgresTool } from './postgres-tools.ts';

// npm run restore -- <file> [--force]
//
// Brings a backup made by `npm run backup` back into the database the server is configured with
// (DATA_DIR or DATABASE_URL). Stop the server first. A target that already holds data is refused
// unless --force is given: a restore replaces what is there. Afterwards the audit chain is verified.

/** An expected "no": printed as is, without a stack. */
class Refusal extends Error {}

const args = process.argv.slice(2);
const force = args.includes('--force');
const [source, ...extra] = args.filter((a) => !a.startsWith('--'));
if (!source || extra.length > 0) {
  console.error('Usage: npm run restore -- <file> [--force]   (--force replaces a database that already holds data)');
  process.exit(2);
}
const file = resolve(source);
if (!existsSync(file)) {
  console.error(`${file} does not exist.`);
  process.exit(1);
}

const config = configFromEnv();
try {
  const kind = backupKind(file);
  if (config.databaseUrl) {
    if (kind !== 'postgres') throw new Refusal(`${file} is not a PostgreSQL backup (pg_dump custom format), but DATABASE_URL is set.`);
    await restorePostgres(config.databaseUrl);
  } else {
    if (kind !== 'sqlite') throw new Refusal(`${file} is not an SQLite backup; for PostgreSQL set DATABASE_URL.`);
    restoreSqlite(sqliteFile(config));
  }
} catch (error) {
  console.error(error instanceof Refusal ? error.message : `Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { db } = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFile(config) });
try {
  const report = await verifyAuditChain(db);
  if (!report.ok) {
    console.error(`Restored, but the audit chain is BROKEN at event ${report.brokenAt}: ${report.problem}.`);
    process.exitCode = 1;
  } else {
    const where = config.databaseUrl ? 'the PostgreSQL database in DATABASE_URL' : sqliteFile(config);
    console.log(`Restored ${file} into ${where}; audit chain intact (${report.events} events).`);
  }
} finally {
  await db.destroy();
}

function backupKind(path: string): 'sqlite' | 'postgres' | 'unknown' {
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\u0000') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  return 'unknown';
}

function restoreSqlite(target: string): void {
  const sidecars = [`${target}-wal`, `${target}-shm`, `${target}-journal`];
  if (sqliteHoldsData(target) && !force) throw new Refusal(`${target} already holds a database: pass --force to replace it.`);
  const staging = `${target}.restoring-${process.pid}`;
  try {
    copyFileSync(file, staging);
    const copy = new SQLite(staging, { fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the backup failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    // A -wal left by the old database would be replayed into the restored one: remove it first.
    for (const sidecar of sidecars) rmSync(sidecar, { force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { force: true });
  }
}

/** True when `target` is a database with at least one table (an empty file or schema is not data). */
function sqliteHoldsData(target: string): boolean {
  if (!existsSync(target) || statSync(target).size === 0) return false;
  const db = new SQLite(target, { fileMustExist: true });
  try {
    return (db.prepare(`select count(*) as n from sqlite_master where type = 'table'`).get() as { n: number }).n > 0;
  } finally {
    db.close();
  }
}

async function restorePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    if (Number(rows[0]?.n) > 0 && !force) throw new Refusal('The database in DATABASE_URL already holds tables: pass --force to replace them.');
  } finally {
    await client.end();
  }
  // --clean drops what the backup is about to recreate; --exit-on-error stops at the first problem.
  runPostgresTool('pg_restore', [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    ...(force ? ['--clean', '--if-exists'] : []),
    `--dbname=${url}`,
    file,
  ]);
}
