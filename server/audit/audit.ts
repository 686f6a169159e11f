import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEvent, Database } from '../db/schema.ts';

/** Who did something and when: passed to every domain mutation. */
export interface Action {
  actor: { userId: number; organizationId: number } | null;
  at: string;
  /** recordAudit adds each project event here; ctx.mutate publishes them after the commit. */
  projectEvents?: { projectId: number; seq: number }[];
}

export interface AuditInput {
  projectId?: number | null;
  action: string;
  subject: { type: string; id: number | string };
  before?: unknown;
  after?: unknown;
}

type HashedFields = Omit<AuditEvent, 'hash'>;

/** The event's hash covers every stored field and the previous hash, so any edit breaks the chain. */
export function hashAuditEvent(e: HashedFields): string {
  const canonical = JSON.stringify([
    e.seq,
    e.prev_hash,
    e.at,
    e.actor_user_id,
    e.actor_organization_id,
    e.project_id,
    e.action,
    e.subject_type,
    e.subject_id,
    e.before_json,
    e.after_json,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends an event to the hash chain. Call it inside the mutation's transaction: the update of
 * `audit_head` locks the chain tip, so concurrent writers on PostgreSQL append one after another.
 */
export async function recordAudit(tx: Kysely<Database>, action: Action, input: AuditInput): Promise<number> {
  const head = await tx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const fields: HashedFields = {
    seq: head.seq,
    prev_hash: head.hash,
    at: action.at,
    actor_user_id: action.actor?.userId ?? null,
    actor_organization_id: action.actor?.organizationId ?? null,
    project_id: input.projectId ?? null,
    action: input.action,
    subject_type: input.subject.type,
    subject_id: String(input.subject.id),
    before_json: input.before === undefined ? null : JSON.stringify(input.before),
    after_json: input.after === undefined ? null : JSON.stringify(input.after),
  };
  const hash = hashAuditEvent(fields);
  await tx.insertInto('audit_events').values({ ...fields, hash }).execute();
  await tx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  if (fields.project_id !== null) action.projectEvents?.push({ projectId: fields.project_id, seq: head.seq });
  return head.seq;
}

export type ChainReport = { ok: true; events: number } | { ok: false; events: number; brokenAt: number; problem: string };

/** Walks the chain in order and names the first event whose link or hash does not hold. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5000): Promise<ChainReport> {
  let prevHash = '0'.repeat(64);
  let expectedSeq = 1;
  for (;;) {
    const page = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const event of page) {
      const problem =
        event.seq !== expectedSeq
          ? `event ${expectedSeq} is missing`
          : event.prev_hash !== prevHash
            ? 'previous-hash link does not match'
            : event.hash !== hashAuditEvent(event)
              ? 'content does not match its hash'
              : null;
      if (problem) return { ok: false, events: expectedSeq - 1, brokenAt: expectedSeq, problem };
      prevHash = event.hash;
      expectedSeq++;
    }
    if (page.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
    return { ok: false, events: expectedSeq - 1, brokenAt: expectedSeq, problem: 'chain was truncated after this point' };
  }
  return { ok: true, events: expectedSeq - 1 };
}
