import type { Kysely } from 'kysely';
import type {
  MembershipInput,
  MembershipKey,
  OrganizationInput,
  OrganizationUpdateInput,
  PartyInput,
  PartyKey,
  ProjectInput,
  ProjectUpdateInput,
  UserInput,
  UserSetActiveInput,
  UserUpdateInput,
} from '../../shared/schemas.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { Database, Organization, ProjectRole } from '../db/schema.ts';
import { badRequest, conflict, isUniqueViolation, notFound } from '../errors.ts';
import { getProjectOverview, projectView } from '../projects/projects.ts';

// Conventions of this module:
// - A save that changes nothing writes nothing and records no event (as auth.setLocale does).
// - Duplicates are found with a SELECT first: on PostgreSQL a failed statement aborts the whole
//   transaction. The unique constraint stays the last word for a concurrent insert (`unlessDuplicate`).
// - Versioned updates re-check the version in their WHERE, so a change committed between our read
//   and our write is refused as stale instead of overwritten.

function staleVersion(what: string, current: unknown) {
  return conflict('stale_version', `${what} was changed by someone else. Review the current values and try again.`, current);
}

async function unlessDuplicate<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('duplicate', message);
    throw error;
  }
}

/**
 * PostgreSQL runs READ COMMITTED: a row we only read may change before we commit. Writing a row,
 * even to its own value, holds its lock until commit, so a competing change waits for us and then
 * sees our result. (SQLite runs one write transaction at a time and needs nothing.)
 * Returns the projects, among `projectIds`, in which `organizationId` is a party.
 */
async function lockParties(tx: Kysely<Database>, organizationId: number, projectIds: number[]): Promise<number[]> {
  if (projectIds.length === 0) return [];
  const rows = await tx
    .updateTable('project_parties')
    .set((eb) => ({ part_vi: eb.ref('part_vi') }))
    .where('organization_id', '=', organizationId)
    .where('project_id', 'in', projectIds)
    .returning('project_id')
    .execute();
  return rows.map((r) => r.project_id);
}

// ---------------------------------------------------------------------------------------------
// Organizations

function organizationView(o: Organization, userCount: number) {
  return { id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en, version: o.version, userCount };
}

function selectOrganizations(db: Kysely<Database>) {
  return db
    .selectFrom('organizations')
    .selectAll('organizations')
    .select((eb) =>
      eb
        .selectFrom('users')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('users.organization_id', '=', 'organizations.id')
        .as('userCount'),
    );
}

export async function listOrganizations(db: Kysely<Database>) {
  const rows = await selectOrganizations(db).orderBy('organizations.code').execute();
  return rows.map((r) => organizationView(r, Number(r.userCount)));
}

async function getOrganization(db: Kysely<Database>, id: number) {
  const row = await selectOrganizations(db).where('organizations.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Organization');
  return organizationView(row, Number(row.userCount));
}

async function assertOrganizationCodeFree(tx: Kysely<Database>, code: string) {
  const taken = await tx.selectFrom('organizations').select('id').where('code', '=', code).executeTakeFirst();
  if (taken) throw conflict('duplicate', `An organization with code ${code} already exists`, await getOrganization(tx, taken.id));
}

