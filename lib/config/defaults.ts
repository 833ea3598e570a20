/**
 * Named defaults, each with where it comes from.
 */
import { DEFAULT_LABEL_DOMAIN, DEFAULT_LABEL_KEYS } from './labels';
import { PodSecurityLevel, PriorityClassDefinition } from './types';

/** Prefix of the labels and annotations this library sets, unless the definition names its own `labelDomain`. */
export const LABEL_DOMAIN = DEFAULT_LABEL_DOMAIN;

/** Label key naming the environment of an object, under the default domain (see `LabelKeys` for any domain). */
export const ENVIRONMENT_LABEL = DEFAULT_LABEL_KEYS.environment;

/** Label key naming the cluster of an object, under the default domain. */
export const CLUSTER_LABEL = DEFAULT_LABEL_KEYS.cluster;

/** Label key a node pool's nodes carry by default, under the default domain. */
export const POOL_LABEL = DEFAULT_LABEL_KEYS.pool;

/** Label the API server sets on every namespace (Kubernetes ≥ 1.22); the only one tenants cannot forge. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Pod Security policy version: the Kubernetes minor the rendered objects target (cdk8s-plus-27). */
export const DEFAULT_POD_SECURITY_VERSION = 'v1.27';

/** Audit and warn at `restricted` so that teams see what production will refuse before they get there. */
export const DEFAULT_POD_SECURITY_AUDIT = PodSecurityLevel.RESTRICTED;
export const DEFAULT_POD_SECURITY_WARN = PodSecurityLevel.RESTRICTED;

/** kubectl's default kubeconfig location. */
export const DEFAULT_KUBECONFIG_PATH = '~/.kube/config';

/** The ingress-nginx project's default IngressClass and namespace. */
export const DEFAULT_INGRESS_CLASS = 'nginx';
export const DEFAULT_INGRESS_NAMESPACE = 'ingress-nginx';

/** CoreDNS runs in kube-system and keeps the `k8s-app: kube-dns` label for compatibility with kube-dns. */
export const DEFAULT_DNS_NAMESPACE = 'kube-system';
export const DEFAULT_DNS_POD_LABELS: { readonly [key: string]: string } = { 'k8s-app': 'kube-dns' };

/** Namespace of the cluster's Prometheus (kube-prometheus-stack's usual choice). */
export const DEFAULT_MONITORING_NAMESPACE = 'monitoring';

/** The ServiceAccount CI deploys an environment with. */
export const DEFAULT_DEPLOYER_SERVICE_ACCOUNT = 'deployer';

/** Namespace of the state Secrets of the Kubernetes backend. */
export const DEFAULT_STATE_NAMESPACE = 'terraform-state';

/** Prefix of S3 state keys. */
export const DEFAULT_STATE_KEY_PREFIX = 'platform';

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
 * Priority tiers: platform services above every application; critical apps above the standard default; batch last
 * and never preempting, so a backlog of jobs cannot evict serving pods.
 */
export const DEFAULT_PRIORITY_CLASSES: PriorityClassDefinition[] = [
  { name: 'platform', value: 1_000_000, description: 'Platform services (ingress, DNS add-ons, monitoring agents).' },
  { name: 'app-critical', value: 100_000, description: 'Customer-facing application workloads.' },
  { name: 'app-standard', value: 10_000, description: 'Application workloads without a stated priority.', globalDefault: true },
  { name: 'app-batch', value: 1_000, description: 'Batch and background jobs; never preempt.', preempting: false },
];

/** Namespaces no environment may take: the system ones and `default`. */
export const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
