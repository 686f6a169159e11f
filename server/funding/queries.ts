import { sql, type Kysely } from 'kysely';
import type { ApprovalRoundState, Database } from '../db/schema.ts';
import type { Membership } from '../trpc.ts';
import { canEditFunding } from './access.ts';
import { baselineEstimate } from './disbursements.ts';
import { estimateFields } from './estimates.ts';
import {
  disbursedByLineKey,
  estimateTotals,
  lineView,
  loadCategories,
  loadEstimate,
  loadLines,
  loadSources,
} from './funding-subject.ts';
import { MoneyTotals } from './money.ts';
import { sourceView } from './sources.ts';

// What the Funding page reads. Every total is an exact BigInt sum, checked against the safe range.

/** The latest approval round of each estimate version of the project. */
export async function latestEstimateRounds(db: Kysely<Database>, projectId: number) {
  const rounds = await db
    .selectFrom('approval_rounds')
    .select(['id', 'subject_id', 'state'])
    .where('project_id', '=', projectId)
    .where('subject_kind', '=', 'funding_estimate')
    .orderBy('id', 'desc')
    .execute();
  const latest = new Map<number, { roundId: number; state: ApprovalRoundState }>();
  const approved = new Set<number>();
  for (const r of rounds) {
    if (!latest.has(r.subject_id)) latest.set(r.subject_id, { roundId: r.id, state: r.state });
    if (r.state === 'approved') approved.add(r.subject_id);
  }
  return { latest, approved };
}

/**
 * Disbursed đồng by source and by category of the line each was recorded against, and in all.
 * The project's disbursed total is kept within the safe range by every write.
 */
export async function disbursedTotals(db: Kysely<Database>, projectId: number) {
  const rows = await db
    .selectFrom('funding_disbursements as d')
    .innerJoin('funding_lines as l', 'l.id', 'd.line_id')
    .select(['l.source_id', 'l.category', sql<number>`cast(sum(d.amount) as bigint)`.as('amount')])
    .where('d.project_id', '=', projectId)
    .groupBy(['l.source_id', 'l.category'])
    .execute();
  const bySource = new MoneyTotals<number>();
  const byCategory = new MoneyTotals<string>();
  const all = new MoneyTotals<'all'>();
  for (const r of rows) {
    const amount = Number(r.amount);
    bySource.add(r.source_id, amount);
    byCategory.add(r.category, amount);
    all.add('all', amount);
  }
  return { bySource, byCategory, total: all.get('all') };
}

/** The Funding page's frame: categories, sources, budget owners, every version with its state and total. */
export async function fundingOverview(db: Kysely<Database>, m: Membership) {
  const { projectId } = m;
  const [categories, sources, owners, estimates, totals, rounds, phases, canEdit] = await Promise.all([
    loadCategories(db, projectId),
    loadSources(db, projectId),
    db
      .selectFrom('funding_budget_owners as b')
      .innerJoin('organizations as o', 'o.id', 'b.organization_id')
      .select(['o.id', 'o.code', 'o.name_vi', 'o.name_en'])
      .where('b.project_id', '=', projectId)
      .orderBy('o.id')
      .execute(),
    db.selectFrom('funding_estimates').selectAll().where('project_id', '=', projectId).orderBy('number', 'desc').execute(),
    db
      .selectFrom('funding_lines')
      .select(['estimate_id', (eb) => eb.fn.countAll<number>().as('lines'), sql<number>`cast(sum(amount) as bigint)`.as('total')])
      .where('project_id', '=', projectId)
      .groupBy('estimate_id')
      .execute(),
    latestEstimateRounds(db, projectId),
    db.selectFrom('phases').select(['id', 'position', 'name']).where('project_id', '=', projectId).orderBy('position').execute(),
    canEditFunding(db, m),
  ]);
  const baseline = estimates.find((e) => rounds.approved.has(e.id));
  return {
    categories,
    sources: sources.map(sourceView),
    budgetOwners: owners.map((o) => ({ id: o.id, code: o.code, nameVi: o.name_vi, nameEn: o.name_en })),
    phases,
    estimates: estimates.map((e) => {
      const t = totals.find((x) => x.estimate_id === e.id);
      return {
        ...estimateFields(e),
        lineCount: Number(t?.lines ?? 0),
        total: Number(t?.total ?? 0),
        approval: rounds.latest.get(e.id) ?? null,
        isBaseline: e.id === baseline?.id,
      };
    }),
    baselineEstimateId: baseline?.id ?? null,
    can: { edit: canEdit, submit: canEdit, setBudgetOwners: m.role === 'coordinator' },
  };
}

/**
 * One version: its lines with what was disbursed against each (matched by line key across
 * versions), and its totals by source (pledged, estimated, gap, disbursed), category, year and phase.
 */
export async function getEstimate(db: Kysely<Database>, m: Membership, estimateId: number) {
  const estimate = await loadEstimate(db, m.projectId, estimateId);
  const [lines, sources, rounds, byKey, disbursed, baseline, canEdit] = await Promise.all([
    loadLines(db, estimate.id),
    loadSources(db, m.projectId),
    latestEstimateRounds(db, m.projectId),
    disbursedByLineKey(db, m.projectId),
    disbursedTotals(db, m.projectId),
    baselineEstimate(db, m.projectId),
    canEditFunding(db, m),
  ]);
  const totals = estimateTotals(lines, sources);
  const categories = [...new Set([...totals.byCategory.map((c) => c.category), ...disbursed.byCategory.keys()])];
  const approved = rounds.approved.has(estimate.id);
  return {
    estimate: {
      ...estimateFields(estimate),
      approval: rounds.latest.get(estimate.id) ?? null,
      approved,
      isBaseline: estimate.id === baseline?.id,
      editable: canEdit && !approved,
    },
    lines: lines.map((l) => ({ ...lineView(l), disbursed: byKey.get(l.line_key) ?? 0 })),
    totals: {
      ...totals,
      disbursed: disbursed.total,
      bySource: totals.bySource.map((s) => ({ ...s, disbursed: disbursed.bySource.get(s.sourceId) })),
      byCategory: categories.map((category) => ({
        category,
        estimated: totals.byCategory.find((c) => c.category === category)?.estimated ?? 0,
        disbursed: disbursed.byCategory.get(category),
      })),
    },
  };
}
