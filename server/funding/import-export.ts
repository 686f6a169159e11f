import type { Kysely } from 'kysely';
import type { ImportCommitInput, SpreadsheetFormat } from '../../shared/funding-schemas.ts';
import type { Locale } from '../../shared/schemas.ts';
import { recordAudit, type Action } from '../audit/audit.ts';
import type { Database, FundingEstimate } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { staleVersion } from '../plan/checks.ts';
import type { Membership } from '../trpc.ts';
import { requireFundingEditor } from './access.ts';
import { assertEstimateTotal, beginEstimateChange, estimateFields } from './estimates.ts';
import { estimateTotals, loadCategories, loadEstimate, loadLines, loadSources } from './funding-subject.ts';
import { sumMoney } from './money.ts';
import { readSpreadsheet, SpreadsheetError, validateRows, writeSpreadsheet, type ImportedRow } from './spreadsheet.ts';

// Spreadsheet import and export of an estimate version. Export is for everyone who reads the
// project; import is for funding editors, as a preview (writes nothing) and a commit that writes
// every line or none.

/** A version as XLSX or CSV, with Vietnamese or English headers and its totals, base64-encoded. */
export async function exportEstimate(db: Kysely<Database>, m: Membership, input: { estimateId: number; format: SpreadsheetFormat; locale: Locale }) {
  const estimate = await loadEstimate(db, m.projectId, input.estimateId);
  const [lines, sources, categories, phases] = await Promise.all([
    loadLines(db, estimate.id),
    loadSources(db, m.projectId),
    loadCategories(db, m.projectId),
    db.selectFrom('phases').select(['id', 'position']).where('project_id', '=', m.projectId).execute(),
  ]);
  const totals = estimateTotals(lines, sources);
  return writeSpreadsheet(
    {
      number: estimate.number,
      lines,
      categories,
      sources: sources.map((s) => {
        const t = totals.bySource.find((x) => x.sourceId === s.id)!;
        return { id: s.id, code: s.code, nameVi: s.name_vi, nameEn: s.name_en, pledged: t.pledged, estimated: t.estimated, gap: t.gap };
      }),
      phasePositions: new Map(phases.map((p) => [p.id, p.position])),
      totals,
    },
    input.format,
    input.locale,
  );
}

interface ImportFile {
  format: SpreadsheetFormat;
  data: string;
  mode: 'append' | 'replace';
}

/** Reads and checks every row against the project; file-level problems are BAD_REQUEST with their reason. */
async function checkFile(db: Kysely<Database>, estimate: FundingEstimate, input: ImportFile): Promise<ImportedRow[]> {
  const { project_id: projectId } = estimate;
  const [categories, sources, phases, tasks, projectKeys, ownKeys] = await Promise.all([
    loadCategories(db, projectId),
    loadSources(db, projectId),
    db.selectFrom('phases').select(['id', 'position', 'name']).where('project_id', '=', projectId).execute(),
    db.selectFrom('tasks').select(['id', 'phase_id']).where('project_id', '=', projectId).execute(),
    db.selectFrom('funding_lines').select('line_key').distinct().where('project_id', '=', projectId).execute(),
    db.selectFrom('funding_lines').select('line_key').where('estimate_id', '=', estimate.id).execute(),
  ]);
  try {
    const sheet = await readSpreadsheet(input.format, Buffer.from(input.data, 'base64'));
    const rows = validateRows(sheet, {
      categories,
      sources,
      phases,
      taskPhases: new Map(tasks.map((t) => [t.id, t.phase_id])),
      projectLineKeys: new Set(projectKeys.map((k) => k.line_key)),
      takenLineKeys: new Set(input.mode === 'append' ? ownKeys.map((k) => k.line_key) : []),
      csv: input.format === 'csv',
    });
    if (rows.length === 0) throw new SpreadsheetError('no_rows', 'The file has no lines under its header');
    return rows;
  } catch (error) {
    if (error instanceof SpreadsheetError) throw badRequest(error.reason, error.message, { data: [error.message] });
    throw error;
  }
}

