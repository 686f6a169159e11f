/**
 * The floor: the same queries as the app's hot paths, served by a minimal hand-written Hono +
 * better-sqlite3 handler with no tRPC, Kysely, session or membership check. The app's throughput
 * is reported as a ratio to this, measured in the same run on the same database file.
 *
 * Usage: tsx bench/floor.ts <sqlite file> <port> <today YYYY-MM-DD>
 */
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';
import { floorRoutes } from './hot-paths.ts';

const [file, port, today] = process.argv.slice(2);
const db = new SQLite(file!, { readonly: false });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');

const app = new Hono();
for (const route of floorRoutes(db, today!)) app.get(route.path, (c) => c.json(route.handle(c.req.query())));
serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, () => process.send?.('ready'));
