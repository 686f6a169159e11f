import ExcelJS from 'exceljs';
import { FUNDING_LIMITS, MAX_MONEY, parseQuantity, type SpreadsheetFormat } from '../../shared/funding-schemas.ts';
import type { Locale } from '../../shared/schemas.ts';
import { DomainError } from '../errors.ts';
import type { CategoryInfo } from './funding-subject.ts';
import type { LineValues } from './estimates.ts';
import { lineAmount } from './money.ts';

// Estimate spreadsheets, with no database: writing a version to XLSX or CSV, and reading lines
// back with a report per row. The layout (one header row, one row per line, then a "Total" /
// "Tổng cộng" row and subtotals) is the same in both formats; import stops at the total row.
//
// Numbers on import: money is whole đồng, digits with optional thousands groups ("1.250.000",
// "1,250,000") and an optional ₫ / đ / VND; a quantity has at most three decimals and "." or ","
// as the decimal mark, never a thousands separator ("1.250" is one and a quarter).

export type Column = 'no' | 'lineKey' | 'category' | 'description' | 'phase' | 'task' | 'quantity' | 'unit' | 'unitCost' | 'amount' | 'source' | 'year' | 'note';

const COLUMNS: readonly { key: Column; vi: string; en: string; required: boolean; width: number; money?: boolean }[] = [
  { key: 'no', vi: 'STT', en: 'No.', required: false, width: 6 },
  { key: 'category', vi: 'Hạng mục', en: 'Category', required: true, width: 26 },
  { key: 'description', vi: 'Nội dung', en: 'Description', required: true, width: 50 },
  { key: 'phase', vi: 'Giai đoạn', en: 'Phase', required: false, width: 10 },
  { key: 'task', vi: 'Công việc', en: 'Task', required: false, width: 10 },
  { key: 'quantity', vi: 'Số lượng', en: 'Quantity', required: true, width: 10 },
  { key: 'unit', vi: 'Đơn vị tính', en: 'Unit', required: true, width: 14 },
  { key: 'unitCost', vi: 'Đơn giá (đồng)', en: 'Unit cost (VND)', required: true, width: 18, money: true },
  { key: 'amount', vi: 'Thành tiền (đồng)', en: 'Amount (VND)', required: false, width: 20, money: true },
  { key: 'source', vi: 'Nguồn kinh phí', en: 'Funding source', required: true, width: 16 },
  { key: 'year', vi: 'Năm', en: 'Year', required: true, width: 8 },
  { key: 'note', vi: 'Ghi chú', en: 'Note', required: false, width: 30 },
  { key: 'lineKey', vi: 'Mã dòng', en: 'Line ID', required: false, width: 10 },
];

const LABELS = {
  vi: { total: 'Tổng cộng', bySource: 'Theo nguồn kinh phí', byCategory: 'Theo hạng mục', byYear: 'Theo năm', sheet: 'Dự toán', summary: 'Tổng hợp', code: 'Mã', name: 'Tên', pledged: 'Cam kết (đồng)', estimated: 'Dự toán (đồng)', gap: 'Thiếu hụt (đồng)', file: 'du-toan' },
  en: { total: 'Total', bySource: 'By funding source', byCategory: 'By category', byYear: 'By year', sheet: 'Estimate', summary: 'Summary', code: 'Code', name: 'Name', pledged: 'Pledged (VND)', estimated: 'Estimated (VND)', gap: 'Gap (VND)', file: 'estimate' },
} as const;

const TOTAL_MARKERS = new Set([LABELS.vi.total, LABELS.en.total].map((s) => normalizeLabel(s)));

/** Case-, accent-form- and spacing-insensitive label; a bracketed suffix such as "(đồng)" is dropped. */
function normalizeLabel(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\(.*?\)/g, '').replace(/\s+/g, ' ').trim();
}

// ── export ──────────────────────────────────────────────────────────────────────────────────

export interface ExportData {
  number: number;
  lines: readonly (LineValues & { line_key: number })[];
  categories: readonly CategoryInfo[];
  sources: readonly { id: number; code: string; nameVi: string; nameEn: string; pledged: number; estimated: number; gap: number }[];
  phasePositions: ReadonlyMap<number, number>;
  totals: { total: number; byCategory: readonly { category: string; estimated: number }[]; byYear: readonly { year: number; estimated: number }[] };
}

