/**
 * Defaults of the cluster topology, each with where it comes from.
 */
import { AuditPreset, LocalEncryptionAlgorithm, PreviewSettings, PriorityClassDefinition } from './cluster-types';
import { hoursOf } from '../core/duration';

/**
 * The version of a cluster that states none: the newest supported minor, in the patch kind v0.32.0 publishes
 * (see lib/cluster/kubernetes-versions.ts).
 */
export const DEFAULT_KUBERNETES_VERSION = 'v1.36.1';

/**
 * How many minors a kubelet may be older than kube-apiserver: three, and two for kubelets older than 1.25.
 * @see https://kubernetes.io/releases/version-skew-policy/#kubelet
 */
export const MAX_KUBELET_SKEW = 3;
export const MAX_KUBELET_SKEW_BEFORE_1_25 = 2;
export const KUBELET_SKEW_3_FROM_MINOR = 25;

/** Allowed control-plane and etcd member counts: odd, so a majority survives (n-1)/2 failures; etcd's FAQ advises at most 7. */
export const CONTROL_PLANE_REPLICAS = [1, 3, 5, 7];

/** Fewest zones of a highly available control plane: a majority survives the loss of any one zone only from three on. */
export const MIN_HA_ZONES = 3;

/** The kube-apiserver's default secure port. */
export const DEFAULT_API_SERVER_PORT = 6443;

/** kubeadm's default etcd data directory. */
export const DEFAULT_ETCD_DATA_DIR = '/var/lib/etcd';

/** Where kubeadm's external-etcd examples keep the CA and the API server's client certificate. */
export const DEFAULT_EXTERNAL_ETCD_CA_FILE = '/etc/kubernetes/pki/etcd/ca.crt';
export const DEFAULT_EXTERNAL_ETCD_CERT_FILE = '/etc/kubernetes/pki/apiserver-etcd-client.crt';
export const DEFAULT_EXTERNAL_ETCD_KEY_FILE = '/etc/kubernetes/pki/apiserver-etcd-client.key';

/** Audit defaults: request bodies of writes, a month of logs, at most 1 GiB on disk per node. */
export const DEFAULT_AUDIT_PRESET = AuditPreset.REQUEST;
export const DEFAULT_AUDIT_MAX_AGE_DAYS = 30;
export const DEFAULT_AUDIT_MAX_BACKUPS = 10;
export const DEFAULT_AUDIT_MAX_SIZE_MIB = 100;

/** Secrets are always encrypted at rest: by default with one local secretbox key (the recommended local cipher). */
export const DEFAULT_ENCRYPTION_ALGORITHM = LocalEncryptionAlgorithm.SECRETBOX;
export const DEFAULT_ENCRYPTION_KEY = 'secrets-1';
export const DEFAULT_ENCRYPTED_RESOURCES = ['secrets'];

/** The kube-apiserver's default KMS timeout. */
export const DEFAULT_KMS_TIMEOUT_SECONDS = 3;

/** Snapshot every six hours and keep a week of them. */
export const DEFAULT_ETCD_BACKUP_SCHEDULE = '0 0,6,12,18 * * *';
export const DEFAULT_ETCD_BACKUP_RETENTION = 28;

/** The claim that holds snapshots on a volume target, and its default size (a snapshot is about the etcd database size, at most 8 GiB). */
export const ETCD_BACKUP_CLAIM = 'etcd-snapshots';
export const DEFAULT_ETCD_BACKUP_SIZE = '20Gi';

/** Name of the default class when the platform creates none: the class kind and many installers create. */
export const DEFAULT_STORAGE_CLASS = 'standard';

/** Cluster API defaults: the `default` namespace and the Docker provider, which needs nothing but a container engine. */
export const DEFAULT_CLUSTER_API_NAMESPACE = 'default';
export const DEFAULT_INFRASTRUCTURE_API_VERSION = 'infrastructure.cluster.x-k8s.io/v1beta1';
export const DEFAULT_INFRASTRUCTURE_CLUSTER_KIND = 'DockerCluster';
export const DEFAULT_INFRASTRUCTURE_MACHINE_TEMPLATE_KIND = 'DockerMachineTemplate';
export const DEFAULT_INFRASTRUCTURE_CLUSTER_NAME = '{cluster}';
export const DEFAULT_CONTROL_PLANE_MACHINE_TEMPLATE = '{cluster}-control-plane';
export const DEFAULT_NODE_POOL_MACHINE_TEMPLATE = '{cluster}-{pool}';

/**
 * Pod range of a cluster that declares none: kind's default `networking.podSubnet` (`SetDefaultsCluster` in
 * kubernetes-sigs/kind pkg/apis/config/v1alpha4/default.go), which is flannel's default network too. kubeadm has no
 * default pod subnet (without one, the network plugin picks its own, e.g. Calico's 192.168.0.0/16).
 */
export const DEFAULT_POD_SUBNETS: readonly string[] = ['10.244.0.0/16'];

/**
 * Service range of a cluster that declares none: kubeadm's default `networking.serviceSubnet` (`DefaultServicesSubnet`
 * in kubernetes/kubernetes cmd/kubeadm/app/apis/kubeadm/v1beta3 and v1beta4 defaults.go). kind's default, 10.96.0.0/16,
 * lies inside it, so excepting it covers a default kind cluster too.
 */
export const DEFAULT_SERVICE_SUBNETS: readonly string[] = ['10.96.0.0/12'];

