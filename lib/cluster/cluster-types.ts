/**
 * How a cluster is built, as data: Kubernetes version, control plane, audit, encryption at rest, etcd snapshots,
 * storage, pod and Service ranges and the Cluster API infrastructure provider. These are the *input* types; `resolve-cluster.ts` validates
 * them and fills in the defaults of `cluster-defaults.ts`.
 *
 * Every field is optional so that a cluster which states none of them is a single control-plane node with stacked
 * etcd, the `request` audit preset and Secrets encrypted with a locally held key. Clusters that host protected
 * environments must state more: see {@link ClusterTopologyDefinition}.
 */
import { GuardrailSettings } from '../core/guardrail-settings';

/** Where etcd runs. */
export enum EtcdKind {
  /** One etcd member on each control-plane node, managed by kubeadm. */
  STACKED = 'stacked',
  /** An etcd cluster on other machines; the API servers connect to its members. */
  EXTERNAL = 'external',
}

/** etcd on the control-plane nodes: one member per control-plane replica. */
export interface StackedEtcdDefinition {
  /** Selects stacked etcd. */
  readonly kind: EtcdKind.STACKED;
  /**
   * Data directory of each member on its node.
   * @default '/var/lib/etcd'
   */
  readonly dataDir?: string;
}

/** An etcd cluster outside the control plane. */
export interface ExternalEtcdDefinition {
  /** Selects an external etcd cluster. */
  readonly kind: EtcdKind.EXTERNAL;
  /** Client URLs of the members, e.g. `https://10.0.1.10:2379`; an odd number (1, 3, 5 or 7). */
  readonly endpoints: string[];
  /**
   * CA certificate the API servers verify the members with, on each control-plane node.
   * @default '/etc/kubernetes/pki/etcd/ca.crt'
   */
  readonly caFile?: string;
  /**
   * Client certificate of the API servers.
   * @default '/etc/kubernetes/pki/apiserver-etcd-client.crt'
   */
  readonly certFile?: string;
  /**
   * Client key of the API servers.
   * @default '/etc/kubernetes/pki/apiserver-etcd-client.key'
   */
  readonly keyFile?: string;
}

/** Where etcd runs. */
export type EtcdDefinition = StackedEtcdDefinition | ExternalEtcdDefinition;

/** The address clients and nodes reach the API servers at: the load balancer in front of the control plane. */
export interface ApiServerEndpointDefinition {
  /** DNS name or IP address, e.g. `api.prod.example.com`. */
  readonly host: string;
  /**
   * Port.
   * @default 6443
   */
  readonly port?: number;
}

/**
 * Where the API servers themselves listen: the addresses the `kubernetes` Service's endpoints hold (with kubeadm, each
 * control-plane node's advertise address) and their port. Pods reach the API server through that Service, whose
 * ClusterIP kube-proxy rewrites to these addresses before most network plugins apply NetworkPolicy, so an egress
 * policy must allow these addresses, not the ClusterIP.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/ ("ipBlock": whether the rewrite comes before policy is not defined)
 */
export interface ApiServerAddressesDefinition {
  /** CIDRs holding the API servers' addresses (e.g. the control-plane subnets), outside the pod and Service ranges. */
  readonly addresses: string[];
  /**
   * Port the API servers listen on (kubeadm `localAPIEndpoint.bindPort`), which the `kubernetes` Service targets.
   * @default 6443
   */
  readonly port?: number;
}

