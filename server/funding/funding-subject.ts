import { sql, type Kysely } from 'kysely';
import {
  BUILTIN_FUNDING_CATEGORIES,
  formatQuantity,
  type FundingEstimateSnapshot,
  type FundingLineView,
} from '../../shared/funding-schemas.ts';
import type { ApprovalSubject, ApprovalWarning } from '../approvals/subjects.ts';
import type { Database, FundingEstimate, FundingLine, FundingSource } from '../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import { MoneyTotals } from './money.ts';

// The funding estimate's side of the approval seam, and the reads every funding module shares.
// Kept free of engine imports so the subject registry can import it without a cycle.

export interface FundingCounters {
  lastEstimateNumber: number;
  lastLineKey: number;
}

/**
 * Writes the project's funding_settings row (creating it on first use) and returns its counters,
 * reserving `estimates` version numbers and `lineKeys` line keys. Project-wide changes (versions,
 * line keys, pledges, disbursements, budget owners) call this first, so on PostgreSQL they run one
 * after another and a total checked before a write is still the total when it commits. It is always
 * taken before an estimate's row, never after, so the two locks cannot deadlock.
 */
export async function lockFunding(
  tx: Kysely<Database>,
  projectId: number,
  at: string,
  reserve: { estimates?: number; lineKeys?: number } = {},
): Promise<FundingCounters> {
  await tx
    .insertInto('funding_settings')
    .values({ project_id: projectId, updated_at: at })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .execute();
  const row = await tx
    .updateTable('funding_settings')
    .set((eb) => ({
      last_estimate_number: eb('last_estimate_number', '+', reserve.estimates ?? 0),
      last_line_key: eb('last_line_key', '+', reserve.lineKeys ?? 0),
      updated_at: at,
    }))
    .where('project_id', '=', projectId)
    .returning(['last_estimate_number', 'last_line_key'])
    .executeTakeFirstOrThrow();
  return { lastEstimateNumber: row.last_estimate_number, lastLineKey: row.last_line_key };
}

/** An estimate version of this project, or NOT_FOUND (an id from another project included). */
export async function loadEstimate(db: Kysely<Database>, projectId: number, estimateId: number): Promise<FundingEstimate> {
  const estimate = await db
    .selectFrom('funding_estimates')
    .selectAll()
    .where('id', '=', estimateId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!estimate) throw notFound('Estimate');
  return estimate;
}

