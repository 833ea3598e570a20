/**
 * From definitions to the validated model: merge each environment onto the base, check every field, then every
 * relation, and report all problems at once. Nothing is rendered from a definition that fails here.
 */
import { DEFAULT_DNS_NAMESPACE, DEFAULT_DNS_POD_LABELS, DEFAULT_INGRESS_CLASS, DEFAULT_INGRESS_NAMESPACE, DEFAULT_KUBECONFIG_PATH, DEFAULT_MONITORING_NAMESPACE, DEFAULT_PRIORITY_CLASSES, RESERVED_NAMESPACES } from '../cluster/cluster-defaults';
import { DEFAULT_DEPLOYER_SERVICE_ACCOUNT, DEFAULT_POD_SECURITY_AUDIT, DEFAULT_POD_SECURITY_VERSION, DEFAULT_POD_SECURITY_WARN, DEFAULT_STATE_KEY_PREFIX, DEFAULT_STATE_NAMESPACE } from '../environment/environment-defaults';
import { AppOverride } from '../app/app-types';
import { resolveCidrPeer, resolvePorts } from '../core/cidr';
import { clusterDefinitionSchema } from '../cluster/cluster-schema';
import { PlatformValidationError, ValidationIssue } from '../core/errors';
import { LabelKeys, labelKeys } from '../core/labels';
import { composePatches, isPlainObject, mergePatch, patchSets } from '../core/merge';
import { Cluster } from '../cluster/cluster-model';
import { CidrPeer, NamespacePeer, Port, CidrPeerSettings, NamespacePeerSettings, PortSettings } from '../core/network';
import { Environment, Role, StateBackend } from '../environment/environment-model';
import { Platform } from './platform-model';
import { parseQuantity } from '../core/quantity';
import { resolveApps } from '../app/resolve-apps';
import { resolveClusterTopology } from '../cluster/resolve-cluster';
import { BUILT_IN_ROLES, ESCALATION_VERBS, GUARDRAIL_RESOURCES, isReadOnly } from '../environment/roles';
import { parseWith } from '../core/schema';
import { environmentSchema, roleSchema } from '../environment/environment-schema';
import { platformSchema } from './platform-schema';
import { ClusterDefinition } from '../cluster/cluster-types';
import { EnvironmentDefinition, PodSecurityLevel, RoleDefinition, StateBackendKind } from '../environment/environment-types';
import { PlatformDefinition } from './platform-definition';

type Merged = EnvironmentDefinition & { readonly quota: NonNullable<EnvironmentDefinition['quota']> };
type ParsedEnvironment = ReturnType<typeof environmentSchema.parse>;

const LEVEL_ORDER = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

/**
 * Merges, validates and resolves a platform definition.
 *
 * Every problem is reported at once: the shape of each cluster, role and environment is checked first, and the
 * relations between them (references, uniqueness, apps, sizes) are then checked for every one whose shape is valid.
 * While a cluster, role or environment has an invalid shape, a reference no valid one answers is not reported (it may
 * name the one being fixed, under its name or a new one), and an environment on such a cluster waits for it.
 *
 * @throws PlatformValidationError listing every problem, each with its environment or cluster, field path, value
 * and what is allowed.
 */
