/**
 * From an environment's merged settings to the validated model: Pod Security, node pool, sizes, access, network peers,
 * state and apps, each relation checked against the clusters, roles and other environments of the platform. Problems
 * are reported through the context (the platform's resolver collects them with every other problem).
 */
import { resolveApps } from '../app/resolve-apps';
import { AppDefinition, AppOverride } from '../app/app-types';
import { RESERVED_NAMESPACES } from '../cluster/cluster-defaults';
import { Cluster } from '../cluster/cluster-model';
import { resolveCluster } from '../cluster/resolve-cluster';
import { resolveCidrPeer, resolvePorts } from '../core/cidr';
import { IssueReporter, ValidationIssue } from '../core/errors';
import { LabelKeys } from '../core/labels';
import { composePatches, mergePatch, patchSets } from '../core/merge';
import { CidrPeer, CidrPeerSettings, NamespacePeer, NamespacePeerSettings, Port, PortSettings } from '../core/network';
import { parseQuantity } from '../core/quantity';
import { findKubernetesRelease } from '../cluster/kubernetes-versions';
import { parseKubernetesVersion } from '../core/kubernetes-version';
import { DEFAULT_DEPLOYER_SERVICE_ACCOUNT, DEFAULT_POD_SECURITY_AUDIT, DEFAULT_POD_SECURITY_VERSION, DEFAULT_POD_SECURITY_WARN } from './environment-defaults';
import { Environment, Role } from './environment-model';
import { environmentSchema } from './environment-schema';
import { EnvironmentDefinition, EnvironmentSettings, PodSecurityLevel } from './environment-types';
import { resolveStateBackend } from './state-backends/registry';

/** An environment's settings (the base merged with its definition) after the schema has checked their shape. */
export type ParsedEnvironment = ReturnType<typeof environmentSchema.parse>;

/** What resolving an environment needs from the rest of the platform. */
export interface EnvironmentResolutionContext {
  /** What every environment shares; the environment's definition is merged onto it. */
  readonly base: EnvironmentSettings;
  /** The platform's apps, each run in every environment unless it sets `enabled: false`. */
  readonly apps: readonly AppDefinition[];
  /** The clusters whose definitions are valid, by name. */
  readonly clusters: ReadonlyMap<string, Cluster>;
  /** Every environment whose shape is valid, in platform order: peers name them. */
  readonly environments: readonly ParsedEnvironment[];
  /** The roles environments may grant, by name. */
  readonly roles: ReadonlyMap<string, Role>;
  /** Whether a role's own definition is invalid: a binding no valid role answers may name it, and is not reported. */
  readonly rolesPending: boolean;
  /** Whether an environment's own definition is invalid: a peer no valid environment answers may name it. */
  readonly environmentsPending: boolean;
  /** Keys of the platform's labels. */
  readonly labelKeys: LabelKeys;
  /** Where problems go. */
  readonly report: IssueReporter;
  /** Where the apps' problems go (they report whole issues, with their own subjects). */
  readonly issues: ValidationIssue[];
}

const LEVEL_ORDER = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

/**
 * Resolves one environment whose merged settings the schema has already checked.
 *
 * @param def the merged, parsed settings
 * @param own the environment's definition as written (what it overrides of the base)
 */
