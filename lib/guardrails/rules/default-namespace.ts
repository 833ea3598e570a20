import { CLUSTER_SCOPED_KINDS, isNamespaced } from '../_objects';
import { Rule, Tool, ref } from '../rule';

/** No namespaced object lands in `default`. */
export const NO_DEFAULT_NAMESPACE: Rule = {
  id: 'no-default-namespace',
  title: 'Nothing lands in the default namespace',
  rationale: '`default` has no quota, isolation or Pod Security level of an environment, and everyone with cluster access looks there.',
  references: [ref(Tool.KUBE_LINTER, 'use-namespace'), ref(Tool.KYVERNO, 'disallow-default-namespace')],
  fix: 'Set metadata.namespace to the environment\'s namespace.',
  check: (context) => {
    const clusterScoped = [...CLUSTER_SCOPED_KINDS, ...context.schemas.clusterScopedKinds];
    return context.objects
      .filter((o) => isNamespaced(o, clusterScoped) && (o.metadata?.namespace === undefined || o.metadata.namespace === 'default'))
      .map((o) => ({
        object: o,
        message: o.metadata?.namespace === undefined ? 'sets no namespace, so it lands in "default"' : 'is in namespace "default"',
        path: 'metadata.namespace',
      }));
  },
};