/** The control plane: API servers, controller managers, schedulers and (stacked) etcd. */
export interface ControlPlaneDefinition {
  /**
   * Number of control-plane nodes: 1, 3, 5 or 7. More than one makes the control plane highly available, which needs
   * an `endpoint` and at least three `zones`, and at least as many zones as replicas.
   * @default 1
   * @see https://etcd.io/docs/v3.5/faq/#why-an-odd-number-of-cluster-members
   */
  readonly replicas?: number;
  /**
   * Failure domains (zones) the control-plane nodes are spread over, one node per zone.
   * @default - none: a single node in no particular zone
   */
  readonly zones?: string[];
  /**
   * The load balancer in front of the API servers (kubeadm `controlPlaneEndpoint`, Cluster API
   * `spec.controlPlaneEndpoint`). Required when `replicas` is more than 1.
   * @default - none: nodes reach the first control-plane node directly, and no control-plane node can be added later
   */
  readonly endpoint?: ApiServerEndpointDefinition;
  /**
   * Extra Subject Alternative Names of the API server certificate (the endpoint host is always one).
   * @default - none
   */
  readonly certSANs?: string[];
  /**
   * The API servers' own addresses, which apps with `kubernetesApiAccess` may connect to.
   * @default - not known: such apps may connect to the API server port (6443) anywhere outside the cluster's pod and
   *   Service ranges
   */
  readonly apiServer?: ApiServerAddressesDefinition;
  /**
   * Where etcd runs.
   * @default - stacked: one member on each control-plane node
   */
  readonly etcd?: EtcdDefinition;
}

/** How much of each request the API server's audit log records. */
export enum AuditPreset {
  /** Who did what to which object, when: request metadata only. */
  METADATA = 'metadata',
  /** Metadata for reads; the request body too for writes. */
  REQUEST = 'request',
  /** Metadata for reads; request and response bodies for writes. */
  REQUEST_RESPONSE = 'request-response',
}

/** Audit level of a rule, as in audit.k8s.io/v1. */
export enum AuditLevel {
  /** The request is not logged. */
  NONE = 'None',
  /** Request metadata (user, time, resource, verb), no bodies. */
  METADATA = 'Metadata',
  /** Metadata and the request body. */
  REQUEST = 'Request',
  /** Metadata, request and response bodies. */
  REQUEST_RESPONSE = 'RequestResponse',
}

/** Resources an audit rule matches, as in audit.k8s.io/v1 `GroupResources`. */
export interface AuditResourceDefinition {
  /**
   * API group (`''` for the core group).
   * @default ''
   */
  readonly group?: string;
  /**
   * Resources, e.g. `pods` or `pods/exec`.
   * @default - every resource of the group
   */
  readonly resources?: string[];
  /**
   * Object names.
   * @default - every object
   */
  readonly resourceNames?: string[];
}

/** An audit rule, as in audit.k8s.io/v1 `PolicyRule`. A request is logged at the level of the first rule it matches. */
export interface AuditRuleDefinition {
  /** What to record of matching requests. */
  readonly level: AuditLevel;
  /**
   * Users the rule applies to.
   * @default - every user
   */
  readonly users?: string[];
  /**
   * Groups the rule applies to.
   * @default - every group
   */
  readonly userGroups?: string[];
  /**
   * Verbs the rule applies to.
   * @default - every verb
   */
  readonly verbs?: string[];
  /**
   * Resources the rule applies to. Not together with `nonResourceURLs`.
   * @default - every resource
   */
  readonly resources?: AuditResourceDefinition[];
  /**
   * Namespaces the rule applies to (`''` for cluster-scoped objects). Not together with `nonResourceURLs`.
   * @default - every namespace
   */
  readonly namespaces?: string[];
  /**
   * Non-resource URL paths, e.g. `/healthz*`. Not together with `resources` or `namespaces`.
   * @default - none
   */
  readonly nonResourceURLs?: string[];
}

/** The API server's audit log. */
export interface AuditDefinition {
  /**
   * What the log records by default.
   * @default AuditPreset.REQUEST
   */
  readonly preset?: AuditPreset;
  /**
   * Rules evaluated before the preset (the first matching rule wins). They come after the platform's own rule that
   * records Secrets, ConfigMaps and tokens at `Metadata` only, so no rule can put a secret into the log.
   * @default - none
   */
  readonly rules?: AuditRuleDefinition[];
  /**
   * Days to keep rotated log files (`--audit-log-maxage`).
   * @default 30
   */
  readonly maxAgeDays?: number;
  /**
   * Rotated log files to keep (`--audit-log-maxbackup`).
   * @default 10
   */
  readonly maxBackups?: number;
  /**
   * Size at which the log is rotated, in MiB (`--audit-log-maxsize`).
   * @default 100
   */
  readonly maxSizeMiB?: number;
}

