import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { configFromEnv, sqliteFile } from '../server/config.ts';
import { runPostgresTool } from './postgres-tools.ts';

// npm run backup -- <file> [--force]
//
// A consistent copy of the database the server uses (DATA_DIR or DATABASE_URL), taken while the
// server keeps running and writing:
// - SQLite: the online backup API copies every page inside one read transaction, so the copy is the
//   database as of one commit; writes committed later are not in it, earlier ones all are.
// - PostgreSQL: pg_dump (custom format) reads everything in one snapshot.
// The copy is written beside the target and renamed into place once complete, so a failed or
// interrupted backup never leaves a file that looks like a backup.

const args = process.argv.slice(2);
const force = args.includes('--force');
const [target, ...extra] = args.filter((a) => !a.startsWith('--'));
if (!target || extra.length > 0) {
  console.error('Usage: npm run backup -- <file> [--force]   (--force overwrites an existing <file>)');
  process.exit(2);
}
const file = resolve(target);
if (existsSync(file) && !force) {
  console.error(`${file} already exists: choose another name, or pass --force to overwrite it.`);
  process.exit(1);
}

const config = configFromEnv();
const partial = `${file}.partial-${process.pid}`;
try {
  if (config.databaseUrl) {
    runPostgresTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${config.databaseUrl}`]);
  } else {
    await backupSqlite(sqliteFile(config), partial);
  }
  renameSync(partial, file);
} catch (error) {
  rmSync(partial, { force: true });
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const kind = config.databaseUrl ? 'PostgreSQL (pg_dump custom format)' : 'SQLite';
console.log(`Backed up ${kind} to ${file} (${statSync(file).size} bytes).`);

async function backupSqlite(source: string, destination: string): Promise<void> {
  if (!existsSync(source)) throw new Error(`no database at ${source} (set DATA_DIR)`);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All remaining pages in one step: one read transaction, so concurrent writers can neither
    // tear the copy nor make the backup restart again and again.
    await db.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new SQLite(destination, { fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    // One self-contained file: no -wal beside it. The server switches it back to WAL when it opens it.
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}
