/**
 * The platform as data: clusters, the base every environment shares, and per-environment overrides.
 *
 * These are the *input* types that `environments/` files are written in. {@link resolvePlatform} merges and
 * validates them into the resolved model (`model.ts`) that the constructs read.
 */
import type { AppDefinition, AppOverride } from './app-types';
import type { ClusterTopologyDefinition, NodePoolTopologyDefinition } from './cluster-types';

/** Pod Security Standards level, used as a Pod Security admission label value. */
export enum PodSecurityLevel {
  /** Unrestricted; never accepted for an environment namespace. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Current pod hardening best practice. */
  RESTRICTED = 'restricted',
}

/** Effect of a node taint, as in the Kubernetes Node API. */
export enum TaintEffect {
  NO_SCHEDULE = 'NoSchedule',
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  NO_EXECUTE = 'NoExecute',
}

/** Network protocol of a port, as in the Kubernetes NetworkPolicy API. */
export enum Protocol {
  TCP = 'TCP',
  UDP = 'UDP',
  SCTP = 'SCTP',
}

/** Where an environment's Terraform state lives. */
export enum StateBackendKind {
  /** A local file per stack; for trying the platform out, not for shared CI. */
  LOCAL = 'local',
  /** An S3 bucket, one key per stack, locked with an S3 lock file. */
  S3 = 's3',
  /** A Secret in a Kubernetes cluster, one per stack, locked with a Lease. */
  KUBERNETES = 'kubernetes',
}

/** Kubernetes quantities for CPU and memory, e.g. `{ cpu: '500m', memory: '512Mi' }`. */
export interface ComputeResources {
  /** CPU quantity, e.g. `500m` or `2`. */
  readonly cpu: string;
  /** Memory quantity, e.g. `512Mi` or `4Gi`. */
  readonly memory: string;
}

/** A node taint of a pool; environments placed on the pool tolerate it. */
export interface Taint {
  /** Taint key. */
  readonly key: string;
  /**
   * Taint value.
   * @default - no value (tolerated with operator `Exists`)
   */
  readonly value?: string;
  /** Taint effect. */
  readonly effect: TaintEffect;
}

/** A group of nodes of a cluster that environments can be pinned to; zones, sizes and version in {@link NodePoolTopologyDefinition}. */
export interface NodePoolDefinition extends NodePoolTopologyDefinition {
  /** Pool name, a DNS label unique in its cluster. */
  readonly name: string;
  /**
   * Labels every node of the pool carries; they become the node selector of pinned workloads.
   * @default - `{ '<labelDomain>/pool': <name> }` (`platform.example.com/pool` unless the definition sets labelDomain)
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Taints of the pool's nodes; pinned workloads tolerate each.
   * @default - no taints
   */
  readonly taints?: Taint[];
}

/** A PriorityClass the cluster offers to workloads. */
export interface PriorityClassDefinition {
  /** PriorityClass name. */
  readonly name: string;
  /** Priority; user-defined classes must be at most 1,000,000,000 (the API server rejects more). */
  readonly value: number;
  /** What the class is for; becomes the PriorityClass description. */
  readonly description: string;
  /**
   * Whether pods without a priorityClassName get this class. At most one class per cluster.
   * @default false
   */
  readonly globalDefault?: boolean;
  /**
   * Whether pods of this class may preempt lower-priority pods.
   * @default true
   */
  readonly preempting?: boolean;
}

/** How Terraform and engineers reach a cluster. */
export interface KubeconfigDefinition {
  /** The kubeconfig context that points at this cluster; CI may override it (`TF_VAR_kube_context`). */
  readonly context: string;
  /**
   * Path of the kubeconfig file; CI may override it (`TF_VAR_kube_config_path`).
   * @default '~/.kube/config'
   */
  readonly path?: string;
}

/** The cluster's ingress controller, which environments admit traffic from. */
export interface IngressControllerDefinition {
  /**
   * IngressClass that Ingresses of this cluster use.
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * Namespace the controller runs in; NetworkPolicies admit traffic from it.
   * @default 'ingress-nginx'
   */
  readonly namespace?: string;
}