export function resolveEnvironment(def: ParsedEnvironment, own: EnvironmentDefinition, context: EnvironmentResolutionContext): Environment {
  const subject = `environment "${def.name}"`;
  const issue = (path: string, value: unknown, allowed: string, inherited?: boolean) => context.report(subject, path, value, allowed, inherited);
  const inherited = (path: PropertyKey[]) => !patchSets(own, path);
  const namespace = def.namespace ?? def.name;
  const isProtected = def.protected ?? false;
  const clusters = context.clusters;
  const cluster = clusters.get(def.cluster);
  if (!cluster) {
    issue('cluster', def.cluster, `expected one of the declared clusters: ${[...clusters.keys()].map(q).join(', ')}`);
  }
  const gatewayNamespaces = cluster?.gateway ? [cluster.gateway.namespace, cluster.gateway.dataPlaneNamespace] : [];
  const clusterNamespaces = cluster ? [cluster.ingress.namespace, ...gatewayNamespaces, cluster.dns.namespace] : [];
  const reserved = [...new Set([...RESERVED_NAMESPACES, ...clusterNamespaces])];
  if (reserved.includes(namespace)) {
    issue('namespace', namespace, 'reserved for the cluster (system, ingress, gateway and DNS namespaces); choose a namespace other than '
      + reserved.map(q).join(', '));
  }

  const podSecurity = {
    enforce: def.podSecurity.enforce,
    audit: def.podSecurity.audit ?? DEFAULT_POD_SECURITY_AUDIT,
    warn: def.podSecurity.warn ?? DEFAULT_POD_SECURITY_WARN,
    // Pinned to the cluster's own minor, so that a control-plane upgrade never tightens the policy unannounced.
    version: def.podSecurity.version ?? (cluster ? podSecurityVersionOf(cluster.kubernetesVersion) : DEFAULT_POD_SECURITY_VERSION),
  };
  if (isProtected && podSecurity.enforce !== PodSecurityLevel.RESTRICTED) {
    issue('podSecurity.enforce', podSecurity.enforce, 'protected environments enforce "restricted"', inherited(['podSecurity', 'enforce']));
  } else if (podSecurity.enforce === PodSecurityLevel.PRIVILEGED) {
    issue('podSecurity.enforce', podSecurity.enforce, 'expected "baseline" or "restricted"; environments never run privileged pods',
      inherited(['podSecurity', 'enforce']));
  }
  for (const mode of ['audit', 'warn'] as const) {
    if (rank(podSecurity[mode]) < rank(podSecurity.enforce)) {
      issue(`podSecurity.${mode}`, podSecurity[mode], `expected a level at least as strict as enforce ("${podSecurity.enforce}")`,
        inherited(['podSecurity', mode]));
    }
  }

  let nodePool: Environment['nodePool'];
  if (def.nodePool !== undefined && cluster) {
    nodePool = cluster.nodePools.find((p) => p.name === def.nodePool);
    if (!nodePool) {
      const pools = cluster.nodePools.map((p) => q(p.name));
      issue('nodePool', def.nodePool, pools.length > 0
        ? `expected a node pool of cluster "${cluster.name}": ${pools.join(', ')}`
        : `cluster "${cluster.name}" declares no node pools; remove nodePool or add the pool to the cluster`, inherited(['nodePool']));
    }
  }

  checkSizes(def, issue, inherited);

  const bindings = (def.access?.bindings ?? []).flatMap((binding, i) => {
    const role = context.roles.get(binding.role);
    if (!role && context.rolesPending) {
      return [];
    }
    if (!role) {
      issue(`access.bindings[${i}].role`, binding.role, `expected a known role: ${[...context.roles.keys()].map(q).join(', ')}`,
        inherited(['access', 'bindings']));
      return [];
    }
    const deployer = def.access?.deployerServiceAccount ?? DEFAULT_DEPLOYER_SERVICE_ACCOUNT;
    if (role.name === deployer) {
      issue(`access.bindings[${i}].role`, binding.role,
        `the deployer's own Role is named "${deployer}"; rename the role or set access.deployerServiceAccount to another name`,
        inherited(['access', 'bindings']));
      return [];
    }
    if (isProtected && !role.readOnly) {
      issue(`access.bindings[${i}].role`, binding.role,
        'protected environments grant people read-only roles only (e.g. "viewer"); changes go through the deployer', inherited(['access', 'bindings']));
      return [];
    }
    return [{ group: binding.group, role }];
  });
  (def.access?.bindings ?? []).forEach((binding, i, all) => {
    if (all.findIndex((b) => b.group === binding.group && b.role === binding.role) < i) {
      issue(`access.bindings[${i}]`, binding, `group "${binding.group}" already has role "${binding.role}"; remove the repeated grant`,
        inherited(['access', 'bindings']));
    }
  });

  const peers = new PeerResolver(def, context, issue);
  const allowFrom = (def.network?.allowFrom ?? [])
    .map((peer, i) => peers.namespace(`network.allowFrom[${i}]`, peer, inherited(['network', 'allowFrom'])))
    .filter((p): p is NamespacePeer => p !== undefined);
  const allowTo = (def.network?.allowTo ?? []).map((peer, i) => 'cidr' in peer
    ? peers.cidr(`network.allowTo[${i}]`, peer, inherited(['network', 'allowTo']))
    : peers.namespace(`network.allowTo[${i}]`, peer, inherited(['network', 'allowTo'])))
    .filter((p): p is NamespacePeer | CidrPeer => p !== undefined);

  const placeholder: Cluster = cluster ?? resolveCluster({ name: def.cluster, kubeconfig: { context: def.cluster } }, [], context);
  return {
    name: def.name,
    namespace,
    cluster: placeholder,
    protected: isProtected,
    podSecurity,
    nodePool,
    quota: def.quota,
    limitRange: def.limitRange,
    access: { bindings, deployerServiceAccount: def.access?.deployerServiceAccount ?? DEFAULT_DEPLOYER_SERVICE_ACCOUNT },
    network: {
      // On a cluster with a gateway, what routes traffic in is the Gateway's proxies.
      ingressControllerNamespace: (def.network?.allowIngressController ?? true)
        ? (placeholder.gateway?.dataPlaneNamespace ?? placeholder.ingress.namespace) : undefined,
      allowSameNamespace: def.network?.allowSameNamespace ?? true,
      dns: placeholder.dns,
      allowFrom,
      allowTo,
    },
    state: resolveStateBackend(def.state, { cluster: placeholder }),
    guardrails: { exceptions: [...(def.guardrails?.exceptions ?? [])], severity: { ...def.guardrails?.severity } },
    apps: resolveApps(context.apps, {
      name: def.name,
      namespace,
      protected: isProtected,
      cluster: placeholder,
      limitRange: def.limitRange,
      // Composed, not merged: a null in the environment must still remove the app's value.
      overrides: composePatches<Record<string, AppOverride>>(context.base.apps ?? {}, own.apps ?? {}),
      ownOverrides: own.apps ?? {},
    }, context.issues),
    labels: def.labels ?? {},
    definition: own,
    settings: mergePatch(context.base, own),
  };
}

