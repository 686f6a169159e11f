import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one place a column's type is declared.
 *
 * Both dialects store the same values: timestamps are ISO-8601 UTC strings, calendar dates are
 * `YYYY-MM-DD` strings and flags are integers 0/1, so a row means the same on SQLite and PostgreSQL.
 */
export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  projects: ProjectTable;
  project_parties: ProjectPartyTable;
  memberships: MembershipTable;
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
}

type Flag = 0 | 1;
type Timestamp = string;

export interface OrganizationTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  organization_id: number;
  password_hash: string;
  locale: 'vi' | 'en';
  is_admin: Flag;
  active: Flag;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface SessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: Timestamp;
  succeeded: Flag;
}

export type ProjectStatus = 'draft' | 'active' | 'closed';

export interface ProjectTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  summary_vi: string;
  summary_en: string;
  zone: string;
  start_date: string;
  end_date: string;
  status: ProjectStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface ProjectPartyTable {
  id: Generated<number>;
  project_id: number;
  organization_id: number;
  part_vi: string;
  part_en: string;
}

export type ProjectRole = 'coordinator' | 'approver' | 'member' | 'viewer';

export interface MembershipTable {
  id: Generated<number>;
  project_id: number;
  user_id: number;
  role: ProjectRole;
  created_at: Timestamp;
}

export interface AuditEventTable {
  seq: number;
  at: Timestamp;
  actor_user_id: number | null;
  actor_organization_id: number | null;
  project_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

/** A single row (id = 1) holding the chain's tip; updating it serializes audit writers on PostgreSQL. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export type Organization = Selectable<OrganizationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Project = Selectable<ProjectTable>;
export type Membership = Selectable<MembershipTable>;
export type AuditEvent = Selectable<AuditEventTable>;