export function resolvePlatform(definition: PlatformDefinition): Platform {
  const top = parseWith(platformSchema, definition, 'platform');
  if (top.issues.length > 0) {
    throw new PlatformValidationError(top.issues);
  }

  const shapeIssues: ValidationIssue[] = [];
  const invalid: InvalidCounts = { clusters: 0, roles: 0, environments: 0 };
  /** The entries whose shape is valid; the others are counted under `kind`. */
  const valid = <T>(entries: Array<{ value?: T; issues: ValidationIssue[] }>, kind: keyof InvalidCounts): T[] => entries.flatMap((entry) => {
    shapeIssues.push(...entry.issues);
    if (entry.value !== undefined && entry.issues.length === 0) return [entry.value];
    invalid[kind]++;
    return [];
  });
  const nameOf = (value: unknown) => (isPlainObject(value) ? value.name : undefined);

  const clusters = valid(definition.clusters.map((cluster, i) => {
    const subject = typeof nameOf(cluster) === 'string' ? `cluster "${nameOf(cluster)}"` : `clusters[${i}]`;
    return parseWith(clusterDefinitionSchema, cluster, subject);
  }), 'clusters');
  const roles = valid((definition.roles ?? []).map((role, i) => {
    const subject = typeof nameOf(role) === 'string' ? `role "${nameOf(role)}"` : `roles[${i}]`;
    return parseWith(roleSchema, role, subject);
  }), 'roles');
  const environments = valid(definition.environments.map((env, i) => {
    const subject = typeof nameOf(env) === 'string' ? `environment "${nameOf(env)}"` : `environments[${i}]`;
    const merged = mergePatch<Merged>(definition.base, env);
    const inherited = (path: PropertyKey[]) => !patchSets(env, path);
    const parsed = parseWith(environmentSchema, merged, subject, inherited);
    return { value: parsed.value === undefined ? undefined : { parsed: parsed.value as ParsedEnvironment, own: env }, issues: parsed.issues };
  }), 'environments');

  return new Resolver(
    definition,
    clusters as ClusterDefinition[],
    environments,
    roles as RoleDefinition[],
    invalid,
    shapeIssues,
  ).resolve();
}

/** How many clusters, roles and environments have an invalid shape. */
interface InvalidCounts {
  clusters: number;
  roles: number;
  environments: number;
}

/** Checks relations between validated definitions and builds the model. */
class Resolver {
  private readonly issues: ValidationIssue[];
  private readonly roles = new Map<string, Role>();
  private readonly envDefs: ParsedEnvironment[];
  private readonly labelKeys: LabelKeys;

  constructor(
    private readonly definition: PlatformDefinition,
    private readonly clusterDefs: ClusterDefinition[],
    private readonly environments: Array<{ readonly parsed: ParsedEnvironment; readonly own: EnvironmentDefinition }>,
    private readonly roleDefs: RoleDefinition[],
    private readonly invalid: InvalidCounts,
    shapeIssues: ValidationIssue[],
  ) {
    this.issues = [...shapeIssues];
    this.envDefs = environments.map((e) => e.parsed);
    this.labelKeys = labelKeys(definition.labelDomain);
  }

  public resolve(): Platform {
    this.checkUnique('platform', 'clusters[].name', this.clusterDefs.map((c) => c.name), 'cluster names must be unique');
    this.checkUnique('platform', 'environments[].name', this.envDefs.map((e) => e.name), 'environment names must be unique');
    this.resolveRoles();
    const clusters = this.clusterDefs.map((def) => this.resolveCluster(def));
    const byName = new Map(clusters.map((c) => [c.name, c]));
    this.checkNamespacesUnique();
    // An environment on no valid cluster, while a cluster is invalid, is checked once the clusters are.
    const environments = this.environments
      .filter(({ parsed }) => byName.has(parsed.cluster) || this.invalid.clusters === 0)
      .map(({ parsed, own }) => this.resolveEnvironment(parsed, own, byName));
    const previews = this.definition.previews;
    const template = previews && environments.find((e) => e.name === previews.template);
    const waiting = this.invalid.environments > 0 || environments.length < this.environments.length;
    if (previews && !template && !waiting) {
      this.issue('platform', 'previews.template', previews.template, `expected one of the environments: ${environments.map((e) => q(e.name)).join(', ')}`);
    } else if (template?.protected) {
      this.issue('platform', 'previews.template', previews!.template, 'previews are short-lived copies anyone with a pull request can create; '
        + 'choose an environment that is not protected (e.g. "dev")');
    }
    if (this.issues.length > 0) {
      throw new PlatformValidationError(this.issues);
    }
    // Clusters learn which environments they host only now; environments then point at the completed clusters.
    const completed = new Map(clusters.map((cluster) => {
      const hosted = environments.filter((e) => e.cluster.name === cluster.name);
      const janitor = template?.cluster.name === cluster.name ? { previews: { ...previews! } } : {};
      return [cluster.name, { ...cluster, environments: hosted.map((e) => e.name), hostsProtected: hosted.some((e) => e.protected), ...janitor }];
    }));
    return {
      clusters: [...completed.values()],
      environments: environments.map((env) => ({ ...env, cluster: completed.get(env.cluster.name)! })),
    };
  }

  private issue(subject: string, path: string, value: unknown, allowed: string, inherited?: boolean): void {
    this.issues.push({ subject, path, value, allowed, inherited });
  }