/**
 * Most host bits of a Service range: kube-apiserver keeps a bitmap of its addresses, and it and kubeadm refuse larger
 * ranges (`MaximumBitsForServiceSubnet` in kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go: "the maximum
 * supported service subnet is /12 for IPv4 and /108 for IPv6").
 */
export const MAX_SERVICE_SUBNET_HOST_BITS = 20;

/** Node pools have one node per zone unless they say otherwise. */
export const DEFAULT_NODE_POOL_MIN_SIZE = 1;

/**
 * The stacked etcd member of each control-plane node, and the client certificate kubeadm issues for etcd's health
 * checks; the snapshot job connects with the same.
 * @see https://kubernetes.io/docs/setup/best-practices/certificates/#all-certificates
 */
export const STACKED_ETCD_ENDPOINT = 'https://127.0.0.1:2379';
export const STACKED_ETCD_CA_FILE = '/etc/kubernetes/pki/etcd/ca.crt';
export const STACKED_ETCD_CLIENT_CERT_FILE = '/etc/kubernetes/pki/etcd/healthcheck-client.crt';
export const STACKED_ETCD_CLIENT_KEY_FILE = '/etc/kubernetes/pki/etcd/healthcheck-client.key';

/** Label and taint kubeadm gives control-plane nodes (Kubernetes ≥ 1.24 no longer uses `master`). */
export const CONTROL_PLANE_NODE_LABEL = 'node-role.kubernetes.io/control-plane';

/** The label of a node's zone, set from the pool's zones (one of the few kubernetes.io labels NodeRestriction lets kubelets set). */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';


/** kubectl's default kubeconfig location. */
export const DEFAULT_KUBECONFIG_PATH = '~/.kube/config';

/** The ingress-nginx project's default IngressClass and namespace. */
export const DEFAULT_INGRESS_CLASS = 'nginx';
export const DEFAULT_INGRESS_NAMESPACE = 'ingress-nginx';

/** Namespace and name of a cluster's Gateway when its definition names none (cluster-types.ts `GatewayDefinition`). */
export const DEFAULT_GATEWAY_NAMESPACE = 'gateway';
export const DEFAULT_GATEWAY_NAME = 'platform';
/** Listeners a Gateway may have: `maxItems` of `spec.listeners` in the Gateway API CRD (v1.6.1). */
export const MAX_GATEWAY_LISTENERS = 64;
/** Hosts one Gateway can serve: a listener each, and one listener for plain HTTP's redirect (cluster-gateway.ts). */
export const MAX_GATEWAY_HOSTS = MAX_GATEWAY_LISTENERS - 1;
/** The cert-manager ClusterIssuer a Gateway's certificates come from when none is named. */
export const DEFAULT_CLUSTER_ISSUER = 'letsencrypt';

/** CoreDNS runs in kube-system and keeps the `k8s-app: kube-dns` label for compatibility with kube-dns. */
export const DEFAULT_DNS_NAMESPACE = 'kube-system';
export const DEFAULT_DNS_POD_LABELS: { readonly [key: string]: string } = { 'k8s-app': 'kube-dns' };

/** Namespace of the cluster's Prometheus (kube-prometheus-stack's usual choice). */
export const DEFAULT_MONITORING_NAMESPACE = 'monitoring';

/** Namespace and name of the ConfigMap that says which cluster this is; the Terraform guard reads it. */
export const IDENTITY_NAMESPACE = 'kube-system';
export const IDENTITY_CONFIG_MAP = 'platform-identity';

/**
 * Highest priority of a user-defined PriorityClass; larger values are reserved for system classes
 * (system-cluster-critical is 2,000,000,000).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
 */
export const MAX_USER_PRIORITY = 1_000_000_000;

/**
 * Priority tiers: platform services above every application; critical apps above standard ones; batch last and never
 * preempting, so a backlog of jobs cannot evict serving pods.
 *
 * `platform` is the global default: a pod that names no class gets its value (and otherwise 0). Every app names its
 * class (`app-standard` unless it states one), so the pods that name none are the add-ons installed beside the
 * platform (the Gateway's proxies, cert-manager, metrics-server, CSI controllers); with an app class as the default,
 * they ranked below `app-critical`, which could preempt them. Resolution refuses a preempting class above the default.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
 */
export const DEFAULT_PRIORITY_CLASSES: PriorityClassDefinition[] = [
  { name: 'platform', value: 1_000_000, description: 'Platform services (ingress, DNS add-ons, monitoring agents) and pods that name no class.', globalDefault: true },
  { name: 'app-critical', value: 100_000, description: 'Customer-facing application workloads.' },
  { name: 'app-standard', value: 10_000, description: 'Application workloads without a stated priority.' },
  { name: 'app-batch', value: 1_000, description: 'Batch and background jobs; never preempt.', preempting: false },
];

/** Namespaces no environment may take: the system ones and `default`. */
export const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** How long a preview lives after the pipeline last created or updated it (`previews.ttl`). */
export const DEFAULT_PREVIEW_TTL = '72h';

/** The longest a preview may be set to live (`previews.maxTtl`): a forgotten one is gone within two weeks. */
export const DEFAULT_PREVIEW_MAX_TTL = '14d';

/** The hours of `previews.maxTtl`, its default where unset (the schema has checked its form). */
export function previewMaxTtlHours(previews: PreviewSettings): number {
  return hoursOf(previews.maxTtl ?? DEFAULT_PREVIEW_MAX_TTL)!;
}
