import type { Kysely } from 'kysely';
import {
  BUILTIN_FUNDING_CATEGORIES,
  type BudgetOwnersInput,
  type CategoryCreateInput,
  type SourceCreateInput,
  type SourceUpdateInput,
} from '../../shared/funding-schemas.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { Database, FundingSource } from '../db/schema.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { assertParties, distinct, staleVersion } from '../plan/checks.ts';
import { requireRole, type Membership } from '../trpc.ts';
import { requireFundingEditor } from './access.ts';
import { budgetOwnerIds, lockFunding } from './funding-subject.ts';
import { parseMoney, sumMoney } from './money.ts';

// Budget owners, project-defined categories and funding sources with their pledges.

export function sourceView(s: FundingSource) {
  return {
    id: s.id,
    code: s.code,
    kind: s.kind,
    nameVi: s.name_vi,
    nameEn: s.name_en,
    organizationId: s.organization_id,
    pledged: s.pledged_amount,
    note: s.note,
    version: s.version,
  };
}

/**
 * Names the organizations that estimate and fund the budget. Coordinators only; each must be a
 * party. They may edit funding, and by default they decide on estimate versions.
 */
export async function setBudgetOwners(tx: Kysely<Database>, action: Action, m: Membership, input: BudgetOwnersInput) {
  requireRole(m, ['coordinator'], 'name the budget owners');
  const ids = distinct(input.organizationIds).sort((a, b) => a - b);
  await assertParties(tx, m.projectId, ids, 'organizationIds');
  await lockFunding(tx, m.projectId, action.at);
  const before = await budgetOwnerIds(tx, m.projectId);
  if (before.join() === ids.join()) return { organizationIds: ids };
  await tx.deleteFrom('funding_budget_owners').where('project_id', '=', m.projectId).execute();
  if (ids.length > 0) {
    await tx.insertInto('funding_budget_owners').values(ids.map((organization_id) => ({ project_id: m.projectId, organization_id }))).execute();
  }
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'funding_budget_owners.set',
    subject: { type: 'project', id: m.projectId },
    before: { organizationIds: before },
    after: { organizationIds: ids },
  });
  return { organizationIds: ids };
}

/** Adds a category of the project's own beside the built-in ones; its code is unique in the project. */
export async function createCategory(tx: Kysely<Database>, action: Action, m: Membership, input: CategoryCreateInput) {
  await requireFundingEditor(tx, m);
  await lockFunding(tx, m.projectId, action.at);
  const taken =
    BUILTIN_FUNDING_CATEGORIES.some((c) => c.code === input.code) ||
    (await tx.selectFrom('funding_categories').select('id').where('project_id', '=', m.projectId).where('code', '=', input.code).executeTakeFirst());
  if (taken) throw conflict('duplicate', 'A category with this code already exists');
  const row = await tx
    .insertInto('funding_categories')
    .values({ project_id: m.projectId, code: input.code, name_vi: input.nameVi, name_en: input.nameEn, created_at: action.at })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = { code: row.code, nameVi: row.name_vi, nameEn: row.name_en, builtin: false };
  await recordAudit(tx, action, { projectId: m.projectId, action: 'funding_category.created', subject: { type: 'funding_category', id: row.id }, after: view });
  return view;
}

async function loadSource(db: Kysely<Database>, projectId: number, sourceId: number): Promise<FundingSource> {
  const source = await db.selectFrom('funding_sources').selectAll().where('id', '=', sourceId).where('project_id', '=', projectId).executeTakeFirst();
  if (!source) throw notFound('Funding source');
  return source;
}

async function refuseDuplicateCode(tx: Kysely<Database>, projectId: number, code: string, exceptId = 0) {
  const row = await tx
    .selectFrom('funding_sources')
    .select('id')
    .where('project_id', '=', projectId)
    .where('code', '=', code)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  if (row) throw conflict('duplicate', 'A funding source with this code already exists');
}

