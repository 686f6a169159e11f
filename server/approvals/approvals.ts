import type { Kysely } from 'kysely';
import type {
  ApprovalDecideInput,
  ApprovalSubjectKind,
  ApprovalSubmitInput,
  ApprovalWithdrawInput,
} from '../../shared/approval-schemas.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { ApprovalRound, ApprovalRoundState, Database } from '../db/schema.ts';
import { badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../errors.ts';
import { renderMarkdown } from '../markdown.ts';
import { notifyDecisionRequested, notifyRoundClosed } from '../notifications/notifications.ts';
import { requireRole, type Membership } from '../trpc.ts';
import { approvalSubjects, type ApprovalWarning } from './subjects.ts';

// The approval engine (DESIGN.md §4 "Approvals"), one for every kind of subject.
// - A round is a snapshot plus its required organizations; neither ever changes. Only `state`,
//   the closing fields and `decision_count` are written, and only while the round is open
//   (every such UPDATE says `state = 'open'`, so a round closes exactly once).
// - Decisions are appended, never edited; an organization's current decision is its latest.
// - A decision first bumps the round's `decision_count`: that write locks the round row on
//   PostgreSQL, so decisions, withdrawals and supersessions of one round run one after another
//   and each sees the others' committed result (SQLite runs one write transaction at a time).

/** How many rounds each inbox list shows. */
export const INBOX_LIMIT = 50;

export interface CloseReason {
  code: string;
  detail?: string;
}

function roundClosed(current: unknown) {
  return conflict('round_closed', 'This approval round is closed: decisions can no longer be recorded', current);
}

async function findRound(db: Kysely<Database>, projectId: number, roundId: number): Promise<ApprovalRound> {
  const round = await db
    .selectFrom('approval_rounds')
    .selectAll()
    .where('id', '=', roundId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!round) throw notFound('Approval round');
  return round;
}

async function partyIds(db: Kysely<Database>, projectId: number): Promise<number[]> {
  const rows = await db.selectFrom('project_parties').select('organization_id').where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map((r) => r.organization_id);
}

// ---------------------------------------------------------------------------------------------
// Views

/** Rounds as the client shows them: required parties, each one's current decision, the history. */
export async function roundViews(
  db: Kysely<Database>,
  membership: Membership,
  rounds: ApprovalRound[],
  options: { snapshot: boolean },
) {
  if (rounds.length === 0) return [];
  const ids = rounds.map((r) => r.id);
  const required = await db
    .selectFrom('approval_round_organizations as ro')
    .innerJoin('organizations as o', 'o.id', 'ro.organization_id')
    .select(['ro.round_id', 'o.id', 'o.code', 'o.name_vi', 'o.name_en'])
    .where('ro.round_id', 'in', ids)
    .orderBy('ro.id')
    .execute();
  const decisions = await db
    .selectFrom('approval_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .select([
      'd.id',
      'd.round_id',
      'd.seq',
      'd.decision',
      'd.comment',
      'd.decided_at',
      'd.organization_id',
      'o.code as orgCode',
      'u.id as userId',
      'u.display_name',
    ])
    .where('d.round_id', 'in', ids)
    .orderBy('d.round_id')
    .orderBy('d.seq')
    .execute();
  const personIds = [...new Set(rounds.flatMap((r) => [r.submitted_by_user_id, r.closed_by_user_id]).filter((id): id is number => id !== null))];
  const people =
    personIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .innerJoin('organizations', 'organizations.id', 'users.organization_id')
          .select(['users.id', 'users.display_name', 'organizations.code'])
          .where('users.id', 'in', personIds)
          .execute();
  const person = (id: number | null) => {
    const p = id === null ? undefined : people.find((x) => x.id === id);
    return p ? { id: p.id, displayName: p.display_name, organizationCode: p.code } : null;
  };

  return rounds.map((round) => {
    const history = decisions.filter((d) => d.round_id === round.id);
    const latest = new Map<number, (typeof history)[number]>();
    for (const d of history) latest.set(d.organization_id, d);
    const decisionView = (d: (typeof history)[number]) => ({
      id: d.id,
      seq: d.seq,
      organization: { id: d.organization_id, code: d.orgCode },
      user: { id: d.userId, displayName: d.display_name },
      decision: d.decision,
      comment: d.comment,
      commentHtml: renderMarkdown(d.comment),
      decidedAt: d.decided_at,
      current: latest.get(d.organization_id) === d,
    });
    const parties = required
      .filter((o) => o.round_id === round.id)
      .map((o) => {
        const current = latest.get(o.id);
        return {
          organization: { id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en },
          current: current ? decisionView(current) : null,
        };
      });
    const mine = parties.find((p) => p.organization.id === membership.organizationId);
    const open = round.state === 'open';
    return {
      id: round.id,
      projectId: round.project_id,
      subject: { kind: round.subject_kind as ApprovalSubjectKind, id: round.subject_id, revision: round.revision, label: round.subject_label },
      state: round.state,
      message: round.message,
      messageHtml: renderMarkdown(round.message),
      warnings: JSON.parse(round.warnings_json) as ApprovalWarning[],
      submittedAt: round.submitted_at,
      submittedBy: person(round.submitted_by_user_id),
      closedAt: round.closed_at,
      closedBy: person(round.closed_by_user_id),
      closeReason: round.close_reason ? { code: round.close_reason, detail: round.close_detail ?? '' } : null,
      parties,
      decisions: history.map(decisionView),
      approvedCount: parties.filter((p) => p.current?.decision === 'approve').length,
      myOrganization: {
        required: mine !== undefined,
        currentDecision: mine?.current?.decision ?? null,
        canDecide: open && mine !== undefined && membership.role === 'approver',
      },
      canWithdraw: open && membership.role === 'coordinator',
      snapshot: options.snapshot ? (JSON.parse(round.snapshot_json) as unknown) : undefined,
    };
  });
}

