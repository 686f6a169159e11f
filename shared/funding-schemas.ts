import { z } from 'zod';
import { zCalendarDate, zId, zLocale, zRequiredText, zRowVersion, zText } from './schemas.ts';

/**
 * Funding estimates (dự toán kinh phí), shared by server and client. Every procedure also takes
 * `projectId`, added by `projectProcedure`.
 *
 * Money is an integer number of đồng, sent as a JSON number (or a string of digits, for values a
 * client cannot hold exactly). The schema only says "a number or digits": the server refuses a
 * fraction with BAD_REQUEST `invalid_amount` and anything past Number.MAX_SAFE_INTEGER with
 * BAD_REQUEST `amount_too_large`, never rounding it. Quantities are exact decimals with at most
 * three places ("2.5"), stored as thousandths; the amount is quantity × unit cost, which must come
 * out as whole đồng.
 */

/** The largest amount or total the product handles: past it, integers stop being exact in JavaScript. */
export const MAX_MONEY = Number.MAX_SAFE_INTEGER;

/** Categories every project has. Projects add their own (lowercase codes) beside these. */
export const BUILTIN_FUNDING_CATEGORIES = [
  { code: 'experts_consultancy', nameVi: 'Thuê chuyên gia, tư vấn', nameEn: 'Experts and consultancy' },
  { code: 'seminars_workshops', nameVi: 'Hội thảo, tọa đàm', nameEn: 'Seminars and workshops' },
  { code: 'surveys', nameVi: 'Khảo sát, điều tra', nameEn: 'Surveys' },
  { code: 'database_development', nameVi: 'Xây dựng cơ sở dữ liệu', nameEn: 'Database development' },
  { code: 'travel', nameVi: 'Công tác phí, đi lại', nameEn: 'Travel' },
  { code: 'printing', nameVi: 'In ấn, tài liệu', nameEn: 'Printing' },
  { code: 'contingency', nameVi: 'Dự phòng', nameEn: 'Contingency' },
] as const;

export const zFundingSourceKind = z.enum(['state_budget', 'provincial_budget', 'enterprise', 'other_sponsor']);

/** Import and export limits: a file fits in one request body (1 MiB) once base64-encoded. */
export const FUNDING_LIMITS = { maxImportBytes: 512 * 1024, maxImportRows: 2000, maxQuantity: 1_000_000_000 } as const;
const MAX_BASE64 = Math.ceil(FUNDING_LIMITS.maxImportBytes / 3) * 4;

/** Money as sent by a client; see the note above for what the server refuses. */
export const zMoney = z.union([z.number(), z.string().trim().regex(/^\d{1,40}$/, 'Digits only')]);

/** A quantity: digits with up to three decimal places, "." or "," as the decimal mark. */
export const zQuantity = z
  .union([z.number().nonnegative(), z.string().max(30)])
  .transform((q) => String(q).trim())
  .pipe(z.string().regex(/^\d{1,10}([.,]\d{1,3})?$/, 'A number with at most three decimals'));

/** Thousandths of a quantity written "2.5" or "2,5", or null when it is not one. */
export function parseQuantity(text: string): number | null {
  const m = /^(\d{1,10})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return milli <= FUNDING_LIMITS.maxQuantity * 1000 ? milli : null;
}

/** "2.5" for 2500 thousandths: the shortest exact decimal, with "." as the mark. */
export function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const fraction = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export const zCategoryCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'Lowercase letters, digits and underscores, 2 to 40');
export const zSourceCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, 'Letters, digits and dashes, up to 32');
export const zYear = z.number().int().min(1900).max(2200);

// ── budget owners, categories, sources ──────────────────────────────────────────────────────

export const zBudgetOwnersInput = z.object({ organizationIds: z.array(zId).max(50) });

export const zCategoryCreateInput = z.object({ code: zCategoryCode, nameVi: zRequiredText(200), nameEn: zRequiredText(200) });

const zSourceFields = z.object({
  code: zSourceCode,
  kind: zFundingSourceKind,
  nameVi: zRequiredText(200),
  nameEn: zRequiredText(200),
  /** The organization behind the money, when it is a party (THACO-IND for THACO's share). */
  organizationId: zId.nullable().default(null),
  pledgedAmount: zMoney,
  note: zText(2000).default(''),
});
export const zSourceCreateInput = zSourceFields;
/** Every field is required, so a forgotten pledge never silently becomes zero. */
export const zSourceUpdateInput = zSourceFields.extend({ sourceId: zId, version: zRowVersion, organizationId: zId.nullable(), note: zText(2000) });
export const zSourceDeleteInput = z.object({ sourceId: zId, version: zRowVersion });

// ── estimate versions and lines ─────────────────────────────────────────────────────────────

