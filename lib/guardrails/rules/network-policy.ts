/** Every pod is isolated by a NetworkPolicy, and every policy selects pods that exist. */
import { policyTypesOf, peersOf } from '../_network-policy';
import { Workload } from '../_objects';
import { formatSelector, isEmptySelector } from '../_selector';
import { Finding, Rule, Tool, ref } from '../rule';
import { objectsOfKind, workloadsSelectedBy } from './_helpers';

/** Every pod is selected by a NetworkPolicy for ingress and one for egress. */
export const NETWORK_POLICY_COVERAGE: Rule = {
  id: 'network-policy-coverage',
  title: 'Every pod is isolated by NetworkPolicies',
  rationale: 'A pod no policy selects accepts traffic from every pod of the cluster and may connect anywhere.',
  references: [
    ref(Tool.KUBE_LINTER, 'non-isolated-pod'), ref(Tool.KUBE_SCORE, 'pod-networkpolicy'), ref(Tool.KYVERNO, 'require-netpol'),
  ],
  fix: 'Keep the environment\'s default-deny policy (podSelector {}) and open the paths the app needs with further policies.',
  check: (context) => {
    const covered = { Ingress: new Set<Workload>(), Egress: new Set<Workload>() };
    for (const policy of objectsOfKind(context, 'NetworkPolicy')) {
      const selected = workloadsSelectedBy(context, policy.metadata?.namespace, policy.spec?.podSelector);
      for (const type of policyTypesOf(policy)) selected.forEach((w) => covered[type].add(w));
    }
    return context.workloads.flatMap((w): Finding[] => (['Ingress', 'Egress'] as const)
      .filter((type) => !covered[type].has(w))
      .map((type) => ({ object: w.object, message: `no NetworkPolicy with policyType ${type} selects its pods`, path: `${w.podSpecPath}` })));
  },
};

/** NetworkPolicy pod selectors (of the policy and of same-namespace peers) select existing pods. */
export const NETWORK_POLICY_SELECTORS: Rule = {
  id: 'network-policy-selectors',
  title: 'NetworkPolicy selectors match pods',
  rationale: 'A selector that matches no pod is a typo or a leftover: the traffic it was meant to allow or isolate is not governed.',
  references: [
    ref(Tool.KUBE_LINTER, 'dangling-networkpolicy'), ref(Tool.KUBE_LINTER, 'dangling-networkpolicypeer-podselector'),
    ref(Tool.KUBE_SCORE, 'networkpolicy-targets-pod'),
  ],
  fix: 'Correct the selector to the labels of the pods it means (an empty selector {} selects every pod of the namespace).',
  check: (context) => objectsOfKind(context, 'NetworkPolicy').flatMap((policy): Finding[] => {
    const dangling = (selector: any) => !isEmptySelector(selector) && workloadsSelectedBy(context, policy.metadata?.namespace, selector).length === 0;
    const findings: Finding[] = [];
    if (dangling(policy.spec?.podSelector)) {
      findings.push({ object: policy, message: `spec.podSelector ${formatSelector(policy.spec.podSelector)} selects no pod`, path: 'spec.podSelector' });
    }
    // Peers in other namespaces (with a namespaceSelector) select pods this output cannot see; only same-namespace peers are checked.
    for (const { peer, path } of peersOf(policy)) {
      if (peer?.podSelector && !peer.namespaceSelector && !peer.ipBlock && dangling(peer.podSelector)) {
        findings.push({ object: policy, message: `${path}.podSelector ${formatSelector(peer.podSelector)} selects no pod`, path: `${path}.podSelector` });
      }
    }
    return findings;
  }),
};
