import {
  clusterConfiguration, controlPlaneEndpoint, controlPlaneJoinConfiguration, initConfiguration, kmsPluginStaticPod, kubeadmArtefact, kubeadmFiles,
  workerJoinConfiguration,
} from '../../../lib/cluster/artefacts/kubeadm-config';
import { EncryptionKind, EtcdKind, KmsPluginDefinition, KmsPluginProvider } from '../../../lib/cluster/cluster-types';
import { HA_CONTROL_PLANE, testCluster, WEB_POOL } from '../util';

/** kube-apiserver flags, as kubeadm v1beta4 lists them: `{ name, value }` in order. */
const API_SERVER_ARGS = Object.entries({
  'audit-log-maxage': '30',
  'audit-log-maxbackup': '10',
  'audit-log-maxsize': '100',
  'audit-log-path': '/var/log/kubernetes/audit/audit.log',
  'audit-policy-file': '/etc/kubernetes/audit/policy.yaml',
  'authorization-mode': 'Node,RBAC',
  'enable-admission-plugins': 'NodeRestriction',
  'encryption-provider-config': '/etc/kubernetes/encryption/config.yaml',
  profiling: 'false',
}).map(([name, value]) => ({ name, value }));

const LEADER_ELECTED = [{ name: 'leader-elect', value: 'true' }, { name: 'profiling', value: 'false' }];

const FILE_VOLUMES = [
  { name: 'audit-policy', hostPath: '/etc/kubernetes/audit', mountPath: '/etc/kubernetes/audit', readOnly: true, pathType: 'DirectoryOrCreate' },
  { name: 'audit-log', hostPath: '/var/log/kubernetes/audit', mountPath: '/var/log/kubernetes/audit', readOnly: false, pathType: 'DirectoryOrCreate' },
  {
    name: 'encryption-config', hostPath: '/etc/kubernetes/encryption', mountPath: '/etc/kubernetes/encryption', readOnly: true,
    pathType: 'DirectoryOrCreate',
  },
];

const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('clusterConfiguration', () => {
  test('puts an HA control plane behind its endpoint, audits, encrypts, authorizes with Node and RBAC and turns profiling off', () => {
    const cluster = testCluster({ controlPlane: { ...HA_CONTROL_PLANE, certSANs: ['10.0.0.10'] } });

    expect(clusterConfiguration(cluster)).toStrictEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'ClusterConfiguration',
      clusterName: 'lab',
      kubernetesVersion: 'v1.36.1',
      controlPlaneEndpoint: 'api.lab.example.com:6443',
      networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12' },
      etcd: { local: { dataDir: '/var/lib/etcd' } },
      apiServer: { certSANs: ['api.lab.example.com', '10.0.0.10'], extraArgs: API_SERVER_ARGS, extraVolumes: FILE_VOLUMES },
      controllerManager: { extraArgs: LEADER_ELECTED },
      scheduler: { extraArgs: LEADER_ELECTED },
    });
  });

  test('takes the audit log rotation from the cluster', () => {
    const args = clusterConfiguration(testCluster({ audit: { maxAgeDays: 7, maxBackups: 3, maxSizeMiB: 50 } })).apiServer.extraArgs;

    expect(args.slice(0, 3)).toEqual([
      { name: 'audit-log-maxage', value: '7' }, { name: 'audit-log-maxbackup', value: '3' }, { name: 'audit-log-maxsize', value: '50' },
    ]);
  });

  test('connects to external etcd with the client certificate given', () => {
    const cluster = testCluster({
      controlPlane: { ...HA_CONTROL_PLANE, etcd: { kind: EtcdKind.EXTERNAL, endpoints: ['https://e1:2379', 'https://e2:2379', 'https://e3:2379'] } },
    });

    expect(clusterConfiguration(cluster).etcd).toStrictEqual({
      external: {
        endpoints: ['https://e1:2379', 'https://e2:2379', 'https://e3:2379'],
        caFile: '/etc/kubernetes/pki/etcd/ca.crt',
        certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
        keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
      },
    });
  });

  test('mounts the KMS plugin\'s socket directory, writable, into the API server', () => {
    const cluster = testCluster({ encryption: { kind: EncryptionKind.KMS, plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE }, name: 'vault', endpoint: 'unix:///run/vault-kms/kms.sock' } });

    expect(clusterConfiguration(cluster).apiServer.extraVolumes).toStrictEqual([
      ...FILE_VOLUMES,
      { name: 'kms-plugin', hostPath: '/run/vault-kms', mountPath: '/run/vault-kms', readOnly: false, pathType: 'DirectoryOrCreate' },
    ]);
  });

  test('has no endpoint, and no extra SANs, for a single node without one', () => {
    const config = clusterConfiguration(testCluster());

    expect(config.controlPlaneEndpoint).toBeUndefined();
    expect(config.apiServer.certSANs).toBeUndefined();
    expect(controlPlaneEndpoint(testCluster())).toBeUndefined();
  });

  test('puts an IPv6 endpoint in brackets', () => {
    expect(controlPlaneEndpoint(testCluster({ controlPlane: { endpoint: { host: 'fd00::10', port: 443 } } }))).toBe('[fd00::10]:443');
  });
});

