import { Testing } from 'cdk8s';
import { BackupTargetKind, ReclaimPolicy } from '../../lib/cluster/cluster-types';
import { ClusterChart } from '../../lib/environment/cluster-chart';
import { ClusterIdentity } from '../../lib/cluster/cluster-identity';
import { PriorityClasses } from '../../lib/cluster/priority-classes';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { BASE, CLUSTER, findObject, ofKind, testCluster, testPlatform } from '../builders';

const RBAC = 'rbac.authorization.k8s.io';
const CLUSTER_LABELS = { 'platform.example.com/cluster': CLUSTER };

/** The chart of the test cluster, hosting dev (namespace dev, deployer ci) and qa (namespace team-qa). */
function clusterChart(): ClusterChart {
  const platform = testPlatform({
    environments: [
      { name: 'dev', cluster: CLUSTER, access: { deployerServiceAccount: 'ci' } },
      { name: 'qa', cluster: CLUSTER, namespace: 'team-qa' },
    ],
  });
  return new ClusterChart(Testing.app(), 'cluster', { cluster: platform.clusters[0], environments: platform.environments });
}

describe('ClusterChart', () => {
  test('runs the preview janitor of a preview cluster with the cluster\'s ranges excepted from its egress', () => {
    const platform = testPlatform({ clusters: [testCluster({ networking: { podSubnets: ['192.168.0.0/16'], serviceSubnets: ['172.20.0.0/16'] } })] });
    const cluster = { ...platform.clusters[0], previews: { template: 'qa' } };
    const objects = new ClusterChart(Testing.app(), 'cluster', { cluster, environments: platform.environments }).toJson();

    expect(findObject(objects, 'NetworkPolicy', 'allow-to-cidr-0-0-0-0-0').spec.egress[0].to)
      .toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['192.168.0.0/16', '172.20.0.0/16'] } }]);
  });

  test('renders the four default PriorityClasses, cluster-scoped', () => {
    const objects = clusterChart().toJson();

    // The global default last, so that kubectl apply clears a previous default before it sets this one.
    expect(ofKind(objects, 'PriorityClass')).toEqual([
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'app-critical', labels: CLUSTER_LABELS },
        value: 100000,
        globalDefault: false,
        description: 'Customer-facing application workloads.',
        preemptionPolicy: 'PreemptLowerPriority',
      },
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'app-standard', labels: CLUSTER_LABELS },
        value: 10000,
        globalDefault: false,
        description: 'Application workloads without a stated priority.',
        preemptionPolicy: 'PreemptLowerPriority',
      },
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'app-batch', labels: CLUSTER_LABELS },
        value: 1000,
        globalDefault: false,
        description: 'Batch and background jobs; never preempt.',
        preemptionPolicy: 'Never',
      },
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'platform', labels: CLUSTER_LABELS },
        value: 1000000,
        globalDefault: true,
        description: 'Platform services (ingress, DNS add-ons, monitoring agents) and pods that name no class.',
        preemptionPolicy: 'PreemptLowerPriority',
      },
    ]);
  });

  test('renders the cluster\'s own PriorityClasses instead of the defaults', () => {
    const platform = testPlatform({
      clusters: [testCluster({ priorityClasses: [{ name: 'tier-1', value: 500, description: 'First tier.', globalDefault: true, preempting: false }] })],
    });
    const objects = new ClusterChart(Testing.app(), 'cluster', { cluster: platform.clusters[0], environments: platform.environments }).toJson();

    expect(ofKind(objects, 'PriorityClass')).toEqual([{
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'tier-1', labels: CLUSTER_LABELS },
      value: 500,
      globalDefault: true,
      description: 'First tier.',
      preemptionPolicy: 'Never',
    }]);
  });

  test('renders the identity ConfigMap kube-system/platform-identity with the cluster and its environments', () => {
    expect(findObject(clusterChart().toJson(), 'ConfigMap', 'platform-identity')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'platform-identity', namespace: 'kube-system', labels: CLUSTER_LABELS },
      data: { cluster: CLUSTER, environments: 'dev,qa' },
    });
  });

  test('lets every environment\'s deployer read the identity ConfigMap and nothing else', () => {
    const objects = clusterChart().toJson();

    expect(findObject(objects, 'Role', 'platform-identity-reader')).toEqual({
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'platform-identity-reader', namespace: 'kube-system', labels: CLUSTER_LABELS },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['platform-identity'], verbs: ['get', 'list', 'watch'] }],
    });
    expect(findObject(objects, 'RoleBinding', 'platform-identity-reader')).toEqual({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'platform-identity-reader', namespace: 'kube-system', labels: CLUSTER_LABELS },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'platform-identity-reader' },
      subjects: [
        { kind: 'ServiceAccount', name: 'ci', namespace: 'dev' },
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'team-qa' },
      ],
    });
  });

  test('lets every environment\'s deployer list CRDs cluster-wide, with one binding each, and nothing else cluster-wide', () => {
    const objects = clusterChart().toJson();

    expect(ofKind(objects, 'ClusterRole')).toEqual([{
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'platform-deployer-discovery', labels: CLUSTER_LABELS },
      rules: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list'] }],
    }]);
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([
      ['dev', 'ci'], ['team-qa', 'deployer'],
    ].map(([namespace, serviceAccount]) => ({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: `platform-deployer-discovery-${namespace}`, labels: CLUSTER_LABELS },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'platform-deployer-discovery' },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
    })));
  });

  test('gives each deployer whose state the kubernetes backend keeps on this cluster a namespace of its own for it', () => {
    const objects = clusterChart().toJson();
    const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

    expect(findObject(objects, 'Namespace', 'terraform-state-qa')).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'terraform-state-qa',
        labels: { ...CLUSTER_LABELS, 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
      },
    });
    expect(objects.filter((o) => o.metadata.namespace === 'terraform-state-qa')).toEqual([
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name: 'deployer-state', namespace: 'terraform-state-qa', labels: CLUSTER_LABELS },
        rules: [
          { apiGroups: [''], resources: ['secrets'], verbs: manage },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: manage },
        ],
      },
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'deployer-state', namespace: 'terraform-state-qa', labels: CLUSTER_LABELS },
        roleRef: { apiGroup: RBAC, kind: 'Role', name: 'deployer-state' },
        subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'team-qa' }],
      },
    ]);
    expect(objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'terraform-state-dev').map((o) => o.subjects))
      .toEqual([[{ kind: 'ServiceAccount', name: 'ci', namespace: 'dev' }]]);
  });

  test('gives a deployer no state namespace where its state is kept elsewhere (s3, or another cluster\'s context)', () => {
    const platform = testPlatform({
      environments: [
        { name: 'dev', cluster: CLUSTER, state: { kind: 'kubernetes', context: 'state-cluster' } },
        { name: 'qa', cluster: CLUSTER, state: { kind: 's3', bucket: 'state-bucket', region: 'eu-west-1' } },
      ],
    });
    const objects = new ClusterChart(Testing.app(), 'cluster', { cluster: platform.clusters[0], environments: platform.environments }).toJson();

    expect(ofKind(objects, 'Namespace')).toEqual([]);
    expect(objects.filter((o) => o.metadata.name === 'deployer-state')).toEqual([]);
    expect(ofKind(objects, 'ClusterRoleBinding').map((o) => o.metadata.name)).toEqual(['platform-deployer-discovery-dev', 'platform-deployer-discovery-qa']);
  });

  test('renders no reader Role or RoleBinding for a cluster without environments', () => {
    const platform = testPlatform({
      clusters: [testCluster(), { name: 'prod', kubeconfig: { context: 'prod' } }],
      environments: [{ name: 'dev', cluster: CLUSTER }],
    });
    const prod = platform.clusters.find((c) => c.name === 'prod')!;
    const chart = new ClusterChart(Testing.app(), 'cluster', { cluster: prod, environments: [] });
    const objects = chart.toJson();

    expect(objects.filter((o) => o.kind !== 'PriorityClass')).toEqual([{
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'platform-identity', namespace: 'kube-system', labels: { 'platform.example.com/cluster': 'prod' } },
      data: { cluster: 'prod', environments: '' },
    }]);
    expect(chart.cluster.name).toBe('prod');
  });

  test('renders PriorityClasses first, then the identity, its Role and RoleBinding, then each deployer\'s discovery and state access; sets no chart namespace', () => {
    const chart = clusterChart();
    const objects = chart.toJson();

    expect(chart.namespace).toBeUndefined();
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'PriorityClass//app-critical',
      'PriorityClass//app-standard',
      'PriorityClass//app-batch',
      'PriorityClass//platform',
      'ConfigMap/kube-system/platform-identity',
      'Role/kube-system/platform-identity-reader',
      'RoleBinding/kube-system/platform-identity-reader',
      'ClusterRole//platform-deployer-discovery',
      'ClusterRoleBinding//platform-deployer-discovery-dev',
      'Namespace//terraform-state-dev',
      'Role/terraform-state-dev/deployer-state',
      'RoleBinding/terraform-state-dev/deployer-state',
      'ClusterRoleBinding//platform-deployer-discovery-team-qa',
      'Namespace//terraform-state-qa',
      'Role/terraform-state-qa/deployer-state',
      'RoleBinding/terraform-state-qa/deployer-state',
    ]);
    // A state namespace also carries its Pod Security labels.
    const labels = objects.map((o) => ({ ...o.metadata.labels, 'pod-security.kubernetes.io/enforce': undefined, 'pod-security.kubernetes.io/warn': undefined }));
    expect(labels).toEqual(objects.map(() => ({ ...CLUSTER_LABELS, 'pod-security.kubernetes.io/enforce': undefined, 'pod-security.kubernetes.io/warn': undefined })));
  });
});

