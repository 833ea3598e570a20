import { RBAC_NO_CLUSTER_ADMIN, RBAC_NO_ESCALATION_VERBS, RBAC_NO_WILDCARDS } from '../_lib';
import { findingsOf, messagesOf, role, roleBinding } from '../fixtures';

const clusterRole = (rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'ops' }, rules });

describe('rbac-no-wildcards', () => {
  test('passes rules that list what they grant', () => {
    expect(messagesOf(RBAC_NO_WILDCARDS, [role(), clusterRole([{ nonResourceURLs: ['/healthz'], verbs: ['get'] }])])).toEqual([]);
  });

  test('fails wildcards in any field, Roles and ClusterRoles alike', () => {
    expect(findingsOf(RBAC_NO_WILDCARDS, [
      role([{ apiGroups: ['*'], resources: ['pods'], verbs: ['*'] }]),
      clusterRole([{ apiGroups: ['apps'], resources: ['deployments/*'], verbs: ['get'] }, { nonResourceURLs: ['/metrics/*'], verbs: ['get'] }]),
    ])).toEqual([
      { object: 'Role/shop/reader', message: 'rules[0].apiGroups contains a wildcard: ["*"]', path: 'rules[0].apiGroups' },
      { object: 'Role/shop/reader', message: 'rules[0].verbs contains a wildcard: ["*"]', path: 'rules[0].verbs' },
      { object: 'ClusterRole/ops', message: 'rules[0].resources contains a wildcard: ["deployments/*"]', path: 'rules[0].resources' },
      { object: 'ClusterRole/ops', message: 'rules[1].nonResourceURLs contains a wildcard: ["/metrics/*"]', path: 'rules[1].nonResourceURLs' },
    ]);
  });
});

describe('rbac-no-cluster-admin', () => {
  test('passes bindings of other roles (a Role named cluster-admin is not the ClusterRole)', () => {
    expect(messagesOf(RBAC_NO_CLUSTER_ADMIN, [roleBinding(), roleBinding(undefined, { kind: 'Role', name: 'cluster-admin' })])).toEqual([]);
  });

  test('fails RoleBindings and ClusterRoleBindings of cluster-admin', () => {
    const crb = { ...roleBinding(undefined, { kind: 'ClusterRole', name: 'cluster-admin' }), kind: 'ClusterRoleBinding', metadata: { name: 'ci' } };
    expect(findingsOf(RBAC_NO_CLUSTER_ADMIN, [roleBinding(undefined, { kind: 'ClusterRole', name: 'cluster-admin' }), crb])).toEqual([
      { object: 'RoleBinding/shop/reader', message: 'grants ClusterRole "cluster-admin"', path: 'roleRef' },
      { object: 'ClusterRoleBinding/ci', message: 'grants ClusterRole "cluster-admin"', path: 'roleRef' },
    ]);
  });
});

describe('rbac-no-escalation-verbs', () => {
  test('passes ordinary verbs', () => {
    expect(messagesOf(RBAC_NO_ESCALATION_VERBS, [role([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['get', 'create'] }])]))
      .toEqual([]);
  });

  test('fails bind, escalate and impersonate', () => {
    expect(findingsOf(RBAC_NO_ESCALATION_VERBS, [role([
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'], verbs: ['bind', 'escalate'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
    ])])).toEqual([
      { object: 'Role/shop/reader', message: 'rules[0] grants "bind" on roles, clusterroles', path: 'rules[0].verbs' },
      { object: 'Role/shop/reader', message: 'rules[0] grants "escalate" on roles, clusterroles', path: 'rules[0].verbs' },
      { object: 'Role/shop/reader', message: 'rules[1] grants "impersonate" on serviceaccounts', path: 'rules[1].verbs' },
    ]);
  });
});
