import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../../server/auth/password.ts';
import type { SessionUser } from '../../server/auth/auth.ts';
import type { Clock } from '../../server/clock.ts';
import { defaultConfig, type Config } from '../../server/config.ts';
import type { Database, ProjectRole } from '../../server/db/schema.ts';
import { createLocalHub, type EventHub } from '../../server/live/live.ts';
import { createLogger } from '../../server/logger.ts';
import { appRouter } from '../../server/router.ts';
import { createCallerFactory } from '../../server/trpc.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;
const unique = () => randomBytes(4).toString('hex');

export async function givenOrganization(db: Kysely<Database>, code = `ORG-${unique().toUpperCase()}`) {
  return db
    .insertInto('organizations')
    .values({ code, name_vi: `Tổ chức ${code}`, name_en: `Organization ${code}`, created_at: new Date().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function givenUser(
  db: Kysely<Database>,
  options: { organizationId: number; admin?: boolean; active?: boolean; email?: string; name?: string },
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return db
    .insertInto('users')
    .values({
      email: options.email ?? `user-${unique()}@example.vn`,
      display_name: options.name ?? `Người dùng ${unique()}`,
      organization_id: options.organizationId,
      password_hash: await passwordHash,
      locale: 'vi',
      is_admin: options.admin ? 1 : 0,
      active: options.active === false ? 0 : 1,
      created_at: new Date().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function givenProject(db: Kysely<Database>, options: { partyOrganizationIds?: number[]; code?: string } = {}) {
  const at = new Date().toISOString();
  const project = await db
    .insertInto('projects')
    .values({
      code: options.code ?? `P-${unique().toUpperCase()}`,
      name_vi: 'Đề án thử nghiệm cơ khí',
      name_en: 'Test mechanics project',
      summary_vi: '',
      summary_en: '',
      zone: 'Chu Lai',
      start_date: '2026-01-01',
      end_date: '2027-12-31',
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const organizationId of options.partyOrganizationIds ?? []) {
    await db.insertInto('project_parties').values({ project_id: project.id, organization_id: organizationId, part_vi: '', part_en: '' }).execute();
  }
  return project;
}

export async function givenMembership(db: Kysely<Database>, projectId: number, userId: number, role: ProjectRole) {
  await db.insertInto('memberships').values({ project_id: projectId, user_id: userId, role, created_at: new Date().toISOString() }).execute();
}

/** A fixed clock that tests can move. */
export function testClock(start = new Date('2026-11-23T03:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

const createCaller = createCallerFactory(appRouter);
const quietLogger = createLogger('silent');

/** Calls procedures as `user` (or anonymously), with no HTTP: the router's own rules only. */
export function callerFor(
  db: Kysely<Database>,
  user: { id: number; email: string; display_name: string; organization_id: number; locale: 'vi' | 'en'; is_admin: 0 | 1 } | null,
  options: { clock?: Clock; config?: Config; ip?: string; sessionToken?: string; resHeaders?: Headers; hub?: EventHub } = {},
) {
  const sessionUser: SessionUser | null = user && {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    organizationId: user.organization_id,
    locale: user.locale,
    isAdmin: user.is_admin === 1,
  };
  return createCaller({
    db,
    clock: options.clock ?? testClock(),
    config: options.config ?? defaultConfig(),
    logger: quietLogger,
    hub: options.hub ?? createLocalHub(),
    requestId: 'test',
    ip: options.ip ?? '127.0.0.1',
    sessionToken: options.sessionToken ?? null,
    user: sessionUser,
    resHeaders: options.resHeaders ?? new Headers(),
  });
}

/** Counts rows in every table, to assert that a refused call changed nothing. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = ['organizations', 'users', 'sessions', 'projects', 'project_parties', 'memberships', 'audit_events'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
