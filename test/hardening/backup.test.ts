import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { defaultConfig } from '../../server/config.ts';
import { openSqlite } from '../../server/db/connect.ts';
import type { Database } from '../../server/db/schema.ts';
import { demoEmail } from '../../server/demo/seed.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer } from '../../server/server.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { killAllChildren, loggedIn, spawnTs } from './support/child-server.ts';
import { startOrganizationWriters, until } from './support/writers.ts';

// `npm run backup` while the server is under write load, then `npm run restore` into a fresh
// location: the restored database is the source as of one moment, table by table and row by row,
// it holds every write acknowledged before the backup started, and its audit chain verifies.

/** Runs scripts/<name>.ts as `npm run <name> -- …` would; resolves with its exit code and output. */
async function runScript(name: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const child = spawnTs(`scripts/${name}.ts`, args, env);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/** Every table, Kysely's migration bookkeeping included, each as its rows in a canonical order. */
async function snapshot(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db);
    out[table.name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describeEachDialect('backup and restore', (dialect) => {
  let server: TestServer;
  let restored: TestDatabase;
  let restoredOnce = false;
  const work = mkdtempSync(join(tmpdir(), 'lienket-backup-'));

  beforeAll(async () => {
    server = await startTestServer(dialect);
    // The restore target: an empty directory, or an empty PostgreSQL database.
    restored = await createTestDatabase(dialect, { migrate: false });
    if (dialect === 'sqlite') await restored.db.destroy();
  });
  afterAll(async () => {
    await killAllChildren();
    await server?.stop();
    await restored?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  const sourceEnv = (): Record<string, string> =>
    dialect === 'sqlite' ? { DATA_DIR: server.database.dataDir } : { DATABASE_URL: server.database.databaseUrl! };
  const targetEnv = (): Record<string, string> =>
    dialect === 'sqlite' ? { DATA_DIR: restored.dataDir } : { DATABASE_URL: restored.databaseUrl! };

  it('copies a consistent database under write load, and restores it table by table', async () => {
    const file = join(work, `lienket-${dialect}.backup`);
    const session = await loggedIn(server);
    const writers = startOrganizationWriters(session, `BK${process.pid.toString(36).toUpperCase()}`, 3);
    await until(() => writers.log.created.size >= 10, 'the writers have written');

    const backupStarted = Date.now();
    const backup = await runScript('backup', [file], sourceEnv());
    // Writes go on while the backup runs, and a little after.
    await new Promise((r) => setTimeout(r, 100));
    await writers.stop();
    expect(backup, backup.output).toMatchObject({ code: 0 });
    expect(writers.log.unexpected).toEqual([]);
    const acknowledgedBefore = [...writers.log.created].filter(([, at]) => at < backupStarted).map(([code]) => code);
    const acknowledgedAfter = [...writers.log.created].filter(([, at]) => at > backupStarted);
    expect(acknowledgedBefore.length).toBeGreaterThanOrEqual(10);

    const restore = await runScript('restore', [file], targetEnv());
    expect(restore, restore.output).toMatchObject({ code: 0 });
    expect(restore.output).toContain('audit chain intact');
    restoredOnce = true;

    const copy = dialect === 'sqlite' ? openSqlite(join(restored.dataDir, 'lienket.sqlite')).db : restored.db;
    try {
      expect(await verifyAuditChain(copy)).toMatchObject({ ok: true });
      const codes = new Set((await copy.selectFrom('organizations').select('code').execute()).map((o) => o.code));
      expect(acknowledgedBefore.filter((code) => !codes.has(code)), 'acknowledged before the backup started, missing from it').toEqual([]);

      // The source as it was when the backup was taken: the writers only add organizations, each with
      // its audit event, so it is the source now without the events after the backup's last one and
      // without the organizations those events created.
      const head = await copy.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      const source = server.database.db;
      const later = await source.selectFrom('audit_events').selectAll().where('seq', '>', head.seq).orderBy('seq').execute();
      expect(later.every((e) => e.action === 'organization.created'), 'only the writers wrote after the backup').toBe(true);
      const laterIds = new Set(later.map((e) => e.subject_id));
      const expected = await snapshot(source);
      expected.audit_events = expected.audit_events!.filter((row) => (JSON.parse(row) as { seq: number }).seq <= head.seq);
      expected.organizations = expected.organizations!.filter((row) => !laterIds.has(String((JSON.parse(row) as { id: number }).id)));
      const [atHead] = await source.selectFrom('audit_events').select('hash').where('seq', '=', head.seq).execute();
      expected.audit_head = [JSON.stringify({ id: 1, seq: head.seq, hash: atHead!.hash })];
      expect(await snapshot(copy)).toEqual(expected);
      // Some writes were acknowledged after the backup began; the ones that committed after its snapshot are not in it.
      expect(acknowledgedAfter.length + later.length).toBeGreaterThan(0);
    } finally {
      if (dialect === 'sqlite') await copy.destroy();
    }

    // The restored database serves: the server starts on it (no demo re-seeding) and people log in.
    const revived = await startServer(
      defaultConfig({ port: 0, host: '127.0.0.1', dataDir: restored.dataDir, databaseUrl: restored.databaseUrl, logLevel: 'silent' }),
      { logger: createLogger('silent') },
    );
    try {
      const admin = await loggedIn({ url: revived.url, origin: revived.url }, demoEmail('admin'));
      const list = await admin.call('admin.organizations.list', undefined, { method: 'GET' });
      expect((list.data as { code: string }[]).map((o) => o.code)).toEqual(expect.arrayContaining(acknowledgedBefore));
    } finally {
      await revived.close();
    }
  });

  it('refuses to restore over a database that holds data unless told --force', async () => {
    expect(restoredOnce, 'needs the restore of the test before').toBe(true);
    const file = join(work, `lienket-${dialect}.backup`);
    const fingerprintOf = async () =>
      dialect === 'sqlite'
        ? createHash('sha256').update(readFileSync(join(restored.dataDir, 'lienket.sqlite'))).digest('hex')
        : JSON.stringify(await snapshot(restored.db));
    const before = await fingerprintOf();
    const refused = await runScript('restore', [file], targetEnv());
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/--force/);
    expect(await fingerprintOf()).toBe(before);

    const forced = await runScript('restore', [file, '--force'], targetEnv());
    expect(forced, forced.output).toMatchObject({ code: 0 });
    if (dialect === 'sqlite') {
      // Checked before the database is touched, so once is enough.
      const again = await runScript('backup', [file], sourceEnv());
      expect(again.code, 'a backup does not overwrite an existing file').toBe(1);
    }
  });
});