describe('ClusterIdentity', () => {
  test('has no readers by default', () => {
    const chart = Testing.chart();
    new ClusterIdentity(chart, 'Identity', { cluster: 'prod', environments: ['production'] });

    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'platform-identity', namespace: 'kube-system' },
      data: { cluster: 'prod', environments: 'production' },
    }]);
  });

  test('binds one ServiceAccount subject per reader', () => {
    const chart = Testing.chart();
    new ClusterIdentity(chart, 'Identity', {
      cluster: 'nonprod',
      environments: ['dev', 'qa', 'staging'],
      readers: [{ namespace: 'dev', serviceAccount: 'deployer' }, { namespace: 'qa', serviceAccount: 'deployer' }, { namespace: 'staging', serviceAccount: 'ci' }],
    });
    const objects = Testing.synth(chart);

    expect(findObject(objects, 'ConfigMap', 'platform-identity').data).toEqual({ cluster: 'nonprod', environments: 'dev,qa,staging' });
    expect(findObject(objects, 'RoleBinding', 'platform-identity-reader').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'dev' },
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'qa' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'staging' },
    ]);
  });
});

describe('PriorityClasses', () => {
  test('renders nothing for no classes', () => {
    const chart = Testing.chart();
    new PriorityClasses(chart, 'PriorityClasses', { classes: [] });

    expect(Testing.synth(chart)).toEqual([]);
  });

  test('renders preemptionPolicy from preempting', () => {
    const chart = Testing.chart();
    new PriorityClasses(chart, 'PriorityClasses', {
      classes: [
        { name: 'low', value: -10, description: 'Low.', globalDefault: false, preempting: false },
        { name: 'high', value: 10, description: 'High.', globalDefault: false, preempting: true },
      ],
    });

    expect(Testing.synth(chart).map((o) => [o.metadata.name, o.value, o.preemptionPolicy])).toEqual([
      ['low', -10, 'Never'],
      ['high', 10, 'PreemptLowerPriority'],
    ]);
  });
});

