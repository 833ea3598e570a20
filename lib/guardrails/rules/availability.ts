/** Replicated workloads survive a node, a zone and a drain: two replicas or more, a disruption budget, spreading. */
import { Workload, autoscalerOf, autoscalersByTarget, minimumReplicas } from '../_objects';
import { selectorMatches } from '../_selector';
import { Finding, Rule, RuleContext, Tool, ref } from '../rule';
import { objectsOfKind, workloadsSelectedBy } from './_helpers';

/** The least number of pods a serving workload keeps: one can be down while another serves. */
const MIN_REPLICAS = 2;

/** Well-known node labels to spread over (the kubelet and cloud providers set them). */
const ZONE_KEY = 'topology.kubernetes.io/zone';
const HOST_KEY = 'kubernetes.io/hostname';

/** Replicated workloads with their least pod count (the autoscaler's minimum when one scales them). */
function replicated(context: RuleContext): Array<{ workload: Workload; replicas: number }> {
  const autoscalers = autoscalersByTarget(context.objects);
  return context.workloads
    .map((workload) => ({ workload, replicas: minimumReplicas(workload, autoscalers) }))
    .filter((w): w is { workload: Workload; replicas: number } => w.replicas !== undefined);
}

const BUDGETS = new WeakMap<RuleContext, Map<Workload, any[]>>();

/** The PodDisruptionBudgets that select a workload's pods, in output order (worked out once per target). */
function budgetsOf(context: RuleContext, workload: Workload): readonly any[] {
  let budgets = BUDGETS.get(context);
  if (!budgets) {
    budgets = new Map();
    for (const pdb of objectsOfKind(context, 'PodDisruptionBudget')) {
      for (const selected of workloadsSelectedBy(context, pdb.metadata?.namespace, pdb.spec?.selector)) {
        budgets.set(selected, [...(budgets.get(selected) ?? []), pdb]);
      }
    }
    BUDGETS.set(context, budgets);
  }
  return budgets.get(workload) ?? [];
}

/** Replicated workloads run at least two pods. */
export const MIN_REPLICAS_RULE: Rule = {
  id: 'min-replicas',
  title: `Replicated workloads run at least ${MIN_REPLICAS} pods`,
  rationale: 'A single replica is down during every rollout, node drain and crash.',
  references: [
    ref(Tool.KUBE_LINTER, 'minimum-three-replicas'), ref(Tool.KUBE_SCORE, 'deployment-replicas'), ref(Tool.POLARIS, 'deploymentMissingReplicas'),
    ref(Tool.KYVERNO, 'require-deployments-have-multiple-replicas'),
  ],
  fix: `Set spec.replicas to ${MIN_REPLICAS} or more (or let an autoscaler with minReplicas ≥ ${MIN_REPLICAS} scale it).`,
  check: (context) => {
    const autoscalers = autoscalersByTarget(context.objects);
    // An autoscaled workload is judged by its autoscaler's minimum (rule hpa-replicas).
    return replicated(context)
      .filter(({ workload, replicas }) => replicas < MIN_REPLICAS && !autoscalerOf(workload, autoscalers))
      .map(({ workload, replicas }) => ({
        object: workload.object,
        message: `runs ${replicas} replica${replicas === 1 ? '' : 's'}${workload.object.spec?.replicas === undefined ? ' (spec.replicas defaults to 1)' : ''}`,
        path: 'spec.replicas',
      }));
  },
};

/** Every replicated workload has a PodDisruptionBudget. */
export const PDB_PRESENT: Rule = {
  id: 'pdb-present',
  title: 'Replicated workloads have a PodDisruptionBudget',
  rationale: 'Without a budget, a node drain or cluster upgrade may evict every replica at once.',
  references: [
    ref(Tool.KUBE_SCORE, 'deployment-has-poddisruptionbudget'), ref(Tool.KUBE_SCORE, 'statefulset-has-poddisruptionbudget'),
    ref(Tool.POLARIS, 'missingPodDisruptionBudget'), ref(Tool.KYVERNO, 'require-pdb'),
  ],
  fix: 'Add a PodDisruptionBudget whose selector matches the pod labels, e.g. maxUnavailable: 1.',
  check: (context) => replicated(context)
    .filter(({ workload, replicas }) => replicas >= MIN_REPLICAS && budgetsOf(context, workload).length === 0)
    .map(({ workload }) => ({ object: workload.object, message: 'no PodDisruptionBudget selects its pods' })),
};

/**
 * Why a budget lets none of a workload's pods be evicted, or `undefined` when it lets one go. Without a workload
 * (a budget selecting pods this output does not render) only what blocks whatever the count is reported.
 */
