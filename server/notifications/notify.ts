import type { Kysely } from 'kysely';
import type { NotificationKind, NotificationPayload } from '../../shared/notification-schemas.ts';
import type { Database } from '../db/schema.ts';
import { queueEmails } from './email.ts';

export interface NewNotification {
  /** The recipient. */
  userId: number;
  projectId: number;
  kind: NotificationKind;
  /** Who caused it; null for the background due scan. */
  actorUserId: number | null;
  taskId?: number | null;
  roundId?: number | null;
  commentId?: number | null;
  payload?: NotificationPayload;
  /** Makes the notification exist at most once per recipient (the due scan); a repeat is skipped. */
  dedupeKey?: string | null;
  /** ISO timestamp; the triggering action's `at`, so it matches its audit event. */
  at: string;
}

/** A notification that was written, with its id. */
export interface CreatedNotification extends NewNotification {
  id: number;
}

/**
 * Writes notifications inside the triggering mutation's transaction `tx`, so a refused or rolled-back
 * mutation leaves none. The actor is never told about their own action, a recipient listed twice
 * gets one, and an item whose dedupe key already exists for its recipient is skipped.
 * Returns the ids written, in the order of `items`.
 */
export async function notify(tx: Kysely<Database>, items: NewNotification[]): Promise<number[]> {
  const created: CreatedNotification[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (item.userId === item.actorUserId) continue;
    const once = `${item.userId}:${item.kind}:${item.taskId ?? ''}:${item.roundId ?? ''}:${item.commentId ?? ''}:${item.dedupeKey ?? ''}`;
    if (seen.has(once)) continue;
    seen.add(once);
    const row = await tx
      .insertInto('notifications')
      .values({
        user_id: item.userId,
        project_id: item.projectId,
        kind: item.kind,
        actor_user_id: item.actorUserId,
        task_id: item.taskId ?? null,
        round_id: item.roundId ?? null,
        comment_id: item.commentId ?? null,
        payload_json: JSON.stringify(item.payload ?? {}),
        dedupe_key: item.dedupeKey ?? null,
        created_at: item.at,
        read_at: null,
      })
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) created.push({ ...item, id: row.id });
  }
  await queueEmails(tx, created);
  return created.map((n) => n.id);
}
