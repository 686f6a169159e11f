import type { Kysely } from 'kysely';
import {
  parseQuantity,
  type EstimateCreateInput,
  type EstimateUpdateInput,
  type LineCreateInput,
  type LineUpdateInput,
} from '../../shared/funding-schemas.ts';
import { getRound, submitRound, supersedeOpenRounds } from '../approvals/approvals.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { Database, FundingEstimate, FundingLine } from '../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import { staleVersion } from '../plan/checks.ts';
import type { Membership } from '../trpc.ts';
import { requireFundingEditor } from './access.ts';
import {
  isApproved,
  lineView,
  loadCategories,
  loadEstimate,
  loadLines,
  lockEstimate,
  lockFunding,
  refuseApproved,
} from './funding-subject.ts';
import { lineAmount, parseMoney, sumMoney } from './money.ts';

// Estimate versions and their lines (DESIGN.md §4 "Funding estimates").
// - Every change first writes the project's funding_settings row, then the version's row (its
//   `version` is bumped): changes of one project run one after another on PostgreSQL.
// - A change to a version supersedes its open approval round in the same transaction; an approved
//   version is the budget baseline and is never changed (BAD_REQUEST `estimate_approved`).
// - Every version total stays within the safe range: a write that would pass it is refused.

export function estimateFields(e: FundingEstimate) {
  return { id: e.id, number: e.number, note: e.note, createdAt: e.created_at, updatedAt: e.updated_at, version: e.version };
}

/**
 * Starts a change to an estimate version: locks it, supersedes its open round and refuses an
 * approved version. Approval is checked again after superseding, because on PostgreSQL a final
 * decision may have committed while we waited for the round's row.
 */
export async function beginEstimateChange(
  tx: Kysely<Database>,
  action: Action,
  estimate: FundingEstimate,
  reason: { code: string; detail?: string },
  reserveLineKeys = 0,
) {
  if (await isApproved(tx, estimate.id)) refuseApproved();
  const counters = await lockFunding(tx, estimate.project_id, action.at, { lineKeys: reserveLineKeys });
  const locked = await lockEstimate(tx, estimate, action.at);
  await supersedeOpenRounds(tx, action, { projectId: estimate.project_id, kind: 'funding_estimate', subjectId: estimate.id }, reason);
  if (await isApproved(tx, estimate.id)) refuseApproved();
  return { estimate: locked, firstNewLineKey: counters.lastLineKey - reserveLineKeys + 1 };
}

/** A line's fields as stored, checked against the project: category, source, phase and task. */
export interface LineValues {
  category: string;
  description: string;
  phase_id: number | null;
  task_id: number | null;
  quantity_milli: number;
  unit: string;
  unit_cost: number;
  amount: number;
  source_id: number;
  year: number;
  note: string;
}

async function checkedLineValues(tx: Kysely<Database>, projectId: number, input: LineCreateInput | LineUpdateInput): Promise<LineValues> {
  const categories = await loadCategories(tx, projectId);
  if (!categories.some((c) => c.code === input.category)) {
    throw badRequest('unknown_category', 'No such category in this project', { category: ['No such category in this project'] });
  }
  const source = await tx.selectFrom('funding_sources').select('id').where('id', '=', input.sourceId).where('project_id', '=', projectId).executeTakeFirst();
  if (!source) throw badRequest('unknown_source', 'No such funding source in this project', { sourceId: ['No such funding source in this project'] });
  let phaseId = input.phaseId;
  if (phaseId !== null) {
    const phase = await tx.selectFrom('phases').select('id').where('id', '=', phaseId).where('project_id', '=', projectId).executeTakeFirst();
    if (!phase) throw badRequest('unknown_phase', 'No such phase in this project', { phaseId: ['No such phase in this project'] });
  }
  if (input.taskId !== null) {
    const task = await tx.selectFrom('tasks').select('phase_id').where('id', '=', input.taskId).where('project_id', '=', projectId).executeTakeFirst();
    if (!task) throw badRequest('unknown_task', 'No such task in this project', { taskId: ['No such task in this project'] });
    if (phaseId !== null && task.phase_id !== phaseId) {
      throw badRequest('task_not_in_phase', 'The task belongs to another phase', { taskId: ['The task belongs to another phase'] });
    }
    phaseId = task.phase_id;
  }
  const quantityMilli = parseQuantity(input.quantity);
  if (quantityMilli === null) throw badRequest('invalid_quantity', 'Quantity is out of range', { quantity: ['Quantity is out of range'] });
  const unitCost = parseMoney(input.unitCost, 'unitCost');
  return {
    category: input.category,
    description: input.description,
    phase_id: phaseId,
    task_id: input.taskId,
    quantity_milli: quantityMilli,
    unit: input.unit,
    unit_cost: unitCost,
    amount: lineAmount(quantityMilli, unitCost),
    source_id: input.sourceId,
    year: input.year,
    note: input.note,
  };
}

