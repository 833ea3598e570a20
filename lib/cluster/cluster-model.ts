/**
 * The resolved topology of a cluster: every default filled in, every name rendered. {@link Cluster} extends
 * {@link ClusterTopology}, and {@link NodePool} extends {@link NodePoolTopology}.
 */
import {
  AuditLevel, AuditPreset, BackupTargetKind, EncryptionKind, KmsPluginProvider, EtcdKind, LocalEncryptionAlgorithm, ReclaimPolicy, VolumeAccessMode,
  VolumeBindingMode, PreviewSettings, Taint,
} from './cluster-types';
import { GuardrailExceptionSettings, Severity } from '../core/guardrail-settings';
import type { LabelKeys } from '../core/labels';

/** The load balancer in front of the API servers. */
export interface ApiServerEndpoint {
  readonly host: string;
  readonly port: number;
}

/** etcd on the control-plane nodes. */
export interface StackedEtcd {
  readonly kind: EtcdKind.STACKED;
  readonly dataDir: string;
}

/** An etcd cluster outside the control plane. */
export interface ExternalEtcd {
  readonly kind: EtcdKind.EXTERNAL;
  readonly endpoints: string[];
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** The control plane. */
export interface ControlPlane {
  /** 1, 3, 5 or 7. */
  readonly replicas: number;
  /** Whether there is more than one replica (which validation guarantees are spread over three or more zones). */
  readonly highlyAvailable: boolean;
  readonly zones: string[];
  readonly endpoint?: ApiServerEndpoint;
  /** Subject Alternative Names of the API server certificate: the endpoint host, then the declared ones. */
  readonly certSANs: string[];
  /** The API servers' own addresses (CIDRs) and port, where the definition states them. */
  readonly apiServer?: { readonly addresses: string[]; readonly port: number };
  readonly etcd: StackedEtcd | ExternalEtcd;
}

/** A resolved audit rule (audit.k8s.io/v1 `PolicyRule`). */
export interface AuditRule {
  readonly level: AuditLevel;
  readonly users?: string[];
  readonly userGroups?: string[];
  readonly verbs?: string[];
  readonly resources?: Array<{ readonly group: string; readonly resources?: string[]; readonly resourceNames?: string[] }>;
  readonly namespaces?: string[];
  readonly nonResourceURLs?: string[];
}

/** The audit log. */
export interface Audit {
  readonly preset: AuditPreset;
  /** The declared rules, in order. */
  readonly rules: AuditRule[];
  readonly maxAgeDays: number;
  readonly maxBackups: number;
  readonly maxSizeMiB: number;
}

/** Who runs the KMS plugin on the control-plane machines; `image` and `args` only for a static pod. */
export interface KmsPlugin {
  readonly providedBy: KmsPluginProvider;
  readonly image?: string;
  readonly args: string[];
}

/** Encryption through a KMS v2 plugin. */
export interface KmsEncryption {
  readonly kind: EncryptionKind.KMS;
  readonly plugin: KmsPlugin;
  readonly name: string;
  readonly endpoint: string;
  readonly timeoutSeconds: number;
  readonly resources: string[];
}

/** Encryption with locally held keys, named only. */
export interface LocalKeyEncryption {
  readonly kind: EncryptionKind.LOCAL;
  readonly algorithm: LocalEncryptionAlgorithm;
  readonly keys: string[];
  readonly resources: string[];
}

/** Snapshots on a PersistentVolumeClaim. */
export interface VolumeBackupTarget {
  readonly kind: BackupTargetKind.VOLUME;
  readonly claimName: string;
  readonly storageClass: string;
  readonly size: string;
  readonly accessMode: VolumeAccessMode;
}

/** Snapshots in an S3 bucket. */
export interface S3BackupTarget {
  readonly kind: BackupTargetKind.S3;
  readonly bucket: string;
  readonly region: string;
  readonly prefix: string;
  readonly endpoint?: string;
  readonly credentialsSecret: string;
}

/** Scheduled etcd snapshots. */
export interface EtcdBackup {
  readonly schedule: string;
  readonly retention: number;
  readonly image: string;
  readonly target: VolumeBackupTarget | S3BackupTarget;
}

/** A StorageClass the platform creates. */
export interface StorageClass {
  readonly name: string;
  readonly provisioner: string;
  readonly parameters: { readonly [key: string]: string };
  readonly reclaimPolicy: ReclaimPolicy;
  readonly volumeBindingMode: VolumeBindingMode;
  readonly allowVolumeExpansion: boolean;
}

/** The cluster's storage. */
export interface ClusterStorage {
  /** The class claims get when they name none (workloads may set it as `storageClassName`). */
  readonly defaultClass: string;
  /** The classes the platform creates; empty when the cluster's own classes are used. */
  readonly classes: StorageClass[];
}

/** The Cluster API objects' references to the infrastructure provider, with every name rendered. */
export interface ClusterApi {
  readonly namespace: string;
  readonly infrastructure: {
    readonly apiVersion: string;
    readonly clusterKind: string;
    readonly clusterName: string;
    readonly machineTemplateKind: string;
    readonly controlPlaneMachineTemplate: string;
    /** Machine template name by node pool name. */
    readonly nodePoolMachineTemplates: { readonly [pool: string]: string };
    /** Whether kubelets run with `cloud-provider: external` (machines on a cloud). */
    readonly externalCloudProvider: boolean;
  };
}

/** The address ranges of the cluster's pods and Services, one CIDR per IP family, pod ranges apart from Service ranges. */
export interface ClusterNetworking {
  readonly podSubnets: string[];
  readonly serviceSubnets: string[];
}

/** How a cluster is built; the rest of {@link Cluster} says what runs on it. */
export interface ClusterTopology {
  /** Control-plane version, `v1.<minor>.<patch>`. */
  readonly kubernetesVersion: string;
  readonly controlPlane: ControlPlane;
  readonly audit: Audit;
  readonly encryption: KmsEncryption | LocalKeyEncryption;
  /** Scheduled etcd snapshots, when declared. */
  readonly etcdBackup?: EtcdBackup;
  readonly storage: ClusterStorage;
  readonly clusterApi: ClusterApi;
  /** Pod and Service ranges: CIDR peers except them, and the reachability guardrail counts ipBlocks reaching into them. */
  readonly networking: ClusterNetworking;
}

/** Where a node pool's nodes run and how many there are. */
export interface NodePoolTopology {
  /** Zones with nodes of the pool (none: nodes in no particular zone). */
  readonly zones: string[];
  /** Fewest nodes per zone. */
  readonly minSize: number;
  /** Most nodes per zone. */
  readonly maxSize: number;
  /** Kubelet version, `v1.<minor>.<patch>`. */
  readonly kubernetesVersion: string;
  /** Environments pinned to the pool, in platform order. */
  readonly environments: string[];
  /** What each node offers to the environments' pods, when the definition declares it. */
  readonly allocatable?: NodeAllocatable;
}

/** What one node of a pool offers to pods, as declared (quantities as written). */
export interface NodeAllocatable {
  readonly cpu: string;
  readonly memory: string;
  readonly pods: number;
}


/** A node pool with its defaults applied; zones, sizes and version in {@link NodePoolTopology}. */
export interface NodePool extends NodePoolTopology {
  readonly name: string;
  readonly labels: { readonly [key: string]: string };
  readonly taints: Taint[];
}

/** A PriorityClass with its defaults applied. */
export interface PriorityClass {
  readonly name: string;
  readonly value: number;
  readonly description: string;
  readonly globalDefault: boolean;
  readonly preempting: boolean;
}

/** A cluster's Gateway, defaults filled in (see `GatewayDefinition`). */
export interface ClusterGateway {
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  /** Where the Gateway's proxy pods run: the namespace apps admit connections from. */
  readonly dataPlaneNamespace: string;
  readonly clusterIssuer: string;
}

/**
 * A validated cluster. How it is built is in {@link ClusterTopology}: among others `kubernetesVersion`, `controlPlane`
 * and `storage` (`storage.defaultClass` is the class volume claims get when they name none).
 */
export interface Cluster extends ClusterTopology {
  /** The cluster's name. */
  readonly name: string;
  /** The kubeconfig context (and file) that reaches the cluster. */
  readonly kubeconfig: { readonly context: string; readonly path: string };
  /** The ingress controller's IngressClass and namespace, for clusters that route through Ingresses. */
  readonly ingress: { readonly className: string; readonly namespace: string };
  /**
   * The cluster's Gateway, when it routes through the Gateway API; else it routes through Ingresses.
   * @default - none: the cluster routes through Ingresses
   */
  readonly gateway?: ClusterGateway;
  /** Where the cluster DNS runs, which every environment's egress policy admits. */
  readonly dns: { readonly namespace: string; readonly podLabels: { readonly [key: string]: string } };
  /** The node pools of the cluster. */
  readonly nodePools: NodePool[];
  /** The PriorityClasses the cluster defines. */
  readonly priorityClasses: PriorityClass[];
  /** The cluster's Prometheus. */
  readonly monitoring: { readonly namespace: string; readonly prometheusOperator: boolean };
  /** Guardrail violations accepted for the cluster's own objects, and rule severities set for them. */
  readonly guardrails: { readonly exceptions: GuardrailExceptionSettings[]; readonly severity: { readonly [rule: string]: Severity } };
  /** Names of the environments on this cluster, in platform order. */
  readonly environments: string[];
  /** Whether a protected environment runs on this cluster. */
  readonly hostsProtected: boolean;
  /**
   * Set on the cluster of the preview template: it runs the janitor that deletes expired previews.
   * @default - none: this cluster runs no preview janitor
   */
  readonly previews?: PreviewSettings;
  /** Keys of the labels and annotations the platform sets (the definition's `labelDomain`). */
  readonly labelKeys: LabelKeys;
}
