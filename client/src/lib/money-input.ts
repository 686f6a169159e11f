import type { Locale, MessageKey } from '~/i18n/i18n.ts';

// MAX_MONEY in shared/funding-schemas.ts; not imported from there, which would bring zod into the client.
const MAX_MONEY = Number.MAX_SAFE_INTEGER;

// Money typed by a person: whole đồng, written with the locale's thousands separator or none.
// Parsed exactly (BigInt), never through a float, so 9.007.199.254.740.993 is refused, not rounded.

const GROUP: Record<Locale, string> = { vi: '.', en: ',' };
const DECIMAL: Record<Locale, string> = { vi: ',', en: '.' };

export type MoneyParse = { value: number } | { error: MessageKey };

/**
 * `1.250.000` (vi) or `1,250,000` (en) or `1250000` → 1250000. Refuses a decimal part, a sign,
 * misplaced separators and anything past Number.MAX_SAFE_INTEGER, each with its own message.
 *
 * @example parseMoneyInput('1.250.000.000', 'vi') // { value: 1250000000 }
 */
export function parseMoneyInput(text: string, locale: Locale): MoneyParse {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/₫$/, '').replace(/^VND/i, '');
  if (s === '') return { error: 'money.required' };
  if (s.startsWith('-')) return { error: 'money.negative' };
  const group = GROUP[locale];
  if (s.includes(DECIMAL[locale])) return { error: 'money.noDecimals' };
  const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`);
  if (!/^\d+$/.test(s) && !grouped.test(s)) return { error: 'money.invalid' };
  const digits = s.split(group).join('');
  if (digits.length > 40 || BigInt(digits) > BigInt(MAX_MONEY)) return { error: 'money.tooLarge' };
  return { value: Number(digits) };
}

/** 1250000 → `1.250.000` (vi) / `1,250,000` (en): the number as it is typed, without the currency. */
export function formatMoneyInput(value: number | bigint, locale: Locale): string {
  return BigInt(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, GROUP[locale]);
}

/** The exact sum of whole đồng. */
export function sumMoney(values: Iterable<number | bigint>): bigint {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return total;
}

/** quantity (in thousandths) × unit cost, when it is whole đồng; null otherwise. */
export function lineAmount(quantityMilli: number, unitCost: number): bigint | null {
  const milli = BigInt(quantityMilli) * BigInt(unitCost);
  return milli % 1000n === 0n ? milli / 1000n : null;
}