/** Bumps the estimate's version: every change to it or its lines writes this row first. */
export async function lockEstimate(tx: Kysely<Database>, estimate: FundingEstimate, at: string): Promise<FundingEstimate> {
  return tx
    .updateTable('funding_estimates')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', estimate.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether any round approved this version: an approved version is the baseline and never changes. */
export async function isApproved(db: Kysely<Database>, estimateId: number): Promise<boolean> {
  const row = await db
    .selectFrom('approval_rounds')
    .select('id')
    .where('subject_kind', '=', 'funding_estimate')
    .where('subject_id', '=', estimateId)
    .where('state', '=', 'approved')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function refuseApproved(): never {
  throw badRequest('estimate_approved', 'This version is approved and is the budget baseline: create a new version to change it');
}

/** The organizations named as budget owners, in the order of the project's parties. */
export async function budgetOwnerIds(db: Kysely<Database>, projectId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('funding_budget_owners')
    .select('organization_id')
    .where('project_id', '=', projectId)
    .orderBy('organization_id')
    .execute();
  return rows.map((r) => r.organization_id);
}

export function loadLines(db: Kysely<Database>, estimateId: number): Promise<FundingLine[]> {
  return db.selectFrom('funding_lines').selectAll().where('estimate_id', '=', estimateId).orderBy('position').orderBy('id').execute();
}

export function loadSources(db: Kysely<Database>, projectId: number): Promise<FundingSource[]> {
  return db.selectFrom('funding_sources').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export function lineView(l: FundingLine): FundingLineView {
  return {
    id: l.id,
    key: l.line_key,
    position: l.position,
    category: l.category,
    description: l.description,
    phaseId: l.phase_id,
    taskId: l.task_id,
    quantity: formatQuantity(l.quantity_milli),
    unit: l.unit,
    unitCost: l.unit_cost,
    amount: l.amount,
    sourceId: l.source_id,
    year: l.year,
    note: l.note,
    version: l.version,
  };
}

export interface CategoryInfo {
  code: string;
  nameVi: string;
  nameEn: string;
  builtin: boolean;
}

/** The built-in categories followed by the project's own. */
export async function loadCategories(db: Kysely<Database>, projectId: number): Promise<CategoryInfo[]> {
  const own = await db
    .selectFrom('funding_categories')
    .select(['code', 'name_vi', 'name_en'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  return [
    ...BUILTIN_FUNDING_CATEGORIES.map((c) => ({ ...c, builtin: true })),
    ...own.map((c) => ({ code: c.code, nameVi: c.name_vi, nameEn: c.name_en, builtin: false })),
  ];
}

/** Disbursed đồng per line key, over the whole project (each write keeps the project total safe). */
export async function disbursedByLineKey(db: Kysely<Database>, projectId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('funding_disbursements as d')
    .innerJoin('funding_lines as l', 'l.id', 'd.line_id')
    .select(['l.line_key', sql<number>`cast(sum(d.amount) as bigint)`.as('amount')])
    .where('d.project_id', '=', projectId)
    .groupBy('l.line_key')
    .execute();
  return new Map(rows.map((r) => [r.line_key, Number(r.amount)]));
}

/**
 * Every total of one version, each an exact BigInt sum: by source (with pledges and the gap =
 * estimated − pledged, positive when a source falls short), category, year and phase.
 */
export function estimateTotals(lines: readonly FundingLine[], sources: readonly FundingSource[]) {
  const bySource = new MoneyTotals<number>();
  const byCategory = new MoneyTotals<string>();
  const byYear = new MoneyTotals<number>();
  const byPhase = new MoneyTotals<number | null>();
  const all = new MoneyTotals<'all'>();
  for (const l of lines) {
    bySource.add(l.source_id, l.amount);
    byCategory.add(l.category, l.amount);
    byYear.add(l.year, l.amount);
    byPhase.add(l.phase_id, l.amount);
    all.add('all', l.amount);
  }
  const pledged = new MoneyTotals<'all'>();
  for (const s of sources) pledged.add('all', s.pledged_amount);
  const total = all.get('all');
  const totalPledged = pledged.get('all');
  return {
    total,
    pledged: totalPledged,
    gap: total - totalPledged,
    bySource: sources.map((s) => {
      const estimated = bySource.get(s.id);
      return { sourceId: s.id, code: s.code, pledged: s.pledged_amount, estimated, gap: estimated - s.pledged_amount };
    }),
    byCategory: byCategory.keys().map((code) => ({ category: code, estimated: byCategory.get(code) })),
    byYear: byYear
      .keys()
      .sort((a, b) => a - b)
      .map((year) => ({ year, estimated: byYear.get(year) })),
    byPhase: byPhase.keys().map((phaseId) => ({ phaseId, estimated: byPhase.get(phaseId) })),
  };
}

/**
 * Estimate versions as approval subjects. Loading locks the version's row, the row every line
 * change writes first, so a concurrent edit lands either before the snapshot or after the round
 * exists (and then supersedes it). The required organizations default to the budget owners, or
 * the project's parties when none are named; a source short of its share is a warning.
 */
export const fundingEstimateSubject: ApprovalSubject = {
  async load(tx, projectId, estimateId) {
    const found = await loadEstimate(tx, projectId, estimateId);
    const estimate = await tx
      .updateTable('funding_estimates')
      .set({ updated_at: found.updated_at })
      .where('id', '=', found.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (await isApproved(tx, estimate.id)) {
      throw badRequest('estimate_approved', `Version ${estimate.number} is already approved`);
    }
    const [lines, sources, owners] = await Promise.all([loadLines(tx, estimate.id), loadSources(tx, projectId), budgetOwnerIds(tx, projectId)]);
    if (lines.length === 0) throw badRequest('estimate_empty', 'Add at least one line before submitting the estimate');
    const totals = estimateTotals(lines, sources);
    const usedSources = new Set(lines.map((l) => l.source_id));
    const snapshot: FundingEstimateSnapshot = {
      estimateId: estimate.id,
      number: estimate.number,
      note: estimate.note,
      lines: lines.map(lineView),
      sources: sources
        .filter((s) => usedSources.has(s.id) || s.pledged_amount > 0)
        .map((s) => {
          const t = totals.bySource.find((x) => x.sourceId === s.id)!;
          return { id: s.id, code: s.code, nameVi: s.name_vi, nameEn: s.name_en, pledged: t.pledged, estimated: t.estimated, gap: t.gap };
        }),
      total: totals.total,
    };
    const warnings: ApprovalWarning[] = snapshot.sources
      .filter((s) => s.gap > 0)
      .map((s) => ({ code: 'funding_gap', params: { source: s.code, estimated: s.estimated, pledged: s.pledged, gap: s.gap } }));
    return {
      revision: estimate.version,
      label: `v${estimate.number}`,
      snapshot,
      warnings,
      ...(owners.length > 0 ? { requiredOrganizationIds: owners } : {}),
    };
  },
};