describe('initConfiguration and join configurations', () => {
  test('registers the first control-plane node with the control-plane taint', () => {
    expect(initConfiguration(testCluster())).toStrictEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'InitConfiguration', nodeRegistration: { taints: [CONTROL_PLANE_TAINT] },
    });
  });

  test('joins further control-plane nodes through the endpoint, with placeholders for the token, CA hash and certificate key', () => {
    expect(controlPlaneJoinConfiguration(testCluster({ controlPlane: HA_CONTROL_PLANE }))).toStrictEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      discovery: {
        bootstrapToken: { apiServerEndpoint: 'api.lab.example.com:6443', token: '${KUBEADM_TOKEN}', caCertHashes: ['${KUBEADM_CA_CERT_HASH}'] },
      },
      controlPlane: { certificateKey: '${KUBEADM_CERTIFICATE_KEY}' },
      nodeRegistration: { taints: [CONTROL_PLANE_TAINT] },
    });
  });

  test('joins no control-plane node to a cluster without an endpoint', () => {
    expect(controlPlaneJoinConfiguration(testCluster())).toBeUndefined();
  });

  test('registers a worker with its labels and taints, finding the first node by placeholder when there is no endpoint', () => {
    const config = workerJoinConfiguration(testCluster(), { pool: 'web', 'topology.kubernetes.io/zone': 'zone-a' }, [{ key: 'k', effect: 'NoSchedule' }]);

    expect(config).toStrictEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      discovery: {
        bootstrapToken: { apiServerEndpoint: '${KUBEADM_API_SERVER_ENDPOINT}', token: '${KUBEADM_TOKEN}', caCertHashes: ['${KUBEADM_CA_CERT_HASH}'] },
      },
      nodeRegistration: { kubeletExtraArgs: [{ name: 'node-labels', value: 'pool=web,topology.kubernetes.io/zone=zone-a' }], taints: [{ key: 'k', effect: 'NoSchedule' }] },
    });
  });
});

describe('kubeadmFiles', () => {
  test('writes init, control-plane join and one worker join per pool and zone', () => {
    const cluster = testCluster({ controlPlane: HA_CONTROL_PLANE, nodePools: [WEB_POOL, { name: 'batch', zones: [] }] });
    const files = kubeadmFiles(cluster);

    expect(files.map((f) => [f.path, f.documents.map((d) => d.kind)])).toEqual([
      ['kubeadm/init.yaml', ['InitConfiguration', 'ClusterConfiguration']],
      ['kubeadm/join-control-plane.yaml', ['JoinConfiguration']],
      ['kubeadm/join-web-zone-a.yaml', ['JoinConfiguration']],
      ['kubeadm/join-web-zone-b.yaml', ['JoinConfiguration']],
      ['kubeadm/join-web-zone-c.yaml', ['JoinConfiguration']],
      ['kubeadm/join-batch.yaml', ['JoinConfiguration']],
    ]);
    expect(files[3].documents[0].nodeRegistration).toStrictEqual({
      kubeletExtraArgs: [{ name: 'node-labels', value: 'platform.example.com/pool=web,tier=frontend,topology.kubernetes.io/zone=zone-b' }],
      taints: [{ key: 'platform.example.com/pool', value: 'web', effect: 'NoSchedule' }],
    });
    expect(files[5].documents[0].nodeRegistration).toStrictEqual({
      kubeletExtraArgs: [{ name: 'node-labels', value: 'platform.example.com/pool=batch' }],
      taints: [],
    });
  });

  test('writes no control-plane join file without an endpoint', () => {
    expect(kubeadmFiles(testCluster()).map((f) => f.path)).toEqual(['kubeadm/init.yaml']);
  });
});

describe('kubeadmArtefact', () => {
  test('writes the kubeadm files, and no chart', () => {
    const cluster = testCluster({ controlPlane: HA_CONTROL_PLANE, nodePools: [WEB_POOL] });

    expect(kubeadmArtefact.files!(cluster)).toStrictEqual(kubeadmFiles(cluster));
    expect(kubeadmArtefact.files!(cluster).map((f) => f.path)).toEqual([
      'kubeadm/init.yaml', 'kubeadm/join-control-plane.yaml', 'kubeadm/join-web-zone-a.yaml', 'kubeadm/join-web-zone-b.yaml', 'kubeadm/join-web-zone-c.yaml',
    ]);
    expect(kubeadmArtefact.chart).toBeUndefined();
  });
});

describe('kmsPluginStaticPod', () => {
  const encryption = (plugin: KmsPluginDefinition) => ({
    kind: EncryptionKind.KMS as const, plugin, name: 'vault', endpoint: 'unix:///var/run/kmsplugin/socket.sock',
  });

  test('writes the plugin as a host-network static pod sharing the socket directory, in kubeadm and Cluster API files alike', () => {
    const cluster = testCluster({
      encryption: encryption({ providedBy: KmsPluginProvider.STATIC_POD, image: 'registry.example.com/kms-plugin:1.2.3', args: ['--listen=x'] }),
    });

    expect(kmsPluginStaticPod(cluster)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'kms-plugin', namespace: 'kube-system', labels: { component: 'kms-plugin', tier: 'control-plane' } },
      spec: {
        hostNetwork: true,
        priorityClassName: 'system-node-critical',
        containers: [{
          name: 'kms-plugin',
          image: 'registry.example.com/kms-plugin:1.2.3',
          args: ['--listen=x'],
          volumeMounts: [{ name: 'kms-socket', mountPath: '/var/run/kmsplugin' }],
        }],
        volumes: [{ name: 'kms-socket', hostPath: { path: '/var/run/kmsplugin', type: 'DirectoryOrCreate' } }],
      },
    });
    expect(kubeadmFiles(cluster).find((f) => f.path === 'kubeadm/kms-plugin.yaml')!.documents).toStrictEqual([kmsPluginStaticPod(cluster)]);
  });

  test('writes nothing when the machine image provides the plugin', () => {
    const cluster = testCluster({ encryption: encryption({ providedBy: KmsPluginProvider.MACHINE_IMAGE }) });

    expect(kmsPluginStaticPod(cluster)).toBeUndefined();
    expect(kubeadmFiles(cluster).map((f) => f.path)).not.toContain('kubeadm/kms-plugin.yaml');
  });
});
