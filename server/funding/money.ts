import { MAX_MONEY, type Money } from '../../shared/funding-schemas.ts';
import { badRequest } from '../errors.ts';

// Money is an integer number of đồng. Arithmetic on it is done with BigInt and every result is
// checked against MAX_MONEY before it becomes a JS number again: past 2^53 a number is no longer
// exact, and a total that silently rounds is worse than a refusal.

const MAX = BigInt(MAX_MONEY);

function tooLarge(field: string): never {
  const message = 'Amounts and totals must stay below 9,007,199,254,740,991 đồng';
  throw badRequest('amount_too_large', message, { [field]: [message] });
}

/** A money value from a client: a whole, non-negative number of đồng no larger than MAX_MONEY. */
export function parseMoney(value: Money, field: string): number {
  if (typeof value === 'string') return toSafeMoney(BigInt(value), field);
  if (!Number.isInteger(value) || value < 0) {
    const message = 'Must be a whole, non-negative number of đồng';
    throw badRequest('invalid_amount', message, { [field]: [message] });
  }
  if (!Number.isSafeInteger(value)) tooLarge(field);
  return value;
}

/** A BigInt amount as a JS number, refused with `amount_too_large` past MAX_MONEY. */
export function toSafeMoney(value: bigint, field = 'amount'): number {
  if (value > MAX || value < -MAX) tooLarge(field);
  return Number(value);
}

/** The exact sum of safe integers, refused past MAX_MONEY. */
export function sumMoney(values: Iterable<number>, field = 'total'): number {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return toSafeMoney(total, field);
}

/**
 * quantity (in thousandths) × unit cost, exactly. A product that is not whole đồng is refused
 * (`amount_not_whole`) rather than rounded: the estimate must add up to the đồng.
 */
export function lineAmount(quantityMilli: number, unitCost: number, field = 'unitCost'): number {
  const milli = BigInt(quantityMilli) * BigInt(unitCost);
  if (milli % 1000n !== 0n) {
    const message = 'Quantity × unit cost must be a whole number of đồng';
    throw badRequest('amount_not_whole', message, { [field]: [message] });
  }
  return toSafeMoney(milli / 1000n, field);
}

/** A running BigInt total per key, read back as checked numbers. */
export class MoneyTotals<K> {
  private readonly totals = new Map<K, bigint>();

  add(key: K, amount: number): void {
    this.totals.set(key, (this.totals.get(key) ?? 0n) + BigInt(amount));
  }

  get(key: K): number {
    return toSafeMoney(this.totals.get(key) ?? 0n, 'total');
  }

  keys(): K[] {
    return [...this.totals.keys()];
  }
}