describe('ClusterChart with storage and etcd snapshots', () => {
  test('renders the StorageClasses after the PriorityClasses, and the snapshot job after the identity', () => {
    const platform = testPlatform({
      clusters: [testCluster({
        storage: { classes: [{ name: 'fast', provisioner: 'csi.example.com' }, { name: 'kept', provisioner: 'csi.example.com', reclaimPolicy: ReclaimPolicy.RETAIN }] },
        etcdBackup: { target: { kind: BackupTargetKind.VOLUME, storageClass: 'kept' } },
      })],
    });
    const objects = new ClusterChart(Testing.app(), 'cluster', { cluster: platform.clusters[0], environments: platform.environments }).toJson();

    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).filter((k) => !k.startsWith('PriorityClass/'))).toEqual([
      'StorageClass//fast',
      'StorageClass//kept',
      'ConfigMap/kube-system/platform-identity',
      'Role/kube-system/platform-identity-reader',
      'RoleBinding/kube-system/platform-identity-reader',
      'ClusterRole//platform-deployer-discovery',
      'ClusterRoleBinding//platform-deployer-discovery-dev',
      'Namespace//terraform-state-dev',
      'Role/terraform-state-dev/deployer-state',
      'RoleBinding/terraform-state-dev/deployer-state',
      'ClusterRoleBinding//platform-deployer-discovery-qa',
      'Namespace//terraform-state-qa',
      'Role/terraform-state-qa/deployer-state',
      'RoleBinding/terraform-state-qa/deployer-state',
      'ServiceAccount/kube-system/etcd-snapshot',
      'PersistentVolumeClaim/kube-system/etcd-snapshots',
      'CronJob/kube-system/etcd-snapshot',
    ]);
    expect(findObject(objects, 'StorageClass', 'fast').metadata).toEqual({
      name: 'fast', labels: CLUSTER_LABELS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    });
    expect(findObject(objects, 'PersistentVolumeClaim', 'etcd-snapshots').spec.storageClassName).toBe('kept');
  });
});

