/**
 * From definitions to the validated model: merge each environment onto the base, check every field, then every
 * relation, and report all problems at once. Nothing is rendered from a definition that fails here.
 */
import { AppRoute, appRoutes } from '../app/app-routes';
import { DEFAULT_PREVIEW_MAX_TTL, MAX_GATEWAY_HOSTS, MAX_GATEWAY_LISTENERS, previewMaxTtlHours } from '../cluster/cluster-defaults';
import { clusterDefinitionSchema } from '../cluster/cluster-schema';
import { ClusterDefinition } from '../cluster/cluster-types';
import { checkUpgradeOrder, resolveCluster } from '../cluster/resolve-cluster';
import { hoursOf } from '../core/duration';
import { PlatformValidationError, ValidationIssue } from '../core/errors';
import { LabelKeys, labelKeys } from '../core/labels';
import { isPlainObject, mergePatch, patchSets } from '../core/merge';
import { parseWith } from '../core/schema';
import { Environment } from '../environment/environment-model';
import { environmentSchema, roleSchema } from '../environment/environment-schema';
import { EnvironmentDefinition, RoleDefinition } from '../environment/environment-types';
import { ParsedEnvironment, resolveEnvironment } from '../environment/resolve-environment';
import { resolveRoles } from '../environment/roles';
import { PlatformDefinition } from './platform-definition';
import { Platform } from './platform-model';
import { platformSchema } from './platform-schema';

type Merged = EnvironmentDefinition & { readonly quota: NonNullable<EnvironmentDefinition['quota']> };

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
    // A cluster that is not a string at all (null, missing, a number) is answered with the clusters it may name; a
    // string that is not a DNS label keeps the schema's message, and an unknown name is answered by the resolver.
    parsed.issues = parsed.issues.map((issue) => (issue.path === 'cluster' && typeof issue.value !== 'string'
      ? clusterIssue(issue, env, definition.clusters) : issue));
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

/** Checks the relations between validated definitions and builds the model, concept by concept. */
class Resolver {
  private readonly issues: ValidationIssue[];
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
    const report = this.issue.bind(this);
    this.checkUnique('platform', 'clusters[].name', this.clusterDefs.map((c) => c.name), 'cluster names must be unique');
    this.checkUnique('platform', 'environments[].name', this.envDefs.map((e) => e.name), 'environment names must be unique');
    const roles = resolveRoles(this.roleDefs, report);
    const clusterContext = { labelKeys: this.labelKeys, environmentsPending: this.invalid.environments > 0, report };
    const clusters = this.clusterDefs.map((def) => resolveCluster(def, this.envDefs.filter((e) => e.cluster === def.name), clusterContext));
    const byName = new Map(clusters.map((c) => [c.name, c]));
    checkUpgradeOrder([...byName.values()].map((c) => ({
      name: c.name,
      kubernetesVersion: c.kubernetesVersion,
      protected: this.envDefs.some((e) => e.cluster === c.name && e.protected === true),
    })), report);
    this.checkNamespacesUnique();
    const environmentContext = {
      ...clusterContext,
      base: this.definition.base,
      apps: this.definition.apps ?? [],
      clusters: byName,
      environments: this.envDefs,
      roles,
      rolesPending: this.invalid.roles > 0,
      issues: this.issues,
    };
    // An environment on no valid cluster, while a cluster is invalid, is checked once the clusters are.
    const environments = this.environments
      .filter(({ parsed }) => byName.has(parsed.cluster) || this.invalid.clusters === 0)
      .map(({ parsed, own }) => resolveEnvironment(parsed, own, environmentContext));
    this.checkHostsPerCluster(environments);
    const previews = this.definition.previews;
    const template = previews && environments.find((e) => e.name === previews.template);
    const waiting = this.invalid.environments > 0 || environments.length < this.environments.length;
    if (previews && !template && !waiting) {
      this.issue('platform', 'previews.template', previews.template, `expected one of the environments: ${environments.map((e) => q(e.name)).join(', ')}`);
    } else if (template?.protected) {
      this.issue('platform', 'previews.template', previews!.template, 'previews are short-lived copies anyone with a pull request can create; '
        + 'choose an environment that is not protected (e.g. "dev")');
    }
    // A malformed ttl or maxTtl has its own schema issue; hoursOf gives undefined for it, and nothing is compared.
    const ttlHours = previews?.ttl !== undefined ? hoursOf(previews.ttl) : undefined;
    if (previews && ttlHours !== undefined && ttlHours > previewMaxTtlHours(previews)) {
      this.issue('platform', 'previews.ttl', previews.ttl, `at most previews.maxTtl (${previews.maxTtl ?? DEFAULT_PREVIEW_MAX_TTL}); `
        + 'raise maxTtl or shorten ttl');
    }
    if (this.issues.length > 0) {
      throw new PlatformValidationError(this.issues);
    }
    return complete(clusters, environments, template, previews);
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