type Issue = (path: string, value: unknown, allowed: string, inherited?: boolean) => void;

/**
 * Quota and LimitRange values must be consistent: defaultRequest ≤ default ≤ max ≤ quota limits, requests ≤ limits,
 * for each value that is stated (CPU limits are optional). A quota on `limits.cpu` needs a default CPU limit: the quota
 * admission refuses every container without a limit for a resource whose limits it counts
 * (https://kubernetes.io/docs/concepts/policy/resource-quotas/#compute-resource-quota).
 */
function checkSizes(def: ParsedEnvironment, issue: Issue, inherited: (path: PropertyKey[]) => boolean): void {
  for (const resource of ['cpu', 'memory'] as const) {
    const chain: Array<[string[], string | undefined]> = [
      [['limitRange', 'defaultRequest', resource], def.limitRange.defaultRequest[resource]],
      [['limitRange', 'default', resource], def.limitRange.default[resource]],
      [['limitRange', 'max', resource], def.limitRange.max[resource]],
      [['quota', 'limits', resource], def.quota.limits[resource]],
    ];
    const stated = chain.filter((link): link is [string[], string] => link[1] !== undefined);
    for (let i = 1; i < stated.length; i++) {
      const [lowerPath, lower] = stated[i - 1];
      const [upperPath, upper] = stated[i];
      if (parseQuantity(lower)! > parseQuantity(upper)!) {
        issue(lowerPath.join('.'), lower, `expected at most ${upperPath.join('.')} (${upper})`, inherited(lowerPath));
      }
    }
    const requests = def.quota.requests[resource];
    const limits = def.quota.limits[resource];
    if (limits !== undefined && parseQuantity(requests)! > parseQuantity(limits)!) {
      issue(`quota.requests.${resource}`, requests, `expected at most quota.limits.${resource} (${limits})`, inherited(['quota', 'requests', resource]));
    }
    const defaultRequest = def.limitRange.defaultRequest[resource];
    if (parseQuantity(defaultRequest)! > parseQuantity(requests)!) {
      issue(`limitRange.defaultRequest.${resource}`, defaultRequest,
        `expected at most quota.requests.${resource} (${requests}), or no pod with defaults fits the quota`,
        inherited(['limitRange', 'defaultRequest', resource]));
    }
  }
  const cpuLimits = def.quota.limits.cpu;
  if (cpuLimits !== undefined && def.limitRange.default.cpu === undefined && def.limitRange.max.cpu === undefined) {
    issue('quota.limits.cpu', cpuLimits, 'a quota on limits.cpu makes the API server refuse every container without a CPU limit, and the LimitRange gives '
      + 'none (limitRange.default.cpu is not set); remove quota.limits.cpu (CPU is then governed by quota.requests.cpu), or set limitRange.default.cpu',
    inherited(['quota', 'limits', 'cpu']));
  }
}