describe('ClusterChart on a cluster with a gateway', () => {
  test('renders the Gateway with a listener per published host of its environments, each admitting that environment\'s namespace, '
    + 'the HTTPS redirect, and its namespace pinned to the cluster\'s minor', () => {
    const app = {
      name: 'web', image: 'registry.example.com/shop/web', version: '1.0.0', ports: [{ name: 'http', port: 8080 }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      probes: { readiness: { http: { path: '/ready', port: 'http' } }, liveness: { http: { path: '/healthz', port: 'http' } } },
      ingress: { port: 'http', host: 'shop.dev.example.com' },
    };
    const platform = resolvePlatform({
      clusters: [testCluster({ gateway: { className: 'eg' }, kubernetesVersion: 'v1.35.1' })],
      base: BASE,
      apps: [app],
      environments: [
        { name: 'dev', cluster: CLUSTER },
        { name: 'qa', cluster: CLUSTER, namespace: 'team-qa', apps: { web: { ingress: { host: 'shop.qa.example.com' } } } },
      ],
    });
    const objects = new ClusterChart(Testing.app(), 'cluster', { cluster: platform.clusters[0], environments: platform.environments }).toJson();
    const gateway = findObject(objects, 'Gateway', 'platform');

    expect(findObject(objects, 'Namespace', 'gateway').metadata.labels).toEqual({
      ...CLUSTER_LABELS,
      // The definition names no dataPlaneNamespace, so the data plane runs here: baseline, restricted audited and warned.
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.35',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.35',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.35',
    });
    const admitted = (l: any) => l.allowedRoutes.namespaces.selector?.matchExpressions[0].values ?? l.allowedRoutes.namespaces.from;
    expect(gateway.spec.listeners.map((l: any) => [l.name, admitted(l)])).toEqual([
      ['shop.dev.example.com', ['dev']],
      ['shop.qa.example.com', ['team-qa']],
      ['http', 'Same'],
    ]);
    expect(findObject(objects, 'HTTPRoute', 'platform-https-redirect').spec.hostnames).toEqual(['shop.dev.example.com', 'shop.qa.example.com']);
  });

  test('renders no Gateway on a cluster that routes through Ingresses', () => {
    expect(ofKind(clusterChart().toJson(), 'Gateway')).toEqual([]);
  });
});