/** Refuses a change after which the version's total would pass the safe range. */
export async function assertEstimateTotal(tx: Kysely<Database>, estimateId: number, added: readonly number[], exceptLineIds: readonly number[] = []) {
  let query = tx.selectFrom('funding_lines').select('amount').where('estimate_id', '=', estimateId);
  if (exceptLineIds.length > 0) query = query.where('id', 'not in', [...exceptLineIds]);
  const rows = await query.execute();
  return sumMoney([...rows.map((r) => r.amount), ...added], 'unitCost');
}

async function loadLine(db: Kysely<Database>, projectId: number, lineId: number): Promise<FundingLine> {
  const line = await db.selectFrom('funding_lines').selectAll().where('id', '=', lineId).where('project_id', '=', projectId).executeTakeFirst();
  if (!line) throw notFound('Budget line');
  return line;
}

async function auditLine(tx: Kysely<Database>, action: Action, name: string, line: FundingLine, before?: FundingLine, after?: FundingLine) {
  await recordAudit(tx, action, {
    projectId: line.project_id,
    action: name,
    subject: { type: 'funding_line', id: line.id },
    before: before && { estimateId: before.estimate_id, ...lineView(before) },
    after: after && { estimateId: after.estimate_id, ...lineView(after) },
  });
}

// ── versions ────────────────────────────────────────────────────────────────────────────────

/**
 * Opens a new version, numbered after the last, with the lines of `copyFromEstimateId` (by default
 * the newest version) keeping their line keys, so actuals still match them.
 */
export async function createEstimate(tx: Kysely<Database>, action: Action, m: Membership, input: EstimateCreateInput) {
  await requireFundingEditor(tx, m);
  let from: FundingEstimate | undefined;
  if (input.copyFromEstimateId) {
    from = await loadEstimate(tx, m.projectId, input.copyFromEstimateId);
  } else if (input.copyFromEstimateId === undefined) {
    from = await tx.selectFrom('funding_estimates').selectAll().where('project_id', '=', m.projectId).orderBy('number', 'desc').limit(1).executeTakeFirst();
  }
  const counters = await lockFunding(tx, m.projectId, action.at, { estimates: 1 });
  const estimate = await tx
    .insertInto('funding_estimates')
    .values({
      project_id: m.projectId,
      number: counters.lastEstimateNumber,
      note: input.note,
      created_at: action.at,
      created_by_user_id: action.actor?.userId ?? null,
      updated_at: action.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const lines = from ? await loadLines(tx, from.id) : [];
  if (lines.length > 0) {
    await tx
      .insertInto('funding_lines')
      .values(
        lines.map((l) => ({
          project_id: m.projectId,
          estimate_id: estimate.id,
          line_key: l.line_key,
          position: l.position,
          category: l.category,
          description: l.description,
          phase_id: l.phase_id,
          task_id: l.task_id,
          quantity_milli: l.quantity_milli,
          unit: l.unit,
          unit_cost: l.unit_cost,
          amount: l.amount,
          source_id: l.source_id,
          year: l.year,
          note: l.note,
          created_at: action.at,
          updated_at: action.at,
        })),
      )
      .execute();
  }
  const view = { ...estimateFields(estimate), copiedFrom: from ? { id: from.id, number: from.number } : null, lineCount: lines.length };
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'funding_estimate.created',
    subject: { type: 'funding_estimate', id: estimate.id },
    after: { ...view, total: sumMoney(lines.map((l) => l.amount)) },
  });
  return view;
}