export type ApprovalRoundView = Awaited<ReturnType<typeof roundViews>>[number];

async function roundView(db: Kysely<Database>, membership: Membership, round: ApprovalRound, snapshot = true) {
  const [view] = await roundViews(db, membership, [round], { snapshot });
  return view!;
}

/** One round with its snapshot, as its approval page shows it. */
export async function getRound(db: Kysely<Database>, membership: Membership, roundId: number) {
  return roundView(db, membership, await findRound(db, membership.projectId, roundId));
}

/** Every round of one subject, newest first, each with its snapshot. */
export async function listSubjectRounds(db: Kysely<Database>, membership: Membership, kind: ApprovalSubjectKind, subjectId: number) {
  const rounds = await db
    .selectFrom('approval_rounds')
    .selectAll()
    .where('project_id', '=', membership.projectId)
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .execute();
  return { kind, subjectId, rounds: await roundViews(db, membership, rounds, { snapshot: true }) };
}

/** Every round of the given kind in a project, oldest first, without snapshots. */
export async function listProjectRounds(db: Kysely<Database>, membership: Membership, kind: ApprovalSubjectKind) {
  const rounds = await db
    .selectFrom('approval_rounds')
    .selectAll()
    .where('project_id', '=', membership.projectId)
    .where('subject_kind', '=', kind)
    .orderBy('id')
    .execute();
  return roundViews(db, membership, rounds, { snapshot: false });
}

/** Open rounds that need my organization's decision and do not have one yet. */
function waitingForMyOrganization(db: Kysely<Database>, membership: Membership) {
  return db
    .selectFrom('approval_rounds as r')
    .innerJoin('approval_round_organizations as ro', (j) =>
      j.onRef('ro.round_id', '=', 'r.id').on('ro.organization_id', '=', membership.organizationId),
    )
    .where('r.project_id', '=', membership.projectId)
    .where('r.state', '=', 'open')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('approval_decisions as d')
            .select('d.id')
            .whereRef('d.round_id', '=', 'r.id')
            .where('d.organization_id', '=', membership.organizationId),
        ),
      ),
    );
}

