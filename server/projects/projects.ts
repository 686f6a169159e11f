import { sql, type Kysely } from 'kysely';
import type { Database, Project, ProjectRole } from '../db/schema.ts';
import { notFound } from '../errors.ts';

export function projectView(p: Project) {
  return {
    id: p.id,
    code: p.code,
    nameVi: p.name_vi,
    nameEn: p.name_en,
    summaryVi: p.summary_vi,
    summaryEn: p.summary_en,
    zone: p.zone,
    startDate: p.start_date,
    endDate: p.end_date,
    status: p.status,
    version: p.version,
  };
}

/** The projects a person is a member of, with their role in each. */
export async function listMyProjects(db: Kysely<Database>, userId: number) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('projects', 'projects.id', 'memberships.project_id')
    .selectAll('projects')
    .select('memberships.role as myRole')
    .where('memberships.user_id', '=', userId)
    // Running programmes first, then those in preparation, then closed ones.
    .orderBy(sql`case projects.status when 'active' then 0 when 'draft' then 1 else 2 end`)
    .orderBy('projects.start_date', 'desc')
    .orderBy('projects.id')
    .execute();
  return rows.map((r) => ({ ...projectView(r), myRole: r.myRole as ProjectRole }));
}

/** A project's overview: the project, its parties with their part, and its members with roles. */
export async function getProjectOverview(db: Kysely<Database>, projectId: number) {
  const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
  if (!project) throw notFound('Project');
  const [parties, members] = await Promise.all([
    db
      .selectFrom('project_parties')
      .innerJoin('organizations', 'organizations.id', 'project_parties.organization_id')
      .select([
        'organizations.id',
        'organizations.code',
        'organizations.name_vi',
        'organizations.name_en',
        'project_parties.part_vi',
        'project_parties.part_en',
      ])
      .where('project_parties.project_id', '=', projectId)
      .orderBy('project_parties.id')
      .execute(),
    db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select([
        'users.id',
        'users.display_name',
        'users.active',
        'memberships.role',
        'organizations.code as orgCode',
      ])
      .where('memberships.project_id', '=', projectId)
      .orderBy('organizations.code')
      .orderBy('users.display_name')
      .execute(),
  ]);
  return {
    ...projectView(project),
    parties: parties.map((p) => ({
      organization: { id: p.id, code: p.code, nameVi: p.name_vi, nameEn: p.name_en },
      partVi: p.part_vi,
      partEn: p.part_en,
    })),
    members: members.map((m) => ({
      userId: m.id,
      displayName: m.display_name,
      active: m.active === 1,
      role: m.role,
      organizationCode: m.orgCode,
    })),
  };
}