type Cell = string | number | null;

function quantityNumber(milli: number): number {
  return milli / 1000;
}

function lineRows(data: ExportData, locale: Locale, quantity: (milli: number) => Cell): Cell[][] {
  const categoryName = (code: string) => {
    const c = data.categories.find((x) => x.code === code);
    return c ? (locale === 'vi' ? c.nameVi : c.nameEn) : code;
  };
  const sourceCode = (id: number) => data.sources.find((s) => s.id === id)?.code ?? '';
  return data.lines.map((l, i) => {
    const cells: Record<Column, Cell> = {
      no: i + 1,
      lineKey: l.line_key,
      category: categoryName(l.category),
      description: l.description,
      phase: l.phase_id === null ? null : (data.phasePositions.get(l.phase_id) ?? null),
      task: l.task_id,
      quantity: quantity(l.quantity_milli),
      unit: l.unit,
      unitCost: l.unit_cost,
      amount: l.amount,
      source: sourceCode(l.source_id),
      year: l.year,
      note: l.note,
    };
    return COLUMNS.map((c) => cells[c.key]);
  });
}

/** The total row and the subtotals under it, in the line columns (label in Description, money in Amount). */
function totalRows(data: ExportData, locale: Locale): Cell[][] {
  const L = LABELS[locale];
  const row = (first: Cell, description: Cell, amount: Cell) =>
    COLUMNS.map((c) => (c.key === 'no' ? first : c.key === 'description' ? description : c.key === 'amount' ? amount : null));
  const name = (s: { nameVi: string; nameEn: string }) => (locale === 'vi' ? s.nameVi : s.nameEn);
  return [
    row(L.total, null, data.totals.total),
    row(null, L.bySource, null),
    ...data.sources.filter((s) => s.estimated > 0).map((s) => row(null, `${s.code} — ${name(s)}`, s.estimated)),
    row(null, L.byCategory, null),
    ...data.totals.byCategory.map((c) => row(null, name(data.categories.find((x) => x.code === c.category) ?? { nameVi: c.category, nameEn: c.category }), c.estimated)),
    row(null, L.byYear, null),
    ...data.totals.byYear.map((y) => row(null, String(y.year), y.estimated)),
  ];
}

/** What a spreadsheet program would run as a formula, behind any apostrophes that escape it. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * A cell that a spreadsheet program would run as a formula is written with a leading apostrophe.
 * Text that already starts with apostrophes before such a character gets one more, so the import
 * (which takes exactly one off) gives back what was written: "'-'" stays "'-'".
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n;]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function writeSpreadsheet(data: ExportData, format: SpreadsheetFormat, locale: Locale) {
  const L = LABELS[locale];
  const header = COLUMNS.map((c) => c[locale]);
  const filename = `${L.file}-v${data.number}.${format}`;
  if (format === 'csv') {
    const rows = [header, ...lineRows(data, locale, (milli) => String(quantityNumber(milli))), [], ...totalRows(data, locale)];
    // A BOM so that Excel reads the Vietnamese as UTF-8.
    const text = '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
    return { filename, mimeType: 'text/csv; charset=utf-8', base64: Buffer.from(text, 'utf8').toString('base64') };
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'LienKet';
  const sheet = workbook.addWorksheet(`${L.sheet} v${data.number}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width, ...(c.money ? { style: { numFmt: '#,##0' } } : {}) }));
  sheet.addRow(header).font = { bold: true };
  sheet.addRows(lineRows(data, locale, quantityNumber));
  sheet.addRow([]);
  for (const [i, r] of totalRows(data, locale).entries()) {
    const added = sheet.addRow(r);
    if (i === 0 || r.every((c, j) => j === COLUMNS.findIndex((x) => x.key === 'description') || c === null)) added.font = { bold: true };
  }

  const summary = workbook.addWorksheet(L.summary);
  summary.columns = [{ width: 16 }, { width: 40 }, { width: 20, style: { numFmt: '#,##0' } }, { width: 20, style: { numFmt: '#,##0' } }, { width: 20, style: { numFmt: '#,##0' } }];
  summary.addRow([L.bySource]).font = { bold: true };
  summary.addRow([L.code, L.name, L.pledged, L.estimated, L.gap]).font = { bold: true };
  for (const s of data.sources) summary.addRow([s.code, locale === 'vi' ? s.nameVi : s.nameEn, s.pledged, s.estimated, s.gap]);
  summary.addRow([]);
  summary.addRow([L.byCategory]).font = { bold: true };
  for (const c of data.totals.byCategory) {
    const info = data.categories.find((x) => x.code === c.category);
    summary.addRow([c.category, info ? (locale === 'vi' ? info.nameVi : info.nameEn) : c.category, null, c.estimated]);
  }
  summary.addRow([]);
  summary.addRow([L.byYear]).font = { bold: true };
  for (const y of data.totals.byYear) summary.addRow([y.year, null, null, y.estimated]);
  summary.addRow([L.total, null, null, data.totals.total]).font = { bold: true };

  const buffer = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return { filename, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: buffer.toString('base64') };
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────

/** A file-level refusal: nothing could be read row by row. */
export class SpreadsheetError extends DomainError {}

