import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { givenPlanWorld } from './plan-fixtures.ts';

/**
 * A plan world (see plan-fixtures.ts: parties "lead" and "other", one person per role in each, the
 * coordinator's office in "other") where "lead" is the only budget owner, with two funding sources
 * and an empty estimate v1. Funding editors: both coordinators, lead's approver and member.
 */
export async function givenFundingWorld(db: Kysely<Database>) {
  const w = await givenPlanWorld(db);
  const projectId = w.projectId;
  await w.coordinator.funding.setBudgetOwners({ projectId, organizationIds: [w.orgs.lead.id] });
  const state = await w.coordinator.funding.createSource({
    projectId,
    code: 'NSNN-BCT',
    kind: 'state_budget',
    nameVi: 'Ngân sách nhà nước (Bộ Công Thương)',
    nameEn: 'State budget (MOIT)',
    pledgedAmount: 1_000_000_000,
  });
  const province = await w.coordinator.funding.createSource({
    projectId,
    code: 'NS-QNAM',
    kind: 'provincial_budget',
    nameVi: 'Ngân sách tỉnh Quảng Nam',
    nameEn: 'Quang Nam provincial budget',
    organizationId: w.orgs.lead.id,
    pledgedAmount: 300_000_000,
  });
  const estimate = await w.coordinator.funding.createEstimate({ projectId, copyFromEstimateId: null, note: 'Dự toán lần 1' });
  return { ...w, sources: { state, province }, estimate };
}

export type FundingWorld = Awaited<ReturnType<typeof givenFundingWorld>>;

/** A valid line for `estimateId`, overridable field by field. */
export function lineInput(w: FundingWorld, estimateId: number, fields: Record<string, unknown> = {}) {
  return {
    projectId: w.projectId,
    estimateId,
    category: 'experts_consultancy',
    description: 'Chuyên gia rà soát chính sách công nghiệp hỗ trợ',
    quantity: '6',
    unit: 'tháng-người',
    unitCost: 35_000_000,
    sourceId: w.sources.state.id,
    year: 2027,
    ...fields,
  } as {
    projectId: number;
    estimateId: number;
    category: string;
    description: string;
    quantity: string;
    unit: string;
    unitCost: number | string;
    sourceId: number;
    year: number;
    phaseId?: number | null;
    taskId?: number | null;
    note?: string;
  };
}

/** Adds lines as the coordinator and returns them. */
export async function givenLines(w: FundingWorld, estimateId: number, lines: Record<string, unknown>[]) {
  const out = [];
  for (const fields of lines) out.push((await w.coordinator.funding.addLine(lineInput(w, estimateId, fields))).line);
  return out;
}

/** Submits the version as the coordinator and has lead's approver approve it: it becomes the baseline. */
export async function givenApproved(w: FundingWorld, estimateId: number) {
  const round = await w.coordinator.funding.submitEstimate({ projectId: w.projectId, estimateId });
  return w.as(w.people.lead.approver).approvals.decide({ projectId: w.projectId, roundId: round.id, decision: 'approve' });
}

const FUNDING_TABLES = [
  'funding_settings',
  'funding_budget_owners',
  'funding_categories',
  'funding_sources',
  'funding_estimates',
  'funding_lines',
  'funding_disbursements',
  'approval_rounds',
  'approval_decisions',
  'audit_events',
] as const;

/** Row counts of the funding tables, the rounds and the audit log, plus every row version: a refusal changes none. */
export async function fundingFingerprint(db: Kysely<Database>) {
  const counts: Record<string, number> = {};
  for (const table of FUNDING_TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const versions = {
    estimates: await db.selectFrom('funding_estimates').select(['id', 'version']).orderBy('id').execute(),
    lines: await db.selectFrom('funding_lines').select(['id', 'version']).orderBy('id').execute(),
    sources: await db.selectFrom('funding_sources').select(['id', 'version']).orderBy('id').execute(),
    disbursements: await db.selectFrom('funding_disbursements').select(['id', 'version']).orderBy('id').execute(),
    rounds: await db.selectFrom('approval_rounds').select(['id', 'state']).orderBy('id').execute(),
  };
  return { counts, versions };
}