function blocksEviction(pdb: any, selected?: { workload: Workload; replicas: number }): string | undefined {
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  const pods = selected ? `of ${selected.workload.ref} ` : '';
  if (maxUnavailable !== undefined) {
    return maxUnavailable === 0 || maxUnavailable === '0%' ? `maxUnavailable is ${JSON.stringify(maxUnavailable)}: no pod ${pods}can ever be evicted` : undefined;
  }
  if (minAvailable === undefined) {
    return 'sets neither minAvailable nor maxUnavailable';
  }
  if (!selected) {
    return undefined;
  }
  // Percentages round up, as the disruption controller computes them.
  const required = typeof minAvailable === 'string' && minAvailable.endsWith('%')
    ? Math.ceil((Number(minAvailable.slice(0, -1)) * selected.replicas) / 100)
    : Number(minAvailable);
  return required >= selected.replicas
    ? `minAvailable ${JSON.stringify(minAvailable)} leaves none of the ${selected.replicas} pods ${pods}to evict`
    : undefined;
}

/** No PodDisruptionBudget forbids every eviction. */
export const PDB_ALLOWS_EVICTION: Rule = {
  id: 'pdb-allows-eviction',
  title: 'PodDisruptionBudgets allow evictions',
  rationale: 'A budget that allows no disruption blocks node drains, so cluster upgrades and node repairs hang until someone deletes it.',
  references: [
    ref(Tool.KUBE_LINTER, 'pdb-max-unavailable'), ref(Tool.KUBE_LINTER, 'pdb-min-available'), ref(Tool.POLARIS, 'pdbDisruptionsIsZero'),
    ref(Tool.KUBE_SCORE, 'poddisruptionbudget-has-policy'), ref(Tool.KYVERNO, 'pdb-maxunavailable'),
  ],
  fix: 'Use maxUnavailable: 1 (or a minAvailable below the least number of replicas, the autoscaler\'s minReplicas included).',
  check: (context) => {
    const workloads = new Map(replicated(context).map((w) => [w.workload, w]));
    return objectsOfKind(context, 'PodDisruptionBudget').flatMap((pdb): Finding[] => {
      const selected = workloadsSelectedBy(context, pdb.metadata?.namespace, pdb.spec?.selector)
        .flatMap((workload) => workloads.get(workload) ?? []);
      const reasons = selected.length > 0 ? selected.map((w) => blocksEviction(pdb, w)) : [blocksEviction(pdb)];
      return [...new Set(reasons.filter((r): r is string => r !== undefined))].map((message) => ({ object: pdb, message, path: 'spec' }));
    });
  },
};

/** Whether a workload's pods are spread over a topology key, by a spread constraint or an anti-affinity term. */
function spreads(workload: Workload, key: string): boolean {
  const ownPods = (selector: any) => selector !== undefined && selectorMatches(selector, workload.podLabels);
  const constraints = workload.podSpec.topologySpreadConstraints ?? [];
  const antiAffinity = workload.podSpec.affinity?.podAntiAffinity;
  const terms = [
    ...(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: any) => p?.podAffinityTerm),
  ];
  return constraints.some((c: any) => c?.topologyKey === key && ownPods(c.labelSelector))
    || terms.some((t: any) => t?.topologyKey === key && ownPods(t.labelSelector));
}

/** Replicated workloads spread their pods over zones and nodes. */
export const TOPOLOGY_SPREAD: Rule = {
  id: 'topology-spread',
  title: 'Replicated workloads spread over zones and nodes',
  rationale: 'Replicas the scheduler packs onto one node or into one zone all go down with it.',
  references: [
    ref(Tool.KUBE_LINTER, 'no-anti-affinity'), ref(Tool.KUBE_SCORE, 'deployment-has-host-podantiaffinity'),
    ref(Tool.KUBE_SCORE, 'statefulset-has-host-podantiaffinity'), ref(Tool.KUBE_SCORE, 'pod-topology-spread-constraints'),
    ref(Tool.POLARIS, 'topologySpreadConstraint'), ref(Tool.KYVERNO, 'topologyspreadconstraints-policy'),
  ],
  fix: `Add topologySpreadConstraints over ${ZONE_KEY} and ${HOST_KEY} whose labelSelector matches the pod labels (or podAntiAffinity terms).`,
  check: (context) => replicated(context)
    .filter(({ replicas }) => replicas >= MIN_REPLICAS)
    .flatMap(({ workload }): Finding[] => [[ZONE_KEY, 'zones'], [HOST_KEY, 'nodes']]
      .filter(([key]) => !spreads(workload, key))
      .map(([key, what]) => ({
        object: workload.object,
        message: `its pods are not spread over ${what} (no topologySpreadConstraint or podAntiAffinity on ${key} selects them)`,
        path: `${workload.podSpecPath}.topologySpreadConstraints`,
      }))),
};
