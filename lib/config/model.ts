/**
 * The resolved model: what {@link resolvePlatform} returns after merging and validating the definitions.
 * Every default is filled in and every reference is resolved, so constructs never re-derive policy.
 */
import {
  EnvironmentDefinition, EnvironmentSettings, GuardrailExceptionSettings, LimitRangeSettings, PodSecurityLevel, PreviewSettings, Protocol,
  QuotaSettings, StateBackendKind, Taint,
} from './types';
import type { App } from './app-model';
import type { LabelKeys } from './labels';
import type { ClusterTopology, NodePoolTopology } from './cluster-model';

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

/**
 * A validated cluster. How it is built is in {@link ClusterTopology}: among others `kubernetesVersion`, `controlPlane`
 * and `storage` (`storage.defaultClass` is the class volume claims get when they name none).
 */
export interface Cluster extends ClusterTopology {
  readonly name: string;
  readonly kubeconfig: { readonly context: string; readonly path: string };
  readonly ingress: { readonly className: string; readonly namespace: string };
  readonly dns: { readonly namespace: string; readonly podLabels: { readonly [key: string]: string } };
  readonly nodePools: NodePool[];
  readonly priorityClasses: PriorityClass[];
  /** The cluster's Prometheus. */
  readonly monitoring: { readonly namespace: string; readonly prometheusOperator: boolean };
  /** Guardrail violations accepted for the cluster's own objects. */
  readonly guardrails: { readonly exceptions: GuardrailExceptionSettings[] };
  /** Names of the environments on this cluster, in platform order. */
  readonly environments: string[];
  /** Whether a protected environment runs on this cluster. */
  readonly hostsProtected: boolean;
  /** Set on the cluster of the preview template: it runs the janitor that deletes expired previews. */
  readonly previews?: PreviewSettings;
  /** Keys of the labels and annotations the platform sets (the definition's `labelDomain`). */
  readonly labelKeys: LabelKeys;
}

/** A rule of a Role, as in the RBAC API. */
export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

/** A role, built-in or declared, ready to render as a namespaced Role. */
export interface Role {
  readonly name: string;
  readonly rules: PolicyRule[];
  /** Whether every rule only reads (get, list, watch). */
  readonly readOnly: boolean;
}

/** A port with its defaults applied. */
export interface Port {
  readonly port: number;
  readonly endPort?: number;
  readonly protocol: Protocol;
}

/** A namespace peer; `environment` is set when the peer is another environment. */
export interface NamespacePeer {
  readonly namespace: string;
  readonly environment?: string;
  readonly ports: Port[];
}

/** An external address range. */
export interface CidrPeer {
  readonly cidr: string;
  readonly except: string[];
  readonly ports: Port[];
}

/** A state backend with its defaults applied. */
export type StateBackend =
  | { readonly kind: StateBackendKind.LOCAL }
  | { readonly kind: StateBackendKind.S3; readonly bucket: string; readonly region: string; readonly keyPrefix: string }
  | { readonly kind: StateBackendKind.KUBERNETES; readonly namespace: string; readonly context: string; readonly configPath: string };

/** A validated environment, placed on its cluster. */
export interface Environment {
  readonly name: string;
  readonly namespace: string;
  readonly cluster: Cluster;
  readonly protected: boolean;
  readonly podSecurity: {
    readonly enforce: PodSecurityLevel;
    readonly audit: PodSecurityLevel;
    readonly warn: PodSecurityLevel;
    readonly version: string;
  };
  readonly nodePool?: NodePool;
  readonly quota: QuotaSettings;
  readonly limitRange: LimitRangeSettings;
  readonly access: {
    readonly bindings: Array<{ readonly group: string; readonly role: Role }>;
    readonly deployerServiceAccount: string;
  };
  readonly network: {
    /** The ingress controller's namespace, when traffic from it is admitted. */
    readonly ingressControllerNamespace?: string;
    /** Whether every pod of the namespace may reach every other. */
    readonly allowSameNamespace: boolean;
    readonly dns: Cluster['dns'];
    readonly allowFrom: NamespacePeer[];
    readonly allowTo: Array<NamespacePeer | CidrPeer>;
  };
  readonly state: StateBackend;
  /** The apps that run in the environment. */
  readonly apps: App[];
  /** Guardrail violations accepted for the environment's objects. */
  readonly guardrails: { readonly exceptions: GuardrailExceptionSettings[] };
  readonly labels: { readonly [key: string]: string };
  /** The environment's own definition, as written: what it overrides of the base. */
  readonly definition: EnvironmentDefinition;
  /** The base merged with the definition, before defaults. */
  readonly settings: EnvironmentSettings;
}

/** The validated platform. */
export interface Platform {
  readonly clusters: Cluster[];
  /** Environments in promotion order. */
  readonly environments: Environment[];
}

/** Whether a peer is a CIDR peer. */
export function isCidrPeer(peer: NamespacePeer | CidrPeer): peer is CidrPeer {
  return 'cidr' in peer;
}
