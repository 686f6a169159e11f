import { createComputed } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { locale, pick, t, type MessageKey } from '~/i18n/i18n.ts';
import { lineAmount, parseMoneyInput } from '~/lib/money-input.ts';
import type { trpc } from '~/lib/trpc.ts';

export type FundingOverview = Awaited<ReturnType<typeof trpc.funding.overview.query>>;
export type EstimateVersion = FundingOverview['estimates'][number];
export type EstimateDetail = Awaited<ReturnType<typeof trpc.funding.estimate.query>>;
export type FundingSource = FundingOverview['sources'][number];
export type Category = FundingOverview['categories'][number];

/** A category's name in the person's language; the code when the project no longer has it. */
export function categoryName(categories: readonly Category[], code: string): string {
  const found = categories.find((c) => c.code === code);
  return found ? pick(found.nameVi, found.nameEn) : code;
}

export function sourceName(sources: readonly { id: number; nameVi: string; nameEn: string }[], id: number): string {
  const found = sources.find((s) => s.id === id);
  return found ? pick(found.nameVi, found.nameEn) : '—';
}

/** A quantity as this locale writes decimals: "2,5" in Vietnamese, "2.5" in English. */
export function quantityText(quantity: string): string {
  return locale() === 'vi' ? quantity.replace('.', ',') : quantity;
}

/**
 * Thousandths of a typed quantity ("2,5" or "2.5"), or null: the rule of parseQuantity in
 * shared/funding-schemas.ts, restated here so the client does not load zod with it.
 */
export function quantityMilli(text: string): number | null {
  const m = /^(\d{1,10})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return milli <= 1_000_000_000 * 1000 ? milli : null;
}

// Written out in full so the dictionary test sees every key used.
const ROW_ERROR_KEY: Record<string, MessageKey> = {
  required: 'fundingImport.error.required',
  too_long: 'fundingImport.error.tooLong',
  invalid_text: 'fundingImport.error.invalidText',
  unknown_category: 'fundingImport.error.unknownCategory',
  ambiguous_category: 'fundingImport.error.ambiguousCategory',
  unknown_source: 'fundingImport.error.unknownSource',
  ambiguous_source: 'fundingImport.error.ambiguousSource',
  unknown_phase: 'fundingImport.error.unknownPhase',
  unknown_task: 'fundingImport.error.unknownTask',
  task_not_in_phase: 'fundingImport.error.taskNotInPhase',
  invalid_quantity: 'fundingImport.error.invalidQuantity',
  invalid_number: 'fundingImport.error.invalidNumber',
  amount_too_large: 'fundingImport.error.amountTooLarge',
  amount_not_whole: 'fundingImport.error.amountNotWhole',
  amount_mismatch: 'fundingImport.error.amountMismatch',
  invalid_year: 'fundingImport.error.invalidYear',
  unknown_line_key: 'fundingImport.error.unknownLineKey',
  duplicate_line_key: 'fundingImport.error.duplicateLineKey',
};

/** One import row problem in the person's language; the server's English words when it is new to us. */
export function rowErrorText(error: { code: string; message: string }): string {
  const key = ROW_ERROR_KEY[error.code];
  return key ? t(key) : error.message;
}

const COLUMN_KEY: Record<string, MessageKey> = {
  row: 'fundingImport.column.row',
  no: 'fundingImport.column.row',
  lineKey: 'fundingImport.column.lineKey',
  category: 'funding.col.category',
  description: 'funding.col.description',
  phase: 'funding.col.phase',
  task: 'funding.col.task',
  quantity: 'funding.col.quantity',
  unit: 'funding.col.unit',
  unitCost: 'funding.col.unitCost',
  amount: 'funding.col.amount',
  source: 'funding.col.source',
  year: 'funding.col.year',
  note: 'funding.col.note',
};

export function columnName(field: string): string {
  const key = COLUMN_KEY[field];
  return key ? t(key) : field;
}

/** Gap = estimated − pledged: positive means the sources fall short by that much. */
export function gapKey(gap: number | bigint): MessageKey {
  return BigInt(gap) > 0n ? 'funding.gapShort' : BigInt(gap) < 0n ? 'funding.gapSurplus' : 'funding.gapNone';
}

export type GridColumn = 'category' | 'description' | 'phaseId' | 'quantity' | 'unit' | 'unitCost' | 'sourceId' | 'year';

/** One row of the grid as the person is typing it: every cell is text until it is saved. */
export interface GridRow {
  uid: number;
  id: number | null;
  version: number;
  category: string;
  description: string;
  phaseId: string;
  taskId: number | null;
  quantity: string;
  unit: string;
  unitCost: string;
  sourceId: string;
  year: string;
  note: string;
  disbursed: number;
  dirty: boolean;
  /** Someone else saved or removed this line while it was being edited here: the draft is kept. */
  changedUnderneath: boolean;
  errors: Partial<Record<GridColumn, string>>;
}

/** The row's amount as typed, exactly; null while quantity or unit cost is not a valid number. */
export function rowAmount(row: GridRow): bigint | null {
  const q = quantityMilli(row.quantity);
  const cost = parseMoneyInput(row.unitCost, locale());
  if (q === null || !('value' in cost)) return null;
  return lineAmount(q, cost.value);
}


/** The rows' typed amounts summed per key (source id, category code, phase id, year), exactly. */
export function estimatedBy(rows: readonly GridRow[], key: (row: GridRow) => string): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0n) + (rowAmount(row) ?? 0n));
  return totals;
}

export type SourceKind = FundingSource['kind'];

// Written out in full so the dictionary test sees every key used.
export const SOURCE_KIND_KEY: Record<SourceKind, MessageKey> = {
  state_budget: 'funding.kind.stateBudget',
  provincial_budget: 'funding.kind.provincialBudget',
  enterprise: 'funding.kind.enterprise',
  other_sponsor: 'funding.kind.otherSponsor',
};

/**
 * The records of `list` as the same objects from one fetch to the next (matched by id), updated in
 * place: rows keep their elements, and a form open under one survives a partner's change.
 */
export function stableById<T extends { id: number }>(list: () => readonly T[]): T[] {
  const [items, setItems] = createStore<T[]>([]);
  createComputed(() => setItems(reconcile([...list()], { key: 'id' })));
  return items;
}
