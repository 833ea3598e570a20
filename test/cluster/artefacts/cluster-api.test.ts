import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CLUSTER_API_CHART, ClusterApiChart, clusterApiArtefact, encryptionSecretName } from '../../../lib/cluster/artefacts/cluster-api';
import { clusterConfiguration } from '../../../lib/cluster/artefacts/kubeadm-config';
import { Cluster } from '../../../lib/cluster/cluster-model';
import { EncryptionKind, EtcdKind, KmsPluginProvider } from '../../../lib/cluster/cluster-types';
import { shopPlatform } from '../../util';
import { capiErrors, capiValidators, HA_CONTROL_PLANE, PROTECTED_EXTRAS, testCluster, WEB_POOL, ZONES } from '../util';

const validators = capiValidators();
const CLUSTER_LABELS = { 'platform.example.com/cluster': 'lab' };
const UNHEALTHY = [{ status: 'Unknown', timeoutSeconds: 300, type: 'Ready' }, { status: 'False', timeoutSeconds: 300, type: 'Ready' }];

function objectsOf(cluster: Cluster): any[] {
  return new ClusterApiChart(Testing.app(), 'cluster-api', { cluster }).toJson();
}

function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

/** An HA cluster with an autoscaled pool in three zones and a fixed pool in none. */
function haCluster(overrides: Parameters<typeof testCluster>[0] = {}): Cluster {
  return testCluster({
    ...overrides,
    controlPlane: HA_CONTROL_PLANE,
    nodePools: [{ ...WEB_POOL, minSize: 1, maxSize: 4 }, { name: 'batch', zones: [], minSize: 2 }],
    clusterApi: { namespace: 'fleet', infrastructure: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2', clusterKind: 'AWSCluster', machineTemplateKind: 'AWSMachineTemplate' } },
  });
}

describe('ClusterApiChart', () => {
  test('renders the Cluster, its control plane and health checks, and per pool and zone a bootstrap template and MachineDeployment', () => {
    expect(objectsOf(haCluster()).map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'cluster.x-k8s.io/v1beta2 Cluster/fleet/lab',
      'controlplane.cluster.x-k8s.io/v1beta2 KubeadmControlPlane/fleet/lab-control-plane',
      'cluster.x-k8s.io/v1beta2 MachineHealthCheck/fleet/lab-control-plane',
      ...ZONES.flatMap((zone) => [
        `bootstrap.cluster.x-k8s.io/v1beta2 KubeadmConfigTemplate/fleet/lab-web-${zone}`,
        `cluster.x-k8s.io/v1beta2 MachineDeployment/fleet/lab-web-${zone}`,
      ]),
      'bootstrap.cluster.x-k8s.io/v1beta2 KubeadmConfigTemplate/fleet/lab-batch',
      'cluster.x-k8s.io/v1beta2 MachineDeployment/fleet/lab-batch',
      'cluster.x-k8s.io/v1beta2 MachineHealthCheck/fleet/lab-web',
      'cluster.x-k8s.io/v1beta2 MachineHealthCheck/fleet/lab-batch',
    ]);
  });

  test('points the Cluster at the endpoint, the control plane and the provider\'s infrastructure cluster', () => {
    expect(find(objectsOf(haCluster()), 'Cluster', 'lab')).toStrictEqual({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Cluster',
      metadata: { name: 'lab', namespace: 'fleet', labels: CLUSTER_LABELS },
      spec: {
        controlPlaneEndpoint: { host: 'api.lab.example.com', port: 6443 },
        clusterNetwork: { pods: { cidrBlocks: ['10.244.0.0/16'] }, services: { cidrBlocks: ['10.96.0.0/12'] } },
        controlPlaneRef: { apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'KubeadmControlPlane', name: 'lab-control-plane' },
        infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'AWSCluster', name: 'lab' },
      },
    });
  });

  test('declares the cluster\'s pod and Service ranges, the ones its NetworkPolicies except from address blocks', () => {
    const cluster = haCluster({ networking: { podSubnets: ['10.8.0.0/16', 'fd00:8::/56'], serviceSubnets: ['10.9.0.0/16', 'fd00:9::/112'] } });
    expect(find(objectsOf(cluster), 'Cluster', 'lab').spec.clusterNetwork).toStrictEqual({
      pods: { cidrBlocks: ['10.8.0.0/16', 'fd00:8::/56'] }, services: { cidrBlocks: ['10.9.0.0/16', 'fd00:9::/112'] },
    });
  });

  test('leaves the endpoint to the provider when the cluster declares none', () => {
    expect(find(objectsOf(testCluster()), 'Cluster', 'lab').spec.controlPlaneEndpoint).toBeUndefined();
  });

  test('runs the control plane with its replicas and version, surging one machine at a time', () => {
    const kcp = find(objectsOf(haCluster()), 'KubeadmControlPlane', 'lab-control-plane');

    expect(kcp.spec.replicas).toBe(3);
    expect(kcp.spec.version).toBe('v1.36.1');
    expect(kcp.spec.rollout).toStrictEqual({ strategy: { rollingUpdate: { maxSurge: 1 }, type: 'RollingUpdate' } });
    expect(kcp.spec.machineTemplate).toStrictEqual({
      spec: { infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'AWSMachineTemplate', name: 'lab-control-plane' } },
    });
  });

  test('carries the same control-plane components as the kubeadm ClusterConfiguration', () => {
    const cluster = testCluster({
      controlPlane: {
        ...HA_CONTROL_PLANE, certSANs: ['10.0.0.10'], etcd: { kind: EtcdKind.EXTERNAL, endpoints: ['https://e1:2379', 'https://e2:2379', 'https://e3:2379'] },
      },
      encryption: { kind: EncryptionKind.KMS, plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE }, name: 'vault', endpoint: 'unix:///run/kms.sock' },
    });
    const kcp = find(objectsOf(cluster), 'KubeadmControlPlane', 'lab-control-plane');
    const kubeadm = clusterConfiguration(cluster);

    expect(kcp.spec.kubeadmConfigSpec.clusterConfiguration).toStrictEqual({
      etcd: kubeadm.etcd, apiServer: kubeadm.apiServer, controllerManager: kubeadm.controllerManager, scheduler: kubeadm.scheduler,
    });
    expect(kcp.spec.kubeadmConfigSpec.clusterConfiguration.apiServer.certSANs).toEqual(['api.lab.example.com', '10.0.0.10']);
    expect(kcp.spec.kubeadmConfigSpec.initConfiguration).toStrictEqual({
      nodeRegistration: { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] },
    });
    expect(kcp.spec.kubeadmConfigSpec.joinConfiguration).toStrictEqual(kcp.spec.kubeadmConfigSpec.initConfiguration);
  });

  test('writes the audit policy and a KMS EncryptionConfiguration on each control-plane machine, readable by root only', () => {
    const cluster = testCluster({ encryption: { kind: EncryptionKind.KMS, plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE }, name: 'vault', endpoint: 'unix:///run/kms.sock' } });
    const [audit, encryption] = find(objectsOf(cluster), 'KubeadmControlPlane', 'lab-control-plane').spec.kubeadmConfigSpec.files;

    expect([audit.path, audit.owner, audit.permissions]).toEqual(['/etc/kubernetes/audit/policy.yaml', 'root:root', '0600']);
    expect(parse(audit.content)).toMatchObject({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy' });
    expect([encryption.path, encryption.owner, encryption.permissions]).toEqual(['/etc/kubernetes/encryption/config.yaml', 'root:root', '0600']);
    expect(parse(encryption.content).resources[0].providers[0]).toStrictEqual({
      kms: { apiVersion: 'v2', name: 'vault', endpoint: 'unix:///run/kms.sock', timeout: '3s' },
    });
  });

  test('takes an EncryptionConfiguration with local keys from a management-cluster Secret, never rendering it', () => {
    const [, encryption] = find(objectsOf(testCluster()), 'KubeadmControlPlane', 'lab-control-plane').spec.kubeadmConfigSpec.files;

    expect(encryption).toStrictEqual({
      contentFrom: { secret: { key: 'encryption-config.yaml', name: 'lab-encryption-config' } },
      owner: 'root:root',
      path: '/etc/kubernetes/encryption/config.yaml',
      permissions: '0600',
    });
    expect(encryptionSecretName('lab')).toBe('lab-encryption-config');
  });

  test('registers a pool\'s nodes with its labels, the zone label and its taints', () => {
    expect(find(objectsOf(haCluster()), 'KubeadmConfigTemplate', 'lab-web-zone-b').spec).toStrictEqual({
      template: {
        spec: {
          joinConfiguration: {
            nodeRegistration: {
              kubeletExtraArgs: [
                { name: 'cloud-provider', value: 'external' },
                { name: 'node-labels', value: 'platform.example.com/pool=web,tier=frontend,topology.kubernetes.io/zone=zone-b' },
              ],
              taints: [{ effect: 'NoSchedule', key: 'platform.example.com/pool', value: 'web' }],
            },
          },
        },
      },
    });
  });

  test('places an autoscaled pool\'s MachineDeployment in its failure domain, with autoscaler bounds instead of replicas', () => {
    expect(find(objectsOf(haCluster()), 'MachineDeployment', 'lab-web-zone-a')).toStrictEqual({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'MachineDeployment',
      metadata: {
        name: 'lab-web-zone-a',
        namespace: 'fleet',
        labels: { ...CLUSTER_LABELS, 'platform.example.com/pool': 'web' },
        annotations: {
          'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': '1',
          'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': '4',
        },
      },
      spec: {
        clusterName: 'lab',
        selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/deployment-name': 'lab-web-zone-a' } },
        rollout: { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }, type: 'RollingUpdate' } },
        template: {
          metadata: {
            labels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'cluster.x-k8s.io/deployment-name': 'lab-web-zone-a', 'platform.example.com/pool': 'web' },
          },
          spec: {
            clusterName: 'lab',
            version: 'v1.36.1',
            failureDomain: 'zone-a',
            bootstrap: { configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'KubeadmConfigTemplate', name: 'lab-web-zone-a' } },
            infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'AWSMachineTemplate', name: 'lab-web' },
          },
        },
      },
    });
  });

  test('gives a fixed-size pool replicas, no autoscaler bounds and no failure domain when it has no zones', () => {
    const md = find(objectsOf(haCluster()), 'MachineDeployment', 'lab-batch');

    expect(md.metadata.annotations).toBeUndefined();
    expect(md.spec.replicas).toBe(2);
    expect(md.spec.template.spec.failureDomain).toBeUndefined();
  });

  test('runs a pool\'s machines at the pool\'s kubelet version', () => {
    const cluster = testCluster({ nodePools: [{ name: 'general', kubernetesVersion: 'v1.35.1' }] });

    expect(find(objectsOf(cluster), 'MachineDeployment', 'lab-general').spec.template.spec.version).toBe('v1.35.1');
  });

  test('runs the kubelets of cloud machines with an external cloud provider, control plane and pools alike', () => {
    const objects = objectsOf(haCluster());
    const kcp = find(objects, 'KubeadmControlPlane', 'lab-control-plane').spec.kubeadmConfigSpec;

    expect(kcp.initConfiguration.nodeRegistration.kubeletExtraArgs).toStrictEqual([{ name: 'cloud-provider', value: 'external' }]);
    expect(kcp.joinConfiguration.nodeRegistration.kubeletExtraArgs).toStrictEqual([{ name: 'cloud-provider', value: 'external' }]);
    expect(find(objects, 'KubeadmConfigTemplate', 'lab-batch').spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs[0])
      .toStrictEqual({ name: 'cloud-provider', value: 'external' });
  });

  test('leaves the cloud provider alone on the Docker provider, whose machines are containers', () => {
    const objects = objectsOf(testCluster({ nodePools: [{ name: 'general' }] }));
    const kcp = find(objects, 'KubeadmControlPlane', 'lab-control-plane').spec.kubeadmConfigSpec;

    expect(kcp.initConfiguration.nodeRegistration).toStrictEqual({ taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    expect(find(objects, 'KubeadmConfigTemplate', 'lab-general').spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs)
      .toStrictEqual([{ name: 'node-labels', value: 'platform.example.com/pool=general' }]);
  });

  test('replaces control-plane machines and pool machines whose nodes stay unready, at most 40% of a pool at once', () => {
    const objects = objectsOf(haCluster());

    expect(find(objects, 'MachineHealthCheck', 'lab-control-plane').spec).toStrictEqual({
      checks: { nodeStartupTimeoutSeconds: 1200, unhealthyNodeConditions: UNHEALTHY },
      clusterName: 'lab',
      selector: { matchLabels: { 'cluster.x-k8s.io/control-plane': '' } },
    });
    expect(find(objects, 'MachineHealthCheck', 'lab-web').spec).toStrictEqual({
      checks: { nodeStartupTimeoutSeconds: 1200, unhealthyNodeConditions: UNHEALTHY },
      clusterName: 'lab',
      remediation: { triggerIf: { unhealthyLessThanOrEqualTo: '40%' } },
      selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'lab', 'platform.example.com/pool': 'web' } },
    });
  });
});

