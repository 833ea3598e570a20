/**
 * The built-in roles environments grant to groups. Every rule names its API groups, resources and verbs: no
 * wildcards, so a new API kind is never granted by accident, and none of the verbs that escalate privilege.
 */
import { IssueReporter } from '../core/errors';
import { PolicyRule, Role } from './environment-model';
import { RoleDefinition } from './environment-types';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

/** Verbs that only read. */
export const READ_VERBS: readonly string[] = READ;

/** Verbs that let a subject gain rights it does not hold; never granted. */
export const ESCALATION_VERBS: readonly string[] = ['bind', 'escalate', 'impersonate'];

/**
 * Subresources that open a connection into a pod or Service. Before Kubernetes 1.35 a WebSocket upgrade to them is a
 * GET, authorized with the `get` verb, so even `get` on them runs commands or reaches the workload: never read-only.
 * @see https://github.com/kubernetes/kubernetes/issues/78741
 */
export const CONNECT_SUBRESOURCES: readonly string[] = ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy'];

/**
 * Objects the platform renders to hold an environment to its limits (ResourceQuota, LimitRange, NetworkPolicy):
 * people may read them, only the platform's identity changes them (the `governance-<environment>` stack; never the
 * deployer), or one `kubectl delete` would lift the quota or the isolation.
 */
export const GUARDRAIL_RESOURCES: readonly string[] = ['resourcequotas', 'limitranges', 'networkpolicies'];

/** What people look at in an environment; Secrets are left out on purpose (their values are readable with get). */
const VIEWABLE: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods', 'pods/log', 'services', 'endpoints', 'configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'events',
      'resourcequotas', 'limitranges',
    ],
    verbs: READ,
  },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets', 'daemonsets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
];

/** Read-only access to the environment's workloads, for everyone who needs to look. */
export const VIEWER_ROLE: Role = { name: 'viewer', rules: VIEWABLE, readOnly: true };

/** Day-to-day debugging in non-production: viewer plus exec, port-forward, restarting pods and scaling. */
export const DEVELOPER_ROLE: Role = {
  name: 'developer',
  rules: [
    ...VIEWABLE,
    { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
    { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'delete'] },
  ],
  readOnly: false,
};

/**
 * Full control of the environment's workloads and Secrets; RBAC, the namespace itself and the guardrails (quota,
 * LimitRange, NetworkPolicy) stay with the platform and are only read.
 */
export const ADMIN_ROLE: Role = {
  name: 'admin',
  rules: [
    ...VIEWABLE.map((rule) => ({ ...rule, resources: rule.resources.filter((r) => !GUARDRAIL_RESOURCES.includes(r)), verbs: [...READ, ...WRITE] })),
    { apiGroups: [''], resources: ['resourcequotas', 'limitranges'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
    { apiGroups: [''], resources: ['secrets'], verbs: [...READ, ...WRITE] },
    { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] },
    { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
  ],
  readOnly: false,
};

/** The built-in roles by name. */
export const BUILT_IN_ROLES: readonly Role[] = [VIEWER_ROLE, DEVELOPER_ROLE, ADMIN_ROLE];

/** Whether every rule only reads: read verbs only, and none on a subresource that connects into a pod. */
export function isReadOnly(rules: readonly PolicyRule[]): boolean {
  return rules.every((rule) => rule.verbs.every((verb) => READ.includes(verb)) && !rule.resources.some((r) => CONNECT_SUBRESOURCES.includes(r)));
}

/**
 * The roles environments may grant: the built-in ones and the platform's own, each checked — no wildcards, none of
 * the escalation verbs, and RBAC objects, quotas, limit ranges and network policies only read (the platform manages
 * them). Returns every valid role by name; problems go to `report`.
 */
export function resolveRoles(defs: readonly RoleDefinition[], report: IssueReporter): Map<string, Role> {
  const roles = new Map<string, Role>(BUILT_IN_ROLES.map((role) => [role.name, role]));
  for (const def of defs) {
    const subject = `role "${def.name}"`;
    if (roles.has(def.name)) {
      report(subject, 'name', def.name, `a role with this name already exists (built-in roles: ${builtInNames()}); choose another name`);
      continue;
    }
    def.rules.forEach((rule, i) => {
      for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames'] as const) {
        (rule[field] ?? []).forEach((value, j) => {
          if (value.includes('*')) {
            report(subject, `rules[${i}].${field}[${j}]`, value, 'wildcards are not allowed; list each value explicitly');
          }
        });
      }
      rule.verbs.forEach((verb, j) => {
        if (ESCALATION_VERBS.includes(verb)) {
          report(subject, `rules[${i}].verbs[${j}]`, verb, `the escalation verbs ${ESCALATION_VERBS.join(', ')} are never granted`);
        }
      });
      if (rule.resources.some((r) => r === 'roles' || r === 'rolebindings') && !isReadOnly([rule])) {
        report(subject, `rules[${i}].resources`, rule.resources, 'RBAC objects are managed by the platform; roles may only read them');
      }
      if (rule.resources.some((r) => GUARDRAIL_RESOURCES.includes(r)) && !isReadOnly([rule])) {
        report(subject, `rules[${i}].resources`, rule.resources,
          'ResourceQuotas, LimitRanges and NetworkPolicies hold the environment to its limits and are managed by the platform; roles may only read them');
      }
    });
    roles.set(def.name, { name: def.name, rules: def.rules.map((r) => ({ ...r })), readOnly: isReadOnly(def.rules) });
  }
  return roles;
}

function builtInNames(): string {
  return BUILT_IN_ROLES.map((r) => `"${r.name}"`).join(', ');
}
