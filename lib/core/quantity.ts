/**
 * Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1e3`): parsed for comparison, and written in the canonical
 * form the API server stores.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

// The serialisation format of k8s.io/apimachinery resource.Quantity: a decimal number and an optional binary
// suffix (Ki…Ei), decimal suffix (n, u, m, k, M…E) or decimal exponent.
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Powers of ten of the decimal suffixes. */
const DECIMAL_EXPONENT: { readonly [suffix: string]: number } = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Powers of 1024 of the binary suffixes. */
const BINARY_POWER: { readonly [suffix: string]: number } = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL_EXPONENT).map(([suffix, exponent]) => [exponent, suffix]));
const BINARY_SUFFIX = new Map(Object.entries(BINARY_POWER).map(([suffix, power]) => [power, suffix]));

/** The three serialisation formats of apimachinery's `resource.Format`; a quantity keeps the one it was written in. */
type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A quantity as an exact decimal: `sign × mantissa × 10^exponent`, with the format it was written in. */
interface Exact {
  readonly negative: boolean;
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: Format;
  /** The suffix as written (`Mi`, `m`, `e3`, or empty). */
  readonly suffix: string;
}

/**
 * Parses a quantity exactly, as `resource.ParseQuantity` does: the suffix applied, values finer than a nano-unit
 * rounded up to one (away from zero), and a binary quantity below one written as a decimal one.
 */