describe('Cluster API objects against the CRD schemas', () => {
  const clusters = [
    { name: 'an HA cluster with pools', cluster: haCluster() },
    { name: 'a single node with defaults', cluster: testCluster() },
    {
      name: 'external etcd and KMS',
      cluster: testCluster({
        controlPlane: { ...HA_CONTROL_PLANE, etcd: { kind: EtcdKind.EXTERNAL, endpoints: ['https://e1:2379', 'https://e2:2379', 'https://e3:2379'] } },
        encryption: { kind: EncryptionKind.KMS, plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE }, name: 'vault', endpoint: 'unix:///run/kms.sock' },
        ...PROTECTED_EXTRAS,
      }),
    },
    ...shopPlatform().clusters.map((cluster) => ({ name: `shop cluster ${cluster.name}`, cluster })),
  ];

  describe.each(clusters)('$name', ({ cluster }) => {
    test.each(objectsOf(cluster).map((o) => [`${o.kind}/${o.metadata.name}`, o]))('%s validates', (_key, object) => {
      expect(capiErrors(validators, object)).toEqual([]);
    });
  });

  test('fails when an object breaks its schema (the check is live, unknown fields included)', () => {
    const md = find(objectsOf(haCluster()), 'MachineDeployment', 'lab-batch');
    const broken = { ...md, spec: { ...md.spec, replicas: 'two', template: { ...md.spec.template, spec: { ...md.spec.template.spec, zone: 'a' } } } };

    expect(capiErrors(validators, broken)).toEqual(['/spec/replicas must be integer', '/spec/template/spec must NOT have additional properties (zone)']);
  });

  test('fails when a kind has no schema', () => {
    expect(capiErrors(validators, { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'MachinePool' })).toEqual(['no CRD schema for cluster.x-k8s.io/v1beta1 MachinePool']);
  });
});

describe('clusterApiArtefact', () => {
  test('adds the ClusterApiChart as "cluster-api" to the App it is given, and writes no file', () => {
    const cluster = haCluster();
    const app = Testing.app();
    const chart = clusterApiArtefact.chart!(app, cluster);

    expect(chart).toBeInstanceOf(ClusterApiChart);
    expect(CLUSTER_API_CHART).toBe('cluster-api');
    expect(chart.node.id).toBe(CLUSTER_API_CHART);
    expect(app.charts).toEqual([chart]);
    expect(chart.toJson()).toEqual(objectsOf(cluster));
    expect(clusterApiArtefact.files).toBeUndefined();
  });
});
