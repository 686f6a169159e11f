import { join } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * The disk's ceiling for durable commits: one-row transactions on a fresh SQLite file with the
 * app's pragmas (WAL, synchronous=FULL), one after another, as SQLite's single writer makes them.
 * Each commit waits for one fsync of the WAL, so no server doing one commit per update can go
 * faster on this disk.
 */
export function durableCommitsPerSecond(dir: string, seconds = 2): number {
  const db = new SQLite(join(dir, 'fsync-ceiling.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, v text not null)');
    const insert = db.prepare('insert into t (v) values (?)');
    const commit = db.transaction((v: string) => insert.run(v));
    const started = performance.now();
    let commits = 0;
    while (performance.now() - started < seconds * 1000) {
      commit('x'.repeat(300));
      commits++;
    }
    return commits / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}
