import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { defaultConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/schema.ts';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { describeEachDialect } from '../support/databases.ts';
import { HttpSession, startTestServer, type TestServer } from '../support/server.ts';
import { createMatrixWorlds, type MatrixWorld } from './support/matrix-world.ts';

// Many clients change the same thing at the same moment, each from the same version: exactly one
// wins, every other gets CONFLICT, and counts and the audit chain agree with the winners. On
// PostgreSQL the clients are spread over two server instances on one database.

const HARD = process.env.HARD === '1';
const CLIENTS = HARD ? 40 : 12;
const ROUNDS = HARD ? 10 : 2;
const ORGS = ['VIOIT', 'MOIT', 'QN-DOIT', 'THACO-IND'] as const;

describeEachDialect('concurrency: the same row from many clients at once', (dialect) => {
  let server: TestServer;
  let second: RunningServer | undefined;
  let db: Kysely<Database>;
  let world: MatrixWorld;
  const urls: { url: string; origin: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    urls.push({ url: server.url, origin: server.origin });
    if (dialect === 'postgres') {
      // A second instance on the same database: the races are settled by the database, not by one process.
      second = await startServer(
        defaultConfig({ port: 0, host: '127.0.0.1', databaseUrl: server.database.databaseUrl, demo: true, logLevel: 'silent' }),
        { logger: createLogger('silent') },
      );
      urls.push({ url: second.url, origin: second.url });
    }
    db = server.database.db;
    world = (await createMatrixWorlds(db)).chuLai;
  });
  afterAll(async () => {
    await second?.close();
    await server?.stop();
  });

  /** Logs `email` in on every instance; client `i` uses instance `i % instances`. */
  async function sessionsOf(email: string): Promise<HttpSession[]> {
    const sessions: HttpSession[] = [];
    for (const target of urls) {
      const session = new HttpSession(target.url, target.origin);
      const answer = await session.login(email, DEMO_PASSWORD);
      expect(answer.status).toBe(200);
      sessions.push(session);
    }
    return sessions;
  }

  async function eventsAbout(subjectType: string, subjectId: number, action: string) {
    const rows = await db
      .selectFrom('audit_events')
      .select('seq')
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', String(subjectId))
      .where('action', '=', action)
      .execute();
    return rows.length;
  }

  /** Fires every call at once and returns the answers in order. */
  function race<T>(calls: (() => Promise<T>)[]): Promise<T[]> {
    return Promise.all(calls.map((call) => call()));
  }

  function tally(answers: { status: number; error?: { data?: Record<string, unknown> } }[]) {
    return {
      won: answers.filter((a) => a.status === 200).length,
      conflicts: answers.filter((a) => a.status === 409).length,
      other: answers.filter((a) => a.status !== 200 && a.status !== 409).map((a) => `${a.status} ${JSON.stringify(a.error)}`),
    };
  }

  it(`admin.organizations.update: ${CLIENTS} clients, one version → one winner, ${CLIENTS - 1} CONFLICT`, async () => {
    const admins = await sessionsOf(demoEmail('admin'));
    for (let round = 0; round < ROUNDS; round++) {
      const o = await world.admin.admin.organizations.create({ code: world.code('RACE'), nameVi: 'Tổ chức tranh chấp', nameEn: 'Contested' });
      const answers = await race(
        Array.from({ length: CLIENTS }, (_, i) => () =>
          admins[i % admins.length]!.call('admin.organizations.update', { id: o.id, version: o.version, code: o.code, nameVi: `Người thắng ${i}`, nameEn: o.nameEn }),
        ),
      );
      expect(tally(answers)).toEqual({ won: 1, conflicts: CLIENTS - 1, other: [] });
      for (const a of answers.filter((a) => a.status === 409)) expect(a.error?.data?.reason).toBe('stale_version');
      const winner = answers.findIndex((a) => a.status === 200);
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', o.id).executeTakeFirstOrThrow();
      expect({ version: row.version, name: row.name_vi }).toEqual({ version: o.version + 1, name: `Người thắng ${winner}` });
      expect(await eventsAbout('organization', o.id, 'organization.updated')).toBe(1);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it(`admin.projects.update: ${CLIENTS} clients, one version → one winner`, async () => {
    const admins = await sessionsOf(demoEmail('admin'));
    for (let round = 0; round < ROUNDS; round++) {
      const fields = { code: world.code('RACEP'), nameVi: 'Đề án tranh chấp', nameEn: 'Contested project', startDate: '2026-01-01', endDate: '2027-12-31' };
      const p = await world.admin.admin.projects.create(fields);
      const answers = await race(
        Array.from({ length: CLIENTS }, (_, i) => () =>
          admins[i % admins.length]!.call('admin.projects.update', { ...fields, id: p.id, version: p.version, zone: `Khu ${i}` }),
        ),
      );
      expect(tally(answers)).toEqual({ won: 1, conflicts: CLIENTS - 1, other: [] });
      const winner = answers.findIndex((a) => a.status === 200);
      const row = await db.selectFrom('projects').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
      expect({ version: row.version, zone: row.zone }).toEqual({ version: p.version + 1, zone: `Khu ${winner}` });
      expect(await eventsAbout('project', p.id, 'project.updated')).toBe(1);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it(`tasks.update: the project's ${ORGS.length} coordinators and more edit one task from one version → one winner`, async () => {
    const coordinators = (await Promise.all(ORGS.map((org) => sessionsOf(demoEmail('coordinator', org))))).flat();
    for (let round = 0; round < ROUNDS; round++) {
      const task = await world.office.tasks.create({
        projectId: world.projectId,
        phaseId: world.phaseId,
        title: 'Khảo sát nhu cầu doanh nghiệp',
        startDate: '2026-03-01',
        dueDate: '2026-04-30',
        leadOrganizationId: null,
      });
      const answers = await race(
        Array.from({ length: CLIENTS }, (_, i) => () =>
          coordinators[i % coordinators.length]!.call('tasks.update', {
            projectId: world.projectId,
            taskId: task.id,
            version: task.version,
            title: `Khảo sát nhu cầu — bản ${i}`,
          }),
        ),
      );
      expect(tally(answers)).toEqual({ won: 1, conflicts: CLIENTS - 1, other: [] });
      const winner = answers.findIndex((a) => a.status === 200);
      const row = await db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow();
      expect({ version: row.version, title: row.title }).toEqual({ version: task.version + 1, title: `Khảo sát nhu cầu — bản ${winner}` });
      expect(await eventsAbout('task', task.id, 'task.updated')).toBe(1);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('approvals: every party decides while a coordinator withdraws the round, all at once → the round closes exactly once', async () => {
    const approvers = await Promise.all(ORGS.map((org) => sessionsOf(demoEmail('approver', org))));
    const coordinators = await Promise.all(ORGS.map((org) => sessionsOf(demoEmail('coordinator', org))));
    const parties = await db
      .selectFrom('project_parties')
      .select('organization_id')
      .where('project_id', '=', world.projectId)
      .execute();
    for (let round = 0; round < ROUNDS * 2; round++) {
      await world.office.outline.addSection({ projectId: world.projectId, title: world.name('Mục tranh chấp'), body: 'Nội dung', ownerOrganizationId: null });
      const { round: opened } = await world.office.outline.propose({
        projectId: world.projectId,
        requiredOrganizationIds: parties.map((p) => p.organization_id),
        note: 'Vòng duyệt đồng thời',
      });
      const roundId = opened.id;
      const decide = approvers.map((sessions) => () =>
        sessions[round % sessions.length]!.call('approvals.decide', { projectId: world.projectId, roundId, decision: 'approve' }),
      );
      // Every coordinator withdraws too: at most one of them may succeed.
      const withdraw = coordinators.map((sessions, i) => () =>
        sessions[(round + i) % sessions.length]!.call('approvals.withdraw', { projectId: world.projectId, roundId }),
      );
      const answers = await race([...decide, ...withdraw]);
      const decisions = answers.slice(0, decide.length);
      const withdrawals = answers.slice(decide.length);
      for (const a of answers) expect([200, 409]).toContain(a.status);

      const row = await db.selectFrom('approval_rounds').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
      const closeEvents = await db
        .selectFrom('audit_events')
        .select('action')
        .where('subject_type', '=', 'approval_round')
        .where('subject_id', '=', String(roundId))
        .where('action', 'in', ['approval_round.approved', 'approval_round.withdrawn', 'approval_round.changes_requested', 'approval_round.superseded'])
        .execute();
      expect(closeEvents.map((e) => e.action)).toEqual([`approval_round.${row.state}`]);
      const recorded = await db.selectFrom('approval_decisions').select('organization_id').where('round_id', '=', roundId).execute();
      expect(recorded.length).toBe(decisions.filter((a) => a.status === 200).length);
      expect(await eventsAbout('approval_round', roundId, 'approval_decision.recorded')).toBe(recorded.length);
      expect(row.decision_count).toBe(recorded.length);
      if (row.state === 'approved') {
        expect(decisions.every((a) => a.status === 200)).toBe(true);
        expect(withdrawals.every((a) => a.status === 409)).toBe(true);
      } else {
        expect(row.state).toBe('withdrawn');
        expect(withdrawals.filter((a) => a.status === 200)).toHaveLength(1);
      }
      for (const a of answers.filter((a) => a.status === 409)) expect(a.error?.data?.reason).toBe('round_closed');
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
