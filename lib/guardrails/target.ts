import { ClusterAddressRanges } from '../core/cidr';
import { Severity } from '../core/guardrail-settings';


/** What a set of objects belongs to. */
export enum TargetKind {
  /** An environment: its namespace and everything in it. */
  ENVIRONMENT = 'environment',
  /** A cluster's own objects (PriorityClasses, the cluster identity…). */
  CLUSTER = 'cluster',
}

/** Prefix of the name of a cluster target, as of its Terraform stack: `cluster-<cluster>`. */
export const CLUSTER_TARGET_PREFIX = 'cluster-';

/** One environment's or one cluster's rendered objects, and what the guardrails need to know about it. */
export interface GuardrailTarget {
  /** The environment name, or `cluster-<cluster>` for a cluster's own objects (the names of the Terraform stacks). */
  readonly name: string;
  readonly kind: TargetKind;
  /** The cluster it runs on. */
  readonly cluster: string;
  /**
   * The Kubernetes version of that cluster's control plane (`v1.33.4`): objects are validated against its API.
   * @default DEFAULT_KUBERNETES_VERSION - the version a cluster definition gets when it states none
   */
  readonly kubernetesVersion?: string;
  /** The environment's namespace; for cluster targets, none. */
  readonly namespace?: string;
  /** Whether violations fail synth here (a protected environment, or a cluster hosting one). */
  readonly protected: boolean;
  /** The rendered objects (`chart.toJson()`). */
  readonly objects: readonly any[];
  /**
   * The Terraform stacks that together hold exactly these objects (an environment's `governance-<environment>` and
   * `<environment>`); the Terraform parity check compares the objects with their union.
   * @default - the stack named like the target
   */
  readonly stacks?: readonly string[];
  /**
   * Construct path of each object, by object key (`Kind/namespace/name` or `Kind/name`).
   * @default - no construct paths in the report
   */
  readonly constructPaths?: { readonly [objectKey: string]: string };
  /**
   * Violations accepted for this target, each for one object (or the whole target) with a stated reason.
   * @default - none
   */
  readonly exceptions?: readonly GuardrailException[];
  /**
   * The severity of a rule's violations in this target, by rule id, in place of the rule's default.
   * @default - each rule's default (errors where protected, warnings elsewhere; errors everywhere for `Enforcement.ALWAYS`)
   */
  readonly severity?: { readonly [rule: string]: Severity };
  /**
   * The pod and Service CIDRs of its cluster; the reachability guardrail counts an ipBlock that reaches into them as
   * selecting every pod of the cluster.
   * @default - the ranges of a cluster that declares none: pods in 10.244.0.0/16, Services in 10.96.0.0/12
   */
  readonly networking?: ClusterAddressRanges;
  /**
   * The node pool the environment's pods are pinned to; the capacity guardrails sum the quotas of the environments
   * pinned to one pool and compare them with what its nodes offer.
   * @default - not pinned to a pool: no pool check, and the capacity table says so
   */
  readonly nodePool?: TargetNodePool;
  /**
   * Environments this environment's definition names in `network.allowTo`.
   * @default - none
   */
  readonly allowTo?: readonly string[];
  /**
   * Environments this environment's definition names in `network.allowFrom`.
   * @default - none
   */
  readonly allowFrom?: readonly string[];
}

/** A node pool as the capacity guardrails see it: how many nodes, and what each offers to pods. */
export interface TargetNodePool {
  /** Pool name, unique in its cluster. */
  readonly name: string;
  /** Nodes at the pool's smallest (zones × minSize). */
  readonly minNodes: number;
  /** Nodes at the pool's largest (zones × maxSize). */
  readonly maxNodes: number;
  /**
   * What each node offers to pods (quantities as written; `pods` a count).
   * @default - not declared: the pool check is skipped and the capacity table says "pool capacity not declared"
   */
  readonly allocatable?: { readonly cpu: string; readonly memory: string; readonly pods: number };
}

/**
 * A violation accepted for one object, or a rule accepted for every object of the target, as plain data in the
 * environment's definition:
 * `{ rule: 'read-only-root-filesystem', object: 'Deployment/legacy-api', reason: 'writes its PID file to /run; fixed in 2.0' }`.
 */
export interface GuardrailException {
  /** The rule id. */
  readonly rule: string;
  /**
   * `Kind/name` (in the environment's namespace, or cluster-scoped) or `Kind/namespace/name`.
   * @default - every object of the target
   */
  readonly object?: string;
  /** Why the violation is accepted; required, shown in every report. */
  readonly reason: string;
}
