import type { Kysely } from 'kysely';
import type { DisbursementCreateInput, DisbursementUpdateInput } from '../../shared/funding-schemas.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { Database, FundingDisbursement } from '../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import { staleVersion } from '../plan/checks.ts';
import type { Membership } from '../trpc.ts';
import { requireFundingEditor } from './access.ts';
import { lockFunding } from './funding-subject.ts';
import { parseMoney, sumMoney } from './money.ts';

// Disbursements (actuals): money paid out against a line of the budget baseline, the newest
// approved version. Approved versions never change, so the line a disbursement names stays put.

export function disbursementView(d: FundingDisbursement) {
  return { id: d.id, lineId: d.line_id, date: d.date, amount: d.amount, reference: d.reference, note: d.note, version: d.version };
}

/** The newest approved estimate version of the project: the budget baseline, or undefined. */
export async function baselineEstimate(db: Kysely<Database>, projectId: number) {
  return db
    .selectFrom('funding_estimates as e')
    .selectAll('e')
    .where('e.project_id', '=', projectId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('approval_rounds as r')
          .select('r.id')
          .where('r.subject_kind', '=', 'funding_estimate')
          .whereRef('r.subject_id', '=', 'e.id')
          .where('r.state', '=', 'approved'),
      ),
    )
    .orderBy('e.number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function positive(amount: number) {
  if (amount === 0) throw badRequest('invalid_amount', 'A disbursement is more than zero đồng', { amount: ['Must be more than zero'] });
  return amount;
}

/** The project's disbursements stay an exact total: refused with `amount_too_large` past the safe range. */
async function assertDisbursedTotal(tx: Kysely<Database>, projectId: number, amount: number, exceptId = 0) {
  const rows = await tx.selectFrom('funding_disbursements').select('amount').where('project_id', '=', projectId).where('id', '!=', exceptId).execute();
  sumMoney([...rows.map((r) => r.amount), amount], 'amount');
}

async function loadDisbursement(db: Kysely<Database>, projectId: number, id: number) {
  const row = await db.selectFrom('funding_disbursements').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  if (!row) throw notFound('Disbursement');
  return row;
}

/** Records money paid against a line of the budget baseline. */
export async function recordDisbursement(tx: Kysely<Database>, action: Action, m: Membership, input: DisbursementCreateInput) {
  await requireFundingEditor(tx, m);
  const line = await tx.selectFrom('funding_lines').select(['id', 'estimate_id']).where('id', '=', input.lineId).where('project_id', '=', m.projectId).executeTakeFirst();
  if (!line) throw notFound('Budget line');
  const amount = positive(parseMoney(input.amount, 'amount'));
  await lockFunding(tx, m.projectId, action.at);
  const baseline = await baselineEstimate(tx, m.projectId);
  if (!baseline) throw badRequest('no_baseline', 'No estimate version is approved yet: disbursements follow the approved budget');
  if (line.estimate_id !== baseline.id) {
    throw badRequest('not_baseline_line', `Record disbursements against the lines of the approved version (v${baseline.number})`, {
      lineId: ['Not a line of the approved version'],
    });
  }
  await assertDisbursedTotal(tx, m.projectId, amount);
  const row = await tx
    .insertInto('funding_disbursements')
    .values({
      project_id: m.projectId,
      line_id: line.id,
      date: input.date,
      amount,
      reference: input.reference,
      note: input.note,
      created_at: action.at,
      created_by_user_id: action.actor?.userId ?? null,
      updated_at: action.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = disbursementView(row);
  await recordAudit(tx, action, { projectId: m.projectId, action: 'funding_disbursement.recorded', subject: { type: 'funding_disbursement', id: row.id }, after: view });
  return view;
}

/** Corrects a disbursement's date, amount, reference or note; the line stays the same. */
export async function updateDisbursement(tx: Kysely<Database>, action: Action, m: Membership, input: DisbursementUpdateInput) {
  await requireFundingEditor(tx, m);
  const before = await loadDisbursement(tx, m.projectId, input.disbursementId);
  if (before.version !== input.version) throw staleVersion('This disbursement', disbursementView(before));
  const amount = positive(parseMoney(input.amount, 'amount'));
  await lockFunding(tx, m.projectId, action.at);
  await assertDisbursedTotal(tx, m.projectId, amount, before.id);
  const after = await tx
    .updateTable('funding_disbursements')
    .set({ date: input.date, amount, reference: input.reference, note: input.note, updated_at: action.at, version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw staleVersion('This disbursement', disbursementView(await loadDisbursement(tx, m.projectId, before.id)));
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'funding_disbursement.updated',
    subject: { type: 'funding_disbursement', id: after.id },
    before: disbursementView(before),
    after: disbursementView(after),
  });
  return disbursementView(after);
}

export async function deleteDisbursement(tx: Kysely<Database>, action: Action, m: Membership, input: { disbursementId: number; version: number }) {
  await requireFundingEditor(tx, m);
  const row = await loadDisbursement(tx, m.projectId, input.disbursementId);
  if (row.version !== input.version) throw staleVersion('This disbursement', disbursementView(row));
  await tx.deleteFrom('funding_disbursements').where('id', '=', row.id).execute();
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'funding_disbursement.deleted',
    subject: { type: 'funding_disbursement', id: row.id },
    before: disbursementView(row),
  });
  return { id: row.id };
}

/**
 * The project's disbursements, newest first, each with the line it was recorded against. With
 * `lineId`, only those of that line's key (the same line in every version).
 */
export async function listDisbursements(db: Kysely<Database>, m: Membership, lineId?: number) {
  let query = db
    .selectFrom('funding_disbursements as d')
    .innerJoin('funding_lines as l', 'l.id', 'd.line_id')
    .innerJoin('funding_estimates as e', 'e.id', 'l.estimate_id')
    .selectAll('d')
    .select(['l.line_key', 'l.description', 'l.category', 'l.source_id', 'e.number as estimateNumber'])
    .where('d.project_id', '=', m.projectId);
  if (lineId !== undefined) {
    const line = await db.selectFrom('funding_lines').select('line_key').where('id', '=', lineId).where('project_id', '=', m.projectId).executeTakeFirst();
    if (!line) throw notFound('Budget line');
    query = query.where('l.line_key', '=', line.line_key);
  }
  const rows = await query.orderBy('d.date', 'desc').orderBy('d.id', 'desc').execute();
  return {
    items: rows.map((r) => ({
      ...disbursementView(r),
      line: { key: r.line_key, description: r.description, category: r.category, sourceId: r.source_id, estimateNumber: r.estimateNumber },
    })),
    total: sumMoney(rows.map((r) => r.amount)),
  };
}