/** Resolves an environment's network peers against the other environments of the platform. */
class PeerResolver {
  constructor(private readonly self: ParsedEnvironment, private readonly context: EnvironmentResolutionContext, private readonly issue: Issue) {}

  /** A namespace peer: another environment (same cluster, not itself) or a namespace that is no environment's. */
  public namespace(path: string, peer: NamespacePeerSettings, inherited: boolean): NamespacePeer | undefined {
    const { self, issue } = this;
    const environments = this.context.environments;
    const ports = this.ports(path, peer.ports, inherited);
    if ((peer.environment === undefined) === (peer.namespace === undefined)) {
      issue(path, peer, 'name exactly one of "environment" (another environment) or "namespace" (a namespace that is not an environment)', inherited);
      return undefined;
    }
    if (peer.environment !== undefined) {
      const other = environments.find((e) => e.name === peer.environment);
      if (!other && this.context.environmentsPending) {
        return undefined;
      }
      if (!other) {
        issue(`${path}.environment`, peer.environment, `expected a declared environment: ${environments.map((e) => q(e.name)).join(', ')}`, inherited);
        return undefined;
      }
      if (other.name === self.name) {
        issue(`${path}.environment`, peer.environment, 'an environment always reaches itself; remove this entry', inherited);
        return undefined;
      }
      if (other.cluster !== self.cluster) {
        issue(`${path}.environment`, peer.environment,
          `environment "${other.name}" runs on cluster "${other.cluster}", not "${self.cluster}"; reach another cluster with a CIDR peer`, inherited);
        return undefined;
      }
      return { namespace: other.namespace ?? other.name, environment: other.name, ports };
    }
    const owner = environments.find((e) => e.cluster === self.cluster && (e.namespace ?? e.name) === peer.namespace);
    if (owner?.name === self.name) {
      issue(`${path}.namespace`, peer.namespace, 'an environment always reaches its own namespace; remove this entry', inherited);
      return undefined;
    }
    if (owner) {
      issue(`${path}.namespace`, peer.namespace,
        `namespace "${peer.namespace}" belongs to environment "${owner.name}"; open traffic to another environment only with { environment: "${owner.name}" }`,
        inherited);
      return undefined;
    }
    if (!this.context.clusters.has(self.cluster)) {
      return undefined;
    }
    return { namespace: peer.namespace!, ports };
  }

  /**
   * An address range, with its exceptions and ports: never inside the cluster's pod or Service ranges, and with those
   * inside it added to its exceptions.
   */
  public cidr(path: string, peer: CidrPeerSettings, inherited: boolean): CidrPeer | undefined {
    const cluster = this.context.clusters.get(this.self.cluster);
    return resolveCidrPeer(peer, (field, value, allowed) => this.issue(`${path}.${field}`, value, allowed, inherited),
      cluster && { name: cluster.name, ...cluster.networking });
  }

  private ports(path: string, ports: PortSettings[] | undefined, inherited: boolean): Port[] {
    return resolvePorts(ports, (field, value, allowed) => this.issue(`${path}.${field}`, value, allowed, inherited));
  }
}

function rank(level: PodSecurityLevel): number {
  return LEVEL_ORDER.indexOf(level);
}

function q(name: string): string {
  return `"${name}"`;
}

/** The Pod Security version of a cluster's minor (the newest supported one for a version the cluster resolver refused). */
function podSecurityVersionOf(kubernetesVersion: string): string {
  const minor = parseKubernetesVersion(kubernetesVersion)?.minor;
  return (minor === undefined ? undefined : findKubernetesRelease(minor))?.podSecurityVersion ?? DEFAULT_POD_SECURITY_VERSION;
}
