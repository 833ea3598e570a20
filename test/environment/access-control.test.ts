import { ApiObject, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Role } from '../../lib/environment/environment-model';
import { ADMIN_ROLE, DEVELOPER_ROLE, ESCALATION_VERBS, VIEWER_ROLE } from '../../lib/environment/roles';
import { AccessControl, deployerRulesFor, pluralOf } from '../../lib/environment/access-control';
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

  test('the deployer Role manages exactly the kinds of what the namespace runs, one rule per API group', () => {
    const chart = Testing.chart();
    new k8s.KubeNamespace(chart, 'Namespace', { metadata: { name: 'dev' } });
    new AccessControl(chart, 'Access', { namespace: 'dev' });
    // Added after AccessControl: the rules are computed at synth time.
    deployment(chart, 'web', 'dev');
    new k8s.KubeConfigMap(chart, 'Settings', { metadata: { name: 'settings', namespace: 'dev' }, data: { a: 'b' } });
    new k8s.KubeService(chart, 'Web', { metadata: { name: 'web', namespace: 'dev' }, spec: { ports: [{ port: 80 }] } });
    new k8s.KubePodDisruptionBudget(chart, 'Budget', { metadata: { name: 'web', namespace: 'dev' }, spec: { maxUnavailable: k8s.IntOrString.fromNumber(1) } });
    // Another namespace's objects are not the deployer's business.
    new k8s.KubeConfigMap(chart, 'Elsewhere', { metadata: { name: 'elsewhere', namespace: 'qa' } });
    new k8s.KubeIngress(chart, 'Other', { metadata: { name: 'other', namespace: 'qa' } });

    expect(findObject(Testing.synth(chart), 'Role', 'deployer')).toEqual({
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'deployer', namespace: 'dev' },
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'services'], verbs: MANAGE },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: MANAGE },
        { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: MANAGE },
      ],
    });
  });

  test('the deployer Role leaves out every governing kind of the namespace: namespace, quota, limits, policies, RBAC, ServiceAccounts, ExternalSecrets', () => {
    const chart = Testing.chart();
    new k8s.KubeNamespace(chart, 'Namespace', { metadata: { name: 'dev' } });
    // A Namespace object that claims the namespace is still a Namespace.
    new k8s.KubeNamespace(chart, 'Odd', { metadata: { name: 'odd', namespace: 'dev' } });
    new k8s.KubeResourceQuota(chart, 'Quota', { metadata: { name: 'quota', namespace: 'dev' }, spec: { hard: {} } });
    new k8s.KubeLimitRange(chart, 'Limits', { metadata: { name: 'limits', namespace: 'dev' }, spec: { limits: [] } });
    new k8s.KubeNetworkPolicy(chart, 'Allow', { metadata: { name: 'allow', namespace: 'dev' }, spec: { podSelector: {} } });
    new ApiObject(chart, 'ExternalSecret', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'dev' } });
    new k8s.KubeClusterRole(chart, 'Wide', { metadata: { name: 'wide' }, rules: [] });
    new AccessControl(chart, 'Access', { namespace: 'dev', grants: [{ group: 'support', role: VIEWER_ROLE }, { group: 'ops', role: ADMIN_ROLE }] });

    expect(deployerRules(Testing.synth(chart))).toEqual([]);
  });

  test('the deployer Role manages Secrets only where its apps own Secret objects', () => {
    const chart = Testing.chart();
    new AccessControl(chart, 'Access', { namespace: 'dev' });
    deployment(chart, 'web', 'dev');
    expect(deployerRules(Testing.synth(chart)).flatMap((r: any) => r.resources)).not.toContain('secrets');

    new k8s.KubeSecret(chart, 'Owned', { metadata: { name: 'owned', namespace: 'dev' }, stringData: {} });
    expect(deployerRules(Testing.synth(chart))).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: MANAGE },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: MANAGE },
    ]);
  });

  test('the deployer Role covers objects of the namespace in other charts of the same app', () => {
    const app = Testing.app();
    const base = new Chart(app, 'base');
    const apps = new Chart(app, 'apps');
    new AccessControl(base, 'Access', { namespace: 'dev' });
    deployment(apps, 'api', 'dev');

    const rules = deployerRules(base.toJson());
    expect(rules).toEqual([{ apiGroups: ['apps'], resources: ['deployments'], verbs: MANAGE }]);
  });

  test('the deployer Role holds nothing of the roles granted to people: the platform\'s identity creates those', () => {
    const chart = Testing.chart();
    new AccessControl(chart, 'Access', {
      namespace: 'dev',
      grants: [{ group: 'support', role: VIEWER_ROLE }, { group: 'developers', role: DEVELOPER_ROLE }, { group: 'ops', role: ADMIN_ROLE }],
    });
    new k8s.KubeConfigMap(chart, 'Settings', { metadata: { name: 'settings', namespace: 'dev' } });

    const rules = deployerRules(Testing.synth(chart));
    expect(rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: MANAGE }]);
    const granted = rules.flatMap((r: any) => r.resources);
    for (const resource of ['secrets', 'pods/exec', 'pods/portforward', 'namespaces', 'roles', 'rolebindings', 'serviceaccounts']) {
      expect(granted).not.toContain(resource);
    }
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

describe('deployerRulesFor', () => {
  test('one rule per API group, groups and resources sorted, kinds of other namespaces and cluster-scoped objects left out', () => {
    expect(deployerRulesFor([
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { namespace: 'dev' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'dev' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'dev' } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { namespace: 'dev' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'qa' } },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: {} },
    ], 'dev')).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'services'], verbs: MANAGE },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: MANAGE },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: MANAGE },
    ]);
  });
});