/** Organization codes are unique; they are how people name the parties. */
export async function createOrganization(tx: Kysely<Database>, action: Action, input: OrganizationInput) {
  await assertOrganizationCodeFree(tx, input.code);
  const row = await unlessDuplicate(`An organization with code ${input.code} already exists`, () =>
    tx
      .insertInto('organizations')
      .values({ code: input.code, name_vi: input.nameVi, name_en: input.nameEn, created_at: action.at })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  const after = organizationView(row, 0);
  await recordAudit(tx, action, { action: 'organization.created', subject: { type: 'organization', id: row.id }, after });
  return after;
}

export async function updateOrganization(tx: Kysely<Database>, action: Action, input: OrganizationUpdateInput) {
  const before = await getOrganization(tx, input.id);
  if (before.version !== input.version) throw staleVersion('The organization', before);
  if (before.code === input.code && before.nameVi === input.nameVi && before.nameEn === input.nameEn) return before;
  if (before.code !== input.code) await assertOrganizationCodeFree(tx, input.code);
  const updated = await unlessDuplicate(`An organization with code ${input.code} already exists`, () =>
    tx
      .updateTable('organizations')
      .set((eb) => ({ code: input.code, name_vi: input.nameVi, name_en: input.nameEn, version: eb('version', '+', 1) }))
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .returning('id')
      .executeTakeFirst(),
  );
  if (!updated) throw staleVersion('The organization', await getOrganization(tx, input.id));
  const after = await getOrganization(tx, input.id);
  await recordAudit(tx, action, { action: 'organization.updated', subject: { type: 'organization', id: input.id }, before, after });
  return after;
}

// ---------------------------------------------------------------------------------------------
// Users

// Never selects password_hash: nothing in this module may return or audit it.
function selectUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.locale',
      'users.is_admin',
      'users.active',
      'users.version',
      'organizations.id as orgId',
      'organizations.code as orgCode',
      'organizations.name_vi as orgNameVi',
      'organizations.name_en as orgNameEn',
    ]);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

function userView(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    organization: { id: u.orgId, code: u.orgCode, nameVi: u.orgNameVi, nameEn: u.orgNameEn },
    locale: u.locale,
    isAdmin: u.is_admin === 1,
    active: u.active === 1,
    version: u.version,
  };
}

export async function listUsers(db: Kysely<Database>) {
  const rows = await selectUsers(db).orderBy('organizations.code').orderBy('users.display_name').orderBy('users.id').execute();
  return rows.map(userView);
}

