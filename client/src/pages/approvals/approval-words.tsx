import { Show } from 'solid-js';
import { t, type MessageKey } from '~/i18n/i18n.ts';
import type { trpc } from '~/lib/trpc.ts';

// The words and badges every approval screen shares: round states, decisions, subject kinds,
// why a round closed, and what approvers are warned about.

export type ApprovalInbox = Awaited<ReturnType<typeof trpc.approvals.inbox.query>>;
export type RoundView = ApprovalInbox['waiting'][number];
export type RoundState = RoundView['state'];
export type DecisionKind = 'approve' | 'request_changes';
export type SubjectKind = RoundView['subject']['kind'];

export const SUBJECT_KINDS: readonly SubjectKind[] = ['outline_version', 'milestone', 'funding_estimate'];

const STATE_LABELS: Record<RoundState, MessageKey> = {
  open: 'approvals.state.open',
  approved: 'approvals.state.approved',
  changes_requested: 'approvals.state.changesRequested',
  withdrawn: 'approvals.state.withdrawn',
  superseded: 'approvals.state.superseded',
};

/** A symbol beside each state's word, so the state never rests on colour alone. */
const STATE_MARKS: Record<RoundState, string> = {
  open: '○',
  approved: '✓',
  changes_requested: '✗',
  withdrawn: '↩',
  superseded: '⤳',
};

export function roundStateLabel(state: RoundState): string {
  return t(STATE_LABELS[state]);
}

export function RoundStateBadge(props: { state: RoundState }) {
  return (
    <span class={`badge badge--round badge--round-${props.state}`}>
      <span aria-hidden="true">{STATE_MARKS[props.state]} </span>
      {roundStateLabel(props.state)}
    </span>
  );
}

const DECISION_LABELS: Record<DecisionKind, MessageKey> = {
  approve: 'approvals.decision.approve',
  request_changes: 'approvals.decision.requestChanges',
};

/** One party's current decision, or "no decision yet" (or "not asked"), with a symbol and a word. */
export function DecisionBadge(props: { decision: DecisionKind | null; open?: boolean }) {
  return (
    <Show
      when={props.decision}
      fallback={
        <span class="badge badge--decision-none">
          <span aria-hidden="true">… </span>
          {t(props.open === false ? 'approvals.decision.none' : 'approvals.decision.waiting')}
        </span>
      }
    >
      {(decision) => (
        <span class={`badge badge--decision-${decision()}`}>
          <span aria-hidden="true">{decision() === 'approve' ? '✓ ' : '✗ '}</span>
          {t(DECISION_LABELS[decision()])}
        </span>
      )}
    </Show>
  );
}

const KIND_TITLES: Record<SubjectKind, MessageKey> = {
  outline_version: 'approvals.kind.outlineVersion',
  milestone: 'approvals.kind.milestone',
  funding_estimate: 'approvals.kind.fundingEstimate',
};

/** "Đề cương v3", "Milestone: Outline agreed". */
export function subjectTitle(kind: SubjectKind, label: string): string {
  return t(KIND_TITLES[kind], { label });
}

const CLOSE_REASONS: Record<string, MessageKey> = {
  section_added: 'approvals.closeReason.sectionAdded',
  section_edited: 'approvals.closeReason.sectionEdited',
  section_moved: 'approvals.closeReason.sectionMoved',
  section_deleted: 'approvals.closeReason.sectionDeleted',
  estimate_edited: 'approvals.closeReason.estimateEdited',
  milestone_edited: 'approvals.closeReason.milestoneEdited',
  milestone_deleted: 'approvals.closeReason.milestoneDeleted',
};

/** Why a round closed without a decision, in words: what changed, or the coordinator's reason. */
export function closeReasonText(reason: { code: string; detail?: string }): string {
  const detail = reason.detail ?? '';
  if (reason.code === 'withdrawn') return detail ? t('approvals.closeReason.withdrawnBecause', { detail }) : t('approvals.closeReason.withdrawn');
  const key = CLOSE_REASONS[reason.code];
  if (key) return t(key, { detail });
  return detail ? t('approvals.closeReason.otherWithDetail', { detail }) : t('approvals.closeReason.other');
}

/** A warning shown to approvers next to the snapshot (tasks not done, a funding gap…). */
export function warningText(warning: { code: string; params?: Record<string, string | number> }): string {
  const params = warning.params ?? {};
  if (warning.code === 'tasks_not_done') return t('approvals.warning.tasksNotDone', { count: params.count ?? '?' });
  if (warning.code === 'funding_gap') return t('approvals.warning.fundingGap', { source: params.source ?? '' });
  return t('approvals.warning.other');
}

/** Where a round is shown: its subject's approval page, scrolled to the round. */
export function roundHref(projectId: number, round: { id: number; subject: { kind: SubjectKind; id: number } }): string {
  return `/projects/${projectId}/approvals/${round.subject.kind}/${round.subject.id}#round-${round.id}`;
}