function unreadable(): never {
  throw new SpreadsheetError('unreadable_file', 'The file could not be read as a spreadsheet of this format');
}

/** A row of text cells, numbered as the spreadsheet program shows it. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/**
 * The uncompressed size an XLSX (a ZIP) claims in its central directory, so a small file that
 * inflates to gigabytes is refused before it is opened. Null when the directory cannot be read.
 */
function zipContentSize(buf: Buffer): number | null {
  const min = Math.max(0, buf.length - 65_557);
  let end = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(at + 24);
    if (size === 0xffffffff) return null;
    total += size;
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return total;
}

const MAX_XLSX_CONTENT = 40 * 1024 * 1024;

function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // A whole number past 2^53 is written out exactly (as the double it is), to be refused as too large.
  return Number.isInteger(n) && !Number.isSafeInteger(n) ? BigInt(n).toString() : String(n);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

async function readXlsx(buf: Buffer): Promise<SheetRow[]> {
  const size = zipContentSize(buf);
  if (size === null) unreadable();
  if (size > MAX_XLSX_CONTENT) throw new SpreadsheetError('file_too_large', 'The spreadsheet is too large once unpacked');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    unreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) unreadable();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length > FUNDING_LIMITS.maxImportRows + 100) return;
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    for (let i = 1; i < Math.min(values.length, 64); i++) cells.push(cellText(values[i] ?? null));
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** RFC 4180 with the delimiter (",", ";" or tab) taken from the header line; a leading BOM is dropped. */
export function readCsv(text: string): SheetRow[] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let record = 1;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: record, cells });
    record++;
    cells = [];
    cell = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      if (rows.length > FUNDING_LIMITS.maxImportRows + 100) break;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return rows;
}

/** The rows of the first sheet (XLSX) or of the file (CSV), or a SpreadsheetError. */
export async function readSpreadsheet(format: SpreadsheetFormat, file: Buffer): Promise<SheetRow[]> {
  if (file.length > FUNDING_LIMITS.maxImportBytes) throw new SpreadsheetError('file_too_large', 'The file is too large');
  if (format === 'xlsx') return readXlsx(file);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(file);
  if (text.includes('\u0000')) unreadable();
  return readCsv(text);
}

// ── validation ──────────────────────────────────────────────────────────────────────────────

export interface RowError {
  field: Column | 'row';
  code: string;
  message: string;
}

export interface ImportContext {
  categories: readonly CategoryInfo[];
  sources: readonly { id: number; code: string; name_vi: string; name_en: string }[];
  phases: readonly { id: number; position: number; name: string }[];
  /** Tasks of the project named in the file: id → phase. */
  taskPhases: ReadonlyMap<number, number>;
  /** Line keys that exist in the project; a file may name only these. */
  projectLineKeys: ReadonlySet<number>;
  /** Keys the lines will sit beside (append) and so may not repeat. */
  takenLineKeys: ReadonlySet<number>;
  csv: boolean;
}

export interface ImportedRow {
  row: number;
  lineKey: number | null;
  line: LineValues | null;
  errors: RowError[];
}