export const zEstimateInput = z.object({ estimateId: zId });
export const zEstimateCreateInput = z.object({
  /** Lines are copied from this version; omitted: from the newest version; null: start empty. */
  copyFromEstimateId: zId.nullable().optional(),
  note: zText(2000).default(''),
});
export const zEstimateUpdateInput = z.object({ estimateId: zId, version: zRowVersion, note: zText(2000) });
export const zEstimateSubmitInput = z.object({ estimateId: zId, message: zText(2000).default('') });

const zLineFields = z.object({
  /** A built-in category code or one the project added. */
  category: z.string().trim().min(1).max(40),
  description: zRequiredText(500),
  phaseId: zId.nullable().default(null),
  taskId: zId.nullable().default(null),
  quantity: zQuantity,
  unit: zRequiredText(40),
  unitCost: zMoney,
  sourceId: zId,
  year: zYear,
  note: zText(1000).default(''),
});
export const zLineCreateInput = zLineFields.extend({ estimateId: zId });
/** Every field is required, like the grid row it comes from. */
export const zLineUpdateInput = zLineFields.extend({ lineId: zId, version: zRowVersion, phaseId: zId.nullable(), taskId: zId.nullable(), note: zText(1000) });
export const zLineDeleteInput = z.object({ lineId: zId, version: zRowVersion });

// ── spreadsheets ────────────────────────────────────────────────────────────────────────────

export const zSpreadsheetFormat = z.enum(['xlsx', 'csv']);
export const zExportInput = z.object({ estimateId: zId, format: zSpreadsheetFormat, locale: zLocale.default('vi') });
const zImportFile = z.object({
  estimateId: zId,
  format: zSpreadsheetFormat,
  /** The file, base64-encoded; at most FUNDING_LIMITS.maxImportBytes once decoded. */
  data: z.string().max(MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Base64'),
});
/** append: after the existing lines; replace: instead of them. */
const zImportMode = z.enum(['append', 'replace']);
export const zImportPreviewInput = zImportFile.extend({ mode: zImportMode.default('append') });
export const zImportCommitInput = zImportFile.extend({
  mode: zImportMode,
  /** The estimate's version the preview was made against: a stale one is refused. */
  version: zRowVersion,
});

// ── disbursements ───────────────────────────────────────────────────────────────────────────

const zDisbursementFields = z.object({
  date: zCalendarDate,
  amount: zMoney,
  /** The reference document: payment order, contract or decision number. */
  reference: zRequiredText(200),
  note: zText(1000).default(''),
});
/** Recorded against a line of the budget baseline (the approved version). */
export const zDisbursementCreateInput = zDisbursementFields.extend({ lineId: zId });
export const zDisbursementUpdateInput = zDisbursementFields.extend({ disbursementId: zId, version: zRowVersion, note: zText(1000) });
export const zDisbursementDeleteInput = z.object({ disbursementId: zId, version: zRowVersion });
export const zDisbursementListInput = z.object({ lineId: zId.optional() });

export type Money = z.infer<typeof zMoney>;
export type FundingSourceKind = z.infer<typeof zFundingSourceKind>;
export type SpreadsheetFormat = z.infer<typeof zSpreadsheetFormat>;
export type BudgetOwnersInput = z.infer<typeof zBudgetOwnersInput>;
export type CategoryCreateInput = z.infer<typeof zCategoryCreateInput>;
export type SourceCreateInput = z.infer<typeof zSourceCreateInput>;
export type SourceUpdateInput = z.infer<typeof zSourceUpdateInput>;
export type EstimateCreateInput = z.infer<typeof zEstimateCreateInput>;
export type EstimateUpdateInput = z.infer<typeof zEstimateUpdateInput>;
export type LineCreateInput = z.infer<typeof zLineCreateInput>;
export type LineUpdateInput = z.infer<typeof zLineUpdateInput>;
export type ImportCommitInput = z.infer<typeof zImportCommitInput>;
export type DisbursementCreateInput = z.infer<typeof zDisbursementCreateInput>;
export type DisbursementUpdateInput = z.infer<typeof zDisbursementUpdateInput>;

/** One line as the server returns it: money in đồng, quantity as an exact decimal string. */
export interface FundingLineView {
  id: number;
  key: number;
  position: number;
  category: string;
  description: string;
  phaseId: number | null;
  taskId: number | null;
  quantity: string;
  unit: string;
  unitCost: number;
  amount: number;
  sourceId: number;
  year: number;
  note: string;
  version: number;
}

/** The snapshot a `funding_estimate` round holds: the version exactly as submitted. */
export interface FundingEstimateSnapshot {
  estimateId: number;
  number: number;
  note: string;
  lines: FundingLineView[];
  sources: { id: number; code: string; nameVi: string; nameEn: string; pledged: number; estimated: number; gap: number }[];
  total: number;
}
