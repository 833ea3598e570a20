/**
 * The capacity table of each environment: what its apps ask at minimum and maximum scale, what its quota allows, and
 * what its node pool offers. Data for the report's JSON, and text for its terminal form.
 */
import { QuantityUnit, formatAmount } from '../core/quantity-math';
import { QUOTA_RESOURCES, RESOURCE_UNITS, demandOf, effectiveQuota } from './rules/_capacity';
import { POOL_RESOURCES, poolCapacity } from './rules/pool-fit';
import { GuardrailTarget, TargetKind } from './target';

/** One resource of an environment's capacity table, in whole units of `unit` (see quantity-math.ts). */
export interface CapacityRow {
  /** The quota resource, as `spec.hard` names it (`requests.cpu`, `pods`, `requests.storage`). */
  readonly resource: string;
  /** Millicores for CPU, bytes for memory and storage, a count for pods, claims and Services. */
  readonly unit: QuantityUnit;
  /** What the apps ask at minimum scale (replicas or autoscaler minimums). */
  readonly minimum: number;
  /** What the apps ask at maximum scale (autoscaler maximums). */
  readonly maximum: number;
  /** The quota's limit (the tightest, when several quotas set one); null when no quota limits it. */
  readonly quota: number | null;
  /** What the node pool offers at its smallest and largest; null when the pool does not bound the resource or declares nothing. */
  readonly pool: { readonly smallest: number; readonly largest: number } | null;
}

/** The capacity table of one environment; the text report formats its amounts as quantities (`3650m`, `5248Mi (5.13Gi)`). */
export interface EnvironmentCapacity {
  /** The environment. */
  readonly environment: string;
  /** The cluster it runs on. */
  readonly cluster: string;
  /** The node pool it is pinned to; null when none. */
  readonly nodePool: string | null;
  /**
   * The pool in a few words: `6 to 18 nodes × 7910m CPU, 28Gi, 110 pods`, `pool capacity not declared`, or
   * `not pinned to a node pool`; pools shared with other environments name them.
   */
  readonly poolCapacity: string;
  /** Every resource the apps ask for or the quota limits, in a fixed order. */
  readonly rows: readonly CapacityRow[];
}

/** The capacity tables of the environment targets, in target order. */
export function capacityTables(targets: readonly GuardrailTarget[]): EnvironmentCapacity[] {
  return targets.filter((t) => t.kind === TargetKind.ENVIRONMENT).map((target): EnvironmentCapacity => {
    const demand = demandOf(target.objects);
    const quota = effectiveQuota(target.objects);
    const pool = target.nodePool;
    const rows = QUOTA_RESOURCES.flatMap((resource): CapacityRow[] => {
      const unit = RESOURCE_UNITS[resource];
      const { min, max } = demand[resource];
      const limit = quota.get(resource);
      if (min === 0 && max === 0 && !limit) return [];
      const smallest = pool ? poolCapacity(pool, resource, pool.minNodes) : undefined;
      const largest = pool ? poolCapacity(pool, resource, pool.maxNodes) : undefined;
      return [{
        resource,
        unit,
        minimum: min,
        maximum: max,
        quota: limit?.amount ?? null,
        pool: smallest === undefined || largest === undefined ? null : { smallest, largest },
      }];
    });
    return { environment: target.name, cluster: target.cluster, nodePool: pool?.name ?? null, poolCapacity: describePool(target, targets), rows };
  });
}

function describePool(target: GuardrailTarget, targets: readonly GuardrailTarget[]): string {
  const pool = target.nodePool;
  if (!pool) return 'not pinned to a node pool';
  const nodes = pool.minNodes === pool.maxNodes
    ? `${pool.maxNodes} node${pool.maxNodes === 1 ? '' : 's'}`
    : `${pool.minNodes} to ${pool.maxNodes} nodes`;
  const shared = targets.filter((t) => t !== target && t.kind === TargetKind.ENVIRONMENT
    && t.cluster === target.cluster && t.nodePool?.name === pool.name);
  const sharing = shared.length > 0 ? `, shared with ${shared.map((t) => `"${t.name}"`).join(', ')}` : '';
  if (!pool.allocatable) return `node pool "${pool.name}", ${nodes}: pool capacity not declared${sharing}`;
  const { cpu, memory, pods } = pool.allocatable;
  return `node pool "${pool.name}", ${nodes} × ${cpu} CPU, ${memory} memory, ${pods} pods${sharing}`;
}

/** The capacity tables as text, one block per environment (nothing when there are none). */
export function renderCapacityTables(tables: readonly EnvironmentCapacity[]): string[] {
  return tables.flatMap((table) => {
    const header = ['resource', 'minimum scale', 'maximum scale', 'quota', 'pool'];
    const rows = table.rows.map((r) => [
      r.resource,
      formatAmount(r.minimum, r.unit),
      formatAmount(r.maximum, r.unit),
      r.quota === null ? '-' : formatAmount(r.quota, r.unit),
      POOL_RESOURCES.some(([p]) => p === r.resource) ? renderPool(r) : '',
    ]);
    const widths = header.map((_, col) => Math.max(...[header, ...rows].map((row) => row[col].length)));
    const format = (row: string[]) => `  ${row.map((text, col) => text.padEnd(widths[col])).join('  ').trimEnd()}`;
    return ['', `capacity, environment ${table.environment} (cluster ${table.cluster}; ${table.poolCapacity})`, format(header), ...rows.map(format)];
  });
}

/** `7 to 21`, or one figure for a pool of fixed size; `-` when the pool declares nothing. */
function renderPool(row: CapacityRow): string {
  if (row.pool === null) return '-';
  const { smallest, largest } = row.pool;
  return smallest === largest ? formatAmount(largest, row.unit) : `${formatAmount(smallest, row.unit)} to ${formatAmount(largest, row.unit)}`;
}
