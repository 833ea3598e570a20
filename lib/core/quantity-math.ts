/**
 * Sums of Kubernetes quantities, in whole units as the API server counts them: CPU in millicores, memory and storage
 * in bytes. Fractions round up, as `resource.Quantity`'s `MilliValue()` and `Value()` do, so `0.1` CPU is 100m and
 * `128m` of memory is 1 byte.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
import { parseQuantity } from './quantity';

/** The unit a resource is counted in. */
export enum QuantityUnit {
  /** CPU, in millicores. */
  MILLICORES = 'millicores',
  /** Memory and storage, in bytes. */
  BYTES = 'bytes',
  /** Objects (pods, claims, Services). */
  COUNT = 'count',
}

/** Binary suffixes, largest first, for rendering byte counts. */
const BINARY: ReadonlyArray<readonly [string, number]> = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/**
 * A quantity in whole units of `unit` (millicores, bytes, or a count), rounded up; `undefined` when it is not a
 * quantity.
 */
export function quantityAmount(quantity: string | number, unit: QuantityUnit): number | undefined {
  const value = typeof quantity === 'number' ? quantity : parseQuantity(String(quantity));
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const scaled = unit === QuantityUnit.MILLICORES ? value * 1000 : value;
  // Floating point makes 0.1 × 1000 a hair above 100; only a real fraction rounds up.
  const nearest = Math.round(scaled);
  return Math.abs(scaled - nearest) < 1e-6 ? nearest : Math.ceil(scaled);
}

/**
 * An amount as a quantity people read: `3650m` or `4` CPU, `5248Mi (5.13Gi)` of memory, `22` pods. Bytes take the
 * largest binary suffix that divides them, and an approximation in the next larger one when that is at least 1.
 */
export function formatAmount(amount: number, unit: QuantityUnit): string {
  if (unit === QuantityUnit.MILLICORES) {
    return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
  }
  if (unit === QuantityUnit.COUNT || amount === 0) {
    return String(amount);
  }
  const exact = BINARY.find(([, factor]) => amount % factor === 0);
  const text = exact ? `${amount / exact[1]}${exact[0]}` : String(amount);
  const larger = BINARY.find(([, factor]) => amount >= factor && (!exact || factor > exact[1]));
  return larger && amount % larger[1] !== 0 ? `${text} (${round2(amount / larger[1])}${larger[0]})` : text;
}

function round2(value: number): string {
  return String(Math.round(value * 100) / 100);
}
