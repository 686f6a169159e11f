import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What the client knows about the logged-in person. */
export async function describeUser(db: Kysely<Database>, userId: number) {
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.locale',
      'users.is_admin',
      'organizations.id as orgId',
      'organizations.code as orgCode',
      'organizations.name_vi as orgNameVi',
      'organizations.name_en as orgNameEn',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    isAdmin: row.is_admin === 1,
    organization: { id: row.orgId, code: row.orgCode, nameVi: row.orgNameVi, nameEn: row.orgNameEn },
  };
}

export type Me = Awaited<ReturnType<typeof describeUser>>;