  private checkUnique(subject: string, path: string, names: string[], why: string): void {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) {
        this.issue(subject, path, name, `duplicate name; ${why}`);
      }
      seen.add(name);
    }
  }

  /** Reports each environment whose namespace an earlier environment on the same cluster already takes. */
  private checkNamespacesUnique(): void {
    this.envDefs.forEach((def, i) => {
      const namespace = def.namespace ?? def.name;
      const first = this.envDefs.slice(0, i).find((e) => e.cluster === def.cluster && (e.namespace ?? e.name) === namespace);
      if (first && first.name !== def.name) {
        this.issue(`environment "${def.name}"`, 'namespace', namespace, `namespace "${namespace}" of cluster "${def.cluster}" is already taken by `
          + `environment "${first.name}"; each environment needs its own namespace`);
      }
    });
  }

  private resolveRoles(): void {
    for (const role of BUILT_IN_ROLES) {
      this.roles.set(role.name, role);
    }
    for (const def of this.roleDefs) {
      const subject = `role "${def.name}"`;
      if (this.roles.has(def.name)) {
        this.issue(subject, 'name', def.name, `a role with this name already exists (built-in roles: ${builtInNames()}); choose another name`);
        continue;
      }
      def.rules.forEach((rule, i) => {
        for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames'] as const) {
          (rule[field] ?? []).forEach((value, j) => {
            if (value.includes('*')) {
              this.issue(subject, `rules[${i}].${field}[${j}]`, value, 'wildcards are not allowed; list each value explicitly');
            }
          });
        }
        rule.verbs.forEach((verb, j) => {
          if (ESCALATION_VERBS.includes(verb)) {
            this.issue(subject, `rules[${i}].verbs[${j}]`, verb, `the escalation verbs ${ESCALATION_VERBS.join(', ')} are never granted`);
          }
        });
        if (rule.resources.some((r) => r === 'roles' || r === 'rolebindings') && !isReadOnly([rule])) {
          this.issue(subject, `rules[${i}].resources`, rule.resources, 'RBAC objects are managed by the platform; roles may only read them');
        }
        if (rule.resources.some((r) => GUARDRAIL_RESOURCES.includes(r)) && !isReadOnly([rule])) {
          this.issue(subject, `rules[${i}].resources`, rule.resources,
            'ResourceQuotas, LimitRanges and NetworkPolicies hold the environment to its limits and are managed by the platform; roles may only read them');
        }
      });
      this.roles.set(def.name, { name: def.name, rules: def.rules.map((r) => ({ ...r })), readOnly: isReadOnly(def.rules) });
    }
  }

  /** Resolves a cluster; `hosted` are the environments placed on it (none for the placeholder of an unknown cluster). */
  private resolveCluster(def: ClusterDefinition, hosted: ParsedEnvironment[] = this.envDefs.filter((e) => e.cluster === def.name)): Cluster {
    const subject = `cluster "${def.name}"`;
    const pools = (def.nodePools ?? []).map((pool) => ({
      name: pool.name,
      labels: pool.labels ?? { [this.labelKeys.pool]: pool.name },
      taints: pool.taints ?? [],
    }));
    this.checkUnique(subject, 'nodePools[].name', pools.map((p) => p.name), 'node pool names must be unique in a cluster');
    const priorityClasses = (def.priorityClasses ?? DEFAULT_PRIORITY_CLASSES).map((pc) => ({
      name: pc.name,
      value: pc.value,
      description: pc.description,
      globalDefault: pc.globalDefault ?? false,
      preempting: pc.preempting ?? true,
    }));
    this.checkUnique(subject, 'priorityClasses[].name', priorityClasses.map((p) => p.name), 'PriorityClass names must be unique');
    const defaults = priorityClasses.filter((p) => p.globalDefault);
    if (defaults.length > 1) {
      this.issue(subject, 'priorityClasses[].globalDefault', defaults.map((p) => p.name), 'at most one PriorityClass may be the global default');
    }
    const topology = resolveClusterTopology(def, pools, hosted, (path, value, allowed) => this.issue(subject, path, value, allowed),
      this.invalid.environments > 0);
    return {
      name: def.name,
      kubeconfig: { context: def.kubeconfig.context, path: def.kubeconfig.path ?? DEFAULT_KUBECONFIG_PATH },
      ingress: {
        className: def.ingress?.className ?? DEFAULT_INGRESS_CLASS,
        namespace: def.ingress?.namespace ?? DEFAULT_INGRESS_NAMESPACE,
      },
      dns: { namespace: def.dns?.namespace ?? DEFAULT_DNS_NAMESPACE, podLabels: def.dns?.podLabels ?? DEFAULT_DNS_POD_LABELS },
      nodePools: pools.map((pool, i) => ({ ...pool, ...topology.nodePools[i] })),
      priorityClasses,
      monitoring: {
        namespace: def.monitoring?.namespace ?? DEFAULT_MONITORING_NAMESPACE,
        prometheusOperator: def.monitoring?.prometheusOperator ?? false,
      },
      guardrails: { exceptions: [...(def.guardrails?.exceptions ?? [])] },
      environments: [],
      hostsProtected: false,
      labelKeys: this.labelKeys,
      ...topology.cluster,
    };
  }

  private resolveEnvironment(def: ParsedEnvironment, own: EnvironmentDefinition, clusters: Map<string, Cluster>): Environment {
    const subject = `environment "${def.name}"`;
    const inherited = (path: PropertyKey[]) => !patchSets(own, path);
    const namespace = def.namespace ?? def.name;
    const isProtected = def.protected ?? false;
    const cluster = clusters.get(def.cluster);
    if (!cluster) {
      this.issue(subject, 'cluster', def.cluster, `expected one of the declared clusters: ${[...clusters.keys()].map(q).join(', ')}`);
    }
    const reserved = [...new Set([...RESERVED_NAMESPACES, ...(cluster ? [cluster.ingress.namespace, cluster.dns.namespace] : [])])];
    if (reserved.includes(namespace)) {
      this.issue(subject, 'namespace', namespace, 'reserved for the cluster (system, ingress and DNS namespaces); choose a namespace other than '
        + reserved.map(q).join(', '));
    }

    const podSecurity = {
      enforce: def.podSecurity.enforce,
      audit: def.podSecurity.audit ?? DEFAULT_POD_SECURITY_AUDIT,
      warn: def.podSecurity.warn ?? DEFAULT_POD_SECURITY_WARN,
      version: def.podSecurity.version ?? DEFAULT_POD_SECURITY_VERSION,
    };
    if (isProtected && podSecurity.enforce !== PodSecurityLevel.RESTRICTED) {
      this.issue(subject, 'podSecurity.enforce', podSecurity.enforce, 'protected environments enforce "restricted"', inherited(['podSecurity', 'enforce']));
    } else if (podSecurity.enforce === PodSecurityLevel.PRIVILEGED) {
      this.issue(subject, 'podSecurity.enforce', podSecurity.enforce, 'expected "baseline" or "restricted"; environments never run privileged pods',
        inherited(['podSecurity', 'enforce']));
    }
    for (const mode of ['audit', 'warn'] as const) {
      if (rank(podSecurity[mode]) < rank(podSecurity.enforce)) {
        this.issue(subject, `podSecurity.${mode}`, podSecurity[mode], `expected a level at least as strict as enforce ("${podSecurity.enforce}")`,
          inherited(['podSecurity', mode]));
      }
    }

    let nodePool: Environment['nodePool'];
    if (def.nodePool !== undefined && cluster) {
      nodePool = cluster.nodePools.find((p) => p.name === def.nodePool);
      if (!nodePool) {
        const pools = cluster.nodePools.map((p) => q(p.name));
        this.issue(subject, 'nodePool', def.nodePool, pools.length > 0
          ? `expected a node pool of cluster "${cluster.name}": ${pools.join(', ')}`
          : `cluster "${cluster.name}" declares no node pools; remove nodePool or add the pool to the cluster`, inherited(['nodePool']));
      }
    }

    this.checkSizes(subject, def, inherited);

    const bindings = (def.access?.bindings ?? []).flatMap((binding, i) => {
      const role = this.roles.get(binding.role);
      if (!role && this.invalid.roles > 0) {
        return [];
      }
      if (!role) {
        this.issue(subject, `access.bindings[${i}].role`, binding.role, `expected a known role: ${[...this.roles.keys()].map(q).join(', ')}`,
          inherited(['access', 'bindings']));
        return [];
      }
      const deployer = def.access?.deployerServiceAccount ?? DEFAULT_DEPLOYER_SERVICE_ACCOUNT;
      if (role.name === deployer) {
        this.issue(subject, `access.bindings[${i}].role`, binding.role,
          `the deployer's own Role is named "${deployer}"; rename the role or set access.deployerServiceAccount to another name`,
          inherited(['access', 'bindings']));
        return [];
      }
      if (isProtected && !role.readOnly) {
        this.issue(subject, `access.bindings[${i}].role`, binding.role,
          'protected environments grant people read-only roles only (e.g. "viewer"); changes go through the deployer', inherited(['access', 'bindings']));
        return [];
      }
      return [{ group: binding.group, role }];
    });
    (def.access?.bindings ?? []).forEach((binding, i, all) => {
      if (all.findIndex((b) => b.group === binding.group && b.role === binding.role) < i) {
        this.issue(subject, `access.bindings[${i}]`, binding, `group "${binding.group}" already has role "${binding.role}"; remove the repeated grant`,
          inherited(['access', 'bindings']));
      }
    });

    const peers = (list: NamespacePeerSettings[] | undefined, field: string) =>
      (list ?? []).map((peer, i) => this.resolvePeer(subject, `network.${field}[${i}]`, peer, def, clusters, inherited(['network', field])));
    const allowFrom = peers(def.network?.allowFrom, 'allowFrom').filter((p): p is NamespacePeer => p !== undefined);
    const allowTo = (def.network?.allowTo ?? []).map((peer, i) => 'cidr' in peer
      ? this.resolveCidr(subject, `network.allowTo[${i}]`, peer, inherited(['network', 'allowTo']))
      : this.resolvePeer(subject, `network.allowTo[${i}]`, peer, def, clusters, inherited(['network', 'allowTo'])))
      .filter((p): p is NamespacePeer | CidrPeer => p !== undefined);

    const placeholder: Cluster = cluster ?? this.resolveCluster({ name: def.cluster, kubeconfig: { context: def.cluster } }, []);
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
        ingressControllerNamespace: (def.network?.allowIngressController ?? true) ? placeholder.ingress.namespace : undefined,
        allowSameNamespace: def.network?.allowSameNamespace ?? true,
        dns: placeholder.dns,
        allowFrom,
        allowTo,
      },
      state: resolveState(def, placeholder),
      guardrails: { exceptions: [...(def.guardrails?.exceptions ?? [])] },
      apps: resolveApps(this.definition.apps ?? [], {
        name: def.name,
        namespace,
        protected: isProtected,
        cluster: placeholder,
        limitRange: def.limitRange,
        // Composed, not merged: a null in the environment must still remove the app's value.
        overrides: composePatches<Record<string, AppOverride>>(this.definition.base.apps ?? {}, own.apps ?? {}),
        ownOverrides: own.apps ?? {},
      }, this.issues),
      labels: def.labels ?? {},
      definition: own,
      settings: mergePatch(this.definition.base, own),
    };
  }

  /** Quota and LimitRange values must be consistent: defaultRequest ≤ default ≤ max ≤ quota limits, requests ≤ limits. */
  private checkSizes(subject: string, def: ParsedEnvironment, inherited: (path: PropertyKey[]) => boolean): void {
    for (const resource of ['cpu', 'memory'] as const) {
      const chain: Array<[string[], string]> = [
        [['limitRange', 'defaultRequest', resource], def.limitRange.defaultRequest[resource]],
        [['limitRange', 'default', resource], def.limitRange.default[resource]],
        [['limitRange', 'max', resource], def.limitRange.max[resource]],
        [['quota', 'limits', resource], def.quota.limits[resource]],
      ];
      for (let i = 1; i < chain.length; i++) {
        const [lowerPath, lower] = chain[i - 1];
        const [upperPath, upper] = chain[i];
        if (parseQuantity(lower)! > parseQuantity(upper)!) {
          this.issue(subject, lowerPath.join('.'), lower, `expected at most ${upperPath.join('.')} (${upper})`, inherited(lowerPath));
        }
      }
      const requests = def.quota.requests[resource];
      const limits = def.quota.limits[resource];
      if (parseQuantity(requests)! > parseQuantity(limits)!) {
        this.issue(subject, `quota.requests.${resource}`, requests, `expected at most quota.limits.${resource} (${limits})`,
          inherited(['quota', 'requests', resource]));
      }
      const defaultRequest = def.limitRange.defaultRequest[resource];
      if (parseQuantity(defaultRequest)! > parseQuantity(requests)!) {
        this.issue(subject, `limitRange.defaultRequest.${resource}`, defaultRequest,
          `expected at most quota.requests.${resource} (${requests}), or no pod with defaults fits the quota`,
          inherited(['limitRange', 'defaultRequest', resource]));
      }
    }
  }

  private resolvePeer(
    subject: string, path: string, peer: NamespacePeerSettings, self: ParsedEnvironment, clusters: Map<string, Cluster>, inherited: boolean,
  ): NamespacePeer | undefined {
    const ports = this.resolvePorts(subject, path, peer.ports, inherited);
    if ((peer.environment === undefined) === (peer.namespace === undefined)) {
      this.issue(subject, path, peer, 'name exactly one of "environment" (another environment) or "namespace" (a namespace that is not an environment)',
        inherited);
      return undefined;
    }
    if (peer.environment !== undefined) {
      const other = this.envDefs.find((e) => e.name === peer.environment);
      if (!other && this.invalid.environments > 0) {
        return undefined;
      }
      if (!other) {
        this.issue(subject, `${path}.environment`, peer.environment, `expected a declared environment: ${this.envDefs.map((e) => q(e.name)).join(', ')}`,
          inherited);
        return undefined;
      }
      if (other.name === self.name) {
        this.issue(subject, `${path}.environment`, peer.environment, 'an environment always reaches itself; remove this entry', inherited);
        return undefined;
      }
      if (other.cluster !== self.cluster) {
        this.issue(subject, `${path}.environment`, peer.environment,
          `environment "${other.name}" runs on cluster "${other.cluster}", not "${self.cluster}"; reach another cluster with a CIDR peer`, inherited);
        return undefined;
      }
      return { namespace: other.namespace ?? other.name, environment: other.name, ports };
    }
    const owner = this.envDefs.find((e) => e.cluster === self.cluster && (e.namespace ?? e.name) === peer.namespace);
    if (owner?.name === self.name) {
      this.issue(subject, `${path}.namespace`, peer.namespace, 'an environment always reaches its own namespace; remove this entry', inherited);
      return undefined;
    }
    if (owner) {
      this.issue(subject, `${path}.namespace`, peer.namespace,
        `namespace "${peer.namespace}" belongs to environment "${owner.name}"; open traffic to another environment only with { environment: "${owner.name}" }`,
        inherited);
      return undefined;
    }
    if (!clusters.has(self.cluster)) {
      return undefined;
    }
    return { namespace: peer.namespace!, ports };
  }

  private resolveCidr(subject: string, path: string, peer: CidrPeerSettings, inherited: boolean): CidrPeer | undefined {
    return resolveCidrPeer(peer, (field, value, allowed) => this.issue(subject, `${path}.${field}`, value, allowed, inherited));
  }

  private resolvePorts(subject: string, path: string, ports: PortSettings[] | undefined, inherited: boolean): Port[] {
    return resolvePorts(ports, (field, value, allowed) => this.issue(subject, `${path}.${field}`, value, allowed, inherited));
  }
}

function resolveState(def: ParsedEnvironment, cluster: Cluster): StateBackend {
  const state = def.state ?? { kind: StateBackendKind.LOCAL as const };
  switch (state.kind) {
    case StateBackendKind.S3:
      return { kind: state.kind, bucket: state.bucket, region: state.region, keyPrefix: state.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX };
    case StateBackendKind.KUBERNETES:
      return {
        kind: state.kind,
        namespace: state.namespace ?? DEFAULT_STATE_NAMESPACE,
        context: state.context ?? cluster.kubeconfig.context,
        configPath: cluster.kubeconfig.path,
      };
    default:
      return { kind: StateBackendKind.LOCAL };
  }
}

function rank(level: PodSecurityLevel): number {
  return LEVEL_ORDER.indexOf(level);
}

function q(name: string): string {
  return `"${name}"`;
}

function builtInNames(): string {
  return BUILT_IN_ROLES.map((r) => q(r.name)).join(', ');
}
