/** ServiceAccount tokens only where the Kubernetes API is needed; nothing granted to `default`. */
import { Finding, Rule, Tool, ref } from '../rule';
import { objectsOfKind } from './_helpers';

/** Pods mount no ServiceAccount token unless they say they need one. */
export const SERVICE_ACCOUNT_TOKEN: Rule = {
  id: 'service-account-token',
  title: 'Pods mount no ServiceAccount token unless they need one',
  rationale: 'A mounted token is a credential for the Kubernetes API in every process of the pod; most apps never call the API.',
  references: [ref(Tool.POLARIS, 'automountServiceAccountToken'), ref(Tool.KYVERNO, 'restrict-automount-sa-token')],
  fix: 'Set automountServiceAccountToken: false on the pod (or its ServiceAccount); a pod that calls the API sets it to true explicitly.',
  check: (context) => {
    const accounts = new Map(objectsOfKind(context, 'ServiceAccount').map((sa) => [`${sa.metadata?.namespace}/${sa.metadata?.name}`, sa]));
    return context.workloads.flatMap((w): Finding[] => {
      // false on the pod settles it; an explicit true is the pod saying it needs the token.
      if (typeof w.podSpec.automountServiceAccountToken === 'boolean') return [];
      const name = w.podSpec.serviceAccountName ?? 'default';
      if (accounts.get(`${w.namespace}/${name}`)?.automountServiceAccountToken === false) return [];
      return [{
        object: w.object,
        message: `pods mount the token of ServiceAccount "${name}": neither the pod nor the ServiceAccount sets automountServiceAccountToken: false`,
        path: `${w.podSpecPath}.automountServiceAccountToken`,
      }];
    });
  },
};

/** No RoleBinding or ClusterRoleBinding grants anything to a namespace's `default` ServiceAccount. */
export const NO_DEFAULT_SERVICE_ACCOUNT_BINDING: Rule = {
  id: 'no-default-service-account-binding',
  title: 'Nothing is granted to the default ServiceAccount',
  rationale: 'Every pod that names no ServiceAccount runs as `default`, so a grant to it is a grant to every such pod, present and future.',
  references: [ref(Tool.KUBE_LINTER, 'default-service-account')],
  fix: 'Create a ServiceAccount for the workload, bind the Role to it and set serviceAccountName on the pod.',
  check: (context) => objectsOfKind(context, 'RoleBinding', 'ClusterRoleBinding').flatMap((binding): Finding[] => (binding.subjects ?? [])
    .map((subject: any, i: number) => ({ subject, i }))
    .filter(({ subject }: any) => subject?.kind === 'ServiceAccount' && subject.name === 'default')
    .map(({ subject, i }: any) => ({
      object: binding,
      message: `binds ${binding.roleRef?.kind} "${binding.roleRef?.name}" to ServiceAccount "default" of namespace `
        + `"${subject.namespace ?? binding.metadata?.namespace}"`,
      path: `subjects[${i}]`,
    }))),
};
