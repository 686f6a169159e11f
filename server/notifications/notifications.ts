import type { Kysely } from 'kysely';
import { MENTION_PATTERN, mentionedUserIds } from '../../shared/mentions.ts';
import type { NotificationKind, NotificationPayload } from '../../shared/notification-schemas.ts';
import type { Action } from '../audit/audit.ts';
import type { ApprovalRound, ApprovalRoundState, Database, ProjectRole, Task } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { notify } from './notify.ts';

// Who is told what (issue 9). Each function runs inside the triggering mutation's transaction.
// - assigned, due_soon, overdue → the active members and approvers of the organization, the people
//   who may accept, decline and work on its tasks (DESIGN.md §3); coordinators and viewers of that
//   organization act on nothing there, so they are not told.
// - decision_requested → the approvers of each required organization: only they may decide.
// - round_superseded / round_closed → each person who recorded a decision on the round.
// - assignment_declined → the coordinator whose hand-off the organization answered.
// - mentioned → the people a comment mentions who are in the project.
// Nobody who is no longer an active member of the project is told, and never the actor (notify()).

/** The people answering for the task's organization. */
export const ORGANIZATION_RECIPIENT_ROLES: readonly ProjectRole[] = ['member', 'approver'];

/** Active project members among `organizationIds` with one of `roles`. */
export async function organizationPeople(
  tx: Kysely<Database>,
  projectId: number,
  organizationIds: readonly number[],
  roles: readonly ProjectRole[],
): Promise<number[]> {
  if (organizationIds.length === 0) return [];
  const rows = await tx
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.id')
    .where('memberships.project_id', '=', projectId)
    .where('users.organization_id', 'in', [...organizationIds])
    .where('memberships.role', 'in', [...roles])
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Those of `userIds` who are active members of the project. */
async function projectPeople(tx: Kysely<Database>, projectId: number, userIds: readonly number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.id')
    .where('memberships.project_id', '=', projectId)
    .where('users.id', 'in', [...userIds])
    .where('users.active', '=', 1)
    .execute();
  const found = new Set(rows.map((r) => r.id));
  return userIds.filter((id) => found.has(id));
}

async function organizationCode(tx: Kysely<Database>, organizationId: number): Promise<string> {
  const row = await tx.selectFrom('organizations').select('code').where('id', '=', organizationId).executeTakeFirst();
  return row?.code ?? '';
}

async function tell(
  tx: Kysely<Database>,
  action: Action,
  recipients: readonly number[],
  what: { projectId: number; kind: NotificationKind; taskId?: number; roundId?: number; commentId?: number; payload: NotificationPayload },
) {
  return notify(
    tx,
    recipients.map((userId) => ({ userId, actorUserId: action.actor?.userId ?? null, at: action.at, ...what })),
  );
}

/** A task now awaits `organizationId`'s answer. */
export async function notifyAssigned(tx: Kysely<Database>, action: Action, task: Task, organizationId: number) {
  const recipients = await organizationPeople(tx, task.project_id, [organizationId], ORGANIZATION_RECIPIENT_ROLES);
  const payload = { taskTitle: task.title, organizationCode: await organizationCode(tx, organizationId) };
  return tell(tx, action, recipients, { projectId: task.project_id, kind: 'assigned', taskId: task.id, payload });
}

/**
 * The organization declined: the coordinator who asked it (the hand-off before this decline) is told.
 * Call before the decline's own hand-off is written.
 */
export async function notifyDeclined(tx: Kysely<Database>, action: Action, task: Task, reason: string) {
  const asked = await tx
    .selectFrom('task_handoffs')
    .select('actor_user_id')
    .where('task_id', '=', task.id)
    .where('kind', 'in', ['assigned', 'dates_accepted'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!asked?.actor_user_id) return [];
  const recipients = await projectPeople(tx, task.project_id, [asked.actor_user_id]);
  const payload = {
    taskTitle: task.title,
    organizationCode: task.lead_organization_id ? await organizationCode(tx, task.lead_organization_id) : '',
    detail: reason.slice(0, 200),
  };
  return tell(tx, action, recipients, { projectId: task.project_id, kind: 'assignment_declined', taskId: task.id, payload });
}

function roundPayload(round: ApprovalRound): NotificationPayload {
  return { subjectLabel: round.subject_label, subjectKind: round.subject_kind, subjectId: round.subject_id };
}

/** A round was opened: the approvers of every required organization are asked to decide. */
export async function notifyDecisionRequested(tx: Kysely<Database>, action: Action, round: ApprovalRound, organizationIds: readonly number[]) {
  const recipients = await organizationPeople(tx, round.project_id, organizationIds, ['approver']);
  return tell(tx, action, recipients, { projectId: round.project_id, kind: 'decision_requested', roundId: round.id, payload: roundPayload(round) });
}

/** A round closed: whoever decided on it learns how (superseded by a change, approved, changes requested, withdrawn). */
export async function notifyRoundClosed(tx: Kysely<Database>, action: Action, round: ApprovalRound, state: Exclude<ApprovalRoundState, 'open'>) {
  const deciders = await tx.selectFrom('approval_decisions').select('user_id').where('round_id', '=', round.id).orderBy('seq').execute();
  const recipients = await projectPeople(tx, round.project_id, [...new Set(deciders.map((d) => d.user_id))]);
  return tell(tx, action, recipients, {
    projectId: round.project_id,
    kind: state === 'superseded' ? 'round_superseded' : 'round_closed',
    roundId: round.id,
    payload: { ...roundPayload(round), detail: state },
  });
}

/** A comment's text as a sentence shows it: mentions as "@Name", at most `max` characters. */
export function commentExcerpt(body: string, max = 140): string {
  const plain = body.replace(MENTION_PATTERN, (_, name: string) => `@${name}`).replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** Everyone the comment mentions who is in the project; anyone else named is ignored. */
export async function notifyMentions(tx: Kysely<Database>, action: Action, task: Task, commentId: number, body: string) {
  const recipients = await projectPeople(tx, task.project_id, mentionedUserIds(body));
  const payload = { taskTitle: task.title, excerpt: commentExcerpt(body) };
  return tell(tx, action, recipients, { projectId: task.project_id, kind: 'mentioned', taskId: task.id, commentId, payload });
}

// ---------------------------------------------------------------------------------------------
// The person's own notifications. Every query is on `user_id = me`; a project the person has left
// takes its notifications with it, since they may no longer read its tasks.

function mine(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('memberships as m', (j) => j.onRef('m.project_id', '=', 'n.project_id').on('m.user_id', '=', userId))
    .where('n.user_id', '=', userId);
}

export async function listNotifications(
  db: Kysely<Database>,
  userId: number,
  input: { cursor?: number | null; limit: number; unreadOnly: boolean },
) {
  let query = mine(db, userId)
    .innerJoin('projects as p', 'p.id', 'n.project_id')
    .leftJoin('users as a', 'a.id', 'n.actor_user_id')
    .leftJoin('organizations as ao', 'ao.id', 'a.organization_id')
    .select([
      'n.id',
      'n.project_id',
      'n.kind',
      'n.task_id',
      'n.round_id',
      'n.comment_id',
      'n.payload_json',
      'n.created_at',
      'n.read_at',
      'p.code as project_code',
      'a.display_name as actor_name',
      'ao.code as actor_organization_code',
    ]);
  if (input.cursor) query = query.where('n.id', '<', input.cursor);
  if (input.unreadOnly) query = query.where('n.read_at', 'is', null);
  const rows = await query.orderBy('n.id', 'desc').limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectCode: r.project_code,
      kind: r.kind,
      taskId: r.task_id,
      roundId: r.round_id,
      commentId: r.comment_id,
      payload: JSON.parse(r.payload_json) as NotificationPayload,
      actor: r.actor_name === null ? null : { displayName: r.actor_name, organizationCode: r.actor_organization_code ?? '' },
      createdAt: r.created_at,
      read: r.read_at !== null,
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

export async function unreadCount(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await mine(db, userId)
    .where('n.read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the caller's notifications read. Any id that is not theirs refuses the whole call, so ids cannot be probed. */
export async function markRead(tx: Kysely<Database>, action: Action, userId: number, ids: readonly number[]) {
  const wanted = [...new Set(ids)];
  const owned = await mine(tx, userId).select('n.id').where('n.id', 'in', wanted).execute();
  if (owned.length !== wanted.length) throw notFound('Notification');
  await tx.updateTable('notifications').set({ read_at: action.at }).where('id', 'in', wanted).where('read_at', 'is', null).execute();
  return { unread: await unreadCount(tx, userId) };
}

export async function markAllRead(tx: Kysely<Database>, action: Action, userId: number) {
  await tx.updateTable('notifications').set({ read_at: action.at }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  return { unread: 0 };
}

/** Everyone in the project, for the mention autocomplete: name and organization, nothing private. */
export async function mentionCandidates(db: Kysely<Database>, projectId: number) {
  const rows = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.display_name', 'organizations.code', 'organizations.name_vi', 'organizations.name_en'])
    .where('memberships.project_id', '=', projectId)
    .where('users.active', '=', 1)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    organization: { code: r.code, nameVi: r.name_vi, nameEn: r.name_en },
  }));
}