/** The navigation badge: how many rounds wait for my organization's decision. */
export async function countWaiting(db: Kysely<Database>, membership: Membership): Promise<number> {
  const row = await waitingForMyOrganization(db, membership)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The Approvals inbox: waiting for my organization, submitted by us, recently decided. */
export async function approvalInbox(db: Kysely<Database>, membership: Membership) {
  const waiting = await waitingForMyOrganization(db, membership)
    .selectAll('r')
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .limit(INBOX_LIMIT)
    .execute();
  const submittedByUs = await db
    .selectFrom('approval_rounds')
    .selectAll()
    .where('project_id', '=', membership.projectId)
    .where('submitted_by_organization_id', '=', membership.organizationId)
    .orderBy('id', 'desc')
    .limit(INBOX_LIMIT)
    .execute();
  const recentlyDecided = await db
    .selectFrom('approval_rounds')
    .selectAll()
    .where('project_id', '=', membership.projectId)
    .where('state', 'in', ['approved', 'changes_requested'])
    .orderBy('closed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(INBOX_LIMIT)
    .execute();
  return {
    waitingCount: await countWaiting(db, membership),
    waiting: await roundViews(db, membership, waiting, { snapshot: false }),
    submittedByUs: await roundViews(db, membership, submittedByUs, { snapshot: false }),
    recentlyDecided: await roundViews(db, membership, recentlyDecided, { snapshot: false }),
  };
}

// ---------------------------------------------------------------------------------------------
// Changes

/**
 * Opens a round on the subject's current snapshot. Coordinators only; the required organizations
 * default to the subject's own list or the project's parties, and must all be parties; a subject
 * has at most one open round.
 */
export async function submitRound(tx: Kysely<Database>, action: Action, membership: Membership, input: ApprovalSubmitInput) {
  requireRole(membership, ['coordinator'], 'submit for approval');
  const subject = approvalSubjects[input.kind];
  if (!subject) throw badRequest('unsupported_subject_kind', `Approvals of ${input.kind} are not available yet`);
  const { projectId } = membership;
  const loaded = await subject.load(tx, projectId, input.subjectId);

  const parties = await partyIds(tx, projectId);
  const required = [...new Set(input.requiredOrganizationIds ?? loaded.requiredOrganizationIds ?? parties)];
  if (required.length === 0) {
    throw badRequest('no_required_organizations', 'Name at least one organization that must decide', {
      requiredOrganizationIds: ['Name at least one organization'],
    });
  }
  const outsiders = required.filter((id) => !parties.includes(id));
  if (outsiders.length > 0) {
    const message = 'Only parties of the project can be asked to approve';
    throw badRequest('not_a_party', message, { requiredOrganizationIds: [message] });
  }

  const open = await tx
    .selectFrom('approval_rounds')
    .selectAll()
    .where('subject_kind', '=', input.kind)
    .where('subject_id', '=', input.subjectId)
    .where('state', '=', 'open')
    .executeTakeFirst();
  if (open) throw conflict('round_open', 'This is already waiting for approval', await roundView(tx, membership, open, false));

  let round: ApprovalRound;
  try {
    round = await tx
      .insertInto('approval_rounds')
      .values({
        project_id: projectId,
        subject_kind: input.kind,
        subject_id: input.subjectId,
        revision: loaded.revision,
        subject_label: loaded.label,
        snapshot_json: JSON.stringify(loaded.snapshot),
        warnings_json: JSON.stringify(loaded.warnings ?? []),
        message: input.message,
        state: 'open',
        submitted_at: action.at,
        submitted_by_user_id: action.actor?.userId ?? null,
        submitted_by_organization_id: action.actor?.organizationId ?? null,
        closed_at: null,
        closed_by_user_id: null,
        close_reason: null,
        close_detail: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    // Another coordinator's round was committed between our check and our insert.
    if (isUniqueViolation(error)) throw conflict('round_open', 'This is already waiting for approval');
    throw error;
  }
  for (const organizationId of required) {
    await tx.insertInto('approval_round_organizations').values({ round_id: round.id, organization_id: organizationId }).execute();
  }
  await notifyDecisionRequested(tx, action, round, required);
  const view = await roundView(tx, membership, round);
  await recordAudit(tx, action, {
    projectId,
    action: 'approval_round.submitted',
    subject: { type: 'approval_round', id: round.id },
    after: {
      subject: view.subject,
      requiredOrganizations: view.parties.map((p) => p.organization.code),
      message: round.message,
      warnings: view.warnings,
    },
  });
  return view;
}

async function closeRound(
  tx: Kysely<Database>,
  action: Action,
  round: ApprovalRound,
  state: Exclude<ApprovalRoundState, 'open'>,
  reason: CloseReason | null,
): Promise<boolean> {
  const closed = await tx
    .updateTable('approval_rounds')
    .set({
      state,
      closed_at: action.at,
      closed_by_user_id: action.actor?.userId ?? null,
      close_reason: reason?.code ?? null,
      close_detail: reason?.detail ?? null,
    })
    .where('id', '=', round.id)
    .where('state', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (!closed) return false;
  await notifyRoundClosed(tx, action, round, state);
  await recordAudit(tx, action, {
    projectId: round.project_id,
    action: `approval_round.${state}`,
    subject: { type: 'approval_round', id: round.id },
    before: { state: 'open' },
    after: { state, subject: { kind: round.subject_kind, id: round.subject_id, revision: round.revision }, reason },
  });
  return true;
}

/**
 * Records an approver's decision for their own organization. The round is approved when every
 * required organization's current decision is approve, and closes as changes requested on any
 * request for changes; a closed round takes no more decisions (CONFLICT `round_closed`).
 */
export async function decideRound(tx: Kysely<Database>, action: Action, membership: Membership, input: ApprovalDecideInput) {
  requireRole(membership, ['approver'], 'decide approvals');
  const round = await findRound(tx, membership.projectId, input.roundId);
  const required = await tx.selectFrom('approval_round_organizations').select('organization_id').where('round_id', '=', round.id).execute();
  if (!required.some((r) => r.organization_id === membership.organizationId)) {
    throw forbidden('organization_not_required', 'Your organization is not asked to decide on this');
  }
  if (input.decision === 'request_changes' && input.comment.length === 0) {
    throw badRequest('comment_required', 'Say what should change', { comment: ['Say what should change'] });
  }
  const locked = await tx
    .updateTable('approval_rounds')
    .set((eb) => ({ decision_count: eb('decision_count', '+', 1) }))
    .where('id', '=', round.id)
    .where('state', '=', 'open')
    .returning('decision_count')
    .executeTakeFirst();
  if (!locked) throw roundClosed(await getRound(tx, membership, round.id));

  const decision = await tx
    .insertInto('approval_decisions')
    .values({
      round_id: round.id,
      seq: locked.decision_count,
      organization_id: membership.organizationId,
      user_id: action.actor!.userId,
      decision: input.decision,
      comment: input.comment,
      decided_at: action.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, action, {
    projectId: round.project_id,
    action: 'approval_decision.recorded',
    subject: { type: 'approval_round', id: round.id },
    after: { decisionId: decision.id, organizationId: membership.organizationId, decision: input.decision, comment: input.comment },
  });

  if (input.decision === 'request_changes') {
    await closeRound(tx, action, round, 'changes_requested', null);
  } else {
    const history = await tx
      .selectFrom('approval_decisions')
      .select(['organization_id', 'decision'])
      .where('round_id', '=', round.id)
      .orderBy('seq')
      .execute();
    const current = new Map(history.map((d) => [d.organization_id, d.decision]));
    if (required.every((r) => current.get(r.organization_id) === 'approve')) {
      await closeRound(tx, action, round, 'approved', null);
    }
  }
  return getRound(tx, membership, round.id);
}

/** A coordinator takes an open round back; its decisions stay in the history. */
export async function withdrawRound(tx: Kysely<Database>, action: Action, membership: Membership, input: ApprovalWithdrawInput) {
  requireRole(membership, ['coordinator'], 'withdraw an approval request');
  const round = await findRound(tx, membership.projectId, input.roundId);
  const reason = input.reason ? { code: 'withdrawn', detail: input.reason } : { code: 'withdrawn' };
  if (!(await closeRound(tx, action, round, 'withdrawn', reason))) throw roundClosed(await getRound(tx, membership, round.id));
  return getRound(tx, membership, round.id);
}

/**
 * Call in the same transaction as any change to a subject: its open rounds become superseded,
 * because decisions must never carry over to content they did not see. Without `subjectId`,
 * every open round of that kind in the project (the outline: a draft edit outdates any version).
 * Returns the ids of the rounds it closed.
 */
export async function supersedeOpenRounds(
  tx: Kysely<Database>,
  action: Action,
  target: { projectId: number; kind: ApprovalSubjectKind; subjectId?: number },
  reason: CloseReason,
): Promise<number[]> {
  let query = tx
    .selectFrom('approval_rounds')
    .selectAll()
    .where('project_id', '=', target.projectId)
    .where('subject_kind', '=', target.kind)
    .where('state', '=', 'open');
  if (target.subjectId !== undefined) query = query.where('subject_id', '=', target.subjectId);
  const closed: number[] = [];
  for (const round of await query.execute()) {
    if (await closeRound(tx, action, round, 'superseded', reason)) closed.push(round.id);
  }
  return closed;
}
