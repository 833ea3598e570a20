/**
 * Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1e3`), parsed for comparison.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

// The serialisation format of k8s.io/apimachinery resource.Quantity: a decimal number and an optional binary
// suffix (Ki…Ei), decimal suffix (n, u, m, k, M…E) or decimal exponent.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

const SUFFIX: { readonly [suffix: string]: number } = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Parses a quantity into its value in base units (cores, bytes); `undefined` when it is not a valid quantity. */
export function parseQuantity(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity);
  if (!match) {
    return undefined;
  }
  const [, number, suffix = ''] = match;
  // `E` alone is the exa suffix and `Ei` the exbi one; only `e`/`E` followed by digits is an exponent.
  const factor = /^[eE][+-]?\d+$/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(number) * factor;
}

/** Whether a string is a valid, non-negative quantity. */
export function isQuantity(quantity: string): boolean {
  const value = parseQuantity(quantity);
  return value !== undefined && value >= 0;
}


/** Kubernetes quantities for CPU and memory, e.g. `{ cpu: '500m', memory: '512Mi' }`. */
export interface ComputeResources {
  /** CPU quantity, e.g. `500m` or `2`. */
  readonly cpu: string;
  /** Memory quantity, e.g. `512Mi` or `4Gi`. */
  readonly memory: string;
}


/** The LimitRange of an environment namespace: per-container defaults and bounds. */
export interface LimitRangeSettings {
  /** Requests given to containers that declare none; at most `default`. */
  readonly defaultRequest: ComputeResources;
  /** Limits given to containers that declare none; at most `max`. */
  readonly default: ComputeResources;
  /** Largest limit a container may declare; at most the namespace quota's limits. */
  readonly max: ComputeResources;
}
