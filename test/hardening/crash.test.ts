import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { openSqlite } from '../../server/db/connect.ts';
import type { Database } from '../../server/db/schema.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { killAllChildren, kill, loggedIn, sameSessionOn, startChildServer, type ChildServer } from './support/child-server.ts';
import { startOrganizationWriters, startRenamer, until, type AckedVersion, type WriteLog } from './support/writers.ts';

// The real server as a child process, killed with SIGKILL at a random moment while writers get
// acknowledged writes; after each restart every acknowledged write is there, nothing is half-written
// (each organization has its audit event and each event its organization), and the chain verifies.

const HARD = process.env.HARD === '1';
const KILLS = { sqlite: HARD ? 20 : 3, postgres: HARD ? 20 : 1 } as const;
const WRITERS = 3;

describeEachDialect('crash: SIGKILL under write load', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrate: false });
  });
  afterAll(async () => {
    await killAllChildren();
    await database?.destroy();
  });

  const serverEnv = (): Record<string, string> => (dialect === 'sqlite' ? { DATA_DIR: database.dataDir } : { DATABASE_URL: database.databaseUrl! });

  /** A handle for checking. On SQLite it is opened only while checking, so the server's crash recovery runs alone. */
  async function withDatabase<T>(check: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    if (dialect === 'postgres') return check(database.db);
    const { db } = openSqlite(join(database.dataDir, 'lienket.sqlite'));
    try {
      return await check(db);
    } finally {
      await db.destroy();
    }
  }

  async function assertDurable(log: WriteLog, renamed: AckedVersion, prefix: string) {
    await withDatabase(async (db) => {
      const organizations = await db.selectFrom('organizations').select(['id', 'code', 'version', 'name_vi']).execute();
      const byCode = new Map(organizations.map((o) => [o.code, o]));
      const lost = [...log.created.keys()].filter((code) => !byCode.has(code));
      expect(lost, 'acknowledged creations missing after the restart').toEqual([]);

      // The one in-flight rename may or may not have committed; an acknowledged one must have.
      const row = byCode.get(renamed.code)!;
      expect([renamed.version, renamed.version + 1]).toContain(row.version);
      if (row.version === renamed.version) expect(row.name_vi).toBe(renamed.nameVi);

      // Nothing half-written: a created organization and its audit event commit together or not at all.
      const events = await db.selectFrom('audit_events').select('subject_id').where('action', '=', 'organization.created').execute();
      const eventCount = new Map<string, number>();
      for (const e of events) eventCount.set(e.subject_id, (eventCount.get(e.subject_id) ?? 0) + 1);
      const ours = organizations.filter((o) => o.code.startsWith(prefix));
      expect(ours.filter((o) => eventCount.get(String(o.id)) !== 1).map((o) => o.code), 'organizations without exactly one creation event').toEqual([]);
      const ids = new Set(organizations.map((o) => String(o.id)));
      expect(events.filter((e) => !ids.has(e.subject_id)).map((e) => e.subject_id), 'creation events without their organization').toEqual([]);
      const renames = await db.selectFrom('audit_events').select('seq').where('action', '=', 'organization.updated').where('subject_id', '=', String(renamed.id)).execute();
      expect(renames.length, 'one rename event per committed rename').toBe(row.version - 1);

      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    });
  }

  it(
    `keeps every acknowledged write through ${KILLS[dialect]} kills at random moments`,
    async () => {
      const prefix = `CR${process.pid.toString(36).toUpperCase()}`;
      let server: ChildServer = await startChildServer(serverEnv());
      let session = await loggedIn(server);
      const created = await session.call('admin.organizations.create', { code: `${prefix}-RENAMED`, nameVi: 'Đổi tên liên tục', nameEn: 'Renamed' });
      expect(created.status).toBe(200);
      let renamed: AckedVersion = { id: created.data.id, code: created.data.code, version: created.data.version, nameVi: created.data.nameVi };
      const log: WriteLog = { created: new Map(), unexpected: [] };
      const unexpected: string[] = [];
      let acknowledgedBeforeKills = 0;

      for (let round = 0; round < KILLS[dialect]; round++) {
        const writers = startOrganizationWriters(session, `${prefix}-${round}`, WRITERS, log);
        const renamer = startRenamer(session, renamed, unexpected);
        const before = log.created.size;
        // Let some writes land, then kill at a moment nobody chose.
        await until(() => log.created.size >= before + 5, 'the writers have written');
        await new Promise((r) => setTimeout(r, Math.random() * 500));
        await kill(server.process, 'SIGKILL');
        await Promise.all([writers.done, renamer.done]);
        acknowledgedBeforeKills += log.created.size - before;
        renamed = renamer.state.acked;

        server = await startChildServer(serverEnv());
        // Sessions live in the database: the same cookie still works after the restart.
        session = sameSessionOn(session, server);
        const me = await session.call('auth.me', undefined, { method: 'GET' });
        expect(me.data?.email).toBe('admin@lienket.demo');
        await assertDurable(log, renamed, prefix);
        const current = await session.call('admin.organizations.list', undefined, { method: 'GET' });
        const row = (current.data as { code: string; version: number; nameVi: string }[]).find((o) => o.code === renamed.code)!;
        renamed = { ...renamed, version: row.version, nameVi: row.nameVi };
      }

      await kill(server.process, 'SIGTERM');
      expect([...log.unexpected, ...unexpected]).toEqual([]);
      // The kills must have interrupted real work, or the test proved nothing.
      expect(acknowledgedBeforeKills).toBeGreaterThanOrEqual(KILLS[dialect] * 5);
    },
    (HARD ? 40 : 20) * 1000 * (KILLS[dialect] + 1),
  );
});