/** Who holds the key that encrypts Secrets in etcd. */
export enum EncryptionKind {
  /** A KMS v2 plugin on each control-plane node; the key never leaves the KMS. */
  KMS = 'kms',
  /** A key in the EncryptionConfiguration on each control-plane node, filled in at provisioning. */
  LOCAL = 'local',
}

/** Cipher of a locally held key, as named in EncryptionConfiguration. */
export enum LocalEncryptionAlgorithm {
  /** XSalsa20 and Poly1305; the recommended local cipher. */
  SECRETBOX = 'secretbox',
  /** AES-GCM; keys must be rotated every 200,000 writes. */
  AESGCM = 'aesgcm',
  /** AES-CBC; weaker (padding oracle attacks), kept for existing clusters. */
  AESCBC = 'aescbc',
}

/** Who runs the KMS plugin on the control-plane machines; the API server cannot start without its socket. */
export enum KmsPluginProvider {
  /** The control-plane machine image runs the plugin (e.g. a systemd unit baked into the image) before kubelet starts. */
  MACHINE_IMAGE = 'machine-image',
  /** The platform writes a static pod of the plugin to each control-plane node (kubeadm file and Cluster API files). */
  STATIC_POD = 'static-pod',
}

/** The KMS plugin on the control-plane machines: provided by their image. */
export interface MachineImageKmsPluginDefinition {
  /** Selects a plugin the machine image provides. */
  readonly providedBy: KmsPluginProvider.MACHINE_IMAGE;
}

/** The KMS plugin on the control-plane machines: a static pod the platform writes. */
export interface StaticPodKmsPluginDefinition {
  /** Selects a plugin run as a static pod. */
  readonly providedBy: KmsPluginProvider.STATIC_POD;
  /** Image of the plugin, pinned by tag or digest, e.g. the AWS encryption provider. */
  readonly image: string;
  /**
   * Arguments of the plugin (its key, region and the socket to listen on are plugin-specific).
   * @default - none
   */
  readonly args?: string[];
}

/** Who provides the KMS plugin on the control-plane machines. */
export type KmsPluginDefinition = MachineImageKmsPluginDefinition | StaticPodKmsPluginDefinition;

/** Encryption through a KMS v2 plugin (GA from Kubernetes 1.29; every supported minor). */
export interface KmsEncryptionDefinition {
  /** Selects encryption through a KMS plugin. */
  readonly kind: EncryptionKind.KMS;
  /**
   * Who runs the plugin on the control-plane machines. Required: a KMS configuration whose plugin nobody provides leaves
   * every API server without its socket, and the control plane never starts.
   */
  readonly plugin: KmsPluginDefinition;
  /** Name of the KMS configuration; it is stored with every encrypted object and cannot change later. */
  readonly name: string;
  /** UNIX socket of the plugin on each control-plane node, e.g. `unix:///var/run/kmsplugin/socket.sock`. */
  readonly endpoint: string;
  /**
   * How long the API server waits for the plugin.
   * @default 3
   */
  readonly timeoutSeconds?: number;
  /**
   * Resources to encrypt.
   * @default ['secrets']
   */
  readonly resources?: string[];
}

/**
 * Encryption with keys held on the control-plane nodes. Only key *names* are written; each key's material is a
 * placeholder `${ENCRYPTION_KEY_<NAME>}` to fill in at provisioning (see the README).
 */
export interface LocalKeyEncryptionDefinition {
  /** Selects encryption with a local key. */
  readonly kind: EncryptionKind.LOCAL;
  /**
   * Cipher.
   * @default LocalEncryptionAlgorithm.SECRETBOX
   */
  readonly algorithm?: LocalEncryptionAlgorithm;
  /** Names of the keys, newest first: the first encrypts, all decrypt (rotation). */
  readonly keys: string[];
  /**
   * Resources to encrypt.
   * @default ['secrets']
   */
  readonly resources?: string[];
}