/** Changes a version's note; the note is part of what approvers see, so it supersedes an open round. */
export async function updateEstimate(tx: Kysely<Database>, action: Action, m: Membership, input: EstimateUpdateInput) {
  await requireFundingEditor(tx, m);
  const before = await loadEstimate(tx, m.projectId, input.estimateId);
  if (before.version !== input.version) throw staleVersion('This estimate', estimateFields(before));
  if (before.note === input.note) return estimateFields(before);
  const { estimate } = await beginEstimateChange(tx, action, before, { code: 'estimate_edited', detail: 'note' });
  const after = await tx
    .updateTable('funding_estimates')
    .set({ note: input.note })
    .where('id', '=', estimate.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'funding_estimate.updated',
    subject: { type: 'funding_estimate', id: after.id },
    before: estimateFields(before),
    after: estimateFields(after),
  });
  return estimateFields(after);
}

/**
 * Puts a version to the approval engine. Budget-owner staff may do this as well as coordinators
 * (issue 7: "a QN-DOIT approver edits lines … submits"), so the engine's coordinator-only check is
 * met on their behalf here; the round asks the budget owners unless they are not named.
 */
export async function submitEstimate(tx: Kysely<Database>, action: Action, m: Membership, input: { estimateId: number; message: string }) {
  await requireFundingEditor(tx, m);
  await loadEstimate(tx, m.projectId, input.estimateId);
  const round = await submitRound(tx, action, { ...m, role: 'coordinator' }, { kind: 'funding_estimate', subjectId: input.estimateId, message: input.message });
  return getRound(tx, m, round.id);
}

// ── lines ───────────────────────────────────────────────────────────────────────────────────

/** Adds a line at the end of a version: amount = quantity × unit cost, exactly. */
export async function addLine(tx: Kysely<Database>, action: Action, m: Membership, input: LineCreateInput) {
  await requireFundingEditor(tx, m);
  const found = await loadEstimate(tx, m.projectId, input.estimateId);
  const values = await checkedLineValues(tx, m.projectId, input);
  const { estimate, firstNewLineKey } = await beginEstimateChange(tx, action, found, { code: 'estimate_edited', detail: input.description }, 1);
  await assertEstimateTotal(tx, estimate.id, [values.amount]);
  const last = await tx
    .selectFrom('funding_lines')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('estimate_id', '=', estimate.id)
    .executeTakeFirst();
  const line = await tx
    .insertInto('funding_lines')
    .values({
      ...values,
      project_id: m.projectId,
      estimate_id: estimate.id,
      line_key: firstNewLineKey,
      position: Number(last?.position ?? 0) + 1,
      created_at: action.at,
      updated_at: action.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditLine(tx, action, 'funding_line.created', line, undefined, line);
  return { line: lineView(line), estimateVersion: estimate.version };
}

/** Replaces every field of a line (the grid sends the whole row). */
export async function updateLine(tx: Kysely<Database>, action: Action, m: Membership, input: LineUpdateInput) {
  await requireFundingEditor(tx, m);
  const before = await loadLine(tx, m.projectId, input.lineId);
  if (before.version !== input.version) throw staleVersion('This line', lineView(before));
  const values = await checkedLineValues(tx, m.projectId, input);
  const found = await loadEstimate(tx, m.projectId, before.estimate_id);
  const { estimate } = await beginEstimateChange(tx, action, found, { code: 'estimate_edited', detail: input.description });
  await assertEstimateTotal(tx, estimate.id, [values.amount], [before.id]);
  const after = await tx
    .updateTable('funding_lines')
    .set({ ...values, updated_at: action.at, version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw staleVersion('This line', lineView(await loadLine(tx, m.projectId, before.id)));
  await auditLine(tx, action, 'funding_line.updated', after, before, after);
  return { line: lineView(after), estimateVersion: estimate.version };
}

export async function deleteLine(tx: Kysely<Database>, action: Action, m: Membership, input: { lineId: number; version: number }) {
  await requireFundingEditor(tx, m);
  const line = await loadLine(tx, m.projectId, input.lineId);
  if (line.version !== input.version) throw staleVersion('This line', lineView(line));
  const found = await loadEstimate(tx, m.projectId, line.estimate_id);
  const { estimate } = await beginEstimateChange(tx, action, found, { code: 'estimate_edited', detail: line.description });
  await tx.deleteFrom('funding_lines').where('id', '=', line.id).execute();
  await auditLine(tx, action, 'funding_line.deleted', line, line, undefined);
  return { id: line.id, estimateVersion: estimate.version };
}
