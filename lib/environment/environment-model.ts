/**
 * A resolved environment: what `resolveEnvironment` returns once the base and the environment's definition are merged
 * and validated. Every default is filled in and every reference resolved, so constructs never re-derive policy.
 */
import { LimitRangeSettings } from '../core/quantity';
import { EnvironmentDefinition, EnvironmentSettings, PodSecurityLevel, QuotaSettings } from './environment-types';
import type { StateBackend } from './state-backends/registry';
import { GuardrailExceptionSettings, Severity } from '../core/guardrail-settings';
import type { App } from '../app/app-model';
import { Cluster, NodePool } from '../cluster/cluster-model';
import { CidrPeer, NamespacePeer } from '../core/network';

/** A rule of a Role, as in the RBAC API. */
export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

/** A role, built-in or declared, ready to render as a namespaced Role. */
export interface Role {
  /** The Role's name in the namespace, e.g. `viewer`. */
  readonly name: string;
  /** What the Role allows, as RBAC policy rules. */
  readonly rules: PolicyRule[];
  /** Whether every rule only reads (get, list, watch). */
  readonly readOnly: boolean;
}

export type { StateBackend } from './state-backends/registry';

/** A validated environment, placed on its cluster. */
export interface Environment {
  /** The environment's name. */
  readonly name: string;
  /** The namespace that is the environment. */
  readonly namespace: string;
  /** The cluster the environment runs on. */
  readonly cluster: Cluster;
  /** Whether the environment is protected: its guardrail violations fail synth and Terraform refuses to destroy its namespace and data. */
  readonly protected: boolean;
  /** The Pod Security admission labels of the namespace. */
  readonly podSecurity: {
    readonly enforce: PodSecurityLevel;
    readonly audit: PodSecurityLevel;
    readonly warn: PodSecurityLevel;
    readonly version: string;
  };
  /**
   * The node pool the environment's pods are pinned to.
   * @default - none: pods run on any node of the cluster
   */
  readonly nodePool?: NodePool;
  /** The namespace's ResourceQuota. */
  readonly quota: QuotaSettings;
  /** The namespace's LimitRange. */
  readonly limitRange: LimitRangeSettings;
  /** Who may do what in the namespace (RoleBindings), and the service account that deploys the apps. */
  readonly access: {
    readonly bindings: Array<{ readonly group: string; readonly role: Role }>;
    readonly deployerServiceAccount: string;
  };
  /** What the namespace's NetworkPolicies allow beyond default-deny. */
  readonly network: {
    /** The ingress controller's namespace (the Gateway's data-plane namespace), when traffic from it is admitted. */
    readonly ingressControllerNamespace?: string;
    /** Whether every pod of the namespace may reach every other. */
    readonly allowSameNamespace: boolean;
    readonly dns: Cluster['dns'];
    readonly allowFrom: NamespacePeer[];
    readonly allowTo: Array<NamespacePeer | CidrPeer>;
  };
  /** Where the environment's Terraform state is kept. */
  readonly state: StateBackend;
  /** The apps that run in the environment. */
  readonly apps: App[];
  /** Guardrail violations accepted for the environment's objects, and rule severities set for it (base and own). */
  readonly guardrails: { readonly exceptions: GuardrailExceptionSettings[]; readonly severity: { readonly [rule: string]: Severity } };
  /** Labels on every object of the environment (its name and cluster, under the platform's label domain). */
  readonly labels: { readonly [key: string]: string };
  /** The environment's own definition, as written: what it overrides of the base. */
  readonly definition: EnvironmentDefinition;
  /** The base merged with the definition, before defaults. */
  readonly settings: EnvironmentSettings;
}
