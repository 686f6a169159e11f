import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatDateTime, formatMoney } from '../shared/format.ts';

/** Intl separates amount and currency with a no-break space; compare as people read it. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('formatMoney', () => {
  it('writes đồng the Vietnamese way', () => {
    expect(plain(formatMoney(1_250_000_000, 'vi'))).toBe('1.250.000.000 ₫');
    expect(plain(formatMoney(0, 'vi'))).toBe('0 ₫');
    expect(plain(formatMoney(-35_000, 'vi'))).toBe('-35.000 ₫');
  });

  it('writes đồng the English way, with the currency code', () => {
    expect(plain(formatMoney(1_250_000_000, 'en'))).toBe('VND 1,250,000,000');
    expect(plain(formatMoney(0, 'en'))).toBe('VND 0');
  });

  it('keeps a bigint beyond 2^53 exact', () => {
    expect(plain(formatMoney(1_250_000_000n, 'vi'))).toBe('1.250.000.000 ₫');
    expect(plain(formatMoney(9_007_199_254_740_993n, 'en'))).toBe('VND 9,007,199,254,740,993');
    expect(plain(formatMoney(9_007_199_254_740_993n, 'vi'))).toBe('9.007.199.254.740.993 ₫');
  });

  it('keeps amount and currency on one line', () => {
    expect(formatMoney(1_000, 'vi')).toMatch(/1\.000[\u00a0\u202f ]₫/);
    expect(formatMoney(1_000, 'vi')).not.toMatch(/\n/);
  });

  it('refuses fractions and unsafe numbers: money is whole đồng', () => {
    expect(() => formatMoney(10.5, 'vi')).toThrow(RangeError);
    expect(() => formatMoney(Number.MAX_SAFE_INTEGER + 2, 'en')).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, 'en')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('shows a calendar date as dd/mm/yyyy in Vietnamese and "23 Nov 2026" in English', () => {
    expect(formatDate('2026-11-23', 'vi')).toBe('23/11/2026');
    expect(formatDate('2026-11-23', 'en')).toBe('23 Nov 2026');
    expect(formatDate('2026-01-05', 'vi')).toBe('05/01/2026');
    expect(formatDate('2026-01-05', 'en')).toBe('5 Jan 2026');
  });

  it('never shifts a calendar date by a time zone', () => {
    expect(formatDate('2026-12-31', 'vi')).toBe('31/12/2026');
    expect(formatDate('2027-01-01', 'en')).toBe('1 Jan 2027');
  });

  it('shows an instant as its date in Asia/Ho_Chi_Minh (UTC+7)', () => {
    // 17:30 UTC on the 22nd is 00:30 on the 23rd in Vietnam.
    expect(formatDate('2026-11-22T17:30:00.000Z', 'vi')).toBe('23/11/2026');
    expect(formatDate(new Date('2026-11-22T16:59:00.000Z'), 'en')).toBe('22 Nov 2026');
  });

  it('refuses what is not a date', () => {
    expect(() => formatDate('not a date', 'vi')).toThrow(RangeError);
  });
});

describe('formatDateTime and formatDateRange', () => {
  it('shows the wall-clock time in Vietnam', () => {
    expect(formatDateTime('2026-11-23T03:04:00.000Z', 'vi')).toBe('23/11/2026 10:04');
    expect(formatDateTime('2026-11-23T03:04:00.000Z', 'en')).toBe('23 Nov 2026, 10:04');
    expect(formatDateTime('2026-11-22T17:00:00.000Z', 'vi')).toBe('23/11/2026 00:00');
  });

  it('joins two calendar dates with an en dash', () => {
    expect(formatDateRange('2026-07-26', '2028-01-17', 'vi')).toBe('26/07/2026 – 17/01/2028');
    expect(formatDateRange('2026-07-26', '2028-01-17', 'en')).toBe('26 Jul 2026 – 17 Jan 2028');
  });
});