function parseExact(quantity: string): Exact | undefined {
  const match = QUANTITY.exec(quantity);
  if (!match) {
    return undefined;
  }
  const [, sign, number, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  let format: Format;
  // `E` alone is the exa suffix and `Ei` the exbi one; only `e`/`E` followed by digits is an exponent.
  if (/^[eE][+-]?\d+$/.test(suffix)) {
    exponent += Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else if (suffix in BINARY_POWER) {
    mantissa *= 1024n ** BigInt(BINARY_POWER[suffix]);
    format = 'BinarySI';
  } else {
    exponent += DECIMAL_EXPONENT[suffix];
    format = 'DecimalSI';
  }
  if (mantissa !== 0n && exponent < -9) {
    const divisor = 10n ** BigInt(-9 - exponent);
    mantissa = (mantissa + divisor - 1n) / divisor;
    exponent = -9;
  }
  if (format === 'BinarySI' && mantissa !== 0n && compare(mantissa, exponent, 1n) < 0) {
    format = 'DecimalSI';
  }
  return { negative: sign === '-' && mantissa !== 0n, mantissa, exponent, format, suffix };
}

/** Compares `mantissa × 10^exponent` with a whole number. */
function compare(mantissa: bigint, exponent: number, whole: bigint): number {
  const [left, right] = exponent >= 0 ? [mantissa * 10n ** BigInt(exponent), whole] : [mantissa, whole * 10n ** BigInt(-exponent)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The value as a whole number, when it is one. */
function wholeValue(mantissa: bigint, exponent: number): bigint | undefined {
  if (exponent >= 0) {
    return mantissa * 10n ** BigInt(exponent);
  }
  const divisor = 10n ** BigInt(-exponent);
  return mantissa % divisor === 0n ? mantissa / divisor : undefined;
}

/** Parses a quantity into its value in base units (cores, bytes); `undefined` when it is not a valid quantity. */
export function parseQuantity(quantity: string): number | undefined {
  const exact = parseExact(quantity);
  if (!exact) {
    return undefined;
  }
  const value = Number(`${exact.mantissa}e${exact.exponent}`);
  return exact.negative ? -value : value;
}

/** Whether a string is a valid, non-negative quantity. */
export function isQuantity(quantity: string): boolean {
  const value = parseQuantity(quantity);
  return value !== undefined && value >= 0;
}

/**
 * The canonical form of a quantity: what the API server stores and returns for it, so that what is applied reads back
 * unchanged (`0.1` → `100m`, `1024Mi` → `1Gi`, `1000m` → `1`, `1000` → `1k`, `1.5Gi` → `1536Mi`). Without it,
 * `kubernetes_manifest` sees a difference between the planned and the stored value at every plan.
 *
 * The rules of `Quantity.CanonicalizeBytes` (k8s.io/apimachinery pkg/api/resource/quantity.go): zero is `0`; a binary
 * quantity that is a whole number of at least 1024 keeps the largest binary suffix that divides it, else it is written
 * as a decimal one; a decimal quantity drops trailing zeros into a power of ten that is a multiple of three and takes
 * its suffix (`n` … `E`, beyond `E` an exponent); an exponent quantity keeps the exponent form (`1e3`).
 *
 * @throws when `quantity` is not a valid quantity (definitions are validated before anything is rendered)
 */
export function canonicalQuantity(quantity: string): string {
  const exact = parseExact(quantity);
  if (!exact) {
    throw new Error(`"${quantity}" is not a Kubernetes quantity`);
  }
  let { mantissa, exponent } = exact;
  if (mantissa === 0n) {
    return '0';
  }
  const sign = exact.negative ? '-' : '';
  if (exact.format === 'BinarySI') {
    const whole = wholeValue(mantissa, exponent);
    if (whole !== undefined && whole >= 1024n) {
      let amount = whole;
      let power = 0;
      while (amount % 1024n === 0n && power < 6) {
        amount /= 1024n;
        power++;
      }
      return `${sign}${amount}${BINARY_SUFFIX.get(power) ?? ''}`;
    }
    // Below 1024, or not a whole number of units: written in decimal, so nothing is rounded.
  }
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  // The exponent becomes a multiple of three (JavaScript's % keeps the sign: -1 and 2 need two digits, 1 and -2 one).
  const rest = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(rest);
  exponent -= rest;
  if (exact.format === 'DecimalExponent') {
    return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
  }
  return `${sign}${mantissa}${DECIMAL_SUFFIX.get(exponent) ?? `e${exponent}`}`;
}

/**
 * Why a quantity of bytes (memory, storage) cannot be meant, naming the quantity that likely was; `undefined` when it
 * can. Bytes come whole: `128m` is 0.128 bytes (`m` is milli, a thousandth), which the API server accepts and no
 * container runs in.
 */
export function implausibleBytes(quantity: string): string | undefined {
  const exact = parseExact(quantity);
  if (!exact || exact.negative || exact.mantissa === 0n || wholeValue(exact.mantissa, exact.exponent) !== undefined) {
    return undefined;
  }
  const amount = `${quantity} is ${Number(`${exact.mantissa}e${exact.exponent}`)} bytes`;
  if (exact.suffix === 'm') {
    return `${amount} (m is milli, a thousandth); did you mean ${quantity.slice(0, -1)}Mi?`;
  }
  return `${amount}; write bytes with a binary suffix, such as 512Mi or 2Gi`;
}

/** Kubernetes quantities for CPU and memory, e.g. `{ cpu: '500m', memory: '512Mi' }`. */
export interface ComputeResources {
  /** CPU quantity, e.g. `500m` or `2`. */
  readonly cpu: string;
  /** Memory quantity, e.g. `512Mi` or `4Gi`. */
  readonly memory: string;
}

/**
 * Limits: memory always, CPU only where stated. A CPU limit throttles a container through the CFS quota whenever it
 * uses its share within a period, even on an idle node, so the platform sets none by default: CPU is shared by
 * requests (the scheduler's and the kernel's weights), memory is bounded by a limit.
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run
 */
export interface ComputeLimits {
  /**
   * CPU quantity, e.g. `2`.
   * @default - no CPU limit
   */
  readonly cpu?: string;
  /** Memory quantity, e.g. `512Mi` or `4Gi`. */
  readonly memory: string;
}

/**
 * The LimitRange of an environment namespace: per-container defaults and bounds. A CPU value in `default` or `max`
 * gives every container a CPU limit (the API server defaults `default` from `max`, and the LimitRanger refuses a
 * container without a limit for a resource that has a `max`), so the reference environments state memory only there.
 */
export interface LimitRangeSettings {
  /** Requests given to containers that declare none; at most `default`. */
  readonly defaultRequest: ComputeResources;
  /** Limits given to containers that declare none; at most `max`. */
  readonly default: ComputeLimits;
  /** Largest limit (and request) a container may declare; at most the namespace quota's limits. */
  readonly max: ComputeLimits;
}
