/**
 * The quotas of the environments pinned to a node pool fit what the pool's nodes offer. A quota is a promise to the
 * environment; when the promises of a pool add up to more than its nodes at their largest, pods within quota stay
 * Pending. Compared: the quotas' `requests.cpu`, `requests.memory` and `pods` with nodes × allocatable per node at
 * the pool's `maxSize` (limits may overcommit a node by design, and are not compared).
 */
import { formatAmount, quantityAmount } from '../../core/quantity-math';
import { CheckInfo } from '../rule';
import { Enforcement, severityFor } from '../severity';
import { CLUSTER_TARGET_PREFIX, GuardrailTarget, TargetKind, TargetNodePool } from '../target';
import { Violation } from '../violation';
import { QuotaResource, RESOURCE_UNITS, effectiveQuota } from './_capacity';

/** The quota resources a pool's capacity bounds, and the field of the node's allocatable that bounds each. */
export const POOL_RESOURCES: ReadonlyArray<readonly [QuotaResource, 'cpu' | 'memory' | 'pods']> = [
  ['requests.cpu', 'cpu'], ['requests.memory', 'memory'], ['pods', 'pods'],
];

/** The quotas of the environments on a node pool fit its nodes at their largest. */
export const POOL_FITS: CheckInfo = {
  id: 'pool-fits',
  title: 'The quotas on a node pool fit its nodes',
  rationale: 'A quota promises an environment room that only the nodes of its pool can give: promises beyond them leave pods '
    + 'that are within quota Pending, in the environment that needs them least or most.',
  references: [],
  fix: 'Declare more nodes (maxSize) or larger ones (allocatable) for the pool, or lower the quotas of the environments pinned to it.',
  enforcement: Enforcement.PROTECTED,
  acceptable: false,
};

/** What a pool's nodes offer of one resource, at `nodes` nodes; `undefined` when the pool declares no allocatable. */
export function poolCapacity(pool: TargetNodePool, resource: QuotaResource, nodes: number): number | undefined {
  const field = POOL_RESOURCES.find(([r]) => r === resource)?.[1];
  if (!field || !pool.allocatable) return undefined;
  const perNode = quantityAmount(pool.allocatable[field], RESOURCE_UNITS[resource]);
  return perNode === undefined ? undefined : perNode * nodes;
}

/**
 * Violations of {@link POOL_FITS}: for each node pool that declares what its nodes offer, on the target of its cluster
 * (`cluster-<name>`, object `NodePool/<pool>`); errors when a protected environment is pinned to the pool.
 */
export function poolFitViolations(targets: readonly GuardrailTarget[]): Violation[] {
  const pools = new Map<string, GuardrailTarget[]>();
  for (const target of targets.filter((t) => t.kind === TargetKind.ENVIRONMENT && t.nodePool?.allocatable)) {
    const key = `${target.cluster}\u0000${target.nodePool!.name}`;
    pools.set(key, [...pools.get(key) ?? [], target]);
  }
  const violations: Violation[] = [];
  for (const pinned of pools.values()) {
    const pool = pinned[0].nodePool!;
    const quotas = pinned.map((t) => ({ target: t, quota: effectiveQuota(t.objects) }));
    for (const [resource] of POOL_RESOURCES) {
      const unit = RESOURCE_UNITS[resource];
      const capacity = poolCapacity(pool, resource, pool.maxNodes)!;
      const unlimited = quotas.filter((q) => !q.quota.has(resource)).map((q) => `"${q.target.name}"`);
      const total = quotas.reduce((sum, q) => sum + (q.quota.get(resource)?.amount ?? 0), 0);
      let message: string | undefined;
      if (unlimited.length > 0) {
        message = `the quota of environment ${unlimited.join(', ')} sets no ${resource}, so the environments of node pool "${pool.name}" may ask `
          + `for more than its ${nodes(pool.maxNodes)} offer (${formatAmount(capacity, unit)}); set ${resource} in every quota on the pool`;
      } else if (total > capacity) {
        const parts = quotas.map((q) => `"${q.target.name}" ${q.quota.get(resource)!.written}`).join(', ');
        message = `the quotas on node pool "${pool.name}" promise ${resource} ${formatAmount(total, unit)} (${parts}), `
          + `${formatAmount(total - capacity, unit)} more than its nodes offer at their largest: ${nodes(pool.maxNodes)} × `
          + `${pool.allocatable![POOL_RESOURCES.find(([r]) => r === resource)![1]]} = ${formatAmount(capacity, unit)}`;
      }
      if (message !== undefined) {
        violations.push({
          rule: POOL_FITS.id,
          severity: severityFor(pinned.some((t) => t.protected), POOL_FITS.enforcement),
          environment: `${CLUSTER_TARGET_PREFIX}${pinned[0].cluster}`,
          object: `NodePool/${pool.name}`,
          message,
          fix: POOL_FITS.fix,
        });
      }
    }
  }
  return violations;
}

function nodes(count: number): string {
  return `${count} node${count === 1 ? '' : 's'}`;
}
