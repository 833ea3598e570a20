/**
 * An environment as data: the settings every environment has (the base) and what one environment overrides of them.
 *
 * These are the *input* types that `environments/` files are written in. `resolveEnvironment` merges and validates
 * them into the resolved model (`environment-model.ts`) that the constructs read.
 */
import type { AppOverride } from '../app/app-types';
import { ComputeLimits, ComputeResources, LimitRangeSettings } from '../core/quantity';
import { CidrPeerSettings, NamespacePeerSettings } from '../core/network';
import { GuardrailSettings } from '../core/guardrail-settings';
import { MergePatch } from '../core/merge';
import type { StateSettings } from './state-backends/registry';

// State backends are plug-ins (state-backends/); definitions name them by kind and type their settings with the union.
export { StateBackendKind } from './state-backends/registry';
export type { StateSettings } from './state-backends/registry';

/** Pod Security Standards level, used as a Pod Security admission label value. */
export enum PodSecurityLevel {
  /** Unrestricted; never accepted for an environment namespace. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Current pod hardening best practice. */
  RESTRICTED = 'restricted',
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
   * Policy version the levels are pinned to (`v1.35`, or `latest`).
   * @default - the minor of the environment's cluster (`v1.<minor>`), so an upgrade never tightens the policy unannounced
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly version?: string;
}

/** The ResourceQuota of an environment namespace. */
export interface QuotaSettings {
  /** Sum of CPU and memory requests of all pods. */
  readonly requests: ComputeResources;
  /**
   * Sum of the memory (and, where stated, CPU) limits of all pods. A quota on `limits.cpu` makes the API server refuse
   * every container without a CPU limit, so state `cpu` only together with `limitRange.default.cpu`; the reference
   * environments govern CPU by `requests.cpu` and set no CPU limits.
   * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/#compute-resource-quota
   */
  readonly limits: ComputeLimits;
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

/** What an environment's default-deny network isolation lets through. */
export interface NetworkSettings {
  /**
   * Admit traffic from the cluster's ingress controller (on a cluster with a gateway: from the Gateway's data-plane
   * namespace) to every pod of the environment. Turn off where each published app admits it on its port only.
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