/** The cluster DNS service that every environment may query. */
export interface ClusterDnsDefinition {
  /**
   * Namespace of the DNS pods.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Labels of the DNS pods (CoreDNS keeps the kube-dns label for compatibility).
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly podLabels?: { readonly [key: string]: string };
}

/** A Kubernetes cluster that hosts environments; how it is built (control plane, audit, encryption…) in {@link ClusterTopologyDefinition}. */
export interface ClusterDefinition extends ClusterTopologyDefinition {
  /** Cluster name, a DNS label unique in the platform. */
  readonly name: string;
  /** How to reach the cluster. */
  readonly kubeconfig: KubeconfigDefinition;
  /**
   * The ingress controller.
   * @default - ingress-nginx in namespace `ingress-nginx`, class `nginx`
   */
  readonly ingress?: IngressControllerDefinition;
  /**
   * The cluster DNS.
   * @default - CoreDNS in `kube-system` with label `k8s-app: kube-dns`
   */
  readonly dns?: ClusterDnsDefinition;
  /**
   * Node pools environments can be pinned to.
   * @default - no pools: workloads are scheduled on any node
   */
  readonly nodePools?: NodePoolDefinition[];
  /**
   * PriorityClasses of the cluster.
   * @default - {@link DEFAULT_PRIORITY_CLASSES}: platform, app-critical, app-standard (global default), app-batch
   */
  readonly priorityClasses?: PriorityClassDefinition[];
  /**
   * The cluster's Prometheus, which apps' metrics ports admit.
   * @default - Prometheus in namespace `monitoring`, scraping `prometheus.io/*` pod annotations
   */
  readonly monitoring?: MonitoringDefinition;
  /**
   * Guardrail exceptions for the cluster's own objects (target `cluster-<name>` in the report).
   * @default - none
   */
  readonly guardrails?: GuardrailSettings;
}

/**
 * A guardrail violation accepted for one object, with the reason: the report lists it, and an exception that stops
 * matching anything is itself reported (stale).
 */
export interface GuardrailExceptionSettings {
  /** Id of the rule (see lib/guardrails/README.md). */
  readonly rule: string;
  /** The object: `Kind/name` (in the environment's namespace, or cluster-scoped) or `Kind/namespace/name`. */
  readonly object: string;
  /** Why the violation is accepted. */
  readonly reason: string;
}

/** Guardrail settings of an environment or a cluster. */
export interface GuardrailSettings {
  /**
   * Violations accepted per object, each with its reason.
   * @default - none
   */
  readonly exceptions?: GuardrailExceptionSettings[];
}

/** Where the cluster's Prometheus runs and how it finds targets. */
export interface MonitoringDefinition {
  /**
   * Namespace of Prometheus; NetworkPolicies admit it to apps' metrics ports.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * The Prometheus Operator runs in the cluster: apps get a ServiceMonitor instead of `prometheus.io/*` annotations.
   * @default false
   */
  readonly prometheusOperator?: boolean;
}

/** Pod Security admission labels of a namespace. */
export interface PodSecuritySettings {
  /** Level that rejects violating pods: `baseline` or `restricted` (`restricted` in protected environments). */
  readonly enforce: PodSecurityLevel;
  /**
   * Level whose violations are recorded in the audit log; at least `enforce`.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Level whose violations are returned as warnings to the client; at least `enforce`.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly warn?: PodSecurityLevel;
  /**
   * Policy version the levels are pinned to (`v1.27`, or `latest`).
   * @default 'v1.27' - the Kubernetes version the rendered objects target
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly version?: string;
}

/** The ResourceQuota of an environment namespace. */
export interface QuotaSettings {
  /** Sum of CPU and memory requests of all pods. */
  readonly requests: ComputeResources;
  /** Sum of CPU and memory limits of all pods. */
  readonly limits: ComputeResources;
  /**
   * Sum of storage requested by PersistentVolumeClaims, e.g. `100Gi`.
   * @default - not limited
   */
  readonly storage?: string;
  /**
   * Number of pods.
   * @default - not limited
   */
  readonly pods?: number;
  /**
   * Number of Services. LoadBalancer and NodePort Services are always 0: traffic enters through the ingress controller.
   * @default - not limited
   */
  readonly services?: number;
  /**
   * Number of PersistentVolumeClaims.
   * @default - not limited
   */
  readonly persistentVolumeClaims?: number;
}

/** The LimitRange of an environment namespace: per-container defaults and bounds. */
export interface LimitRangeSettings {
  /** Requests given to containers that declare none; at most `default`. */
  readonly defaultRequest: ComputeResources;
  /** Limits given to containers that declare none; at most `max`. */
  readonly default: ComputeResources;
  /** Largest limit a container may declare; at most the namespace quota's limits. */
  readonly max: ComputeResources;
}

/** A grant of a role in an environment to a group of people (a group of the cluster's authenticator). */
export interface RoleBindingSettings {
  /** Group name as the authenticator reports it (OIDC group claim, cloud IAM mapping, …). */
  readonly group: string;
  /** Name of a built-in role (`viewer`, `developer`, `admin`) or of one declared in the platform's `roles`. */
  readonly role: string;
}

/** Who may do what in an environment. */
export interface AccessSettings {
  /**
   * Group-to-role grants. In protected environments people get read-only roles only.
   * @default - no grants
   */
  readonly bindings?: RoleBindingSettings[];
  /**
   * Name of the ServiceAccount CI deploys the environment with.
   * @default 'deployer'
   */
  readonly deployerServiceAccount?: string;
}

/** A port in a network allow rule. */
export interface PortSettings {
  /** Port number. */
  readonly port: number;
  /**
   * Last port of a range starting at `port`.
   * @default - a single port
   */
  readonly endPort?: number;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Another namespace of the same cluster that traffic may come from or go to. Name exactly one of `environment`
 * (another environment of the platform) or `namespace` (a namespace that is not an environment, e.g. `monitoring`).
 */
export interface NamespacePeerSettings {
  /**
   * Another environment on the same cluster. The only way to open traffic between environments.
   * @default - none
   */
  readonly environment?: string;
  /**
   * A namespace that is not an environment's.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Ports the rule opens.
   * @default - all ports
   */
  readonly ports?: PortSettings[];
}

/** An address range outside the cluster that pods may send traffic to. */
export interface CidrPeerSettings {
  /** CIDR, e.g. `10.20.0.0/16`. */
  readonly cidr: string;
  /**
   * CIDRs inside `cidr` that stay closed.
   * @default - none
   */
  readonly except?: string[];
  /**
   * Ports the rule opens.
   * @default - all ports
   */
  readonly ports?: PortSettings[];
}

/** What an environment's default-deny network isolation lets through. */
export interface NetworkSettings {
  /**
   * Admit traffic from the cluster's ingress controller.
   * @default true
   */
  readonly allowIngressController?: boolean;
  /**
   * Let every pod of the namespace reach every other. Turn it off where the apps declare their dependencies: each app
   * then gets exactly the paths it declares.
   * @default true
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Namespaces whose pods may connect to this environment's pods.
   * @default - none
   */
  readonly allowFrom?: NamespacePeerSettings[];
  /**
   * Namespaces and external ranges this environment's pods may connect to (DNS and the own namespace are always open).
   * @default - none
   */
  readonly allowTo?: Array<NamespacePeerSettings | CidrPeerSettings>;
}

/** Local Terraform state: one file per stack under `.terraform-state/` in the project. */
export interface LocalStateSettings {
  readonly kind: StateBackendKind.LOCAL;
}

/** Terraform state in S3, locked with an S3 lock file (Terraform ≥ 1.10). */
export interface S3StateSettings {
  readonly kind: StateBackendKind.S3;
  /** Bucket name. */
  readonly bucket: string;
  /** Bucket region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * Prefix of the state keys; the key of a stack is `<prefix>/<stack>/terraform.tfstate`.
   * @default 'platform'
   */
  readonly keyPrefix?: string;
}

/** Terraform state in a Secret of a Kubernetes cluster, locked with a Lease. */
export interface KubernetesStateSettings {
  readonly kind: StateBackendKind.KUBERNETES;
  /**
   * Namespace of the state Secrets (on the cluster the kubeconfig context below points at).
   * @default 'terraform-state'
   */
  readonly namespace?: string;
  /**
   * Kubeconfig context of the cluster that holds the state.
   * @default - the context of the environment's own cluster
   */
  readonly context?: string;
}

/** Where the Terraform state of an environment's stack lives. */
export type StateSettings = LocalStateSettings | S3StateSettings | KubernetesStateSettings;

/** Everything about an environment that the base defines and an environment may override. */
export interface EnvironmentSettings {
  /**
   * Protected environments fail synth on policy violations, keep their namespace under Terraform `prevent_destroy`,
   * enforce Pod Security `restricted` and grant people read-only access.
   * @default false
   */
  readonly protected?: boolean;
  /** Pod Security admission levels. */
  readonly podSecurity: PodSecuritySettings;
  /**
   * Name of the cluster node pool the environment's workloads are pinned to.
   * @default - not pinned
   */
  readonly nodePool?: string;
  /** Namespace ResourceQuota. */
  readonly quota: QuotaSettings;
  /** Namespace LimitRange. */
  readonly limitRange: LimitRangeSettings;
  /**
   * Access control.
   * @default - only the deployer ServiceAccount
   */
  readonly access?: AccessSettings;
  /**
   * Network isolation allows.
   * @default - DNS, own namespace and the ingress controller
   */
  readonly network?: NetworkSettings;
  /**
   * Terraform state backend.
   * @default - local state
   */
  readonly state?: StateSettings;
  /**
   * Extra labels on the namespace (and, through it, on every object of the environment).
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * What the environment overrides of each app (`{ web: { version: '1.4.2', replicas: 3 } }`).
   * @default - every app as declared
   */
  readonly apps?: { readonly [app: string]: AppOverride };
  /**
   * Guardrail exceptions for the environment's objects.
   * @default - none
   */
  readonly guardrails?: GuardrailSettings;
}

/**
 * A JSON merge patch (RFC 7386) of `T`: every field optional, objects merged field by field, arrays replaced
 * whole, and `null` removing an inherited value.
 */
export type MergePatch<T> = {
  readonly [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[]
    ? T[K] | null
    : NonNullable<T[K]> extends object
      ? MergePatch<NonNullable<T[K]>> | null
      : T[K] | null;
};

/** One environment: where it runs, and what differs from the base. */
export interface EnvironmentDefinition extends MergePatch<EnvironmentSettings> {
  /** Environment name, a DNS label unique in the platform. */
  readonly name: string;
  /** Name of the cluster it runs on. */
  readonly cluster: string;
  /**
   * Namespace of the environment, unique in its cluster.
   * @default - the environment name
   */
  readonly namespace?: string;
}

/** A rule of a Role, as in the Kubernetes RBAC API; wildcards and the verbs bind, escalate and impersonate are refused. */
export interface PolicyRuleDefinition {
  /** API groups (`''` for the core group). */
  readonly apiGroups: string[];
  /** Resources, e.g. `pods` or `pods/log`. */
  readonly resources: string[];
  /** Verbs, e.g. `get`, `list`, `watch`. */
  readonly verbs: string[];
  /**
   * Restrict the rule to these object names.
   * @default - all objects of the resources
   */
  readonly resourceNames?: string[];
}

/** A role environments can grant to groups, in addition to the built-in `viewer`, `developer` and `admin`. */
export interface RoleDefinition {
  /** Role name, a DNS label. */
  readonly name: string;
  /** What the role allows. */
  readonly rules: PolicyRuleDefinition[];
}

/**
 * Preview environments: short-lived copies of a template environment, one per pull request, selected at synth time
 * (see lib/delivery and docs/delivery.md). The template's cluster also gets the janitor that deletes expired previews.
 */
export interface PreviewSettings {
  /** The environment previews are made from (cluster, node pool, isolation, app versions); never a protected one. */
  readonly template: string;
  /**
   * Cron schedule of the janitor CronJob that deletes expired previews.
   * @default '*\/15 * * * *'
   */
  readonly janitorSchedule?: string;
  /**
   * Image of the janitor: kubectl and a POSIX shell, pinned by tag or digest.
   * @default - see `DEFAULT_JANITOR_IMAGE` in lib/delivery/preview-janitor.ts
   */
  readonly janitorImage?: string;
}

/** The whole platform: clusters, the shared base, and the environments. */
export interface PlatformDefinition {
  /** Clusters environments run on. */
  readonly clusters: ClusterDefinition[];
  /** What all environments share; each environment's definition is merged onto it. */
  readonly base: EnvironmentSettings;
  /** The environments, in promotion order (e.g. dev, qa, staging, production). */
  readonly environments: EnvironmentDefinition[];
  /**
   * Roles beyond the built-in ones.
   * @default - none
   */
  readonly roles?: RoleDefinition[];
  /**
   * The apps, each run in every environment (unless an environment sets `enabled: false`).
   * @default - none
   */
  readonly apps?: AppDefinition[];
  /**
   * Preview environments per pull request.
   * @default - no previews, no janitor
   */
  readonly previews?: PreviewSettings;
  /**
   * Domain of the labels and annotations the platform sets (`<labelDomain>/environment`, `/cluster`, `/pool`,
   * `/track`, …): a DNS subdomain your organisation owns. Choose it once: the track label is part of every workload's
   * selector, which Kubernetes does not let change, so changing the domain means re-creating the workloads.
   * @default 'platform.example.com'
   */
  readonly labelDomain?: string;
}
