import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Role } from '../../lib/environment/environment-model';
import { ADMIN_ROLE, DEVELOPER_ROLE, ESCALATION_VERBS, VIEWER_ROLE } from '../../lib/environment/roles';
import { AccessControl, pluralOf } from '../../lib/environment/access-control';
import { findObject, ofKind } from '../builders';

const MANAGE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const RBAC = 'rbac.authorization.k8s.io';

/** A role that is not built in, with a rule naming objects. */
const AUDITOR: Role = {
  name: 'auditor',
  rules: [
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get'] },
    { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'list'] },
  ],
  readOnly: true,
};

function deployment(scope: any, id: string, namespace: string): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, id, {
    metadata: { name: id, namespace },
    spec: {
      selector: { matchLabels: { app: id } },
      template: { metadata: { labels: { app: id } }, spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0' }] } },
    },
  });
}

function deployerRules(objects: any[], name = 'deployer'): any[] {
  return findObject(objects, 'Role', name).rules;
}

describe('AccessControl', () => {
  test('creates the deployer ServiceAccount without a mounted token, and binds it to its Role', () => {
    const chart = Testing.chart();
    const access = new AccessControl(chart, 'Access', { namespace: 'dev' });
    const objects = Testing.synth(chart);

    expect(access.deployerServiceAccount).toBe('deployer');
    expect(access.namespace).toBe('dev');
    expect(findObject(objects, 'ServiceAccount', 'deployer')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'deployer', namespace: 'dev' },
      automountServiceAccountToken: false,
    });
    expect(findObject(objects, 'RoleBinding', 'deployer')).toEqual({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'deployer', namespace: 'dev' },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'deployer' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'dev' }],
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/deployer', 'Role/deployer', 'RoleBinding/deployer']);
  });

  test('names the deployer ServiceAccount, Role and RoleBinding after deployerServiceAccount', () => {
    const chart = Testing.chart();
    new AccessControl(chart, 'Access', { namespace: 'qa', deployerServiceAccount: 'ci' });
    const objects = Testing.synth(chart);

    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/qa/ci', 'Role/qa/ci', 'RoleBinding/qa/ci',
    ]);
    expect(findObject(objects, 'RoleBinding', 'ci').roleRef).toEqual({ apiGroup: RBAC, kind: 'Role', name: 'ci' });
    expect(findObject(objects, 'RoleBinding', 'ci').subjects).toEqual([{ kind: 'ServiceAccount', name: 'ci', namespace: 'qa' }]);
  });

  test('the deployer Role manages exactly the kinds the namespace holds, and reads and relabels the namespace itself', () => {
    const chart = Testing.chart();
    new k8s.KubeNamespace(chart, 'Namespace', { metadata: { name: 'dev' } });
    new AccessControl(chart, 'Access', { namespace: 'dev' });
    // Added after AccessControl: the rules are computed at synth time.
    deployment(chart, 'web', 'dev');
    new k8s.KubeConfigMap(chart, 'Settings', { metadata: { name: 'settings', namespace: 'dev' }, data: { a: 'b' } });
    // Another namespace's objects are not the deployer's business.
    new k8s.KubeConfigMap(chart, 'Elsewhere', { metadata: { name: 'elsewhere', namespace: 'qa' } });
    new k8s.KubeIngress(chart, 'Other', { metadata: { name: 'other', namespace: 'qa' } });

    expect(findObject(Testing.synth(chart), 'Role', 'deployer')).toEqual({
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'deployer', namespace: 'dev' },
      rules: [
        { apiGroups: [''], resources: ['namespaces'], resourceNames: ['dev'], verbs: ['get', 'update', 'patch'] },
        { apiGroups: [''], resources: ['configmaps', 'serviceaccounts'], verbs: MANAGE },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: MANAGE },
        { apiGroups: [RBAC], resources: ['rolebindings', 'roles'], verbs: MANAGE },
      ],
    });
  });

  test('the deployer Role never manages Namespaces, even one that claims the namespace', () => {
    const chart = Testing.chart();
    new k8s.KubeNamespace(chart, 'Odd', { metadata: { name: 'odd', namespace: 'dev' } });
    new AccessControl(chart, 'Access', { namespace: 'dev' });

    const rules = deployerRules(Testing.synth(chart));
    const namespaceRules = rules.filter((r: any) => r.resources.includes('namespaces'));
    expect(namespaceRules).toEqual([{ apiGroups: [''], resources: ['namespaces'], resourceNames: ['dev'], verbs: ['get', 'update', 'patch'] }]);
  });

  test('the deployer Role covers objects of the namespace in other charts of the same app', () => {
    const app = Testing.app();
    const base = new Chart(app, 'base');
    const apps = new Chart(app, 'apps');
    new AccessControl(base, 'Access', { namespace: 'dev' });
    deployment(apps, 'api', 'dev');

    const rules = deployerRules(base.toJson());
    expect(rules).toContainEqual({ apiGroups: ['apps'], resources: ['deployments'], verbs: MANAGE });
  });

  test('the deployer Role holds every rule of the granted roles, once', () => {
    const chart = Testing.chart();
    new AccessControl(chart, 'Access', {
      namespace: 'dev',
      grants: [{ group: 'support', role: VIEWER_ROLE }, { group: 'auditors', role: AUDITOR }],
    });
    // A ConfigMap named in a granted rule: the manage rule and the granted rule both stay, they differ.
    new k8s.KubeConfigMap(chart, 'Settings', { metadata: { name: 'settings', namespace: 'dev' } });

    const rules = deployerRules(Testing.synth(chart));
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['namespaces'], resourceNames: ['dev'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps', 'serviceaccounts'], verbs: MANAGE },
      { apiGroups: [RBAC], resources: ['rolebindings', 'roles'], verbs: MANAGE },
      ...VIEWER_ROLE.rules,
      ...AUDITOR.rules,
    ]);
    expect(new Set(rules.map((r: any) => JSON.stringify(r))).size).toBe(rules.length);
  });

  test('the deployer Role lists a rule granted by two roles once', () => {
    const chart = Testing.chart();
    new AccessControl(chart, 'Access', {
      namespace: 'dev',
      grants: [{ group: 'support', role: VIEWER_ROLE }, { group: 'developers', role: DEVELOPER_ROLE }],
    });

    // developer repeats every viewer rule and adds its own.
    expect(DEVELOPER_ROLE.rules.slice(0, VIEWER_ROLE.rules.length)).toEqual(VIEWER_ROLE.rules);
    expect(deployerRules(Testing.synth(chart))).toEqual([
      { apiGroups: [''], resources: ['namespaces'], resourceNames: ['dev'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: MANAGE },
      { apiGroups: [RBAC], resources: ['rolebindings', 'roles'], verbs: MANAGE },
      ...VIEWER_ROLE.rules,
      ...DEVELOPER_ROLE.rules.slice(VIEWER_ROLE.rules.length),
    ]);
  });

  test('renders one Role and one RoleBinding per granted role, binding every group of the role', () => {
    const chart = Testing.chart();
    const access = new AccessControl(chart, 'Access', {
      namespace: 'dev',
      grants: [
        { group: 'support', role: VIEWER_ROLE },
        { group: 'app-developers', role: DEVELOPER_ROLE },
        { group: 'auditors', role: VIEWER_ROLE },
      ],
    });
    // Granted after construction; the same grant twice binds the group once.
    access.grant('product-owners', VIEWER_ROLE);
    access.grant('support', VIEWER_ROLE);
    const objects = Testing.synth(chart);

    expect(ofKind(objects, 'Role').map((r) => r.metadata.name)).toEqual(['deployer', 'viewer', 'developer']);
    expect(ofKind(objects, 'RoleBinding').map((r) => r.metadata.name)).toEqual(['deployer', 'viewer', 'developer']);
    expect(findObject(objects, 'Role', 'viewer')).toEqual({
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'viewer', namespace: 'dev' },
      rules: VIEWER_ROLE.rules,
    });
    expect(findObject(objects, 'RoleBinding', 'viewer')).toEqual({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'viewer', namespace: 'dev' },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'viewer' },
      subjects: [
        { kind: 'Group', apiGroup: RBAC, name: 'support' },
        { kind: 'Group', apiGroup: RBAC, name: 'auditors' },
        { kind: 'Group', apiGroup: RBAC, name: 'product-owners' },
      ],
    });
    expect(findObject(objects, 'RoleBinding', 'developer').subjects).toEqual([{ kind: 'Group', apiGroup: RBAC, name: 'app-developers' }]);
  });

  test('renders a resourceNames restriction of a granted role', () => {
    const chart = Testing.chart();
    new AccessControl(chart, 'Access', { namespace: 'dev', grants: [{ group: 'auditors', role: AUDITOR }] });

    expect(findObject(Testing.synth(chart), 'Role', 'auditor').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get'] },
      { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'list'] },
    ]);
  });

  test('groupGrants lists every accepted grant and is a copy', () => {
    const access = new AccessControl(Testing.chart(), 'Access', { namespace: 'dev', grants: [{ group: 'support', role: VIEWER_ROLE }] });
    access.grant('platform-team', ADMIN_ROLE);
    access.groupGrants.pop();

    expect(access.groupGrants).toEqual([{ group: 'support', role: VIEWER_ROLE }, { group: 'platform-team', role: ADMIN_ROLE }]);
  });

  test('grants nothing cluster-wide, no wildcard, no escalation verb, and nothing to the default ServiceAccount', () => {
    const chart = Testing.chart();
    new AccessControl(chart, 'Access', {
      namespace: 'dev',
      grants: [
        { group: 'platform-team', role: ADMIN_ROLE },
        { group: 'app-developers', role: DEVELOPER_ROLE },
        { group: 'support', role: VIEWER_ROLE },
        { group: 'auditors', role: AUDITOR },
      ],
    });
    deployment(chart, 'web', 'dev');
    const objects = Testing.synth(chart);

    expect(objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
    expect(objects.every((o) => o.metadata.namespace === 'dev')).toBe(true);
    const rules = ofKind(objects, 'Role').flatMap((r) => r.rules);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      for (const value of [...rule.apiGroups, ...rule.resources, ...rule.verbs, ...(rule.resourceNames ?? [])]) {
        expect(value).not.toContain('*');
      }
      for (const verb of rule.verbs) {
        expect(ESCALATION_VERBS).not.toContain(verb);
      }
    }
    expect(ESCALATION_VERBS).toEqual(['bind', 'escalate', 'impersonate']);
    const subjects = ofKind(objects, 'RoleBinding').flatMap((b) => b.subjects);
    expect(subjects).toHaveLength(5);
    expect(subjects.map((s) => s.name)).not.toContain('default');
    expect(ofKind(objects, 'RoleBinding').every((b) => b.roleRef.kind === 'Role')).toBe(true);
  });

  test('fails when a role has the name of the deployer', () => {
    const access = new AccessControl(Testing.chart(), 'Access', { namespace: 'dev' });

    expect(() => access.grant('ops', { ...AUDITOR, name: 'deployer' })).toThrow(
      'test/Access: role "deployer" has the name of the deployer\'s Role; rename the role',
    );
    expect(access.groupGrants).toEqual([]);
  });

  test('fails when a granted role has the name of a custom deployer', () => {
    expect(() => new AccessControl(Testing.chart(), 'Access', {
      namespace: 'dev',
      deployerServiceAccount: 'ci',
      grants: [{ group: 'ops', role: { ...AUDITOR, name: 'ci' } }],
    })).toThrow('test/Access: role "ci" has the name of the deployer\'s Role; rename the role');
  });

  test('fails when two different roles share a name, and records neither the refused grant nor its binding', () => {
    const chart = Testing.chart();
    const access = new AccessControl(chart, 'Access', { namespace: 'dev', grants: [{ group: 'support', role: VIEWER_ROLE }] });

    expect(() => access.grant('auditors', { ...AUDITOR, name: 'viewer' })).toThrow(
      'test/Access: two different roles are named "viewer"; role names must be unique',
    );
    expect(access.groupGrants).toEqual([{ group: 'support', role: VIEWER_ROLE }]);
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'RoleBinding', 'viewer').subjects).toEqual([{ kind: 'Group', apiGroup: RBAC, name: 'support' }]);
    expect(findObject(objects, 'Role', 'viewer').rules).toEqual(VIEWER_ROLE.rules);
  });
});

describe('pluralOf', () => {
  test.each([
    ['NetworkPolicy', 'networkpolicies'],
    ['Ingress', 'ingresses'],
    ['Endpoints', 'endpoints'],
    ['Deployment', 'deployments'],
    ['PodDisruptionBudget', 'poddisruptionbudgets'],
    ['HorizontalPodAutoscaler', 'horizontalpodautoscalers'],
    ['ConfigMap', 'configmaps'],
    ['StatefulSet', 'statefulsets'],
    ['ResourceQuota', 'resourcequotas'],
    ['ServiceAccount', 'serviceaccounts'],
    ['Gateway', 'gateways'],
  ])('%s → %s', (kind, plural) => {
    expect(pluralOf(kind)).toBe(plural);
  });
});
