import { BackupTargetKind, ClusterDefinition, labelKeys, ReclaimPolicy, TaintEffect } from '@platform/multi-env/definitions';

/** The label (and taint key) of a node pool under the default label domain, as the definition sets no `labelDomain`. */
const POOL_LABEL = labelKeys().pool;

/** A node pool only one environment's pods land on: labelled and tainted with the environment's name. */
function dedicatedPool(name: string, minSize: number, maxSize: number) {
  return { name, minSize, maxSize, labels: { [POOL_LABEL]: name }, taints: [{ key: POOL_LABEL, value: name, effect: TaintEffect.NO_SCHEDULE }] };
}

/**
 * The etcd snapshot job does what no app may: etcd listens on the control-plane node's loopback (host network) and its
 * client certificates are root-only files of the node. Accepted for this one object, with the reason on record.
 */
const ETCD_SNAPSHOT = 'CronJob/kube-system/etcd-snapshot';
const etcdSnapshotExceptions = [
  { rule: 'no-host-namespaces', object: ETCD_SNAPSHOT, reason: 'etcd listens on the control-plane node\'s loopback' },
  { rule: 'no-host-path', object: ETCD_SNAPSHOT, reason: 'reads the etcd client certificates from /etc/kubernetes/pki/etcd on the node' },
  { rule: 'run-as-non-root', object: ETCD_SNAPSHOT, reason: 'the etcd client certificates are readable by root only' },
  { rule: 'network-policy-coverage', object: ETCD_SNAPSHOT, reason: 'a host-network pod is outside NetworkPolicy; the node\'s firewall applies' },
];

/**
 * The payments team's own cluster: three control-plane nodes over three zones behind a DNS name, a pool per
 * environment, an untainted pool for the add-ons every cluster runs, volumes that outlive their claims and hourly etcd
 * snapshots to S3 (the platform requires both where a protected environment runs).
 */
export const payments: ClusterDefinition = {
  name: 'payments',
  kubeconfig: { context: 'payments-eu' },
  kubernetesVersion: 'v1.35.1',
  // Routing through the Gateway API, by Envoy Gateway (GatewayClass `eg`), whose proxies run in envoy-gateway-system.
  gateway: { className: 'eg', dataPlaneNamespace: 'envoy-gateway-system' },
  guardrails: { exceptions: etcdSnapshotExceptions },
  controlPlane: {
    replicas: 3,
    zones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
    endpoint: { host: 'api.payments.example.com' },
  },
  nodePools: [
    dedicatedPool('staging', 1, 3),
    dedicatedPool('production', 3, 9),
    { name: 'system', minSize: 1, maxSize: 2 },
  ],
  storage: {
    classes: [{ name: 'gp3-retained', provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: ReclaimPolicy.RETAIN }],
  },
  // Machines from Cluster API's AWS provider, the objects in a namespace of the management cluster of the team's own.
  clusterApi: {
    namespace: 'capi-payments',
    infrastructure: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2', clusterKind: 'AWSCluster', machineTemplateKind: 'AWSMachineTemplate' },
  },
  etcdBackup: {
    schedule: '0 * * * *',
    target: { kind: BackupTargetKind.S3, bucket: 'payments-etcd-snapshots', region: 'eu-central-1', credentialsSecret: 'etcd-snapshot-s3' },
  },
};