/** The project's pledges stay an exact total: refused with `amount_too_large` past the safe range. */
async function assertPledgeTotal(tx: Kysely<Database>, projectId: number, pledged: number, exceptId = 0) {
  const rows = await tx.selectFrom('funding_sources').select('pledged_amount').where('project_id', '=', projectId).where('id', '!=', exceptId).execute();
  sumMoney([...rows.map((r) => r.pledged_amount), pledged], 'pledgedAmount');
}

export async function createSource(tx: Kysely<Database>, action: Action, m: Membership, input: SourceCreateInput) {
  await requireFundingEditor(tx, m);
  const pledged = parseMoney(input.pledgedAmount, 'pledgedAmount');
  if (input.organizationId !== null) await assertParties(tx, m.projectId, [input.organizationId], 'organizationId');
  await lockFunding(tx, m.projectId, action.at);
  await refuseDuplicateCode(tx, m.projectId, input.code);
  await assertPledgeTotal(tx, m.projectId, pledged);
  const source = await tx
    .insertInto('funding_sources')
    .values({
      project_id: m.projectId,
      code: input.code,
      kind: input.kind,
      name_vi: input.nameVi,
      name_en: input.nameEn,
      organization_id: input.organizationId,
      pledged_amount: pledged,
      note: input.note,
      created_at: action.at,
      updated_at: action.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = sourceView(source);
  await recordAudit(tx, action, { projectId: m.projectId, action: 'funding_source.created', subject: { type: 'funding_source', id: source.id }, after: view });
  return view;
}

/** Renames a source or changes its pledge. Pledges are not part of an estimate: no round is superseded. */
export async function updateSource(tx: Kysely<Database>, action: Action, m: Membership, input: SourceUpdateInput) {
  await requireFundingEditor(tx, m);
  const before = await loadSource(tx, m.projectId, input.sourceId);
  if (before.version !== input.version) throw staleVersion('This funding source', sourceView(before));
  const pledged = parseMoney(input.pledgedAmount, 'pledgedAmount');
  if (input.organizationId !== null) await assertParties(tx, m.projectId, [input.organizationId], 'organizationId');
  await lockFunding(tx, m.projectId, action.at);
  await refuseDuplicateCode(tx, m.projectId, input.code, before.id);
  await assertPledgeTotal(tx, m.projectId, pledged, before.id);
  const after = await tx
    .updateTable('funding_sources')
    .set({
      code: input.code,
      kind: input.kind,
      name_vi: input.nameVi,
      name_en: input.nameEn,
      organization_id: input.organizationId,
      pledged_amount: pledged,
      note: input.note,
      updated_at: action.at,
      version: before.version + 1,
    })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw staleVersion('This funding source', sourceView(await loadSource(tx, m.projectId, before.id)));
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'funding_source.updated',
    subject: { type: 'funding_source', id: after.id },
    before: sourceView(before),
    after: sourceView(after),
  });
  return sourceView(after);
}

/** Deletes a source no line of any version uses. */
export async function deleteSource(tx: Kysely<Database>, action: Action, m: Membership, input: { sourceId: number; version: number }) {
  await requireFundingEditor(tx, m);
  const source = await loadSource(tx, m.projectId, input.sourceId);
  if (source.version !== input.version) throw staleVersion('This funding source', sourceView(source));
  await lockFunding(tx, m.projectId, action.at);
  const used = await tx.selectFrom('funding_lines').select('id').where('source_id', '=', source.id).limit(1).executeTakeFirst();
  if (used) throw badRequest('source_in_use', 'Lines of an estimate use this source: move them to another source first');
  await tx.deleteFrom('funding_sources').where('id', '=', source.id).execute();
  await recordAudit(tx, action, { projectId: m.projectId, action: 'funding_source.deleted', subject: { type: 'funding_source', id: source.id }, before: sourceView(source) });
  return { id: source.id };
}
