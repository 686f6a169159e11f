import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.ts';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import { callerFor, givenMembership, givenOrganization, givenProject, givenUser } from '../support/fixtures.ts';

describeEachDialect('projects', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(() => t.destroy());

  it('lists only the projects a person is a member of, with their role', async () => {
    const org = await givenOrganization(t.db);
    const user = await givenUser(t.db, { organizationId: org.id });
    const mine = await givenProject(t.db, { partyOrganizationIds: [org.id] });
    await givenProject(t.db);
    await givenMembership(t.db, mine.id, user.id, 'approver');
    const list = await callerFor(t.db, user).projects.mine();
    expect(list.map((p) => [p.id, p.myRole])).toEqual([[mine.id, 'approver']]);
  });

  it('shows the overview with parties and members to a member', async () => {
    const org = await givenOrganization(t.db, 'VIOIT');
    const user = await givenUser(t.db, { organizationId: org.id, name: 'Nguyễn Thị Minh Anh' });
    const project = await givenProject(t.db, { partyOrganizationIds: [org.id] });
    await givenMembership(t.db, project.id, user.id, 'coordinator');
    const overview = await callerFor(t.db, user).projects.overview({ projectId: project.id });
    expect(overview.parties.map((p) => p.organization.code)).toEqual(['VIOIT']);
    expect(overview.members).toEqual([
      { userId: user.id, displayName: 'Nguyễn Thị Minh Anh', active: true, role: 'coordinator', organizationCode: 'VIOIT' },
    ]);
    expect(overview.myRole).toBe('coordinator');
  });

  it('answers a non-member the same whether the project exists or not', async () => {
    const org = await givenOrganization(t.db);
    const outsider = await givenUser(t.db, { organizationId: org.id });
    const admin = await givenUser(t.db, { organizationId: org.id, admin: true });
    const project = await givenProject(t.db);
    for (const user of [outsider, admin]) {
      const caller = callerFor(t.db, user);
      const existing = await caller.projects.overview({ projectId: project.id }).catch((e) => e);
      const missing = await caller.projects.overview({ projectId: project.id + 1000 }).catch((e) => e);
      expect([existing.code, existing.message]).toEqual(['NOT_FOUND', 'Project not found']);
      expect([missing.code, missing.message]).toEqual([existing.code, existing.message]);
    }
  });

  it('refuses malformed ids with BAD_REQUEST, not a database error', async () => {
    const org = await givenOrganization(t.db);
    const user = await givenUser(t.db, { organizationId: org.id });
    const caller = callerFor(t.db, user);
    for (const projectId of [0, -1, 1.5, 2 ** 40, Number.NaN, '1' as unknown as number]) {
      await expect(caller.projects.overview({ projectId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });

  it('seeds the Chu Lai demo once, with four parties and a member per role per organization', async () => {
    expect(await seedDemo(t.db, new Date('2026-11-23T00:00:00Z'))).toBe(true);
    expect(await seedDemo(t.db, new Date('2026-11-23T00:00:00Z'))).toBe(false);
    const coordinator = await t.db.selectFrom('users').selectAll().where('email', '=', 'coordinator.vioit@lienket.demo').executeTakeFirstOrThrow();
    const mine = await callerFor(t.db, coordinator).projects.mine();
    // The running pilot before the programme still in preparation.
    expect(mine.map((p) => p.code)).toEqual(['CHULAI-PILOT', 'BD-MECH-2030']);
    const chuLai = mine.find((p) => p.code === 'CHULAI-PILOT');
    const overview = await callerFor(t.db, coordinator).projects.overview({ projectId: chuLai!.id });
    expect(overview.code).toBe('CHULAI-PILOT');
    expect(overview.parties.map((p) => p.organization.code)).toEqual(['VIOIT', 'MOIT', 'QN-DOIT', 'THACO-IND']);
    expect(overview.members).toHaveLength(16);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    const thaco = await t.db.selectFrom('users').selectAll().where('email', '=', 'member.thaco-ind@lienket.demo').executeTakeFirstOrThrow();
    expect((await callerFor(t.db, thaco).projects.mine()).map((p) => p.code)).toEqual(['CHULAI-PILOT']);
  });
});
