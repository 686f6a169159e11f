import type { Kysely } from 'kysely';
import type { ApprovalSubjectKind } from '../../shared/approval-schemas.ts';
import type { Database } from '../db/schema.ts';
import { fundingEstimateSubject } from '../funding/funding-subject.ts';
import { outlineVersionSubject } from '../outline/outline-subject.ts';
import { milestoneSubject } from '../plan/milestone-subject.ts';

/** Something shown to approvers next to the snapshot, e.g. `{ code: 'tasks_not_done', params: { count: 2 } }`. */
export interface ApprovalWarning {
  code: string;
  params?: Record<string, string | number>;
}

/** What a subject looks like at the moment it is submitted; the round keeps it forever. */
export interface ApprovalSnapshot {
  /** Which state of the subject this is (an outline version number, a milestone's row version…). */
  revision: number;
  /** A short, language-neutral name shown in the inbox ("v2", a milestone's title). */
  label: string;
  /** JSON-serializable content exactly as the approvers will see it. */
  snapshot: unknown;
  warnings?: ApprovalWarning[];
  /** Who must decide when the coordinator does not say; omitted means the project's parties. */
  requiredOrganizationIds?: number[];
}

/**
 * The seam between the engine and a kind of subject. A new kind (milestone sign-off, funding
 * estimate) implements this, adds one line to `approvalSubjects`, and in every function that
 * changes the subject calls `supersedeOpenRounds(tx, action, { projectId, kind, subjectId }, reason)`
 * in the same transaction. No other approval code changes. The module defining the subject must
 * not import approvals.ts (this registry is evaluated while approvals.ts loads): see
 * outline/outline-subject.ts, which outline.ts builds on.
 */
export interface ApprovalSubject {
  /**
   * Runs inside the submit transaction. Throws NOT_FOUND unless `subjectId` belongs to `projectId`,
   * BAD_REQUEST if the subject cannot be submitted now. It must first write (lock) a row that every
   * change of the subject also writes, so on PostgreSQL a concurrent change either lands before the
   * snapshot or after the round exists (and then supersedes it).
   */
  load(tx: Kysely<Database>, projectId: number, subjectId: number): Promise<ApprovalSnapshot>;
}

/** Registry of subject kinds. Milestones: `milestone: milestoneSubject` (server/plan); funding: `funding_estimate`. */
export const approvalSubjects: Partial<Record<ApprovalSubjectKind, ApprovalSubject>> = {
  outline_version: outlineVersionSubject,
  milestone: milestoneSubject,
  funding_estimate: fundingEstimateSubject,
};
