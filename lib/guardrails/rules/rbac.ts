/** Roles name what they grant: no wildcards, no cluster-admin, no verbs that escalate. */
import { Finding, Rule, Tool, ref } from '../rule';
import { objectsOfKind } from './_helpers';

/** Verbs that let a subject gain rights it does not hold (RBAC's escalation checks skip them). */
const ESCALATION_VERBS = ['bind', 'escalate', 'impersonate'];
const RULE_FIELDS = ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'];

function rulesOf(context: Parameters<Rule['check']>[0]): Array<{ role: any; rule: any; i: number }> {
  return objectsOfKind(context, 'Role', 'ClusterRole').flatMap((role) => (role.rules ?? []).map((rule: any, i: number) => ({ role, rule, i })));
}

/** No Role or ClusterRole rule uses `*`. */
export const RBAC_NO_WILDCARDS: Rule = {
  id: 'rbac-no-wildcards',
  title: 'Roles grant no wildcards',
  rationale: 'A wildcard grants every resource and verb the API will ever have, including ones added after the review (CRDs, new subresources).',
  references: [
    ref(Tool.KUBE_LINTER, 'wildcard-in-rules'), ref(Tool.KYVERNO, 'restrict-wildcard-verbs'), ref(Tool.KYVERNO, 'restrict-wildcard-resources'),
  ],
  fix: 'List the API groups, resources and verbs the subject needs, one by one.',
  check: (context) => rulesOf(context).flatMap(({ role, rule, i }): Finding[] => RULE_FIELDS
    .filter((field) => (rule[field] ?? []).some((value: string) => value.includes('*')))
    .map((field) => ({ object: role, message: `rules[${i}].${field} contains a wildcard: ${JSON.stringify(rule[field])}`, path: `rules[${i}].${field}` }))),
};

/** No binding grants the cluster-admin ClusterRole. */
export const RBAC_NO_CLUSTER_ADMIN: Rule = {
  id: 'rbac-no-cluster-admin',
  title: 'Nothing is bound to cluster-admin',
  rationale: 'cluster-admin is every permission on every object; no environment identity or team needs it from the platform\'s output.',
  references: [
    ref(Tool.KUBE_LINTER, 'cluster-admin-role-binding'), ref(Tool.POLARIS, 'clusterrolebindingClusterAdmin'),
    ref(Tool.POLARIS, 'rolebindingClusterAdminClusterRole'), ref(Tool.KYVERNO, 'restrict-binding-clusteradmin'),
  ],
  fix: 'Bind a Role that lists what the subject needs in its namespace.',
  check: (context) => objectsOfKind(context, 'RoleBinding', 'ClusterRoleBinding')
    .filter((binding) => binding.roleRef?.kind === 'ClusterRole' && binding.roleRef?.name === 'cluster-admin')
    .map((binding) => ({ object: binding, message: 'grants ClusterRole "cluster-admin"', path: 'roleRef' })),
};

/** No Role or ClusterRole grants bind, escalate or impersonate. */
export const RBAC_NO_ESCALATION_VERBS: Rule = {
  id: 'rbac-no-escalation-verbs',
  title: 'Roles grant no escalation verbs',
  rationale: 'bind and escalate let a subject grant itself any role; impersonate lets it act as any user, group or ServiceAccount.',
  references: [ref(Tool.KYVERNO, 'restrict-escalation-verbs-roles')],
  fix: `Remove the verbs ${ESCALATION_VERBS.join(', ')}; RBAC changes go through the platform's deployer, which holds what it grants.`,
  check: (context) => rulesOf(context).flatMap(({ role, rule, i }): Finding[] => (rule.verbs ?? [])
    .filter((verb: string) => ESCALATION_VERBS.includes(verb))
    .map((verb: string) => ({
      object: role,
      message: `rules[${i}] grants "${verb}" on ${(rule.resources ?? []).join(', ') || '(no resources)'}`,
      path: `rules[${i}].verbs`,
    }))),
};
