import { Workload } from '../_objects';
import { formatLabels, formatSelector, isEmptySelector, selectorMatches } from '../_selector';
import { Finding, Rule, Tool, ref } from '../rule';

/** Kinds whose `spec.selector` must select their own pod template. */
const SELECTING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** What is wrong with a workload's selector, if anything. */
function selectorProblem(workload: Workload): string | undefined {
  const selector = workload.object.spec?.selector;
  if (!selector) return 'has no spec.selector';
  if (isEmptySelector(selector)) return 'spec.selector {} selects every pod of the namespace';
  return selectorMatches(selector, workload.podLabels)
    ? undefined
    : `spec.selector ${formatSelector(selector)} does not select its pod template's labels ${formatLabels(workload.podLabels)}`;
}

/** A workload's selector selects the labels of its own pod template. */
export const SELECTOR_MATCHES_TEMPLATE: Rule = {
  id: 'selector-matches-template',
  title: 'Workload selectors match their pod template',
  rationale: 'The API server refuses a selector that misses the template; an empty one adopts every pod of the namespace.',
  references: [
    ref(Tool.KUBE_LINTER, 'mismatching-selector'), ref(Tool.KUBE_SCORE, 'deployment-pod-selector-labels-match-template-metadata-labels'),
    ref(Tool.KUBE_SCORE, 'statefulset-pod-selector-labels-match-template-metadata-labels'),
  ],
  fix: 'Set spec.selector.matchLabels to labels that the pod template carries (and that no other workload\'s pods carry).',
  check: (context) => context.workloads.filter((w) => SELECTING_KINDS.includes(w.kind)).flatMap((w): Finding[] => {
    const problem = selectorProblem(w);
    return problem ? [{ object: w.object, message: problem, path: 'spec.selector' }] : [];
  }),
};
