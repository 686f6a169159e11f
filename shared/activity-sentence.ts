import type { ActivityKind } from './activity-kinds.ts';
import type { MessageKey } from './dictionary.ts';

// One audit event as a sentence ("THACO-IND accepted 'Advise investors on factory layout'"). Pure:
// the Activity page renders it with the screen's `t`, and the server's CSV export with the same
// dictionary, so a sentence reads the same on screen and in the file.

/** Where an event's object can be seen, when it still exists. */
export type ActivityTarget =
  | { page: 'task'; taskId: number }
  | { page: 'approval'; kind: string; subjectId: number; roundId: number | null }
  | { page: 'outline'; sectionId?: number }
  | { page: 'plan' }
  | { page: 'timeline' }
  | { page: 'funding' };

export interface ActivityEventView {
  seq: number;
  at: string;
  action: string;
  kind: ActivityKind;
  actor: { userId: number | null; name: string | null; organizationId: number | null; organizationCode: string | null };
  subject: { type: string; id: string };
  /** The object's name as written (a task title, a section title…), or its Vietnamese name. */
  object: string | null;
  /** The object's English name, for things that have both. */
  objectEn?: string | null;
  /** Other words of the sentence: a number, a decision, a role… */
  detail: Record<string, string | number>;
  target: ActivityTarget | null;
}

const SENTENCES: Record<string, MessageKey> = {
  'task.created': 'activity.did.task.created',
  'task.updated': 'activity.did.task.updated',
  'task.work_updated': 'activity.did.task.work_updated',
  'task.deleted': 'activity.did.task.deleted',
  'task.assigned': 'activity.did.task.assigned',
  'task.accepted': 'activity.did.task.accepted',
  'task.declined': 'activity.did.task.declined',
  'task.dates_accepted': 'activity.did.task.dates_accepted',
  'comment.added': 'activity.did.comment.added',
  'dependency.added': 'activity.did.dependency.added',
  'dependency.removed': 'activity.did.dependency.removed',
  'phase.created': 'activity.did.phase.created',
  'phase.updated': 'activity.did.phase.updated',
  'phase.deleted': 'activity.did.phase.deleted',
  'milestone.created': 'activity.did.milestone.created',
  'milestone.updated': 'activity.did.milestone.updated',
  'milestone.deleted': 'activity.did.milestone.deleted',
  'baseline.saved': 'activity.did.baseline.saved',
  'outline_section.created': 'activity.did.outline_section.created',
  'outline_section.updated': 'activity.did.outline_section.updated',
  'outline_section.moved': 'activity.did.outline_section.moved',
  'outline_section.deleted': 'activity.did.outline_section.deleted',
  'outline_version.created': 'activity.did.outline_version.created',
  'approval_round.submitted': 'activity.did.approval_round.submitted',
  'approval_round.approved': 'activity.did.approval_round.approved',
  'approval_round.changes_requested': 'activity.did.approval_round.changes_requested',
  'approval_round.superseded': 'activity.did.approval_round.superseded',
  'approval_round.withdrawn': 'activity.did.approval_round.withdrawn',
  'funding_budget_owners.set': 'activity.did.funding_budget_owners.set',
  'funding_category.created': 'activity.did.funding_category.created',
  'funding_source.created': 'activity.did.funding_source.created',
  'funding_source.updated': 'activity.did.funding_source.updated',
  'funding_source.deleted': 'activity.did.funding_source.deleted',
  'funding_estimate.created': 'activity.did.funding_estimate.created',
  'funding_estimate.updated': 'activity.did.funding_estimate.updated',
  'funding_line.created': 'activity.did.funding_line.created',
  'funding_line.updated': 'activity.did.funding_line.updated',
  'funding_line.deleted': 'activity.did.funding_line.deleted',
  'funding_lines.imported': 'activity.did.funding_lines.imported',
  'funding_disbursement.recorded': 'activity.did.funding_disbursement.recorded',
  'funding_disbursement.updated': 'activity.did.funding_disbursement.updated',
  'funding_disbursement.deleted': 'activity.did.funding_disbursement.deleted',
  'project.created': 'activity.did.project.created',
  'project.updated': 'activity.did.project.updated',
  'party.added': 'activity.did.party.added',
  'party.updated': 'activity.did.party.updated',
  'party.removed': 'activity.did.party.removed',
  'membership.added': 'activity.did.membership.added',
  'membership.updated': 'activity.did.membership.updated',
  'membership.removed': 'activity.did.membership.removed',
};

const DECISIONS: Record<string, MessageKey> = {
  approve: 'activity.did.decision.approve',
  request_changes: 'activity.did.decision.request_changes',
};

/** An approval's subject named as on the Approvals pages: "Đề cương v3", "Milestone: …". */
const APPROVAL_SUBJECTS: Record<string, MessageKey> = {
  outline_version: 'approvals.kind.outlineVersion',
  milestone: 'approvals.kind.milestone',
  funding_estimate: 'approvals.kind.fundingEstimate',
};

const ROLES: Record<string, MessageKey> = {
  coordinator: 'role.coordinator',
  approver: 'role.approver',
  member: 'role.member',
  viewer: 'role.viewer',
};

const KINDS: Record<ActivityKind, MessageKey> = {
  tasks: 'activity.kind.tasks',
  comments: 'activity.kind.comments',
  plan: 'activity.kind.plan',
  outline: 'activity.kind.outline',
  approvals: 'activity.kind.approvals',
  funding: 'activity.kind.funding',
  people: 'activity.kind.people',
  other: 'activity.kind.other',
};

export const kindKey = (kind: ActivityKind): MessageKey => KINDS[kind];

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The event as one sentence; an action nobody wrote a sentence for still says who did what to which object. */
export function activitySentence(e: ActivityEventView, t: Translate, locale: 'vi' | 'en'): string {
  const key = e.action === 'approval_decision.recorded' ? DECISIONS[String(e.detail.decision)] : SENTENCES[e.action];
  const role = ROLES[String(e.detail.role)];
  const named = (locale === 'en' ? e.objectEn || e.object : e.object || e.objectEn) ?? `${e.subject.type} #${e.subject.id}`;
  const subjectKey = APPROVAL_SUBJECTS[String(e.detail.subjectKind)];
  const object = subjectKey ? t(subjectKey, { label: named }) : named;
  const params = {
    ...e.detail,
    actor: e.actor.organizationCode ?? t('activity.system'),
    object,
    role: role ? t(role) : String(e.detail.role ?? ''),
    action: e.action,
  };
  return t(key ?? 'activity.did.unknown', params);
}