/** Money written in a cell: whole đồng, optional thousands groups and currency sign. */
export function parseMoneyText(text: string): { value: number } | { code: 'invalid_number' | 'amount_too_large' } {
  let s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^vnd/i, '').replace(/(₫|đồng|đ|vnd)$/i, '');
  if (/^\d{1,3}([.,]\d{3})+$/.test(s) && !(s.includes('.') && s.includes(','))) s = s.replace(/[.,]/g, '');
  if (!/^\d{1,40}$/.test(s)) return { code: 'invalid_number' };
  const value = BigInt(s);
  return value > BigInt(MAX_MONEY) ? { code: 'amount_too_large' } : { value: Number(value) };
}

function columnIndexes(header: readonly string[]) {
  const index = new Map<Column, number>();
  header.forEach((text, i) => {
    const label = normalizeLabel(text);
    const column = COLUMNS.find((c) => normalizeLabel(c.vi) === label || normalizeLabel(c.en) === label || c.key.toLowerCase() === label);
    if (column && !index.has(column.key)) index.set(column.key, i);
  });
  return index;
}

function matchOne<T>(items: readonly T[], keys: (item: T) => string[], text: string): T[] {
  const wanted = normalizeLabel(text);
  return items.filter((item) => keys(item).some((k) => normalizeLabel(k) === wanted));
}

const MESSAGES: Record<string, string> = {
  required: 'Missing',
  too_long: 'Too long',
  invalid_text: 'Contains characters that are not allowed',
  unknown_category: 'No such category in this project',
  ambiguous_category: 'More than one category has this name',
  unknown_source: 'No such funding source in this project',
  ambiguous_source: 'More than one funding source has this name',
  unknown_phase: 'No such phase in this project',
  unknown_task: 'No such task in this project',
  task_not_in_phase: 'The task belongs to another phase',
  invalid_number: 'Not a number',
  invalid_quantity: 'Not a quantity with at most three decimals',
  amount_too_large: 'Larger than 9,007,199,254,740,991 đồng',
  amount_not_whole: 'Quantity × unit cost is not a whole number of đồng',
  amount_mismatch: 'Does not equal quantity × unit cost',
  invalid_year: 'Not a year between 1900 and 2200',
  unknown_line_key: 'No line with this ID in the project',
  duplicate_line_key: 'This line ID is already in the estimate',
};

/**
 * Turns rows into checked line values, with every problem of every row. Fails as a whole
 * (SpreadsheetError) only when the header lacks required columns or there are too many rows.
 */
export function validateRows(sheet: readonly SheetRow[], ctx: ImportContext): ImportedRow[] {
  const [headerRow, ...body] = sheet;
  if (!headerRow) throw new SpreadsheetError('no_rows', 'The file has no rows');
  const index = columnIndexes(headerRow.cells);
  const missing = COLUMNS.filter((c) => c.required && !index.has(c.key));
  if (missing.length > 0) {
    throw new SpreadsheetError('missing_columns', `Columns missing: ${missing.map((c) => `${c.vi} / ${c.en}`).join(', ')}`);
  }
  const end = body.findIndex((r) => TOTAL_MARKERS.has(normalizeLabel(r.cells.find((c) => c.trim() !== '') ?? '')));
  const rows = end < 0 ? body : body.slice(0, end);
  if (rows.length > FUNDING_LIMITS.maxImportRows) {
    throw new SpreadsheetError('too_many_rows', `At most ${FUNDING_LIMITS.maxImportRows} lines can be imported at once`);
  }
  const seenKeys = new Set<number>();
  return rows.map((r) => validateRow(r, index, ctx, seenKeys));
}