  /**
   * Reports a host that two environments on one cluster publish (the cluster's Gateway has one listener per host,
   * which admits the routes of one namespace; an ingress controller would merge or pick between their Ingresses), a
   * preview host that is another route's host, and a Gateway with more listeners than the Gateway API allows.
   */
  private checkHostsPerCluster(environments: readonly Environment[]): void {
    const clusters = new Map<string, Array<{ env: Environment; app: string; route: AppRoute }>>();
    for (const env of environments) {
      const routes = clusters.get(env.cluster.name) ?? [];
      clusters.set(env.cluster.name, routes);
      for (const app of env.apps) routes.push(...appRoutes(app).map((route) => ({ env, app: app.name, route })));
    }
    for (const [cluster, routes] of clusters) {
      const owners = new Map<string, { env: Environment; app: string; route: AppRoute }>();
      for (const entry of routes) {
        const owner = owners.get(entry.route.host);
        const field = `apps.${entry.app}.ingress.${entry.route.preview ? 'previewHost' : 'host'}`;
        if (!owner) {
          owners.set(entry.route.host, entry);
        } else if (owner.env.name !== entry.env.name) {
          this.issue(`environment "${entry.env.name}"`, field, entry.route.host, `host "${entry.route.host}" of cluster "${cluster}" is already `
            + `published by environment "${owner.env.name}" (app "${owner.app}"); each host belongs to one environment, choose another host`);
        } else if (owner.route.preview || entry.route.preview) {
          this.issue(`environment "${entry.env.name}"`, field, entry.route.host, `host "${entry.route.host}" is already published by app `
            + `"${owner.app}"; a preview host needs a host of its own (set ingress.previewHost)`);
        }
      }
      const gateway = routes[0]?.env.cluster.gateway;
      if (gateway && owners.size > MAX_GATEWAY_HOSTS) {
        this.issue(`cluster "${cluster}"`, 'gateway', `${owners.size} hosts`, `a Gateway has at most ${MAX_GATEWAY_LISTENERS} listeners `
          + `(Gateway API, spec.listeners), one per host and one for the HTTP redirect, so at most ${MAX_GATEWAY_HOSTS} hosts; spread the `
          + 'environments over more clusters or publish fewer hosts');
      }
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
}

/**
 * Clusters learn which environments they host (and whether one is protected, and whether they run the preview
 * janitor) only once every environment is resolved; environments then point at the completed clusters.
 */
function complete(
  clusters: Platform['clusters'], environments: Environment[], template: Environment | undefined, previews: PlatformDefinition['previews'],
): Platform {
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

/**
 * An environment's `cluster` that is missing, `null` (which a merge patch reads as "remove") or not a name: the value as
 * written and the clusters it may name.
 */
function clusterIssue(issue: ValidationIssue, env: unknown, clusters: readonly unknown[]): ValidationIssue {
  const declared = clusters.map(nameOfCluster).filter((n): n is string => n !== undefined);
  const written = isPlainObject(env) && 'cluster' in env ? env.cluster : undefined;
  return {
    ...issue,
    value: written,
    inherited: false,
    allowed: declared.length > 0 ? `expected the name of a declared cluster: ${declared.map(q).join(', ')}` : issue.allowed,
  };
}

function nameOfCluster(cluster: unknown): string | undefined {
  return isPlainObject(cluster) && typeof cluster.name === 'string' ? cluster.name : undefined;
}

function q(name: string): string {
  return `"${name}"`;
}
