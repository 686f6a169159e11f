import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { NotificationKind } from '../../shared/notification-schemas.ts';

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
  outlines: OutlineTable;
  outline_sections: OutlineSectionTable;
  outline_versions: OutlineVersionTable;
  approval_rounds: ApprovalRoundTable;
  approval_round_organizations: ApprovalRoundOrganizationTable;
  approval_decisions: ApprovalDecisionTable;
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

// ---------------------------------------------------------------------------------------------
// Outline (đề cương) and approvals (migrations/0003_approvals_outline.ts)

/** Per project: counters that every draft change and proposal writes first (see outline.ts). */
export interface OutlineTable {
  id: Generated<number>;
  project_id: number;
  /** Bumped by every draft change; a version remembers the one it froze. */
  draft_revision: ColumnType<number, number | undefined, number>;
  last_version_number: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface OutlineSectionTable {
  id: Generated<number>;
  project_id: number;
  parent_id: number | null;
  /** 0-based among siblings, kept dense. */
  position: number;
  title: string;
  body: string;
  owner_organization_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_user_id: number | null;
  version: ColumnType<number, number | undefined, number>;
}

/** Immutable: written once by a proposal, never updated. */
export interface OutlineVersionTable {
  id: Generated<number>;
  project_id: number;
  number: number;
  draft_revision: number;
  sections_json: string;
  note: string;
  created_at: Timestamp;
  created_by_user_id: number | null;
}

export type ApprovalRoundState = 'open' | 'approved' | 'changes_requested' | 'withdrawn' | 'superseded';
export type ApprovalDecisionKind = 'approve' | 'request_changes';

export interface ApprovalRoundTable {
  id: Generated<number>;
  project_id: number;
  subject_kind: string;
  subject_id: number;
  revision: number;
  subject_label: string;
  snapshot_json: string;
  warnings_json: ColumnType<string, string | undefined, string>;
  message: string;
  state: ApprovalRoundState;
  submitted_at: Timestamp;
  submitted_by_user_id: number | null;
  submitted_by_organization_id: number | null;
  closed_at: Timestamp | null;
  closed_by_user_id: number | null;
  close_reason: string | null;
  close_detail: string | null;
  decision_count: ColumnType<number, number | undefined, number>;
}

export interface ApprovalRoundOrganizationTable {
  id: Generated<number>;
  round_id: number;
  organization_id: number;
}

export interface ApprovalDecisionTable {
  id: Generated<number>;
  round_id: number;
  seq: number;
  organization_id: number;
  user_id: number;
  decision: ApprovalDecisionKind;
  comment: string;
  decided_at: Timestamp;
}

export type OutlineSection = Selectable<OutlineSectionTable>;
export type OutlineVersion = Selectable<OutlineVersionTable>;
export type ApprovalRound = Selectable<ApprovalRoundTable>;
export type ApprovalDecision = Selectable<ApprovalDecisionTable>;

// ---------------------------------------------------------------------------------------------
// Action plan: phases, milestones, tasks, dependencies, hand-offs (migrations/0002_plan.ts).
// Declared as a second `interface Database` (TypeScript merges the two) so this block is append-only.

export interface Database {
  phases: PhaseTable;
  milestones: MilestoneTable;
  milestone_signoffs: MilestoneSignoffTable;
  tasks: TaskTable;
  task_supporters: TaskSupporterTable;
  task_dependencies: TaskDependencyTable;
  task_handoffs: TaskHandoffTable;
  task_comments: TaskCommentTable;
}

export interface PhaseTable {
  id: Generated<number>;
  project_id: number;
  /** 1-based order of the phase in its project. */
  position: number;
  name: string;
  start_date: string;
  end_date: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface MilestoneTable {
  id: Generated<number>;
  project_id: number;
  phase_id: number;
  name: string;
  date: string;
  deliverables: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

/** An organization whose sign-off a milestone requires. */
export interface MilestoneSignoffTable {
  id: Generated<number>;
  milestone_id: number;
  organization_id: number;
}

export type TaskStatus = 'not_started' | 'in_progress' | 'blocked' | 'done';
export type AssignmentState = 'unassigned' | 'awaiting' | 'accepted' | 'declined';

export interface TaskTable {
  id: Generated<number>;
  project_id: number;
  phase_id: number;
  milestone_id: number | null;
  title: string;
  description: string;
  deliverables: string;
  /** The organization the task is assigned to (awaiting, accepted or declined by it). */
  lead_organization_id: number | null;
  assignee_user_id: number | null;
  assignment_state: AssignmentState;
  start_date: string;
  due_date: string;
  status: TaskStatus;
  progress: number;
  /** Title, description and deliverables without diacritics, lowercased: see search-text.ts. */
  search_text: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface TaskSupporterTable {
  id: Generated<number>;
  task_id: number;
  organization_id: number;
}

/** Finish-to-start: the successor should start once the predecessor is due. */
export interface TaskDependencyTable {
  id: Generated<number>;
  project_id: number;
  predecessor_id: number;
  successor_id: number;
  created_at: Timestamp;
}

export type HandoffKind = 'assigned' | 'accepted' | 'declined' | 'dates_accepted';

/** Append-only history of a task passing between the coordinator and an organization. */
export interface TaskHandoffTable {
  id: Generated<number>;
  project_id: number;
  task_id: number;
  kind: HandoffKind;
  /** The organization the task was handed to, or that answered. */
  organization_id: number;
  actor_user_id: number | null;
  actor_organization_id: number | null;
  assignee_user_id: number | null;
  reason: string | null;
  proposed_start_date: string | null;
  proposed_due_date: string | null;
  at: Timestamp;
}

export interface TaskCommentTable {
  id: Generated<number>;
  project_id: number;
  task_id: number;
  author_user_id: number;
  /** The author's organization when they wrote it. */
  author_organization_id: number;
  /** Markdown as written; rendered safely on every read. */
  body: string;
  created_at: Timestamp;
}

export type Phase = Selectable<PhaseTable>;
export type Milestone = Selectable<MilestoneTable>;
export type Task = Selectable<TaskTable>;
export type TaskHandoff = Selectable<TaskHandoffTable>;

// ---------------------------------------------------------------------------------------------
// Funding estimates (migrations/0004_funding.ts). Money is an integer number of đồng, read as a JS
// number only while it is a safe integer (connect.ts refuses anything past 2^53 on PostgreSQL and
// the domain refuses to write it). Quantities are thousandths: 2.5 is stored as 2500.

export interface Database {
  funding_settings: FundingSettingsTable;
  funding_budget_owners: FundingBudgetOwnerTable;
  funding_categories: FundingCategoryTable;
  funding_sources: FundingSourceTable;
  funding_estimates: FundingEstimateTable;
  funding_lines: FundingLineTable;
  funding_disbursements: FundingDisbursementTable;
}

/** Per project: counters, and the row project-wide funding changes write (lock) first. */
export interface FundingSettingsTable {
  id: Generated<number>;
  project_id: number;
  last_estimate_number: ColumnType<number, number | undefined, number>;
  last_line_key: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface FundingBudgetOwnerTable {
  id: Generated<number>;
  project_id: number;
  organization_id: number;
}

/** A project-defined category; the built-in ones are in shared/funding-schemas.ts. */
export interface FundingCategoryTable {
  id: Generated<number>;
  project_id: number;
  code: string;
  name_vi: string;
  name_en: string;
  created_at: Timestamp;
}

export type FundingSourceKind = 'state_budget' | 'provincial_budget' | 'enterprise' | 'other_sponsor';

export interface FundingSourceTable {
  id: Generated<number>;
  project_id: number;
  code: string;
  kind: FundingSourceKind;
  name_vi: string;
  name_en: string;
  organization_id: number | null;
  pledged_amount: number;
  note: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

/** One numbered version of a project's estimate; `version` is bumped by every change to it or its lines. */
export interface FundingEstimateTable {
  id: Generated<number>;
  project_id: number;
  number: number;
  note: string;
  created_at: Timestamp;
  created_by_user_id: number | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface FundingLineTable {
  id: Generated<number>;
  project_id: number;
  estimate_id: number;
  /** The same line across versions (kept when a version is copied). */
  line_key: number;
  position: number;
  category: string;
  description: string;
  phase_id: number | null;
  task_id: number | null;
  quantity_milli: number;
  unit: string;
  unit_cost: number;
  /** quantity × unit cost, exact, in đồng. */
  amount: number;
  source_id: number;
  year: number;
  note: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface FundingDisbursementTable {
  id: Generated<number>;
  project_id: number;
  line_id: number;
  date: string;
  amount: number;
  reference: string;
  note: string;
  created_at: Timestamp;
  created_by_user_id: number | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export type FundingSource = Selectable<FundingSourceTable>;
export type FundingEstimate = Selectable<FundingEstimateTable>;
export type FundingLine = Selectable<FundingLineTable>;
export type FundingDisbursement = Selectable<FundingDisbursementTable>;

// ---------------------------------------------------------------------------------------------
// Plan baselines (migrations/0005_baselines.ts): named copies of the plan's dates, for slip.

export interface Database {
  plan_baselines: PlanBaselineTable;
  plan_baseline_items: PlanBaselineItemTable;
  plan_baseline_milestones: PlanBaselineMilestoneTable;
}

/** Immutable once written: a baseline is a record of the plan at `created_at`. */
export interface PlanBaselineTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  created_by_user_id: number | null;
  created_at: Timestamp;
  task_count: ColumnType<number, number | undefined, number>;
  milestone_count: ColumnType<number, number | undefined, number>;
}

/** A task's dates in a baseline; `task_id` outlives the task (no foreign key), so history stays whole. */
export interface PlanBaselineItemTable {
  baseline_id: number;
  task_id: number;
  start_date: string;
  due_date: string;
}

export interface PlanBaselineMilestoneTable {
  baseline_id: number;
  milestone_id: number;
  date: string;
}

export type PlanBaseline = Selectable<PlanBaselineTable>;

// ---------------------------------------------------------------------------------------------
// Calendar feeds (migrations/0006_calendar_feeds.ts): one secret .ics URL per person.

export interface Database {
  calendar_feeds: CalendarFeedTable;
}

/** The feed's token is never stored: only its SHA-256, as for sessions. */
export interface CalendarFeedTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
}

// ---------------------------------------------------------------------------------------------
// Notifications (migrations/0007_notifications.ts): one row per recipient, read or not.

export interface Database {
  notifications: NotificationTable;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  project_id: number;
  kind: NotificationKind;
  actor_user_id: number | null;
  task_id: number | null;
  round_id: number | null;
  comment_id: number | null;
  /** JSON of shared/notification-schemas.ts NotificationPayload. */
  payload_json: string;
  /** Set only where a notification must exist once (the due scan); NULLs never collide. */
  dedupe_key: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

// ---------------------------------------------------------------------------------------------
// E-mail notifications (migrations/0008_email_outbox.ts): per-person choices and the outbox.

export interface Database {
  email_preferences: EmailPreferenceTable;
  email_outbox: EmailOutboxTable;
}

/** A kind the person gets by e-mail; no row means off. */
export interface EmailPreferenceTable {
  user_id: number;
  kind: NotificationKind;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  notification_id: number;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  /** The recipient's language when queued: the link lines added at send time use it. */
  locale: 'vi' | 'en';
  /** The item's path in the app; sent as a link on PUBLIC_URL when that is set. */
  link_path: string;
  created_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  /** A sender's lease: nobody else sends the row before this time. */
  claimed_until: Timestamp | null;
  claimed_by: string | null;
  sent_at: Timestamp | null;
  /** The sender gave up on it (see last_error). */
  failed_at: Timestamp | null;
  last_error: string | null;
}

export type EmailOutboxRow = Selectable<EmailOutboxTable>;
