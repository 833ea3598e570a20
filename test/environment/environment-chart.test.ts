import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Protocol } from '../../lib/core/network';
import { Environment } from '../../lib/environment/environment-model';
import { PodSecurityLevel } from '../../lib/environment/environment-types';
import { EnvironmentChart } from '../../lib/environment/environment-chart';
import { CLUSTER, findObject, ofKind, testEnvironment, testPlatform } from '../builders';

const ENVIRONMENT_LABEL = 'platform.example.com/environment';
const CLUSTER_LABEL = 'platform.example.com/cluster';
const DEV_POOL_SELECTOR = { 'platform.example.com/pool': 'dev' };
const DEV_POOL_TOLERATIONS = [{ key: 'platform.example.com/pool', operator: 'Equal', value: 'dev', effect: 'NoSchedule' }];

function chartOf(environment: Environment): EnvironmentChart {
  return new EnvironmentChart(Testing.app(), 'environment', { environment });
}

function addDeployment(chart: EnvironmentChart, name = 'web'): k8s.KubeDeployment {
  return new k8s.KubeDeployment(chart, name, {
    metadata: { name, namespace: chart.environment.namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.example.com/web:1.2.3' }] },
      },
    },
  });
}

describe('EnvironmentChart', () => {
  test('a Deployment added to the chart of a pinned environment comes out with the pool\'s node selector and tolerations', () => {
    const chart = chartOf(testEnvironment({ nodePool: 'dev' }));
    addDeployment(chart);

    expect(findObject(chart.toJson(), 'Deployment', 'web').spec.template.spec).toEqual({
      containers: [{ name: 'app', image: 'registry.example.com/web:1.2.3' }],
      nodeSelector: DEV_POOL_SELECTOR,
      tolerations: DEV_POOL_TOLERATIONS,
    });
    expect(chart.placement?.nodeSelector).toEqual(DEV_POOL_SELECTOR);
  });

  test('places workloads on a pool with custom labels and a taint without a value', () => {
    const chart = chartOf(testEnvironment({ nodePool: 'shared' }));
    addDeployment(chart);

    const spec = findObject(chart.toJson(), 'Deployment', 'web').spec.template.spec;
    expect(spec.nodeSelector).toEqual({ tier: 'shared' });
    expect(spec.tolerations).toEqual([{ key: 'shared', operator: 'Exists', effect: 'NoExecute' }]);
  });

  test('places workloads of every origin: low-level CronJob and cdk8s-plus Deployment', () => {
    const chart = chartOf(testEnvironment({ nodePool: 'dev' }));
    new k8s.KubeCronJob(chart, 'report', {
      metadata: { name: 'report', namespace: 'dev' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'r', image: 'r:1' }], restartPolicy: 'Never' } } } } },
    });
    new kplus.Deployment(chart, 'api', {
      metadata: { name: 'api', namespace: 'dev' },
      containers: [{ image: 'registry.example.com/api:1.0.0', portNumber: 8080 }],
    });
    const objects = chart.toJson();

    const cron = findObject(objects, 'CronJob', 'report').spec.jobTemplate.spec.template.spec;
    expect(cron.nodeSelector).toEqual(DEV_POOL_SELECTOR);
    expect(cron.tolerations).toEqual(DEV_POOL_TOLERATIONS);
    const api = findObject(objects, 'Deployment', 'api').spec.template.spec;
    expect(api.nodeSelector).toEqual(DEV_POOL_SELECTOR);
    expect(api.tolerations).toEqual(DEV_POOL_TOLERATIONS);
  });

  test('rendering twice gives the same objects (placement is not applied twice)', () => {
    const chart = chartOf(testEnvironment({ nodePool: 'dev' }));
    addDeployment(chart);

    const first = chart.toJson();
    expect(chart.toJson()).toEqual(first);
    expect(findObject(first, 'Deployment', 'web').spec.template.spec.tolerations).toHaveLength(1);
  });

  test('an environment without a pool places nothing', () => {
    const chart = chartOf(testEnvironment({ name: 'qa' }));
    addDeployment(chart);

    expect(chart.placement).toBeUndefined();
    const spec = findObject(chart.toJson(), 'Deployment', 'web').spec.template.spec;
    expect(spec).toEqual({ containers: [{ name: 'app', image: 'registry.example.com/web:1.2.3' }] });
  });

  test('renders the namespace first, then quota and limits, isolation and RBAC, then what was added', () => {
    const chart = chartOf(testEnvironment({ nodePool: 'dev', access: { bindings: [{ group: 'support', role: 'viewer' }] } }));
    addDeployment(chart);

    expect(chart.toJson().map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/dev',
      'ResourceQuota/environment-quota',
      'LimitRange/container-limits',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-dns',
      'NetworkPolicy/allow-same-namespace',
      'NetworkPolicy/allow-ingress-controller',
      'ServiceAccount/deployer',
      'Role/deployer',
      'RoleBinding/deployer',
      'Role/viewer',
      'RoleBinding/viewer',
      'Deployment/web',
    ]);
  });

  test('every object is in the environment namespace, except the Namespace itself, and the chart sets no namespace', () => {
    const chart = chartOf(testEnvironment({ name: 'dev', namespace: 'team-dev', access: { bindings: [{ group: 'ops', role: 'admin' }] } }));
    addDeployment(chart);
    const objects = chart.toJson();

    expect(chart.namespace).toBeUndefined();
    expect(objects[0]).toEqual(expect.objectContaining({ kind: 'Namespace', metadata: expect.objectContaining({ name: 'team-dev' }) }));
    expect(objects[0].metadata).not.toHaveProperty('namespace');
    const rest = objects.slice(1);
    expect(rest.length).toBeGreaterThan(10);
    expect(rest.filter((o) => o.metadata.namespace !== 'team-dev')).toEqual([]);
    expect(ofKind(objects, 'Namespace')).toHaveLength(1);
  });

  test('every object carries the environment and cluster labels and the environment\'s own labels', () => {
    const chart = chartOf(testEnvironment({ nodePool: 'dev', labels: { team: 'payments' } }));
    addDeployment(chart);
    const objects = chart.toJson();

    for (const object of objects) {
      expect(object.metadata.labels).toEqual(expect.objectContaining({ [ENVIRONMENT_LABEL]: 'dev', [CLUSTER_LABEL]: CLUSTER, team: 'payments' }));
    }
    expect(findObject(objects, 'ResourceQuota', 'environment-quota').metadata.labels).toEqual({
      [ENVIRONMENT_LABEL]: 'dev', [CLUSTER_LABEL]: CLUSTER, team: 'payments',
    });
  });

  test('the environment\'s labels cannot override the environment and cluster labels', () => {
    const chart = chartOf(testEnvironment({ labels: { [ENVIRONMENT_LABEL]: 'production', [CLUSTER_LABEL]: 'prod' } }));

    for (const object of chart.toJson()) {
      expect(object.metadata.labels[ENVIRONMENT_LABEL]).toBe('dev');
      expect(object.metadata.labels[CLUSTER_LABEL]).toBe(CLUSTER);
    }
  });

  test('renders the environment\'s Pod Security levels, quota and limits', () => {
    const chart = chartOf(testEnvironment({
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED, version: 'v1.29' },
      quota: { pods: 20, storage: '10Gi' },
      limitRange: { max: { cpu: '1', memory: '2Gi' } },
    }));
    const objects = chart.toJson();

    expect(objects[0].metadata.labels).toEqual({
      [ENVIRONMENT_LABEL]: 'dev',
      [CLUSTER_LABEL]: CLUSTER,
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.29',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.29',
    });
    expect(findObject(objects, 'ResourceQuota', 'environment-quota').spec.hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.cpu': '8',
      'limits.memory': '16Gi',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
      'requests.storage': '10Gi',
      'pods': '20',
    });
    expect(findObject(objects, 'LimitRange', 'container-limits').spec.limits[0].max).toEqual({ cpu: '1', memory: '2Gi' });
  });

  test('renders the environment\'s network allows, DNS and ingress controller from the resolved model', () => {
    const platform = testPlatform({
      environments: [
        {
          name: 'dev',
          cluster: CLUSTER,
          network: {
            allowIngressController: false,
            allowFrom: [{ namespace: 'monitoring', ports: [{ port: 9090 }] }],
            allowTo: [{ environment: 'qa', ports: [{ port: 8080 }] }, { cidr: '10.20.0.0/16', except: ['10.20.1.0/24'] }],
          },
        },
        { name: 'qa', cluster: CLUSTER, namespace: 'team-qa' },
      ],
    });
    const chart = chartOf(platform.environments[0]);
    const policies = ofKind(chart.toJson(), 'NetworkPolicy');

    expect(chart.isolation.policyNames).toEqual(['default-deny', 'allow-dns', 'allow-same-namespace', 'allow-from-monitoring', 'allow-to-team-qa',
      'allow-to-cidr-10-20-0-0-16']);
    expect(policies.map((p) => p.metadata.name)).toEqual(chart.isolation.policyNames);
    expect(findObject(policies, 'NetworkPolicy', 'allow-from-monitoring').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 9090, protocol: Protocol.TCP }],
    }]);
    expect(findObject(policies, 'NetworkPolicy', 'allow-to-team-qa').spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-qa' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
    expect(findObject(policies, 'NetworkPolicy', 'allow-to-cidr-10-20-0-0-16').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.1.0/24'] } }],
    }]);
  });

  test('uses the cluster\'s DNS and ingress controller namespaces', () => {
    const environment = testEnvironment({}, {
      clusters: [{ name: CLUSTER, kubeconfig: { context: CLUSTER }, dns: { namespace: 'dns', podLabels: { app: 'coredns' } }, ingress: { namespace: 'traefik' } }],
    });
    const objects = chartOf(environment).toJson();

    expect(findObject(objects, 'NetworkPolicy', 'allow-dns').spec.egress[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } },
      podSelector: { matchLabels: { app: 'coredns' } },
    }]);
    expect(findObject(objects, 'NetworkPolicy', 'allow-ingress-controller').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }],
    }]);
  });

  test('renders the environment\'s grants and deployer', () => {
    const chart = chartOf(testEnvironment({
      access: { deployerServiceAccount: 'ci', bindings: [{ group: 'support', role: 'viewer' }, { group: 'oncall', role: 'viewer' }] },
    }));
    const objects = chart.toJson();

    expect(chart.access.deployerServiceAccount).toBe('ci');
    expect(findObject(objects, 'ServiceAccount', 'ci').automountServiceAccountToken).toBe(false);
    expect(findObject(objects, 'RoleBinding', 'viewer').subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'support' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oncall' },
    ]);
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([]);
  });

  test('the deployer Role covers what was added to the chart', () => {
    const chart = chartOf(testEnvironment());
    addDeployment(chart);

    expect(findObject(chart.toJson(), 'Role', 'deployer').rules).toContainEqual({
      apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    });
  });

  test('pins the construct ids of its parts', () => {
    const chart = chartOf(testEnvironment({ nodePool: 'dev' }));

    expect([chart.environmentNamespace, chart.governance, chart.isolation, chart.access, chart.placement!].map((c) => c.node.path)).toEqual([
      'environment/Namespace', 'environment/Governance', 'environment/Isolation', 'environment/Access', 'environment/Placement',
    ]);
    expect(chart.environment.name).toBe('dev');
  });

  test('fails when an object is not in the environment namespace, naming each one with its construct path', () => {
    const chart = chartOf(testEnvironment());
    new k8s.KubeConfigMap(chart, 'Stray', { metadata: { name: 'stray' }, data: { a: 'b' } });
    new k8s.KubeConfigMap(chart, 'Elsewhere', { metadata: { name: 'elsewhere', namespace: 'kube-system' } });
    expect(() => chart.toJson()).toThrow(
      'environment "dev": ConfigMap "stray" (environment/Stray) is in namespace (none); every object of the environment must set '
      + 'metadata.namespace "dev", and cluster-scoped objects belong in the cluster chart',
    );
    expect(() => chart.toJson()).toThrow(
      'environment "dev": ConfigMap "elsewhere" (environment/Elsewhere) is in namespace "kube-system"; every object of the environment must set '
      + 'metadata.namespace "dev", and cluster-scoped objects belong in the cluster chart',
    );
  });
});