function summarize(rows: readonly ImportedRow[]) {
  const valid = rows.filter((r) => r.line !== null);
  return {
    rows: rows.map((r) => ({ row: r.row, lineKey: r.lineKey, line: r.line && lineFields(r.line), errors: r.errors })),
    validRows: valid.length,
    errorRows: rows.length - valid.length,
    total: sumMoney(valid.map((r) => r.line!.amount), 'data'),
  };
}

function lineFields(l: NonNullable<ImportedRow['line']>) {
  return {
    category: l.category,
    description: l.description,
    phaseId: l.phase_id,
    taskId: l.task_id,
    quantityMilli: l.quantity_milli,
    unit: l.unit,
    unitCost: l.unit_cost,
    amount: l.amount,
    sourceId: l.source_id,
    year: l.year,
    note: l.note,
  };
}

/** What an import would write, row by row with every error; writes nothing. */
export async function previewImport(db: Kysely<Database>, m: Membership, input: ImportFile & { estimateId: number }) {
  await requireFundingEditor(db, m);
  const estimate = await loadEstimate(db, m.projectId, input.estimateId);
  return { estimate: estimateFields(estimate), mode: input.mode, ...summarize(await checkFile(db, estimate, input)) };
}

/**
 * Writes the file's lines into a version (after its lines, or instead of them) only if every row
 * is valid; otherwise BAD_REQUEST `import_invalid` with each row's problems, and nothing written.
 */
export async function commitImport(tx: Kysely<Database>, action: Action, m: Membership, input: ImportCommitInput & { estimateId: number }) {
  await requireFundingEditor(tx, m);
  const found = await loadEstimate(tx, m.projectId, input.estimateId);
  if (found.version !== input.version) throw staleVersion('This estimate', estimateFields(found));
  const rows = await checkFile(tx, found, input);
  const invalid = rows.filter((r) => r.errors.length > 0);
  if (invalid.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const r of invalid) for (const e of r.errors) (fieldErrors[`rows.${r.row}.${e.field}`] ??= []).push(`${e.code}: ${e.message}`);
    throw badRequest('import_invalid', `${invalid.length} of ${rows.length} rows have errors: nothing was imported`, fieldErrors);
  }
  const lines = rows.map((r) => ({ ...r, line: r.line! }));
  const newKeys = lines.filter((r) => r.lineKey === null).length;
  const { estimate, firstNewLineKey } = await beginEstimateChange(tx, action, found, { code: 'estimate_edited', detail: 'import' }, newKeys);
  const existing = await loadLines(tx, estimate.id);
  const replaced = input.mode === 'replace' ? existing : [];
  await assertEstimateTotal(tx, estimate.id, lines.map((r) => r.line.amount), replaced.map((l) => l.id));
  if (replaced.length > 0) await tx.deleteFrom('funding_lines').where('estimate_id', '=', estimate.id).execute();
  const last = await tx
    .selectFrom('funding_lines')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('estimate_id', '=', estimate.id)
    .executeTakeFirst();
  let position = Number(last?.position ?? 0);
  let key = firstNewLineKey;
  const values = lines.map((r) => ({
    ...r.line,
    project_id: m.projectId,
    estimate_id: estimate.id,
    line_key: r.lineKey ?? key++,
    position: ++position,
    created_at: action.at,
    updated_at: action.at,
  }));
  // In chunks: SQLite allows at most 32,766 bound parameters in one statement.
  for (let i = 0; i < values.length; i += 500) await tx.insertInto('funding_lines').values(values.slice(i, i + 500)).execute();
  const total = await assertEstimateTotal(tx, estimate.id, []);
  await recordAudit(tx, action, {
    projectId: m.projectId,
    action: 'funding_lines.imported',
    subject: { type: 'funding_estimate', id: estimate.id },
    before: { lineCount: existing.length, total: sumMoney(existing.map((l) => l.amount)) },
    after: { mode: input.mode, format: input.format, imported: values.length, total },
  });
  return { estimate: estimateFields(estimate), imported: values.length, total };
}
