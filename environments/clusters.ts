import {
  AuditPreset, BackupTargetKind, ClusterDefinition, EncryptionKind, EtcdKind, KmsPluginProvider, labelKeys, ReclaimPolicy, TaintEffect,
} from '../lib/definitions';

/** The zones of the region both clusters run in. */
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/** Machines come from Cluster API's AWS provider; its AWSCluster and AWSMachineTemplates are written for it by hand. */
const AWS = { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2', clusterKind: 'AWSCluster', machineTemplateKind: 'AWSMachineTemplate' };

/** Encrypted gp3 volumes from the EBS CSI driver. */
const GP3 = { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' } };

/** A pool dedicated to one environment: labelled and tainted with its name, so only that environment lands there. */
/**
 * Every environment pool is tainted and the control plane too, so add-ons (Gateway API controller, metrics-server,
 * the CSI controller, monitoring, the preview janitor) run on an untainted `system` pool of their own; environments'
 * pods never land there, because each is pinned to its own pool by node selector.
 */
const SYSTEM_POOL = { name: 'system', minSize: 1, maxSize: 2 };

/**
 * The versions: nonprod runs the newest minor one ahead of prod, so that a minor is tried outside production first (the
 * platform refuses the opposite). Patches are the newest kind publishes a node image of (lib/cluster/kubernetes-versions.ts):
 * 1.36.1 is the default of kind v0.32.0; 1.35.1 the newest 1.35 image in kind's image.go history.
 */
const NONPROD_VERSION = 'v1.36.1';
const PROD_VERSION = 'v1.35.1';

/** The label (and taint key) of a node pool, under the platform's label domain: the default, as `index.ts` sets none. */
const POOL_LABEL = labelKeys().pool;

/**
 * What one node of an environment pool offers to the environments' pods, declared for the capacity guardrails: the
 * instance's capacity less about an eighth for kubelet's system and eviction reserves and the DaemonSets every node runs
 * (network plugin, CSI node plugin, log agent); pods up to kubelet's default maxPods, 110. nonprod runs 4 vCPU / 16 GiB
 * nodes, prod 8 vCPU / 32 GiB. Each pool's quotas must fit its nodes at maxSize (`pool-fits`); the report's capacity
 * table shows both ends.
 */
const NONPROD_NODE = { cpu: '3500m', memory: '13Gi', pods: 110 };
const PROD_NODE = { cpu: '7', memory: '28Gi', pods: 110 };

function dedicatedPool(name: string) {
  return { name, labels: { [POOL_LABEL]: name }, taints: [{ key: POOL_LABEL, value: name, effect: TaintEffect.NO_SCHEDULE }] };
}

/**
 * How both clusters route: the Gateway API through Envoy Gateway (GatewayClass `eg`, as in its quickstart), which by
 * default runs each Gateway's Envoy proxies in its own namespace, `envoy-gateway-system`
 * (https://gateway.envoyproxy.io/docs/tasks/operations/deployment-mode/); certificates from cert-manager's ClusterIssuer
 * `letsencrypt`. ingress-nginx, which the platform used before, was retired upstream in March 2026.
 */
const GATEWAY = { className: 'eg', dataPlaneNamespace: 'envoy-gateway-system' };

/**
 * dev, qa and staging share this cluster, separated by namespace, each on its own node pool.
 *
 * One control-plane node, by choice: it costs a third of an HA control plane, and an outage of non-production is an
 * inconvenience, not an incident. The endpoint is a DNS name all the same, so the control plane can grow to three
 * nodes later without re-issuing certificates; and etcd is snapshotted to S3, outside the control plane's zone, so
 * the cluster can be rebuilt.
 */
export const nonprod: ClusterDefinition = {
  name: 'nonprod',
  kubeconfig: { context: 'nonprod' },
  gateway: GATEWAY,
  kubernetesVersion: NONPROD_VERSION,
  controlPlane: {
    replicas: 1,
    zones: [ZONES[0]],
    endpoint: { host: 'api.nonprod.example.com' },
  },
  nodePools: [
    { ...dedicatedPool('dev'), minSize: 1, maxSize: 3, allocatable: NONPROD_NODE },
    { ...dedicatedPool('qa'), minSize: 1, maxSize: 3, allocatable: NONPROD_NODE },
    { ...dedicatedPool('staging'), minSize: 2, maxSize: 4, allocatable: NONPROD_NODE },
    SYSTEM_POOL,
  ],
  storage: {
    classes: [
      { name: 'gp3', ...GP3 },
      { name: 'gp3-retained', ...GP3, reclaimPolicy: ReclaimPolicy.RETAIN },
    ],
    defaultClass: 'gp3',
  },
  // In the same bucket as prod's, under its own prefix (nonprod/etcd): apart from the control plane and its zone, as
  // backups must be. A gp3 volume would stay in the control-plane node's zone, which resolution refuses.
  etcdBackup: {
    target: { kind: BackupTargetKind.S3, bucket: 'example-platform-etcd-snapshots', region: 'eu-west-1', credentialsSecret: 'etcd-snapshot-s3' },
  },
  clusterApi: { infrastructure: AWS },
};

/**
 * Production runs alone on its own cluster: three control-plane nodes with stacked etcd, one per zone, behind a load
 * balancer; Secrets encrypted through AWS KMS; every write audited with its request and response; hourly etcd
 * snapshots to S3; volumes retained when their claims are deleted.
 */
export const prod: ClusterDefinition = {
  name: 'prod',
  kubeconfig: { context: 'prod' },
  gateway: GATEWAY,
  kubernetesVersion: PROD_VERSION,
  controlPlane: {
    replicas: 3,
    zones: ZONES,
    endpoint: { host: 'api.prod.example.com', port: 6443 },
    etcd: { kind: EtcdKind.STACKED },
  },
  nodePools: [{ ...dedicatedPool('production'), zones: ZONES, minSize: 2, maxSize: 6, allocatable: PROD_NODE }, { ...SYSTEM_POOL, zones: ZONES }],
  audit: { preset: AuditPreset.REQUEST_RESPONSE },
  // The control-plane machine image runs aws-encryption-provider (a systemd unit) before kubelet starts.
  encryption: {
    kind: EncryptionKind.KMS,
    plugin: { providedBy: KmsPluginProvider.MACHINE_IMAGE },
    name: 'aws-encryption-provider',
    endpoint: 'unix:///var/run/kmsplugin/socket.sock',
  },
  storage: {
    classes: [{ name: 'gp3-retained', ...GP3, reclaimPolicy: ReclaimPolicy.RETAIN }],
  },
  etcdBackup: {
    schedule: '0 * * * *',
    retention: 48,
    target: { kind: BackupTargetKind.S3, bucket: 'example-platform-etcd-snapshots', region: 'eu-west-1', credentialsSecret: 'etcd-snapshot-s3' },
  },
  clusterApi: { infrastructure: AWS },
};

export const clusters: ClusterDefinition[] = [nonprod, prod];
