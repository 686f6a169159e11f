import { z } from 'zod';
import { zId } from './schemas.ts';

/** What a notification is about; the email helper keys its per-person preferences on these too. */
export const NOTIFICATION_KINDS = [
  'assigned',
  'decision_requested',
  'round_superseded',
  'round_closed',
  'assignment_declined',
  'mentioned',
  'due_soon',
  'overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const zNotificationKind = z.enum(NOTIFICATION_KINDS);

/**
 * What a notification's sentence needs, copied when it is created so it reads the same later
 * (a task renamed afterwards does not rewrite history). Every field is optional: each kind uses a few.
 */
export interface NotificationPayload {
  taskTitle?: string;
  /** The organization the sentence is about: assigned to, declining, asked to decide. */
  organizationCode?: string;
  /** The approval round's subject label ("Outline v3", a milestone name…). */
  subjectLabel?: string;
  subjectKind?: string;
  subjectId?: number;
  dueDate?: string;
  /** Why a round closed (its new state) or why a task was declined. */
  detail?: string;
  /** The first words of a comment that mentions someone. */
  excerpt?: string;
}

export const NOTIFICATION_PAGE_SIZE = 20;

export const zNotificationListInput = z.object({
  /** The id of the last notification already shown: the next page starts below it. */
  cursor: zId.nullish(),
  limit: z.number().int().min(1).max(100).default(NOTIFICATION_PAGE_SIZE),
  unreadOnly: z.boolean().default(false),
});

export const zNotificationMarkReadInput = z.object({ ids: z.array(zId).min(1).max(100) });
