import { date, t, type MessageKey } from '~/i18n/i18n.ts';
import type { trpc } from '~/lib/trpc.ts';
import { roundStateLabel, subjectTitle, SUBJECT_KINDS, type RoundState, type SubjectKind } from '~/pages/approvals/approval-words.tsx';

export type NotificationItem = Awaited<ReturnType<typeof trpc.notifications.list.query>>['items'][number];

const SENTENCES: Record<NotificationItem['kind'], MessageKey> = {
  assigned: 'notification.sentence.assigned',
  decision_requested: 'notification.sentence.decisionRequested',
  round_superseded: 'notification.sentence.roundSuperseded',
  round_closed: 'notification.sentence.roundClosed',
  assignment_declined: 'notification.sentence.assignmentDeclined',
  mentioned: 'notification.sentence.mentioned',
  due_soon: 'notification.sentence.dueSoon',
  overdue: 'notification.sentence.overdue',
};

function subjectOf(n: NotificationItem): string {
  const { subjectKind, subjectLabel = '' } = n.payload;
  return subjectKind && (SUBJECT_KINDS as readonly string[]).includes(subjectKind) ? subjectTitle(subjectKind as SubjectKind, subjectLabel) : subjectLabel;
}

/** The notification as one sentence in the current language ("THACO-IND was assigned “…”"). */
export function notificationSentence(n: NotificationItem): string {
  const p = n.payload;
  return t(SENTENCES[n.kind], {
    actor: n.actor?.displayName ?? '',
    org: p.organizationCode ?? '',
    task: p.taskTitle ?? '',
    subject: subjectOf(n),
    outcome: p.detail && n.kind === 'round_closed' ? roundStateLabel(p.detail as RoundState) : '',
    reason: p.detail ?? '',
    excerpt: p.excerpt ?? '',
    date: p.dueDate ? date(p.dueDate) : '',
  });
}

/** Where the notification leads: the task, or the approval page of the round's subject. */
export function notificationHref(n: NotificationItem): string {
  const project = `/projects/${n.projectId}`;
  if (n.taskId !== null) return `${project}/tasks/${n.taskId}`;
  const { subjectKind, subjectId } = n.payload;
  if (subjectKind && subjectId) return `${project}/approvals/${subjectKind}/${subjectId}`;
  return `${project}/approvals`;
}
