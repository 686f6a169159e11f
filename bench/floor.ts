/**
 * The floor: the same queries as the app's hot paths, served by a minimal hand-written Hono +
 * better-sqlite3 (or node-postgres) handler with no tRPC, Kysely, session or membership check. The
 * app's throughput is reported as a ratio to this, measured in the same run on the same database.
 *
 * Usage: tsx bench/floor.ts <sqlite file | postgres:// url> <port> <today YYYY-MM-DD>
 */
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';
import pg from 'pg';
import { floorRoutes, type FloorQuery } from './hot-paths.ts';

const [target, port, today] = process.argv.slice(2);

function sqliteQuery(file: string): FloorQuery {
  const db = new SQLite(file);
  // The app's pragmas (server/db/connect.ts), and its statements prepared once.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const statements = new Map<string, SQLite.Statement>();
  return async (sql, params) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement.all(...params) as Record<string, unknown>[];
  };
}

function postgresQuery(url: string): FloorQuery {
  // The app's pool size (server/db/connect.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const numbered = new Map<string, string>();
  return async (sql, params) => {
    let text = numbered.get(sql);
    if (text === undefined) {
      let n = 0;
      numbered.set(sql, (text = sql.replace(/\?/g, () => `$${++n}`)));
    }
    return (await pool.query(text, params as unknown[])).rows;
  };
}

const query = /^postgres(ql)?:\/\//.test(target!) ? postgresQuery(target!) : sqliteQuery(target!);
const app = new Hono();
for (const route of floorRoutes(query, today!)) app.get(route.path, async (c) => c.json(await route.handle(c.req.query())));
serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, () => process.send?.('ready'));
