import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit.ts';
import { login, userForToken } from '../../server/auth/auth.ts';
import { defaultConfig } from '../../server/config.ts';
import type { Organization, User } from '../../server/db/schema.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.ts';
import {
  TEST_PASSWORD,
  callerFor,
  givenMembership,
  givenOrganization,
  givenProject,
  givenUser,
  tableCounts,
  testClock,
} from '../support/fixtures.ts';

type Caller = ReturnType<typeof callerFor>;

const NEW_PASSWORD = 'một-mật-khẩu-mới-2026';
const config = defaultConfig();

describeEachDialect('admin area', (dialect) => {
  let t: TestDatabase;
  let vioit: Organization;
  let thaco: Organization;
  let admin: User;
  let asAdmin: Caller;

  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    vioit = await givenOrganization(t.db, 'VIOIT');
    thaco = await givenOrganization(t.db, 'THACO-IND');
    admin = await givenUser(t.db, { organizationId: vioit.id, admin: true, email: 'admin@lienket.test', name: 'Quản trị viên' });
    asAdmin = callerFor(t.db, admin);
  });
  afterEach(() => t.destroy());

  async function auditEvents() {
    return t.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  }

  /** Runs `work` and checks that it recorded exactly one event, named `action`, on an intact chain. */
  async function expectOneEvent<T>(action: string, work: () => Promise<T>): Promise<T> {
    const before = (await auditEvents()).length;
    const result = await work();
    const events = await auditEvents();
    expect(events.length).toBe(before + 1);
    const event = events.at(-1)!;
    expect(event.action).toBe(action);
    expect(event.actor_user_id).toBe(admin.id);
    expect(`${event.before_json} ${event.after_json}`).not.toMatch(/password_hash|\$argon2/);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, events: before + 1 });
    return result;
  }

  /** Runs a call that must be refused, and checks it changed nothing. */
  async function expectRefused(work: () => Promise<unknown>, code: string, reason?: string) {
    const before = await tableCounts(t.db);
    const error = await work().then(
      () => expect.fail('expected the call to be refused'),
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code });
    if (reason) expect(error).toMatchObject({ cause: { reason } });
    expect(await tableCounts(t.db)).toEqual(before);
    return error as { cause?: { current?: unknown } };
  }

  async function givenSession(user: User) {
    return login(t.db, config, new Date(), { email: user.email, password: TEST_PASSWORD, ip: '127.0.0.1' });
  }

  async function sessionCount(userId: number) {
    const row = await t.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // -------------------------------------------------------------------------------------------
  // Who may call

  function everyProcedure(c: Caller, ids: { projectId: number; userId: number; organizationId: number }) {
    return [
      () => c.admin.organizations.list(),
      () => c.admin.organizations.create({ code: 'QN-DOIT', nameVi: 'Sở Công Thương Quảng Nam', nameEn: 'Quang Nam DOIT' }),
      () => c.admin.organizations.update({ id: ids.organizationId, version: 1, code: 'X', nameVi: 'X', nameEn: 'X' }),
      () => c.admin.users.list(),
      () =>
        c.admin.users.create({
          email: 'new@lienket.test',
          displayName: 'Người mới',
          organizationId: ids.organizationId,
          locale: 'vi',
          isAdmin: true,
          password: NEW_PASSWORD,
        }),
      () => c.admin.users.update({ id: ids.userId, version: 1, displayName: 'X', organizationId: ids.organizationId, locale: 'en', isAdmin: true }),
      () => c.admin.users.setActive({ id: ids.userId, version: 1, active: false }),
      () => c.admin.users.resetPassword({ id: ids.userId, password: NEW_PASSWORD }),
      () => c.admin.projects.list(),
      () => c.admin.projects.get({ id: ids.projectId }),
      () => c.admin.projects.create({ code: 'NEW-P', nameVi: 'Mới', nameEn: 'New', startDate: '2026-01-01', endDate: '2026-12-31' }),
      () =>
        c.admin.projects.update({
          id: ids.projectId,
          version: 1,
          code: 'NEW-P',
          nameVi: 'Mới',
          nameEn: 'New',
          startDate: '2026-01-01',
          endDate: '2026-12-31',
        }),
      () => c.admin.parties.set({ projectId: ids.projectId, organizationId: ids.organizationId, partVi: 'X', partEn: 'X' }),
      () => c.admin.parties.remove({ projectId: ids.projectId, organizationId: ids.organizationId }),
      () => c.admin.memberships.set({ projectId: ids.projectId, userId: ids.userId, role: 'approver' }),
      () => c.admin.memberships.remove({ projectId: ids.projectId, userId: ids.userId }),
    ];
  }

  it('refuses every procedure to a non-admin (FORBIDDEN) and to an anonymous caller (UNAUTHORIZED), changing nothing', async () => {
    const coordinator = await givenUser(t.db, { organizationId: vioit.id });
    const project = await givenProject(t.db, { partyOrganizationIds: [vioit.id] });
    await givenMembership(t.db, project.id, coordinator.id, 'coordinator');
    const ids = { projectId: project.id, userId: coordinator.id, organizationId: vioit.id };

    const asCoordinator = everyProcedure(callerFor(t.db, coordinator), ids);
    expect(asCoordinator).toHaveLength(16);
    for (const call of asCoordinator) await expectRefused(call, 'FORBIDDEN', 'admin_only');
    for (const call of everyProcedure(callerFor(t.db, null), ids)) await expectRefused(call, 'UNAUTHORIZED');
  });

  // -------------------------------------------------------------------------------------------
  // Organizations

  it('creates and lists organizations with their user counts', async () => {
    const created = await expectOneEvent('organization.created', () =>
      asAdmin.admin.organizations.create({ code: 'qn-doit', nameVi: ' Sở Công Thương tỉnh Quảng Nam ', nameEn: 'Quang Nam DOIT' }),
    );
    expect(created).toEqual({
      id: expect.any(Number),
      code: 'QN-DOIT',
      nameVi: 'Sở Công Thương tỉnh Quảng Nam',
      nameEn: 'Quang Nam DOIT',
      version: 1,
      userCount: 0,
    });
    const list = await asAdmin.admin.organizations.list();
    expect(list.map((o) => [o.code, o.userCount])).toEqual([
      ['QN-DOIT', 0],
      ['THACO-IND', 0],
      ['VIOIT', 1],
    ]);
  });

  it('updates an organization, bumping its version and auditing before and after', async () => {
    const updated = await expectOneEvent('organization.updated', () =>
      asAdmin.admin.organizations.update({ id: thaco.id, version: 1, code: 'THACO', nameVi: 'Công ty THACO Industries', nameEn: 'THACO Industries' }),
    );
    expect(updated).toMatchObject({ id: thaco.id, code: 'THACO', nameVi: 'Công ty THACO Industries', version: 2, userCount: 0 });
    const event = (await auditEvents()).at(-1)!;
    expect(JSON.parse(event.before_json!)).toMatchObject({ code: 'THACO-IND', version: 1 });
    expect(JSON.parse(event.after_json!)).toMatchObject({ code: 'THACO', version: 2 });
  });

  it('refuses a stale organization version with CONFLICT and the current values, changing nothing', async () => {
    await asAdmin.admin.organizations.update({ id: thaco.id, version: 1, code: 'THACO', nameVi: 'Một', nameEn: 'One' });
    const error = await expectRefused(
      () => asAdmin.admin.organizations.update({ id: thaco.id, version: 1, code: 'THACO', nameVi: 'Hai', nameEn: 'Two' }),
      'CONFLICT',
      'stale_version',
    );
    expect(error.cause?.current).toMatchObject({ id: thaco.id, nameVi: 'Một', version: 2 });
    const row = await t.db.selectFrom('organizations').selectAll().where('id', '=', thaco.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name_vi: 'Một', version: 2 });
  });

  it('refuses a duplicate organization code on create and on update', async () => {
    await expectRefused(() => asAdmin.admin.organizations.create({ code: 'vioit', nameVi: 'Trùng', nameEn: 'Dup' }), 'CONFLICT', 'duplicate');
    await expectRefused(
      () => asAdmin.admin.organizations.update({ id: thaco.id, version: 1, code: 'VIOIT', nameVi: 'Trùng', nameEn: 'Dup' }),
      'CONFLICT',
      'duplicate',
    );
  });

  it('answers NOT_FOUND for an unknown organization and records nothing for a save without changes', async () => {
    await expectRefused(() => asAdmin.admin.organizations.update({ id: 999_999, version: 1, code: 'X', nameVi: 'X', nameEn: 'X' }), 'NOT_FOUND');
    const before = await tableCounts(t.db);
    const same = await asAdmin.admin.organizations.update({ id: thaco.id, version: 1, code: thaco.code, nameVi: thaco.name_vi, nameEn: thaco.name_en });
    expect(same.version).toBe(1);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  // -------------------------------------------------------------------------------------------
  // Users

  it('creates a user who can then log in; the password hash is never returned', async () => {
    const created = await expectOneEvent('user.created', () =>
      asAdmin.admin.users.create({
        email: ' Tran.Hung@VIOIT.gov.vn ',
        displayName: 'Trần Quốc Hùng',
        organizationId: thaco.id,
        locale: 'en',
        isAdmin: false,
        password: NEW_PASSWORD,
      }),
    );
    expect(created).toEqual({
      id: expect.any(Number),
      email: 'tran.hung@vioit.gov.vn',
      displayName: 'Trần Quốc Hùng',
      organization: { id: thaco.id, code: 'THACO-IND', nameVi: thaco.name_vi, nameEn: thaco.name_en },
      locale: 'en',
      isAdmin: false,
      active: true,
      version: 1,
    });
    const list = await asAdmin.admin.users.list();
    expect(list.map((u) => u.email).sort()).toEqual(['admin@lienket.test', 'tran.hung@vioit.gov.vn']);
    expect(JSON.stringify(list)).not.toMatch(/password|argon2/);
    const session = await login(t.db, config, new Date(), { email: 'tran.hung@vioit.gov.vn', password: NEW_PASSWORD, ip: '127.0.0.1' });
    expect(session.userId).toBe(created.id);
  });

  it('refuses a duplicate email (case-insensitive), an unknown organization and a short password', async () => {
    const base = { displayName: 'Trùng', organizationId: vioit.id, locale: 'vi' as const, isAdmin: false, password: NEW_PASSWORD };
    await expectRefused(() => asAdmin.admin.users.create({ ...base, email: 'ADMIN@lienket.test' }), 'CONFLICT', 'duplicate');
    await expectRefused(() => asAdmin.admin.users.create({ ...base, email: 'x@lienket.test', organizationId: 999_999 }), 'NOT_FOUND');
    await expectRefused(() => asAdmin.admin.users.create({ ...base, email: 'x@lienket.test', password: 'short' }), 'BAD_REQUEST');
  });

  it('updates a user, refuses a stale version, and answers NOT_FOUND for unknown ids', async () => {
    const person = await givenUser(t.db, { organizationId: vioit.id });
    const updated = await expectOneEvent('user.updated', () =>
      asAdmin.admin.users.update({ id: person.id, version: 1, displayName: 'Lê Hoàng Nam', organizationId: thaco.id, locale: 'en', isAdmin: true }),
    );
    expect(updated).toMatchObject({ displayName: 'Lê Hoàng Nam', organization: { id: thaco.id }, locale: 'en', isAdmin: true, version: 2 });

    const error = await expectRefused(
      () => asAdmin.admin.users.update({ id: person.id, version: 1, displayName: 'Cũ', organizationId: vioit.id, locale: 'vi', isAdmin: false }),
      'CONFLICT',
      'stale_version',
    );
    expect(error.cause?.current).toMatchObject({ id: person.id, displayName: 'Lê Hoàng Nam', version: 2 });
    await expectRefused(
      () => asAdmin.admin.users.update({ id: 999_999, version: 1, displayName: 'X', organizationId: vioit.id, locale: 'vi', isAdmin: false }),
      'NOT_FOUND',
    );
    await expectRefused(
      () => asAdmin.admin.users.update({ id: person.id, version: 2, displayName: 'X', organizationId: 999_999, locale: 'vi', isAdmin: false }),
      'NOT_FOUND',
    );
    await expectRefused(() => asAdmin.admin.users.setActive({ id: 999_999, version: 1, active: false }), 'NOT_FOUND');
    await expectRefused(() => asAdmin.admin.users.resetPassword({ id: 999_999, password: NEW_PASSWORD }), 'NOT_FOUND');
  });

  it('does not move a member to an organization that is not a party of their project', async () => {
    const person = await givenUser(t.db, { organizationId: vioit.id });
    const project = await givenProject(t.db, { partyOrganizationIds: [vioit.id], code: 'CHU-LAI' });
    await givenMembership(t.db, project.id, person.id, 'member');
    await expectRefused(
      () => asAdmin.admin.users.update({ id: person.id, version: 1, displayName: 'X', organizationId: thaco.id, locale: 'vi', isAdmin: false }),
      'BAD_REQUEST',
      'not_a_party',
    );
    const row = await t.db.selectFrom('users').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organization_id: vioit.id, version: 1 });

    await t.db.insertInto('project_parties').values({ project_id: project.id, organization_id: thaco.id, part_vi: '', part_en: '' }).execute();
    const moved = await asAdmin.admin.users.update({ id: person.id, version: 1, displayName: 'X', organizationId: thaco.id, locale: 'vi', isAdmin: false });
    expect(moved.organization.id).toBe(thaco.id);
  });

  it('deactivation ends every session at once and the person can no longer log in; reactivation lets them back', async () => {
    const person = await givenUser(t.db, { organizationId: vioit.id });
    const { token } = await givenSession(person);
    await givenSession(person);
    expect(await sessionCount(person.id)).toBe(2);

    const deactivated = await expectOneEvent('user.deactivated', () => asAdmin.admin.users.setActive({ id: person.id, version: 1, active: false }));
    expect(deactivated).toMatchObject({ active: false, version: 2 });
    expect(await sessionCount(person.id)).toBe(0);
    expect(await userForToken(t.db, config, new Date(), token)).toBeNull();
    expect(JSON.parse((await auditEvents()).at(-1)!.after_json!)).toMatchObject({ active: false, sessionsEnded: 2 });
    await expect(givenSession(person)).rejects.toMatchObject({ code: 'UNAUTHORIZED', cause: { reason: 'invalid_credentials' } });

    await expectRefused(() => asAdmin.admin.users.setActive({ id: person.id, version: 1, active: true }), 'CONFLICT', 'stale_version');
    const reactivated = await expectOneEvent('user.activated', () => asAdmin.admin.users.setActive({ id: person.id, version: 2, active: true }));
    expect(reactivated).toMatchObject({ active: true, version: 3 });
    expect((await givenSession(person)).userId).toBe(person.id);
  });

  it('resetting a password ends the sessions; only the new password works afterwards', async () => {
    const person = await givenUser(t.db, { organizationId: vioit.id });
    const { token } = await givenSession(person);
    const other = await givenUser(t.db, { organizationId: vioit.id });
    await givenSession(other);

    const result = await expectOneEvent('user.password_reset', () => asAdmin.admin.users.resetPassword({ id: person.id, password: NEW_PASSWORD }));
    expect(result).toEqual({ ok: true });
    expect(await sessionCount(person.id)).toBe(0);
    expect(await sessionCount(other.id)).toBe(1);
    expect(await userForToken(t.db, config, new Date(), token)).toBeNull();
    await expect(givenSession(person)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const fresh = await login(t.db, config, new Date(), { email: person.email, password: NEW_PASSWORD, ip: '127.0.0.2' });
    expect(fresh.userId).toBe(person.id);
    // The password is not an edited field, so an open edit form (version 1) stays valid.
    const row = await t.db.selectFrom('users').select('version').where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.version).toBe(1);
  });

  it('an admin cannot deactivate themself or remove their own admin flag', async () => {
    const { token } = await givenSession(admin);
    await expectRefused(() => asAdmin.admin.users.setActive({ id: admin.id, version: 1, active: false }), 'BAD_REQUEST', 'cannot_lock_out_self');
    await expectRefused(
      () => asAdmin.admin.users.update({ id: admin.id, version: 1, displayName: 'X', organizationId: vioit.id, locale: 'vi', isAdmin: false }),
      'BAD_REQUEST',
      'cannot_lock_out_self',
    );
    expect(await t.db.selectFrom('users').select(['is_admin', 'active']).where('id', '=', admin.id).executeTakeFirstOrThrow()).toEqual({
      is_admin: 1,
      active: 1,
    });
    expect(await userForToken(t.db, config, new Date(), token)).not.toBeNull();
    // Another admin may still demote them: only locking oneself out is refused.
    const other = await givenUser(t.db, { organizationId: vioit.id, admin: true });
    const demoted = await callerFor(t.db, other).admin.users.update({
      id: admin.id,
      version: 1,
      displayName: admin.display_name,
      organizationId: vioit.id,
      locale: 'vi',
      isAdmin: false,
    });
    expect(demoted.isAdmin).toBe(false);
  });

  // -------------------------------------------------------------------------------------------
  // Projects

  const chuLai = {
    code: 'chu-lai-2026',
    nameVi: 'Đề án thí điểm Trung tâm Cơ khí và CNHT Chu Lai',
    nameEn: 'Chu Lai Mechanics and Supporting Industries Center pilot',
    zone: 'KCN THACO Chu Lai',
    startDate: '2026-01-01',
    endDate: '2027-06-30',
  };

  it('creates, lists, shows and updates projects', async () => {
    const created = await expectOneEvent('project.created', () => asAdmin.admin.projects.create(chuLai));
    expect(created).toEqual({
      id: expect.any(Number),
      code: 'CHU-LAI-2026',
      nameVi: chuLai.nameVi,
      nameEn: chuLai.nameEn,
      summaryVi: '',
      summaryEn: '',
      zone: 'KCN THACO Chu Lai',
      startDate: '2026-01-01',
      endDate: '2027-06-30',
      status: 'draft',
      version: 1,
      partyCount: 0,
      memberCount: 0,
    });
    expect((await auditEvents()).at(-1)!.project_id).toBe(created.id);

    // Admins see every project, including ones they are not a member of.
    const other = await givenProject(t.db, { partyOrganizationIds: [vioit.id, thaco.id] });
    const member = await givenUser(t.db, { organizationId: thaco.id, email: 'oanh@thaco.test' });
    await givenMembership(t.db, other.id, member.id, 'approver');
    const list = await asAdmin.admin.projects.list();
    expect(list.map((p) => [p.id, p.partyCount, p.memberCount])).toEqual(
      expect.arrayContaining([
        [created.id, 0, 0],
        [other.id, 2, 1],
      ]),
    );
    expect(list).toHaveLength(2);

    const shown = await asAdmin.admin.projects.get({ id: other.id });
    expect(shown.parties.map((p) => p.organization.code)).toEqual(['VIOIT', 'THACO-IND']);
    expect(shown.members).toEqual([
      { userId: member.id, displayName: member.display_name, active: true, role: 'approver', organizationCode: 'THACO-IND', email: 'oanh@thaco.test' },
    ]);
    await expectRefused(() => asAdmin.admin.projects.get({ id: 999_999 }), 'NOT_FOUND');

    const updated = await expectOneEvent('project.updated', () =>
      asAdmin.admin.projects.update({ ...chuLai, id: created.id, version: 1, status: 'active', summaryVi: 'Tóm tắt' }),
    );
    expect(updated).toMatchObject({ status: 'active', summaryVi: 'Tóm tắt', version: 2 });
  });

  it('refuses a duplicate project code, a stale version, an end before the start and an unknown project', async () => {
    const project = await givenProject(t.db, { code: 'CHU-LAI' });
    const other = await givenProject(t.db, { code: 'HA-NOI' });
    await expectRefused(() => asAdmin.admin.projects.create({ ...chuLai, code: 'chu-lai' }), 'CONFLICT', 'duplicate');
    await expectRefused(() => asAdmin.admin.projects.update({ ...chuLai, code: 'CHU-LAI', id: other.id, version: 1 }), 'CONFLICT', 'duplicate');
    await asAdmin.admin.projects.update({ ...chuLai, code: 'CHU-LAI', id: project.id, version: 1 });
    const error = await expectRefused(
      () => asAdmin.admin.projects.update({ ...chuLai, code: 'CHU-LAI', id: project.id, version: 1, nameVi: 'Cũ' }),
      'CONFLICT',
      'stale_version',
    );
    expect(error.cause?.current).toMatchObject({ id: project.id, nameVi: chuLai.nameVi, version: 2 });
    await expectRefused(() => asAdmin.admin.projects.create({ ...chuLai, endDate: '2025-12-31' }), 'BAD_REQUEST');
    await expectRefused(() => asAdmin.admin.projects.update({ ...chuLai, id: 999_999, version: 1 }), 'NOT_FOUND');
  });

  // -------------------------------------------------------------------------------------------
  // Parties and memberships

  it('adds a party, updates its part, and records nothing when the part is unchanged', async () => {
    const project = await givenProject(t.db);
    const part = { projectId: project.id, organizationId: thaco.id, partVi: 'Tư vấn layout nhà xưởng', partEn: 'Advises on factory layout' };
    const added = await expectOneEvent('party.added', () => asAdmin.admin.parties.set(part));
    expect(added).toEqual({
      projectId: project.id,
      organization: { id: thaco.id, code: 'THACO-IND', nameVi: thaco.name_vi, nameEn: thaco.name_en },
      partVi: part.partVi,
      partEn: part.partEn,
    });
    await expectOneEvent('party.updated', () => asAdmin.admin.parties.set({ ...part, partEn: 'Advises investors on layout' }));
    const counts = await tableCounts(t.db);
    await asAdmin.admin.parties.set({ ...part, partEn: 'Advises investors on layout' });
    expect(await tableCounts(t.db)).toEqual(counts);
    expect((await asAdmin.admin.projects.get({ id: project.id })).parties).toHaveLength(1);

    await expectRefused(() => asAdmin.admin.parties.set({ ...part, projectId: 999_999 }), 'NOT_FOUND');
    await expectRefused(() => asAdmin.admin.parties.set({ ...part, organizationId: 999_999 }), 'NOT_FOUND');
  });

  it('refuses to remove a party while its people are members, and removes it once they are gone', async () => {
    const project = await givenProject(t.db, { partyOrganizationIds: [vioit.id, thaco.id] });
    const person = await givenUser(t.db, { organizationId: thaco.id });
    await givenMembership(t.db, project.id, person.id, 'member');

    await expectRefused(
      () => asAdmin.admin.parties.remove({ projectId: project.id, organizationId: thaco.id }),
      'CONFLICT',
      'party_has_members',
    );
    await expectOneEvent('membership.removed', () => asAdmin.admin.memberships.remove({ projectId: project.id, userId: person.id }));
    const removed = await expectOneEvent('party.removed', () => asAdmin.admin.parties.remove({ projectId: project.id, organizationId: thaco.id }));
    expect(removed).toEqual({ ok: true });
    expect((await asAdmin.admin.projects.get({ id: project.id })).parties.map((p) => p.organization.id)).toEqual([vioit.id]);
    await expectRefused(() => asAdmin.admin.parties.remove({ projectId: project.id, organizationId: thaco.id }), 'NOT_FOUND');
  });

  it('sets, changes and removes a membership', async () => {
    const project = await givenProject(t.db, { partyOrganizationIds: [thaco.id] });
    const person = await givenUser(t.db, { organizationId: thaco.id });
    const added = await expectOneEvent('membership.added', () =>
      asAdmin.admin.memberships.set({ projectId: project.id, userId: person.id, role: 'member' }),
    );
    expect(added).toEqual({ projectId: project.id, userId: person.id, role: 'member' });
    await expectOneEvent('membership.updated', () => asAdmin.admin.memberships.set({ projectId: project.id, userId: person.id, role: 'approver' }));
    const event = (await auditEvents()).at(-1)!;
    expect(JSON.parse(event.before_json!)).toEqual({ projectId: project.id, userId: person.id, role: 'member' });
    expect(event.project_id).toBe(project.id);
    const counts = await tableCounts(t.db);
    await asAdmin.admin.memberships.set({ projectId: project.id, userId: person.id, role: 'approver' });
    expect(await tableCounts(t.db)).toEqual(counts);

    // The member now sees the project with that role.
    expect(await callerFor(t.db, person).projects.mine()).toEqual([expect.objectContaining({ id: project.id, myRole: 'approver' })]);

    await expectOneEvent('membership.removed', () => asAdmin.admin.memberships.remove({ projectId: project.id, userId: person.id }));
    expect(await callerFor(t.db, person).projects.mine()).toEqual([]);
    await expectRefused(() => asAdmin.admin.memberships.remove({ projectId: project.id, userId: person.id }), 'NOT_FOUND');
  });

  it('refuses a membership for someone whose organization is not a party, and unknown ids', async () => {
    const project = await givenProject(t.db, { partyOrganizationIds: [vioit.id] });
    const outsider = await givenUser(t.db, { organizationId: thaco.id });
    await expectRefused(
      () => asAdmin.admin.memberships.set({ projectId: project.id, userId: outsider.id, role: 'viewer' }),
      'BAD_REQUEST',
      'not_a_party',
    );
    await expectRefused(() => asAdmin.admin.memberships.set({ projectId: 999_999, userId: outsider.id, role: 'viewer' }), 'NOT_FOUND');
    await expectRefused(() => asAdmin.admin.memberships.set({ projectId: project.id, userId: 999_999, role: 'viewer' }), 'NOT_FOUND');
    await expectRefused(() => asAdmin.admin.memberships.set({ projectId: project.id, userId: outsider.id, role: 'owner' as never }), 'BAD_REQUEST');
  });

  it('never leaves a member without their party when a membership and the party removal race', async () => {
    for (let round = 0; round < 20; round++) {
      const project = await givenProject(t.db, { partyOrganizationIds: [thaco.id] });
      const person = await givenUser(t.db, { organizationId: thaco.id });
      const outcomes = await Promise.allSettled([
        callerFor(t.db, admin).admin.memberships.set({ projectId: project.id, userId: person.id, role: 'member' }),
        callerFor(t.db, admin).admin.parties.remove({ projectId: project.id, organizationId: thaco.id }),
      ]);
      // Exactly one wins; the other is refused with a clear reason, never a 500.
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refusal = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(['not_a_party', 'party_has_members']).toContain(refusal.reason.cause?.reason);
      const members = await t.db.selectFrom('memberships').select('id').where('project_id', '=', project.id).execute();
      const parties = await t.db.selectFrom('project_parties').select('id').where('project_id', '=', project.id).execute();
      expect(members.length === 0 || parties.length === 1).toBe(true);
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("stamps audit events with the request's clock", async () => {
    const clock = testClock(new Date('2026-03-01T02:00:00Z'));
    await callerFor(t.db, admin, { clock }).admin.organizations.create({ code: 'MOIT', nameVi: 'Bộ Công Thương', nameEn: 'Ministry of Industry and Trade' });
    expect((await auditEvents()).at(-1)!.at).toBe('2026-03-01T02:00:00.000Z');
  });
});