async function getUser(db: Kysely<Database>, id: number) {
  const row = await selectUsers(db).where('users.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('User');
  return userView(row);
}

async function assertOrganizationExists(tx: Kysely<Database>, id: number) {
  const row = await tx.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Organization');
}

/** Emails are unique (they are the login). The caller hashes the password outside the transaction: it is slow. */
export async function createUser(tx: Kysely<Database>, action: Action, input: UserInput, passwordHash: string) {
  await assertOrganizationExists(tx, input.organizationId);
  const taken = await tx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
  if (taken) throw conflict('duplicate', `A user with email ${input.email} already exists`, await getUser(tx, taken.id));
  const row = await unlessDuplicate(`A user with email ${input.email} already exists`, () =>
    tx
      .insertInto('users')
      .values({
        email: input.email,
        display_name: input.displayName,
        organization_id: input.organizationId,
        password_hash: passwordHash,
        locale: input.locale,
        is_admin: input.isAdmin ? 1 : 0,
        active: 1,
        created_at: action.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const after = await getUser(tx, row.id);
  await recordAudit(tx, action, { action: 'user.created', subject: { type: 'user', id: row.id }, after });
  return after;
}

function lockOutSelf(field: string, message: string) {
  return badRequest('cannot_lock_out_self', message, { [field]: [message] });
}

/**
 * Edits a person. An admin may not remove their own admin flag, and a person may move to another
 * organization only if it is a party of every project they are a member of (nobody acts for an
 * organization that is not in the project).
 */
export async function updateUser(tx: Kysely<Database>, action: Action, input: UserUpdateInput) {
  const before = await getUser(tx, input.id);
  if (before.version !== input.version) throw staleVersion('The user', before);
  if (input.id === action.actor?.userId && !input.isAdmin) {
    throw lockOutSelf('isAdmin', 'You cannot remove your own administrator rights');
  }
  const movesOrganization = before.organization.id !== input.organizationId;
  if (movesOrganization) await assertOrganizationExists(tx, input.organizationId);
  if (
    !movesOrganization &&
    before.displayName === input.displayName &&
    before.locale === input.locale &&
    before.isAdmin === input.isAdmin
  ) {
    return before;
  }
  const updated = await tx
    .updateTable('users')
    .set((eb) => ({
      display_name: input.displayName,
      organization_id: input.organizationId,
      locale: input.locale,
      is_admin: input.isAdmin ? 1 : 0,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', input.id)
    .where('version', '=', input.version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw staleVersion('The user', await getUser(tx, input.id));
  if (movesOrganization) {
    // After the user row is written (and locked), so a membership added concurrently is seen here.
    const projects = await tx
      .selectFrom('memberships')
      .innerJoin('projects', 'projects.id', 'memberships.project_id')
      .select(['projects.id', 'projects.code'])
      .where('memberships.user_id', '=', input.id)
      .execute();
    const parties = new Set(await lockParties(tx, input.organizationId, projects.map((p) => p.id)));
    const outside = projects.filter((p) => !parties.has(p.id)).map((p) => p.code);
    if (outside.length > 0) {
      throw badRequest(
        'not_a_party',
        `The new organization is not a party of ${outside.join(', ')}; remove the memberships there first`,
        { organizationId: [`Not a party of ${outside.join(', ')}`] },
      );
    }
  }
  const after = await getUser(tx, input.id);
  await recordAudit(tx, action, { action: 'user.updated', subject: { type: 'user', id: input.id }, before, after });
  return after;
}

async function endSessions(tx: Kysely<Database>, userId: number): Promise<number> {
  const ended = await tx.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
  return ended.length;
}

/** Deactivation logs the person out everywhere at once. An admin may not deactivate themself. */
export async function setUserActive(tx: Kysely<Database>, action: Action, input: UserSetActiveInput) {
  const before = await getUser(tx, input.id);
  if (before.version !== input.version) throw staleVersion('The user', before);
  if (input.id === action.actor?.userId && !input.active) throw lockOutSelf('active', 'You cannot deactivate your own account');
  if (before.active === input.active) return before;
  const updated = await tx
    .updateTable('users')
    .set((eb) => ({ active: input.active ? 1 : 0, version: eb('version', '+', 1) }))
    .where('id', '=', input.id)
    .where('version', '=', input.version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw staleVersion('The user', await getUser(tx, input.id));
  const sessionsEnded = input.active ? 0 : await endSessions(tx, input.id);
  const after = await getUser(tx, input.id);
  await recordAudit(tx, action, {
    action: input.active ? 'user.activated' : 'user.deactivated',
    subject: { type: 'user', id: input.id },
    before,
    after: { ...after, sessionsEnded },
  });
  return after;
}

/**
 * Sets a new password and ends every session of that person. The version does not change: the
 * password is not one of the fields an editor sees, so an open edit form stays valid.
 */
export async function resetUserPassword(tx: Kysely<Database>, action: Action, userId: number, passwordHash: string) {
  const updated = await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).returning('id').executeTakeFirst();
  if (!updated) throw notFound('User');
  const sessionsEnded = await endSessions(tx, userId);
  await recordAudit(tx, action, {
    action: 'user.password_reset',
    subject: { type: 'user', id: userId },
    before: { sessions: sessionsEnded },
    after: { sessions: 0 },
  });
  return { ok: true as const };
}

// ---------------------------------------------------------------------------------------------
// Projects

function selectProjects(db: Kysely<Database>) {
  return db
    .selectFrom('projects')
    .selectAll('projects')
    .select((eb) => [
      eb
        .selectFrom('project_parties')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('project_parties.project_id', '=', 'projects.id')
        .as('partyCount'),
      eb
        .selectFrom('memberships')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('memberships.project_id', '=', 'projects.id')
        .as('memberCount'),
    ]);
}

type ProjectRow = Awaited<ReturnType<ReturnType<typeof selectProjects>['executeTakeFirstOrThrow']>>;

function adminProjectView(p: ProjectRow) {
  return { ...projectView(p), partyCount: Number(p.partyCount), memberCount: Number(p.memberCount) };
}

/** Every project: administrators see all of them, member or not. */
export async function listProjects(db: Kysely<Database>) {
  const rows = await selectProjects(db).orderBy('projects.start_date', 'desc').orderBy('projects.id').execute();
  return rows.map(adminProjectView);
}

async function getProject(db: Kysely<Database>, id: number) {
  const row = await selectProjects(db).where('projects.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Project');
  return adminProjectView(row);
}

/** The project overview members see, plus each member's email so an administrator can reach them. */
export async function getProjectForAdmin(db: Kysely<Database>, id: number) {
  const overview = await getProjectOverview(db, id);
  const emails = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email'])
    .where('memberships.project_id', '=', id)
    .execute();
  const emailOf = new Map(emails.map((e) => [e.id, e.email]));
  return { ...overview, members: overview.members.map((m) => ({ ...m, email: emailOf.get(m.userId) ?? '' })) };
}

async function assertProjectCodeFree(tx: Kysely<Database>, code: string) {
  const taken = await tx.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirst();
  if (taken) throw conflict('duplicate', `A project with code ${code} already exists`, await getProject(tx, taken.id));
}

function projectColumns(input: ProjectInput) {
  return {
    code: input.code,
    name_vi: input.nameVi,
    name_en: input.nameEn,
    summary_vi: input.summaryVi,
    summary_en: input.summaryEn,
    zone: input.zone,
    start_date: input.startDate,
    end_date: input.endDate,
    status: input.status,
  };
}

/** Project codes are unique. */
export async function createProject(tx: Kysely<Database>, action: Action, input: ProjectInput) {
  await assertProjectCodeFree(tx, input.code);
  const row = await unlessDuplicate(`A project with code ${input.code} already exists`, () =>
    tx
      .insertInto('projects')
      .values({ ...projectColumns(input), created_at: action.at, updated_at: action.at })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const after = await getProject(tx, row.id);
  await recordAudit(tx, action, { projectId: row.id, action: 'project.created', subject: { type: 'project', id: row.id }, after });
  return after;
}

export async function updateProject(tx: Kysely<Database>, action: Action, input: ProjectUpdateInput) {
  const before = await getProject(tx, input.id);
  if (before.version !== input.version) throw staleVersion('The project', before);
  const columns = projectColumns(input);
  const unchanged =
    before.code === input.code &&
    before.nameVi === input.nameVi &&
    before.nameEn === input.nameEn &&
    before.summaryVi === input.summaryVi &&
    before.summaryEn === input.summaryEn &&
    before.zone === input.zone &&
    before.startDate === input.startDate &&
    before.endDate === input.endDate &&
    before.status === input.status;
  if (unchanged) return before;
  if (before.code !== input.code) await assertProjectCodeFree(tx, input.code);
  const updated = await unlessDuplicate(`A project with code ${input.code} already exists`, () =>
    tx
      .updateTable('projects')
      .set((eb) => ({ ...columns, updated_at: action.at, version: eb('version', '+', 1) }))
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .returning('id')
      .executeTakeFirst(),
  );
  if (!updated) throw staleVersion('The project', await getProject(tx, input.id));
  const after = await getProject(tx, input.id);
  await recordAudit(tx, action, { projectId: input.id, action: 'project.updated', subject: { type: 'project', id: input.id }, before, after });
  return after;
}

// ---------------------------------------------------------------------------------------------
// Parties

async function assertProjectExists(tx: Kysely<Database>, id: number) {
  const row = await tx.selectFrom('projects').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Project');
}

function partyView(projectId: number, o: Organization, part: { part_vi: string; part_en: string }) {
  return {
    projectId,
    organization: { id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en },
    partVi: part.part_vi,
    partEn: part.part_en,
  };
}

/** Makes an organization a party of a project with its part, or updates its part. */
export async function setParty(tx: Kysely<Database>, action: Action, input: PartyInput) {
  await assertProjectExists(tx, input.projectId);
  const organization = await tx.selectFrom('organizations').selectAll().where('id', '=', input.organizationId).executeTakeFirst();
  if (!organization) throw notFound('Organization');
  const existing = await tx
    .selectFrom('project_parties')
    .selectAll()
    .where('project_id', '=', input.projectId)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirst();
  const part = { part_vi: input.partVi, part_en: input.partEn };
  const after = partyView(input.projectId, organization, part);
  if (existing) {
    if (existing.part_vi === input.partVi && existing.part_en === input.partEn) return after;
    await tx.updateTable('project_parties').set(part).where('id', '=', existing.id).execute();
    await recordAudit(tx, action, {
      projectId: input.projectId,
      action: 'party.updated',
      subject: { type: 'project_party', id: existing.id },
      before: partyView(input.projectId, organization, existing),
      after,
    });
    return after;
  }
  const row = await unlessDuplicate(`${organization.code} is already a party of this project`, () =>
    tx
      .insertInto('project_parties')
      .values({ project_id: input.projectId, organization_id: input.organizationId, ...part })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  await recordAudit(tx, action, { projectId: input.projectId, action: 'party.added', subject: { type: 'project_party', id: row.id }, after });
  return after;
}

/** Takes an organization out of a project; refused while any of its people are still members there. */
export async function removeParty(tx: Kysely<Database>, action: Action, input: PartyKey) {
  // Delete first, check after: the deleted row stays locked until commit, so a concurrent
  // membership for this organization waits and then finds no party (see lockParties).
  const removed = await tx
    .deleteFrom('project_parties')
    .where('project_id', '=', input.projectId)
    .where('organization_id', '=', input.organizationId)
    .returningAll()
    .executeTakeFirst();
  if (!removed) throw notFound('Party');
  const members = await tx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('memberships.project_id', '=', input.projectId)
    .where('users.organization_id', '=', input.organizationId)
    .executeTakeFirstOrThrow();
  if (Number(members.n) > 0) {
    throw conflict('party_has_members', `${Number(members.n)} of this organization's people are still members of the project; remove them first`);
  }
  const organization = await tx.selectFrom('organizations').selectAll().where('id', '=', input.organizationId).executeTakeFirstOrThrow();
  await recordAudit(tx, action, {
    projectId: input.projectId,
    action: 'party.removed',
    subject: { type: 'project_party', id: removed.id },
    before: partyView(input.projectId, organization, removed),
  });
  return { ok: true as const };
}

// ---------------------------------------------------------------------------------------------
// Memberships

function membershipView(m: { project_id: number; user_id: number; role: ProjectRole }) {
  return { projectId: m.project_id, userId: m.user_id, role: m.role };
}

/**
 * Gives a person a role in a project, or changes it. Refused unless the person's organization is a
 * party of the project: nobody acts for an organization that is not in the project.
 */
export async function setMembership(tx: Kysely<Database>, action: Action, input: MembershipInput) {
  await assertProjectExists(tx, input.projectId);
  // Read the organization through a write, so a concurrent move to another organization waits for us.
  const user = await tx
    .updateTable('users')
    .set((eb) => ({ organization_id: eb.ref('organization_id') }))
    .where('id', '=', input.userId)
    .returning(['id', 'organization_id'])
    .executeTakeFirst();
  if (!user) throw notFound('User');
  const [party] = await lockParties(tx, user.organization_id, [input.projectId]);
  if (party === undefined) {
    throw badRequest('not_a_party', "The person's organization is not a party of this project; add it as a party first", {
      userId: ["The person's organization is not a party of this project"],
    });
  }
  const existing = await tx
    .selectFrom('memberships')
    .selectAll()
    .where('project_id', '=', input.projectId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  const after = membershipView({ project_id: input.projectId, user_id: input.userId, role: input.role });
  if (existing) {
    if (existing.role === input.role) return after;
    await tx.updateTable('memberships').set({ role: input.role }).where('id', '=', existing.id).execute();
    await recordAudit(tx, action, {
      projectId: input.projectId,
      action: 'membership.updated',
      subject: { type: 'membership', id: existing.id },
      before: membershipView(existing),
      after,
    });
    return after;
  }
  const row = await unlessDuplicate('This person is already a member of the project', () =>
    tx
      .insertInto('memberships')
      .values({ project_id: input.projectId, user_id: input.userId, role: input.role, created_at: action.at })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  await recordAudit(tx, action, { projectId: input.projectId, action: 'membership.added', subject: { type: 'membership', id: row.id }, after });
  return after;
}

export async function removeMembership(tx: Kysely<Database>, action: Action, input: MembershipKey) {
  const removed = await tx
    .deleteFrom('memberships')
    .where('project_id', '=', input.projectId)
    .where('user_id', '=', input.userId)
    .returningAll()
    .executeTakeFirst();
  if (!removed) throw notFound('Membership');
  await recordAudit(tx, action, {
    projectId: input.projectId,
    action: 'membership.removed',
    subject: { type: 'membership', id: removed.id },
    before: membershipView(removed),
  });
  return { ok: true as const };
}
