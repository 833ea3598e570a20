/**
 * Which namespaces, environments and workloads of a cluster may open connections to which, computed from the
 * NetworkPolicies of every environment on it; and the check that an environment reaches no other environment that
 * its definition does not name.
 */
import { objectKey } from '../../core/manifest';
import { CheckInfo } from '../rule';
import { Enforcement, Severity } from '../severity';
import { GuardrailTarget, TargetKind } from '../target';
import { Violation } from '../violation';
import { ClusterNetwork } from './cluster-network';
import { PortSet } from './port-set';

/** One ordered pair: may `from` open connections to `to`, and on which ports. */
export interface ReachabilityCell {
  readonly from: string;
  readonly to: string;
  readonly allowed: boolean;
  /** `all`, `none`, or e.g. `TCP/8080, UDP/53`. */
  readonly ports: string;
}

/** Reachability within one cluster. */
export interface ClusterReachability {
  readonly cluster: string;
  /** Namespaces: the environments' (managed), then the ones their policies name (policies unknown, taken as open). */
  readonly namespaces: ReadonlyArray<{ readonly name: string; readonly environment?: string; readonly managed: boolean }>;
  /** Every ordered pair of namespaces. */
  readonly namespaceMatrix: readonly ReachabilityCell[];
  /** Every ordered pair of environments on the cluster. */
  readonly environmentMatrix: readonly ReachabilityCell[];
  /** Allowed pairs of distinct rendered workloads (`namespace/Kind/name`), in either namespace. */
  readonly workloadMatrix: readonly ReachabilityCell[];
}

/** The check that environments reach only the environments they name. */
export const UNDECLARED_REACHABILITY: CheckInfo = {
  id: 'undeclared-reachability',
  title: 'Environments reach only the environments they name',
  rationale: 'Environments on a cluster are isolated by namespace; traffic between two of them is allowed only where both definitions say so.',
  references: [],
  fix: 'Remove the NetworkPolicy that opens the path, or name the environments in each other\'s network.allowTo and network.allowFrom.',
  enforcement: Enforcement.ALWAYS,
  acceptable: false,
};

/** Reachability of every cluster the environment targets run on, in target order. */
export function computeReachability(targets: readonly GuardrailTarget[]): ClusterReachability[] {
  const environments = targets.filter((t) => t.kind === TargetKind.ENVIRONMENT && t.namespace !== undefined);
  const clusters = [...new Set(environments.map((t) => t.cluster))];
  return clusters.map((cluster) => clusterReachability(cluster, environments.filter((t) => t.cluster === cluster),
    targets.filter((t) => t.cluster === cluster)));
}

/**
 * The pod and Service ranges of a cluster, from its targets: what any of them declares (they come from one cluster, so
 * they agree; were they not to, more ranges count as pods), else the defaults.
 */
function rangesOf(targets: readonly GuardrailTarget[]): { podSubnets?: string[]; serviceSubnets?: string[] } {
  const declared = targets.flatMap((t) => (t.networking ? [t.networking] : []));
  if (declared.length === 0) {
    return {};
  }
  return {
    podSubnets: [...new Set(declared.flatMap((n) => n.podSubnets))],
    serviceSubnets: [...new Set(declared.flatMap((n) => n.serviceSubnets))],
  };
}

function clusterReachability(cluster: string, environments: readonly GuardrailTarget[], all: readonly GuardrailTarget[]): ClusterReachability {
  const network = new ClusterNetwork({
    ...rangesOf(all),
    namespaces: environments.map((t) => ({
      name: t.namespace!,
      environment: t.name,
      labels: t.objects.find((o) => o?.kind === 'Namespace' && o.metadata?.name === t.namespace)?.metadata?.labels,
    })),
    objects: environments.flatMap((t) => t.objects),
  });
  const cell = (from: string, to: string, ports: PortSet): ReachabilityCell => ({ from, to, allowed: !ports.isEmpty, ports: ports.toString() });
  // Only the pairs some port is open between (the policies' rules name them); every other pair is closed.
  const pairs = network.allowedPairs();
  const between = new Map<string, PortSet>();
  for (const { from, to, ports } of pairs) {
    const key = `${from.namespace} ${to.namespace}`;
    between.set(key, (between.get(key) ?? PortSet.NONE).union(ports));
  }

  const namespaceMatrix = network.namespaces.flatMap((a) => network.namespaces
    .map((b) => cell(a.name, b.name, between.get(`${a.name} ${b.name}`) ?? PortSet.NONE)));
  const byNamespace = new Map(namespaceMatrix.map((c) => [`${c.from} ${c.to}`, c]));
  const environmentMatrix = environments.flatMap((a) => environments.map((b) => {
    const c = byNamespace.get(`${a.namespace} ${b.namespace}`)!;
    return { ...c, from: a.name, to: b.name };
  }));
  const workloadMatrix = pairs
    .filter(({ from, to }) => from.workload && to.workload && from !== to)
    .map(({ from, to, ports }) => cell(`${from.namespace}/${from.name}`, `${to.namespace}/${to.name}`, ports));
  return {
    cluster,
    namespaces: network.namespaces.map((ns) => ({ name: ns.name, environment: ns.environment, managed: ns.managed })),
    namespaceMatrix,
    environmentMatrix,
    workloadMatrix,
  };
}

/**
 * Violations for every environment that can reach another environment without both naming each other: the source in
 * `network.allowTo`, the destination in `network.allowFrom`.
 */
export function undeclaredReachability(reachability: readonly ClusterReachability[], targets: readonly GuardrailTarget[]): Violation[] {
  const byName = new Map(targets.map((t) => [t.name, t]));
  return reachability.flatMap((r) => r.environmentMatrix
    .filter((c) => c.allowed && c.from !== c.to)
    .flatMap((c): Violation[] => {
      const from = byName.get(c.from)!;
      const to = byName.get(c.to)!;
      const missing = [
        ...((from.allowTo ?? []).includes(to.name) ? [] : [`"${from.name}" does not name "${to.name}" in network.allowTo`]),
        ...((to.allowFrom ?? []).includes(from.name) ? [] : [`"${to.name}" does not name "${from.name}" in network.allowFrom`]),
      ];
      if (missing.length === 0) return [];
      const namespace = from.objects.find((o) => o?.kind === 'Namespace' && o.metadata?.name === from.namespace);
      return [{
        rule: UNDECLARED_REACHABILITY.id,
        severity: Severity.ERROR,
        environment: from.name,
        object: namespace ? objectKey(namespace) : `Namespace/${from.namespace}`,
        constructPath: namespace ? from.constructPaths?.[objectKey(namespace)] : undefined,
        message: `can reach environment "${to.name}" (namespace "${to.namespace}") on ${c.ports}, but ${missing.join(' and ')}`,
        fix: UNDECLARED_REACHABILITY.fix,
      }];
    }));
}
