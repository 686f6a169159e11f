import type { Kysely } from 'kysely';
import type { Clock } from '../../../server/clock.ts';
import type { Database, User } from '../../../server/db/schema.ts';
import { demoEmail, seedDemo } from '../../../server/demo/seed.ts';
import { callerFor, givenUser, testClock } from '../../support/fixtures.ts';

/** Who calls a procedure in the authorization matrix. */
export const CALLERS = [
  'anonymous',
  'admin',
  'nonMember',
  'coordinator',
  'approver',
  'member',
  'viewer',
  'otherCoordinator',
  'otherApprover',
  'otherMember',
  'otherViewer',
] as const;
export type CallerKey = (typeof CALLERS)[number];
/** Callers who are members of the project: "own" roles are people of the subject's organization, "other" of another party. */
export type MemberCaller = Exclude<CallerKey, 'anonymous' | 'admin' | 'nonMember'>;

export type Caller = ReturnType<typeof callerFor>;

/** The demo's two projects and which party plays "own" and "other" organization in each. */
export const PROJECTS = {
  chuLai: { code: 'CHULAI-PILOT', own: 'THACO-IND', other: 'MOIT', tag: 'CHULAI' },
  binhDuong: { code: 'BD-MECH-2030', own: 'MOIT', other: 'VIOIT', tag: 'IDOR-CANARY-BD' },
} as const;

/**
 * What the matrix's input builders work with: one project of the demo data, its callers, and
 * helpers to create fresh subjects (a successful mutation may consume the subject it was given).
 */
export interface MatrixWorld {
  db: Kysely<Database>;
  clock: Clock;
  projectId: number;
  /** The subject's organization: subjects are assigned to it, owned by it, await its decision. */
  ownOrgId: number;
  /** Another party of the same project. */
  otherOrgId: number;
  /** A phase of the project for milestones and tasks to live in. */
  phaseId: number;
  users: Record<Exclude<CallerKey, 'anonymous'>, User>;
  as(caller: CallerKey): Caller;
  /** The programme office (VIOIT's coordinator, a coordinator of both demo projects): builds subjects. */
  office: Caller;
  /** The demo's system administrator. */
  admin: Caller;
  /** Unique text carrying this world's tag, so a leak of one project's data into another is visible. */
  name(what: string): string;
  /** A unique code: capitals, digits and dashes. */
  code(prefix: string): string;
  /** A unique email. */
  email(): string;
}

let counter = 0;

async function userByEmail(db: Kysely<Database>, email: string): Promise<User> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

/** Seeds the demo on a fresh, migrated database (no-op if already seeded) and returns a world for each project. */
export async function createMatrixWorlds(db: Kysely<Database>, clock: Clock = testClock()) {
  await seedDemo(db, clock.now());
  return {
    chuLai: await createMatrixWorld(db, clock, PROJECTS.chuLai),
    binhDuong: await createMatrixWorld(db, clock, PROJECTS.binhDuong),
  };
}

/**
 * A new project shaped like the Chu Lai pilot (the same four parties, every demo person in the same
 * role), for suites that create many subjects and must not run into per-project limits (an outline
 * holds at most 200 sections).
 */
export async function createScratchWorld(db: Kysely<Database>, clock: Clock = testClock()): Promise<MatrixWorld> {
  await seedDemo(db, clock.now());
  const chuLai = await db.selectFrom('projects').select('id').where('code', '=', PROJECTS.chuLai.code).executeTakeFirstOrThrow();
  const at = clock.now().toISOString();
  const code = `SCRATCH-${process.pid.toString(36).toUpperCase()}-${++counter}`;
  const project = await db
    .insertInto('projects')
    .values({
      code,
      name_vi: `Đề án thử ${code}`,
      name_en: `Scratch project ${code}`,
      summary_vi: '',
      summary_en: '',
      zone: 'Chu Lai',
      start_date: '2026-01-01',
      end_date: '2027-12-31',
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const party of await db.selectFrom('project_parties').selectAll().where('project_id', '=', chuLai.id).execute()) {
    await db.insertInto('project_parties').values({ project_id: project.id, organization_id: party.organization_id, part_vi: '', part_en: '' }).execute();
  }
  for (const m of await db.selectFrom('memberships').selectAll().where('project_id', '=', chuLai.id).execute()) {
    await db.insertInto('memberships').values({ project_id: project.id, user_id: m.user_id, role: m.role, created_at: at }).execute();
  }
  return createMatrixWorld(db, clock, { ...PROJECTS.chuLai, code });
}

async function createMatrixWorld(
  db: Kysely<Database>,
  clock: Clock,
  spec: { code: string; own: string; other: string; tag: string },
): Promise<MatrixWorld> {
  const project = await db.selectFrom('projects').select('id').where('code', '=', spec.code).executeTakeFirstOrThrow();
  const orgId = async (code: string) =>
    (await db.selectFrom('organizations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const ownOrgId = await orgId(spec.own);
  const otherOrgId = await orgId(spec.other);
  const role = (r: 'coordinator' | 'approver' | 'member' | 'viewer', org: string) =>
    userByEmail(db, demoEmail(r, org as Parameters<typeof demoEmail>[1]));
  const users: MatrixWorld['users'] = {
    admin: await userByEmail(db, demoEmail('admin')),
    // A person of the subject's own organization who is in no project at all.
    nonMember: await givenUser(db, { organizationId: ownOrgId, name: `Không phải thành viên ${spec.tag}` }),
    coordinator: await role('coordinator', spec.own),
    approver: await role('approver', spec.own),
    member: await role('member', spec.own),
    viewer: await role('viewer', spec.own),
    otherCoordinator: await role('coordinator', spec.other),
    otherApprover: await role('approver', spec.other),
    otherMember: await role('member', spec.other),
    otherViewer: await role('viewer', spec.other),
  };
  const as = (caller: CallerKey) => callerFor(db, caller === 'anonymous' ? null : users[caller], { clock });
  const office = callerFor(db, await userByEmail(db, demoEmail('coordinator', 'VIOIT')), { clock });
  const tag = spec.tag;
  const phase = await office.plan.createPhase({
    projectId: project.id,
    name: `Giai đoạn kiểm thử ${tag}`,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
  });
  return {
    db,
    clock,
    projectId: project.id,
    ownOrgId,
    otherOrgId,
    phaseId: phase.id,
    users,
    as,
    office,
    admin: as('admin'),
    name: (what) => `${what} ${tag} #${++counter}`,
    code: (prefix) => `${prefix}-${process.pid.toString(36).toUpperCase()}-${++counter}`,
    email: () => `matrix-${process.pid}-${++counter}@example.vn`,
  };
}
