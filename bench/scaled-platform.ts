/**
 * Scaled variants of the reference platform, for the benchmark: the same clusters, base and four environments, with
 * the reference apps (web, api, worker, store) cloned into groups — `store-0007`, `api-0007`, `worker-0007`,
 * `web-0007` — each group wired like the original (web → api → store, worker → store), each clone with its own host,
 * and each environment overriding every clone exactly as it overrides the original (production's blue-green web and
 * canary api included). Quotas, and the node pools they must fit, grow with the number of groups so the platform stays
 * one a team could run.
 *
 * The clusters route through Ingress rather than their Gateway: a Gateway serves at most 63 hosts (64 listeners, one
 * for the HTTP redirect), which 4x200 apps exceed, and both routings render one route object per published app.
 */
import { AppDefinition, AppOverride, EnvironmentDefinition, EnvironmentSettings, PlatformDefinition } from '../lib';
import { platform as reference } from '../environments';

/**
 * Order of the clones within a group: an app comes after what it depends on, so a partial last group (a size not
 * divisible by four) never names a missing app.
 */
const GROUP_ORDER = ['store', 'api', 'worker', 'web'];

/** The name of clone `group` of a reference app. */
export function cloneName(app: string, group: number): string {
  return `${app}-${String(group).padStart(4, '0')}`;
}

/** The reference platform with `apps` apps (clones of the reference apps) in each of its environments. */
export function scaledPlatform(apps: number): PlatformDefinition {
  if (!Number.isInteger(apps) || apps < 1) {
    throw new Error(`apps is ${apps}; expected a whole number of at least 1`);
  }
  const byName = new Map((reference.apps ?? []).map((a) => [a.name, a]));
  const missing = GROUP_ORDER.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    throw new Error(`the reference platform no longer declares ${missing.join(', ')}; update bench/scaled-platform.ts GROUP_ORDER`);
  }
  const clones: Array<{ source: string; group: number; name: string }> = [];
  for (let i = 0; i < apps; i++) {
    const group = Math.floor(i / GROUP_ORDER.length);
    const source = GROUP_ORDER[i % GROUP_ORDER.length];
    clones.push({ source, group, name: cloneName(source, group) });
  }
  const groups = Math.ceil(apps / GROUP_ORDER.length);
  return {
    clusters: reference.clusters.map(({ gateway: _gateway, ...cluster }) => ({
      ...cluster,
      // Quotas grow with the groups, so the pools they are pinned to grow alike (the pool-fits guardrail).
      nodePools: cluster.nodePools?.map((pool) => (pool.maxSize === undefined ? pool : { ...pool, maxSize: pool.maxSize * groups })),
    })),
    base: scaleSettings(reference.base, groups),
    roles: reference.roles,
    apps: clones.map(({ source, group }) => cloneApp(byName.get(source)!, group)),
    environments: reference.environments.map((env) => scaleEnvironment(env, clones, groups)),
  };
}

function cloneApp(app: AppDefinition, group: number): AppDefinition {
  const rename = (name: string) => cloneName(name, group);
  return {
    ...app,
    name: rename(app.name),
    ingress: app.ingress ? { ...app.ingress, host: cloneHost(app.ingress.host, group) } : undefined,
    env: app.env ? renameInValues(app.env, group) : undefined,
    config: app.config ? { ...app.config, files: renameInValues(app.config.files ?? {}, group) } : undefined,
    dependencies: app.dependencies
      ? { ...app.dependencies, apps: app.dependencies.apps?.map((dep) => ({ ...dep, app: rename(dep.app) })) }
      : undefined,
  };
}

function scaleEnvironment(
  env: EnvironmentDefinition,
  clones: ReadonlyArray<{ source: string; group: number; name: string }>,
  groups: number,
): EnvironmentDefinition {
  const overrides = env.apps ?? {};
  const apps: { [app: string]: AppOverride } = {};
  for (const clone of clones) {
    const override = overrides[clone.source];
    if (override === undefined || override === null) continue;
    const ingress = override.ingress;
    apps[clone.name] = ingress && typeof ingress.host === 'string'
      ? { ...override, ingress: { ...ingress, host: cloneHost(ingress.host, clone.group) } }
      : override;
  }
  return { ...scaleSettings(env, groups), apps };
}

/** Multiplies the quota of an environment (or the base) by the number of groups; everything else stays. */
function scaleSettings<T extends EnvironmentSettings | EnvironmentDefinition>(settings: T, groups: number): T {
  if (!settings.quota) return settings;
  return { ...settings, quota: scaleQuota(settings.quota, groups) };
}

/** Every number (`pods: 50`) and quantity (`memory: '8Gi'`) of a quota, times `factor`; only the fields given. */
function scaleQuota(value: any, factor: number): any {
  if (typeof value === 'number') return value * factor;
  if (typeof value === 'string') {
    const match = /^(\d+)([A-Za-z]*)$/.exec(value);
    if (!match) throw new Error(`cannot scale quantity "${value}"`);
    return `${Number(match[1]) * factor}${match[2]}`;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scaleQuota(v, factor)]));
  }
  return value;
}

/** `shop.dev.example.com` → `shop-0007.dev.example.com`. */
function cloneHost(host: string, group: number): string {
  const [first, ...rest] = host.split('.');
  return [cloneName(first, group), ...rest].join('.');
}

/** Points the in-cluster addresses of env values and config files (`http://api:8080`, `host: store`) at the group's clones. */
function renameInValues(values: { readonly [key: string]: string }, group: number): { [key: string]: string } {
  const pattern = new RegExp(`(//|host: )(${GROUP_ORDER.join('|')})\\b`, 'g');
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replace(pattern, (_, before, name) => `${before}${cloneName(name, group)}`)]));
}