function validateRow(r: SheetRow, index: ReadonlyMap<Column, number>, ctx: ImportContext, seenKeys: Set<number>): ImportedRow {
  const errors: RowError[] = [];
  const fail = (field: Column, code: string) => {
    errors.push({ field, code, message: MESSAGES[code] ?? code });
    return null;
  };
  const raw = (column: Column) => {
    const i = index.get(column);
    let text = (i === undefined ? '' : (r.cells[i] ?? '')).normalize('NFC').trim();
    if (ctx.csv && text.startsWith("'") && FORMULA_START.test(text.slice(1))) text = text.slice(1);
    return text;
  };
  const text = (column: Column, max: number, required: boolean) => {
    const value = raw(column);
    if (required && value === '') return fail(column, 'required');
    if (value.length > max) return fail(column, 'too_long');
    if (value.includes('\u0000')) return fail(column, 'invalid_text');
    return value;
  };

  const description = text('description', 500, true);
  const unit = text('unit', 40, true);
  const note = text('note', 1000, false) ?? '';

  const categoryText = raw('category');
  let category: string | null = null;
  if (categoryText === '') fail('category', 'required');
  else {
    const found = matchOne(ctx.categories, (c) => [c.code, c.nameVi, c.nameEn], categoryText);
    if (found.length === 1) category = found[0]!.code;
    else fail('category', found.length === 0 ? 'unknown_category' : 'ambiguous_category');
  }

  const sourceText = raw('source');
  let sourceId: number | null = null;
  if (sourceText === '') fail('source', 'required');
  else {
    const found = matchOne(ctx.sources, (s) => [s.code, s.name_vi, s.name_en], sourceText);
    if (found.length === 1) sourceId = found[0]!.id;
    else fail('source', found.length === 0 ? 'unknown_source' : 'ambiguous_source');
  }

  let phaseId: number | null = null;
  const phaseText = raw('phase');
  if (phaseText !== '') {
    const phase = /^\d{1,6}$/.test(phaseText)
      ? ctx.phases.find((p) => p.position === Number(phaseText))
      : matchOne(ctx.phases, (p) => [p.name], phaseText)[0];
    if (phase) phaseId = phase.id;
    else fail('phase', 'unknown_phase');
  }
  let taskId: number | null = null;
  const taskText = raw('task').replace(/^#/, '');
  if (taskText !== '') {
    const taskPhase = /^\d{1,10}$/.test(taskText) ? ctx.taskPhases.get(Number(taskText)) : undefined;
    if (taskPhase === undefined) fail('task', 'unknown_task');
    else if (phaseText !== '' && phaseId !== null && taskPhase !== phaseId) fail('task', 'task_not_in_phase');
    else {
      taskId = Number(taskText);
      phaseId = taskPhase;
    }
  }

  const quantityText = raw('quantity').replace(/[\s\u00a0\u202f]/g, '');
  let quantityMilli: number | null = null;
  if (quantityText === '') fail('quantity', 'required');
  else if ((quantityMilli = parseQuantity(quantityText)) === null) fail('quantity', 'invalid_quantity');

  const unitCostText = raw('unitCost');
  let unitCost: number | null = null;
  if (unitCostText === '') fail('unitCost', 'required');
  else {
    const parsed = parseMoneyText(unitCostText);
    if ('value' in parsed) unitCost = parsed.value;
    else fail('unitCost', parsed.code);
  }

  let amount: number | null = null;
  if (quantityMilli !== null && unitCost !== null) {
    try {
      amount = lineAmount(quantityMilli, unitCost);
    } catch (error) {
      const reason = (error as { cause?: { reason?: string } }).cause?.reason;
      fail('amount', reason ?? 'invalid_number');
    }
  }
  const amountText = raw('amount');
  if (amountText !== '' && amount !== null) {
    const stated = parseMoneyText(amountText);
    if (!('value' in stated)) fail('amount', stated.code);
    else if (stated.value !== amount) fail('amount', 'amount_mismatch');
  }

  const yearText = raw('year');
  let year: number | null = null;
  if (yearText === '') fail('year', 'required');
  else if (!/^\d{4}$/.test(yearText) || Number(yearText) < 1900 || Number(yearText) > 2200) fail('year', 'invalid_year');
  else year = Number(yearText);

  let lineKey: number | null = null;
  const keyText = raw('lineKey');
  if (keyText !== '') {
    const key = /^\d{1,10}$/.test(keyText) ? Number(keyText) : NaN;
    if (!ctx.projectLineKeys.has(key)) fail('lineKey', 'unknown_line_key');
    else if (seenKeys.has(key) || ctx.takenLineKeys.has(key)) fail('lineKey', 'duplicate_line_key');
    else lineKey = key;
    if (Number.isFinite(key)) seenKeys.add(key);
  }

  const line: LineValues | null =
    errors.length === 0
      ? {
          category: category!,
          description: description!,
          phase_id: phaseId,
          task_id: taskId,
          quantity_milli: quantityMilli!,
          unit: unit!,
          unit_cost: unitCost!,
          amount: amount!,
          source_id: sourceId!,
          year: year!,
          note,
        }
      : null;
  return { row: r.row, lineKey, line, errors };
}
