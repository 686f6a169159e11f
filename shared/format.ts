/**
 * Locale-aware formatting shared by the client (and any server text that needs it): money in đồng,
 * calendar dates and instants in Vietnam's time zone. Pure functions over Intl, no app state.
 */

export type FormatLocale = 'vi' | 'en';

/** Where the pilots happen: every instant is shown on Vietnamese wall-clock time. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl formatter costs far more than using one: keep one per option set.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as Intl.NumberFormat;
}

function dateFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as Intl.DateTimeFormat;
}

/**
 * Money is an integer number of đồng, never a float: `1.250.000.000 ₫` in Vietnamese,
 * `VND 1,250,000,000` in English. A bigint keeps totals beyond 2^53 exact.
 *
 * @example formatMoney(1_250_000_000, 'vi') // '1.250.000.000 ₫' (Intl puts U+00A0 before ₫)
 */
export function formatMoney(amount: number | bigint, locale: FormatLocale): string {
  if (typeof amount === 'number' && !Number.isSafeInteger(amount)) {
    throw new RangeError(`Money must be a whole number of đồng, got ${amount}`);
  }
  const f =
    locale === 'vi'
      ? numberFormat('money-vi', () => new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }))
      : numberFormat(
          'money-en',
          () => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'VND', currencyDisplay: 'code', maximumFractionDigits: 0 }),
        );
  return f.format(amount);
}

/**
 * A date as people write it: `23/11/2026` in Vietnamese, `23 Nov 2026` in English.
 * A calendar date (`YYYY-MM-DD`, no time of day) is shown as written, never shifted by a time zone;
 * an instant (ISO timestamp or Date) is shown as its date in Asia/Ho_Chi_Minh.
 */
export function formatDate(value: string | Date, locale: FormatLocale): string {
  const calendar = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  const timeZone = calendar ? 'UTC' : TIME_ZONE;
  const date = calendar ? new Date(Date.UTC(Number(calendar[1]), Number(calendar[2]) - 1, Number(calendar[3]))) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  const f =
    locale === 'vi'
      ? dateFormat(`date-vi-${timeZone}`, () => new Intl.DateTimeFormat('vi-VN', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }))
      : dateFormat(`date-en-${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }));
  return f.format(date);
}

/** An instant with its wall-clock time in Asia/Ho_Chi_Minh: `23/11/2026 10:04` or `23 Nov 2026, 10:04`. */
export function formatDateTime(value: string | Date, locale: FormatLocale): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  const time = dateFormat('time', () => new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  const day = formatDate(date, locale);
  return locale === 'vi' ? `${day} ${time.format(date)}` : `${day}, ${time.format(date)}`;
}

/** A span of calendar dates, e.g. a project's duration: `26/07/2026 – 17/01/2028`. */
export function formatDateRange(start: string, end: string, locale: FormatLocale): string {
  return `${formatDate(start, locale)} – ${formatDate(end, locale)}`;
}