/** How Secrets are encrypted at rest. */
export type EncryptionDefinition = KmsEncryptionDefinition | LocalKeyEncryptionDefinition;

/** Where etcd snapshots are kept. */
export enum BackupTargetKind {
  /** A PersistentVolumeClaim of a StorageClass that retains its volumes. */
  VOLUME = 'volume',
  /** An S3 (or S3-compatible) bucket. */
  S3 = 's3',
}

/** Access mode of a PersistentVolumeClaim. */
export enum VolumeAccessMode {
  /** Mounted read-write by the pods of one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Mounted read-write by pods on many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
}

/** Snapshots on a PersistentVolumeClaim `kube-system/etcd-snapshots`. */
export interface VolumeBackupTargetDefinition {
  /** Selects snapshots on a volume. */
  readonly kind: BackupTargetKind.VOLUME;
  /**
   * StorageClass of the claim; one of the cluster's `storage.classes`, with reclaim policy `Retain`.
   * @default - the cluster's default class
   */
  readonly storageClass?: string;
  /**
   * Size of the claim.
   * @default '20Gi'
   */
  readonly size?: string;
  /**
   * Access mode: `ReadWriteMany`, a file system served from outside the control-plane nodes and their zone (EFS, which
   * is regional; an NFS or CephFS share elsewhere). `ReadWriteOnce` is refused: such a volume attaches only in its own
   * zone, and the job runs on control-plane nodes, so the snapshots would share the control plane's failure domain
   * ("store backups in a separate location"); use an S3 target there.
   * @default VolumeAccessMode.READ_WRITE_MANY
   * @see https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster
   */
  readonly accessMode?: VolumeAccessMode;
}

/** Snapshots in an S3 bucket, uploaded with credentials from a Secret in kube-system. */
export interface S3BackupTargetDefinition {
  /** Selects snapshots in S3. */
  readonly kind: BackupTargetKind.S3;
  /** Bucket name. */
  readonly bucket: string;
  /** Bucket region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * Key prefix of the snapshots.
   * @default - `<cluster>/etcd`
   */
  readonly prefix?: string;
  /**
   * Endpoint of an S3-compatible store, e.g. `https://minio.example.com`.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /** Name of a Secret in kube-system holding `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (never rendered). */
  readonly credentialsSecret: string;
}

/** Where etcd snapshots are kept. */
export type BackupTargetDefinition = VolumeBackupTargetDefinition | S3BackupTargetDefinition;

/** Scheduled etcd snapshots, taken on a control-plane node and kept on storage that outlives it. */
export interface EtcdBackupDefinition {
  /**
   * Cron schedule (UTC, as the CronJob controller reads it).
   * @default '0 0,6,12,18 * * *' - every six hours
   */
  readonly schedule?: string;
  /**
   * Number of snapshots to keep; older ones are deleted after each new one is stored.
   * @default 28 - a week of six-hourly snapshots
   */
  readonly retention?: number;
  /** Where the snapshots go. */
  readonly target: BackupTargetDefinition;
  /**
   * Image with `etcdctl` and `etcdutl`.
   * @default - the etcd image kubeadm installs with the cluster's minor (lib/cluster/kubernetes-versions.ts)
   */
  readonly image?: string;
}

/** What happens to a volume when its claim is deleted. */
export enum ReclaimPolicy {
  /** The volume and its data are kept, to be reclaimed by hand. */
  RETAIN = 'Retain',
  /** The volume and its data are deleted. */
  DELETE = 'Delete',
}

/** When a volume is provisioned and bound. */
export enum VolumeBindingMode {
  /** When the first pod using the claim is scheduled, in that pod's zone. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
  /** As soon as the claim is created. */
  IMMEDIATE = 'Immediate',
}

/** A StorageClass the platform creates in the cluster. */
export interface StorageClassDefinition {
  /** Class name, a DNS label. */
  readonly name: string;
  /** CSI driver (or in-tree provisioner) name, e.g. `ebs.csi.aws.com`. */
  readonly provisioner: string;
  /**
   * Parameters for the provisioner, e.g. `{ type: 'gp3', encrypted: 'true' }`.
   * @default - none
   */
  readonly parameters?: { readonly [key: string]: string };
  /**
   * What happens to a volume when its claim is deleted. Clusters that host protected environments only accept `Retain`.
   * @default - `Retain` on clusters that host protected environments, `Delete` elsewhere
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * When volumes are provisioned.
   * @default VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER - so a zonal volume is created in the zone its pod runs in
   */
  readonly volumeBindingMode?: VolumeBindingMode;
  /**
   * Whether claims may grow.
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
}

/** The cluster's StorageClasses. */
export interface StorageDefinition {
  /**
   * StorageClasses the platform creates. Clusters that host protected environments must declare at least one.
   * @default - none: the classes the cluster already has
   */
  readonly classes?: StorageClassDefinition[];
  /**
   * The class claims get when they name none: one of `classes` when any are declared, else a class the cluster
   * already has.
   * @default - the first declared class, else 'standard' (kind's and many installers' default class)
   */
  readonly defaultClass?: string;
}

/**
 * The Cluster API infrastructure provider: which objects the Cluster and its machines point at. Names may use
 * `{cluster}` and (machine templates of node pools) `{pool}`; the provider's objects themselves (subnets, machine
 * images, instance types) are written by hand for the provider and applied alongside.
 */
export interface InfrastructureProviderDefinition {
  /**
   * API version of the provider's objects.
   * @default 'infrastructure.cluster.x-k8s.io/v1beta1' - the Docker provider (CAPD), for disposable clusters
   */
  readonly apiVersion?: string;
  /**
   * Kind of the infrastructure cluster, e.g. `AWSCluster`.
   * @default 'DockerCluster'
   */
  readonly clusterKind?: string;
  /**
   * Kind of the machine templates, e.g. `AWSMachineTemplate`.
   * @default 'DockerMachineTemplate'
   */
  readonly machineTemplateKind?: string;
  /**
   * Name of the infrastructure cluster.
   * @default '{cluster}'
   */
  readonly clusterName?: string;
  /**
   * Name of the control plane's machine template.
   * @default '{cluster}-control-plane'
   */
  readonly controlPlaneMachineTemplate?: string;
  /**
   * Name of each node pool's machine template.
   * @default '{cluster}-{pool}'
   */
  readonly nodePoolMachineTemplate?: string;
  /**
   * Whether the machines run on a cloud whose cloud-controller-manager initialises the nodes: the kubelets then run with
   * `cloud-provider: external`, as every cloud needs since the in-tree cloud providers were removed (without it no node
   * gets a providerID, and Cluster API never sees the machine as healthy).
   * @default - true, except with the Docker provider (`DockerCluster`), whose machines are containers
   * @see https://cluster-api.sigs.k8s.io/tasks/external-cloud-provider
   */
  readonly externalCloudProvider?: boolean;
}

/** The Cluster API objects of the cluster, applied to a management cluster. */
export interface ClusterApiDefinition {
  /**
   * Namespace of the objects in the management cluster.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * The infrastructure provider.
   * @default - the Docker provider (CAPD)
   */
  readonly infrastructure?: InfrastructureProviderDefinition;
}

/**
 * The address ranges the cluster gives its pods and Services, one CIDR per IP family (two for a dual-stack cluster):
 * what kubeadm and kind call `networking.podSubnet` and `networking.serviceSubnet`, and Cluster API
 * `clusterNetwork.pods.cidrBlocks` and `clusterNetwork.services.cidrBlocks`.
 *
 * NetworkPolicies depend on them: on most network plugins an ipBlock selects the pods whose IPs it holds, so the
 * platform adds these ranges to the `except` of every CIDR peer it renders, refuses a CIDR peer inside them, and the
 * reachability guardrail counts an ipBlock that reaches into them as reaching every pod of the cluster. Declare the
 * ranges the cluster really has: defaults that do not match it leave CIDR peers open to its pods.
 */
export interface ClusterNetworkingDefinition {
  /**
   * Pod CIDRs: one IPv4, one IPv6, or one of each; network addresses (no host bits set).
   * @default ['10.244.0.0/16'] - kind's default pod subnet (kubeadm has none: the network plugin then picks one)
   */
  readonly podSubnets?: string[];
  /**
   * Service (ClusterIP) CIDRs: one per IP family the pods have, apart from the pod ranges, with at most 20 host bits
   * (a /12 or longer for IPv4, a /108 or longer for IPv6), as kube-apiserver requires.
   * @default ['10.96.0.0/12'] - kubeadm's default service subnet (kind's default, 10.96.0.0/16, lies inside it)
   */
  readonly serviceSubnets?: string[];
}

/**
 * How a cluster is built. Clusters that host protected environments must have a highly available control plane
 * (3, 5 or 7 replicas), declared StorageClasses that retain their volumes, and etcd snapshots.
 */
export interface ClusterTopologyDefinition {
  /**
   * Kubernetes version of the control plane, `v1.<minor>.<patch>`; from v1.26.0 to v1.28.x (the rendered objects target
   * 1.27, and clients are supported one minor version either side of the API server).
   * @default 'v1.36.1' - the newest supported minor, in the patch kind v0.32.0 publishes
   * @see https://kubernetes.io/releases/version-skew-policy/
   */
  readonly kubernetesVersion?: string;
  /**
   * The control plane.
   * @default - one node, stacked etcd, no endpoint
   */
  readonly controlPlane?: ControlPlaneDefinition;
  /**
   * The API server's audit log.
   * @default - the `request` preset, 30 days, 10 files of 100 MiB
   */
  readonly audit?: AuditDefinition;
  /**
   * Encryption of Secrets in etcd.
   * @default - secretbox with one locally held key named `secrets-1`
   */
  readonly encryption?: EncryptionDefinition;
  /**
   * Scheduled etcd snapshots. Required on clusters that host protected environments.
   * @default - none
   */
  readonly etcdBackup?: EtcdBackupDefinition;
  /**
   * StorageClasses.
   * @default - none created; the default class is named `standard`
   */
  readonly storage?: StorageDefinition;
  /**
   * Cluster API objects.
   * @default - namespace `default`, the Docker provider
   */
  readonly clusterApi?: ClusterApiDefinition;
  /**
   * The address ranges of the cluster's pods and Services.
   * @default - pods in 10.244.0.0/16, Services in 10.96.0.0/12
   */
  readonly networking?: ClusterNetworkingDefinition;
}

/** Where a node pool's nodes run, how many there are, and whom they serve. */
export interface NodePoolTopologyDefinition {
  /**
   * Zones the pool has nodes in; one MachineDeployment per zone.
   * @default - the control plane's zones
   */
  readonly zones?: string[];
  /**
   * Fewest nodes in each zone.
   * @default 1
   */
  readonly minSize?: number;
  /**
   * Most nodes in each zone; above `minSize`, the cluster autoscaler scales between the two.
   * @default - `minSize`: a fixed size
   */
  readonly maxSize?: number;
  /**
   * Kubelet version of the pool's nodes: not newer than the control plane and at most three minor versions older (two
   * for kubelets older than 1.25), as Kubernetes' version-skew policy allows. Lets pools lag during upgrades.
   * @default - the cluster's kubernetesVersion
   * @see https://kubernetes.io/releases/version-skew-policy/#kubelet
   */
  readonly kubernetesVersion?: string;
  /**
   * Environments the pool serves; each must be on the cluster and pinned to this pool (`nodePool`).
   * @default - the environments pinned to this pool
   */
  readonly environments?: string[];
  /**
   * What each node of the pool offers to the environments' pods: the node's allocatable resources (its capacity less
   * what kubelet reserves for the system and for eviction) less the requests of the DaemonSets every node runs (network
   * plugin, CSI node plugin, log agent). The pool's capacity is this times its nodes (zones × `minSize` to
   * zones × `maxSize`); the `pool-fits` guardrail checks that the quotas of the environments pinned to the pool fit in it
   * at `maxSize`, and the capacity table shows both ends.
   * @default - not declared: the pool check is skipped and the capacity table says "pool capacity not declared"
   * @see https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources/#node-allocatable
   */
  readonly allocatable?: NodeAllocatableDefinition;
}

/** What one node of a pool offers to pods, in the terms of a Node's `status.allocatable`. */
export interface NodeAllocatableDefinition {
  /** CPU, a Kubernetes quantity such as `7910m` or `8`. */
  readonly cpu: string;
  /** Memory, a Kubernetes quantity in bytes such as `28Gi` (never milli-units: `128m` is 0.128 bytes). */
  readonly memory: string;
  /**
   * Pods per node: kubelet's `maxPods` (110 unless the node's configuration or its network plugin sets fewer).
   * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/ (`maxPods`, default 110)
   */
  readonly pods: number;
}


/** Effect of a node taint, as in the Kubernetes Node API. */
export enum TaintEffect {
  /** Pods that do not tolerate the taint are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node for pods that do not tolerate the taint. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Pods that do not tolerate the taint are not scheduled, and running ones are evicted. */
  NO_EXECUTE = 'NoExecute',
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

/**
 * The cluster's Gateway (Kubernetes Gateway API, `gateway.networking.k8s.io/v1`): one per cluster, with an HTTPS
 * listener per host of the environments it hosts; each app's HTTPRoute attaches to its host's listener. TLS
 * certificates come from cert-manager's Gateway support (the `cert-manager.io/cluster-issuer` annotation), which
 * creates the Secret each listener names.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 * @see https://cert-manager.io/docs/usage/gateway/
 */
export interface GatewayDefinition {
  /**
   * GatewayClass of the Gateway API implementation installed in the cluster: e.g. `eg` (Envoy Gateway), `istio`,
   * `nginx` (NGINX Gateway Fabric), `cilium`. There is no neutral default: the class names the implementation.
   */
  readonly className: string;
  /**
   * Namespace of the Gateway and of its certificates' Secrets; the cluster chart creates it. No environment may use it.
   * @default 'gateway'
   */
  readonly namespace?: string;
  /**
   * Name of the Gateway.
   * @default 'platform'
   */
  readonly name?: string;
  /**
   * Namespace where the implementation runs the Gateway's proxy pods; apps admit connections from it. Istio and
   * NGINX Gateway Fabric deploy them in the Gateway's namespace; Envoy Gateway, by default, in its own
   * (`envoy-gateway-system`). No environment may use it.
   * @default - the Gateway's namespace
   */
  readonly dataPlaneNamespace?: string;
  /**
   * cert-manager ClusterIssuer that issues each listener's certificate (it must exist, and cert-manager must run with
   * Gateway API support enabled).
   * @default 'letsencrypt'
   */
  readonly clusterIssuer?: string;
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
   * Route through the Gateway API: a Gateway in this cluster and an HTTPRoute per published app, instead of Ingresses.
   * Not together with `ingress`: a cluster routes one way.
   * @default - routes through the ingress controller (`ingress`), with an Ingress per published app
   */
  readonly gateway?: GatewayDefinition;
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
   * @default - see `DEFAULT_JANITOR_IMAGE` in lib/environment/preview-janitor.ts
   */
  readonly janitorImage?: string;
  /**
   * How long a preview lives after the pipeline last created or updated it, in whole hours or days (`72h`, `3d`): what
   * `platform previews expiry` adds to the pipeline's clock (`PREVIEW_TTL` or `--ttl` override it for one run).
   * @default '72h'
   */
  readonly ttl?: string;
  /**
   * The longest a preview may be set to live, in whole hours or days: a `PREVIEW_EXPIRES` later than the clock plus
   * this is refused at synth, and a longer `ttl` or `PREVIEW_TTL` too, so a preview nobody updates is deleted by the
   * janitor within this time at the latest.
   * @default '14d'
   */
  readonly maxTtl?: string;
}
