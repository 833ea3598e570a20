/**
 * Apps per environment: merge each app's declaration with the environment's override, check it, and resolve ports,
 * dependencies, images and the release into the model the constructs render.
 */
import { App, AppPort, Probe, Release, SecretReference } from './app-model';
import { appSchema } from './app-schema';
import { clusterExcepts, resolveCidrPeer } from '../core/cidr';
import { AppDefinition, AppOverride, AppSettings, ProbeSettings } from './app-types';
import { ValidationIssue } from '../core/errors';
import { isPlainObject, mergePatch, patchSets } from '../core/merge';
import { Cluster } from '../cluster/cluster-model';
import { CidrPeer, Port, Protocol } from '../core/network';
import { DEFAULT_API_SERVER_PORT } from '../cluster/cluster-defaults';
import { parseQuantity, LimitRangeSettings } from '../core/quantity';
import { parseWith } from '../core/schema';
import { strategyOf } from './release/registry';
import { ReleaseStrategyPlugin, StrategyReport, StrategySettings } from './release/release-strategy';
import { VersionPin } from './release/version-pin';

/** Defaults of an app, with where they come from. */
export const DEFAULT_RUN_AS_USER = 10001; // a high, unprivileged uid: never 0, and clear of the system range
export const DEFAULT_PRIORITY_CLASS = 'app-standard';
export const DEFAULT_CPU_UTILIZATION = 70; // leaves headroom for the time the autoscaler needs to add pods

/**
 * Why an app with storage cannot use a strategy without `checkStatefulSet` (see release/release-strategy.ts): the StatefulSet
 * it runs as replaces its pods one at a time, in order (rendered `RollingUpdate`).
 */
const STATEFUL_SET_STRATEGIES = 'apps with storage run as a StatefulSet, which is released rolling only; remove strategy or use ReleaseStrategy.rolling()';

/** Fields of a Secret that carry values; none of them may appear in a definition. */
const SECRET_VALUE_FIELDS = ['value', 'values', 'data', 'stringData'];

/** What the app resolver needs to know of the environment. */
export interface AppEnvironment {
  readonly name: string;
  readonly namespace: string;
  readonly protected: boolean;
  readonly cluster: Cluster;
  readonly limitRange: LimitRangeSettings;
  /** The environment's app overrides (merged base and definition). */
  readonly overrides: { readonly [app: string]: AppOverride };
  /** The environment's own definition's app overrides, to tell inherited values apart. */
  readonly ownOverrides: { readonly [app: string]: unknown };
}

/**
 * Resolves the apps of one environment, pushing every problem to `issues` (as `environment "<env>": apps.<app>.<field>`).
 * Apps with problems are left out of the result.
 */
export function resolveApps(definitions: readonly AppDefinition[], env: AppEnvironment, issues: ValidationIssue[]): App[] {
  const subject = `environment "${env.name}"`;
  const declared = new Set(definitions.map((d) => d.name));
  for (const name of Object.keys(env.overrides)) {
    if (!declared.has(name)) {
      issues.push({
        subject, path: `apps.${name}`, value: env.overrides[name], allowed: `no app "${name}" is declared; declared apps: ${quoteAll([...declared])}`,
        inherited: env.ownOverrides[name] === undefined,
      });
    }
  }
  const seen = new Set<string>();
  const pending: Pending[] = [];
  const disabled = new Set<string>();
  for (const definition of definitions) {
    if (typeof definition?.name === 'string' && seen.has(definition.name)) {
      const duplicate: ValidationIssue = { subject: 'platform', path: 'apps[].name', value: definition.name, allowed: 'duplicate name; app names must be unique' };
      // Every environment resolves the same declarations: report a platform-wide problem once, not once per environment.
      if (!issues.some((i) => i.subject === duplicate.subject && i.path === duplicate.path && i.value === duplicate.value)) {
        issues.push(duplicate);
      }
      continue;
    }
    seen.add(definition?.name);
    const resolved = resolveApp(definition, env, issues);
    if (resolved === DISABLED) {
      disabled.add(definition.name);
    } else if (resolved) {
      pending.push(resolved);
    }
  }
  const apps = linkDependencies(pending, definitions, disabled);
  checkUniqueHosts(pending, apps);
  return apps;
}

/** What {@link resolveApp} returns for an app that does not run in the environment (`enabled: false`). */
const DISABLED = 'disabled';

/** Reports a problem of one app: `path` inside the app, with where the value comes from. */
type Report = (path: string, value: unknown, allowed: string) => void;

/** An app whose dependencies still name ports rather than numbers. */
interface Pending {
  readonly app: App;
  readonly dependencies: ReadonlyArray<{ readonly app: string; readonly port: string; readonly index: number }>;
  /** Reports a problem of this app, telling values of the environment from inherited ones. */
  readonly report: Report;
}

/**
 * Resolves each app's dependencies to port numbers, now that every app of the environment is known, and records the
 * reverse edge (`dependents`) on the app depended on, so both ends of each path can be opened.
 */
function linkDependencies(pending: Pending[], declared: readonly AppDefinition[], disabled: ReadonlySet<string>): App[] {
  const byName = new Map(pending.map((p) => [p.app.name, p.app]));
  const declaredNames = new Set(declared.map((d) => d.name));
  const withDeps = pending.map(({ app, dependencies, report }) => ({
    ...app,
    dependsOn: dependencies.flatMap((dep) => {
      const path = `dependencies.apps[${dep.index}]`;
      const other = byName.get(dep.app);
      if (!other) {
        if (disabled.has(dep.app)) {
          report(`${path}.app`, dep.app, `app "${dep.app}" does not run in this environment (enabled: false)`);
        } else if (!declaredNames.has(dep.app)) {
          report(`${path}.app`, dep.app, `expected a declared app: ${quoteAll(declared.map((d) => d.name))}`);
        }
        // Otherwise the app is declared but invalid here: its own problems are reported, this edge is not one.
        return [];
      }
      const port = other.ports.find((p) => p.name === dep.port);
      if (!port) {
        report(`${path}.port`, dep.port, other.ports.length > 0
          ? `expected a port of app "${dep.app}": ${quoteAll(other.ports.map((p) => p.name))}`
          : `app "${dep.app}" declares no ports`);
        return [];
      }
      return [{ app: dep.app, ports: [{ port: port.port, protocol: port.protocol } as Port] }];
    }),
  }));
  // The reverse edges in one pass, each app's dependents in app order.
  const dependents = new Map<string, Array<{ app: string; ports: Port[] }>>();
  for (const other of withDeps) {
    for (const d of other.dependsOn) {
      const list = dependents.get(d.app) ?? [];
      list.push({ app: other.name, ports: d.ports });
      dependents.set(d.app, list);
    }
  }
  return withDeps.map((app) => ({ ...app, dependents: dependents.get(app.name) ?? [] }));
}

function resolveApp(definition: AppDefinition, env: AppEnvironment, issues: ValidationIssue[]): Pending | typeof DISABLED | undefined {
  const subject = `environment "${env.name}"`;
  const override = env.overrides[definition.name] ?? {};
  const own = env.ownOverrides[definition.name];
  const merged = mergePatch<AppSettings & { name: string }>(definition, override);
  if (merged.enabled === false) {
    return DISABLED;
  }
  const at = (path: string) => `apps.${definition.name}${path === '' ? '' : `.${path}`}`;
  // A value the environment does not set comes from the base's apps (composed into `override`) or from the declaration.
  const setBy = (patch: unknown, path: string) => patchSets(patch, path.split(/[.[\]]+/).filter(Boolean));
  const originOf = (path: string) => (setBy(override, path) ? 'the base' : `app "${definition.name}"`);
  const before = issues.length;
  const issue: Report = (path, value, allowed) => {
    // A missing value is inherited from nowhere.
    const inherited = value !== undefined && !setBy(own, path);
    issues.push({ subject, path: at(path), value, allowed, inherited, inheritedFrom: originOf(path) });
  };

  (Array.isArray(merged.secrets) ? merged.secrets : []).forEach((secret: unknown, i) => {
    for (const field of SECRET_VALUE_FIELDS) {
      if (isPlainObject(secret) && field in secret) {
        issue(`secrets[${i}].${field}`, '(hidden)', 'secret values never go in definitions; reference an existing Secret (existingSecret) or an external store '
          + '(externalStore)');
      }
    }
  });
  if (issues.length > before) {
    return undefined;
  }
  const parsed = parseWith(appSchema, merged, subject, (path) => !patchSets(own, path.map(String)));
  for (const problem of parsed.issues) {
    issues.push({ ...problem, path: at(problem.path), inheritedFrom: originOf(problem.path) });
  }
  if (!parsed.value) {
    return undefined;
  }
  const settings = parsed.value;

  const ports = (settings.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? Protocol.TCP }));
  unique(ports.map((p) => p.name), (name, i) => issue(`ports[${i}].name`, name, 'duplicate port name; each port needs its own name'));
  unique(ports.map((p) => `${p.port}/${p.protocol}`), (_, i) => issue(`ports[${i}].port`, ports[i].port, 'duplicate port number'));
  // Every port named here is reached over TCP: by the ingress controller, by Prometheus, by the kubelet's probes.
  const portNamed = (name: string, path: string, user: string): AppPort | undefined => {
    const found = ports.find((p) => p.name === name);
    if (!found) {
      issue(path, name, ports.length > 0 ? `expected one of the app's ports: ${quoteAll(ports.map((p) => p.name))}` : 'the app declares no ports');
    } else if (found.protocol !== Protocol.TCP) {
      const tcp = ports.filter((p) => p.protocol === Protocol.TCP).map((p) => p.name);
      issue(path, name, `port "${name}" is ${found.protocol}, and ${user} over TCP; expected a TCP port${tcp.length > 0 ? `: ${quoteAll(tcp)}` : ' (the app declares none)'}`);
      return undefined;
    }
    return found;
  };

  // The app's own pin, where its strategy runs it (blue-green's slots carry their own); checked before the probes, as
  // `version` comes before them in a definition, so problems are listed in that order.
  const { strategy, settings: strategySettings } = strategyOf(settings);
  const ownImage = strategy.runsAppVersion ? imageOf(settings.image, settings, env, issue) : settings.image;
  const probes = {
    readiness: resolveProbe(settings.probes.readiness, 'probes.readiness', portNamed, issue),
    liveness: resolveProbe(settings.probes.liveness, 'probes.liveness', portNamed, issue),
    startup: settings.probes.startup ? resolveProbe(settings.probes.startup, 'probes.startup', portNamed, issue) : undefined,
  };
  // Compared with defaults applied and in one key order: `periodSeconds: 10` spelled out is the same probe.
  if (probes.readiness && probes.liveness && JSON.stringify(probes.readiness) === JSON.stringify(probes.liveness)) {
    issue('probes.liveness', settings.probes.liveness, 'expected a liveness probe that differs from readiness: an identical one restarts pods that are only '
      + 'busy or waiting on a dependency');
  }

  checkResources(settings, env, issue);
  const scaling = checkScaling(settings, env, issue);
  const release = resolveRelease(strategy, strategySettings, settings, env, scaling, ownImage ?? settings.image, issue);
  // An unpinned own image was reported above, and leaves the app out; else it is the first serving track's.
  const image = release?.tracks.find((t) => t.serving)?.image;
  const ingress = settings.ingress ? portNamed(settings.ingress.port, 'ingress.port', 'the ingress controller connects') : undefined;
  const metricsPort = settings.metrics ? portNamed(settings.metrics.port, 'metrics.port', 'Prometheus scrapes') : undefined;

  const listed = new Map<string, number>();
  const dependsOn = (settings.dependencies?.apps ?? []).flatMap((dep, i) => {
    if (dep.app === definition.name) {
      issue(`dependencies.apps[${i}].app`, dep.app, 'an app always reaches itself; remove this entry');
      return [];
    }
    const first = listed.get(`${dep.app}\u0000${dep.port}`);
    if (first !== undefined) {
      issue(`dependencies.apps[${i}]`, dep, `duplicate entry: dependencies.apps[${first}] names app "${dep.app}" port "${dep.port}" already`);
      return [];
    }
    listed.set(`${dep.app}\u0000${dep.port}`, i);
    return [{ app: dep.app, port: dep.port, index: i }];
  });
  const secrets = (settings.secrets ?? []).flatMap((secret, i): SecretReference[] => {
    if ((secret.existingSecret === undefined) === (secret.externalStore === undefined)) {
      issue(`secrets[${i}]`, secret, 'name exactly one of existingSecret (a Secret in the namespace) or externalStore (a key of an external store)');
      return [];
    }
    if (Object.keys(secret.env ?? {}).length === 0 && secret.mountPath === undefined) {
      issue(`secrets[${i}]`, secret, 'expected env (variables from keys) or mountPath; a Secret the app never reads is not needed');
    }
    return [{
      name: secret.name,
      secretName: secret.existingSecret ?? `${definition.name}-${secret.name}`,
      externalStore: secret.externalStore,
      env: { ...(secret.env ?? {}) },
      mountPath: secret.mountPath,
    }];
  });
  unique(secrets.map((s) => s.name), (name, i) => issue(`secrets[${i}].name`, name, 'duplicate name; each Secret reference needs its own name'));
  checkVariables(settings, issue);
  checkMountPaths(definition.name, settings, issue);

  const cidrs = (settings.dependencies?.cidrs ?? []).flatMap((peer, i) => {
    const resolved = resolveCidrPeer(peer, (field, value, allowed) => issue(`dependencies.cidrs[${i}].${field}`, value, allowed),
      { name: env.cluster.name, ...env.cluster.networking });
    return resolved ? [resolved] : [];
  });
  const priorityClass = settings.priorityClass ?? DEFAULT_PRIORITY_CLASS;
  if (!env.cluster.priorityClasses.some((pc) => pc.name === priorityClass)) {
    issue('priorityClass', priorityClass, `expected a PriorityClass of cluster "${env.cluster.name}": ${quoteAll(env.cluster.priorityClasses.map((p) => p.name))}`);
  }
  if (settings.storage) {
    if (strategy.checkStatefulSet) {
      strategy.checkStatefulSet(strategySettings, strategyIssue(issue));
    } else if (release) {
      issue('strategy.kind', release.kind, STATEFUL_SET_STRATEGIES);
    }
  }
  const classes = env.cluster.storage.classes.map((c) => c.name);
  if (settings.storage?.storageClass !== undefined && classes.length > 0 && !classes.includes(settings.storage.storageClass)) {
    issue('storage.storageClass', settings.storage.storageClass, `expected a StorageClass of cluster "${env.cluster.name}": ${quoteAll(classes)}`);
  }
  if (settings.storage && settings.autoscaling) {
    issue('autoscaling', settings.autoscaling, 'apps with storage keep a fixed replica count; autoscaling a StatefulSet leaves volumes behind');
  }

  if (issues.length > before || !image || !release) {
    return undefined;
  }
  const app: App = {
    name: definition.name,
    environment: env.name,
    namespace: env.namespace,
    labelKeys: env.cluster.labelKeys,
    workload: settings.storage ? 'StatefulSet' : 'Deployment',
    image,
    command: settings.command,
    args: settings.args,
    ports,
    ingress: settings.ingress && ingress ? {
      host: settings.ingress.host,
      path: settings.ingress.path ?? '/',
      port: ingress,
      previewHost: settings.ingress.previewHost ?? `preview-${settings.ingress.host}`,
      className: env.cluster.ingress.className,
      tlsSecretName: `${definition.name}-tls`,
    } : undefined,
    env: { ...(settings.env ?? {}) },
    config: settings.config ? { files: { ...settings.config.files }, mountPath: settings.config.mountPath ?? `/etc/${definition.name}` } : undefined,
    secrets,
    // Filled in by linkDependencies once every app of the environment is resolved.
    dependsOn: [],
    dependents: [],
    cidrs,
    resources: settings.resources,
    probes: { readiness: probes.readiness!, liveness: probes.liveness!, startup: probes.startup },
    autoscaling: settings.autoscaling ? {
      minReplicas: settings.autoscaling.minReplicas,
      maxReplicas: settings.autoscaling.maxReplicas,
      cpuUtilization: settings.autoscaling.cpuUtilization
        ?? (settings.autoscaling.memoryUtilization === undefined ? DEFAULT_CPU_UTILIZATION : undefined),
      memoryUtilization: settings.autoscaling.memoryUtilization,
    } : undefined,
    maxUnavailable: settings.maxUnavailable ?? 1,
    release,
    writablePaths: [...(settings.writablePaths ?? [])],
    kubernetesApiAccess: settings.kubernetesApiAccess ?? false,
    apiServerPeers: settings.kubernetesApiAccess ? apiServerPeers(env.cluster) : [],
    runAsUser: settings.runAsUser ?? DEFAULT_RUN_AS_USER,
    priorityClass,
    // The cluster's default class, named explicitly so the claim does not depend on which class is marked default.
    storage: settings.storage ? { ...settings.storage, storageClass: settings.storage.storageClass ?? env.cluster.storage.defaultClass } : undefined,
    metrics: settings.metrics && metricsPort ? { port: metricsPort, path: settings.metrics.path ?? '/metrics' } : undefined,
    definition,
    override,
    settings,
  };
  return { app, dependencies: dependsOn, report: issue };
}

/**
 * Where the API server listens, as egress peers. Pods reach it through the `kubernetes` Service, whose ClusterIP
 * kube-proxy rewrites to the API servers' own addresses (the Service's endpoints) before most network plugins evaluate
 * NetworkPolicy, so the policy names those addresses and the port they listen on, not the ClusterIP and 443
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/, "ipBlock": "cluster ingress and egress
 * mechanisms often require rewriting the source or destination IP"). Where the cluster does not state them: the port,
 * anywhere outside the cluster's own pod and Service ranges (one peer per IP family the pods have).
 */
function apiServerPeers(cluster: Cluster): CidrPeer[] {
  const port = cluster.controlPlane.apiServer?.port ?? DEFAULT_API_SERVER_PORT;
  const ports: Port[] = [{ port, protocol: Protocol.TCP }];
  if (cluster.controlPlane.apiServer) {
    return cluster.controlPlane.apiServer.addresses.map((cidr) => ({ cidr, except: [], ports }));
  }
  const families = new Set(cluster.networking.podSubnets.map((cidr) => (cidr.includes(':') ? '::/0' : '0.0.0.0/0')));
  return [...families].sort().map((anywhere) => ({ cidr: anywhere, except: clusterExcepts(anywhere, [], cluster.networking), ports }));
}

/** The image reference of a pin (the app's own, or one of the strategy's under `prefix`); protected environments need one. */
function imageOf(repository: string, pin: VersionPin, env: AppEnvironment, issue: Report, prefix = ''): string | undefined {
  if (pin.digest !== undefined) {
    return `${repository}@${pin.digest}`;
  }
  if (env.protected && (pin.version === undefined || pin.version === 'latest')) {
    issue(`${prefix}version`, pin.version, 'protected environments run pinned images: set version to a tag other than "latest", or digest');
    return undefined;
  }
  return pin.version === undefined ? repository : `${repository}:${pin.version}`;
}

function resolveProbe(
  probe: ProbeSettings,
  path: string,
  portNamed: (name: string, path: string, user: string) => AppPort | undefined,
  issue: (path: string, value: unknown, allowed: string) => void,
): Probe | undefined {
  const kinds = (['http', 'tcp', 'exec'] as const).filter((k) => probe[k] !== undefined);
  if (kinds.length !== 1) {
    issue(path, probe, 'name exactly one of http, tcp or exec');
    return undefined;
  }
  return {
    http: probe.http ? { path: probe.http.path, port: portNamed(probe.http.port, `${path}.http.port`, 'the kubelet probes')! } : undefined,
    tcp: probe.tcp ? { port: portNamed(probe.tcp.port, `${path}.tcp.port`, 'the kubelet probes')! } : undefined,
    exec: probe.exec ? { command: [...probe.exec.command] } : undefined,
    periodSeconds: probe.periodSeconds ?? 10,
    failureThreshold: probe.failureThreshold ?? 3,
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
  };
}

/** Requests within limits, and every value within the environment's LimitRange maximum (where it states one). */
function checkResources(settings: AppSettings, env: AppEnvironment, issue: (path: string, value: unknown, allowed: string) => void): void {
  const { requests, limits } = settings.resources;
  const q = (value: string) => parseQuantity(value)!;
  if (q(requests.memory) > q(limits.memory)) {
    issue('resources.requests.memory', requests.memory, `expected at most resources.limits.memory (${limits.memory})`);
  }
  if (limits.cpu !== undefined && q(requests.cpu) > q(limits.cpu)) {
    issue('resources.requests.cpu', requests.cpu, `expected at most resources.limits.cpu (${limits.cpu})`);
  }
  // Where the LimitRange gives a default CPU limit, a container without one gets it, and a request above it makes the
  // pod invalid. The reference environments give none (CPU is shared by requests).
  const defaultCpu = env.limitRange.default.cpu;
  const maxCpu = env.limitRange.max.cpu;
  const aboveDefault = defaultCpu !== undefined && q(requests.cpu) > q(defaultCpu);
  if (limits.cpu === undefined && aboveDefault && (maxCpu === undefined || q(requests.cpu) <= q(maxCpu))) {
    issue('resources.requests.cpu', requests.cpu, `expected at most the environment's limitRange.default.cpu (${defaultCpu}), the CPU limit a container `
      + 'without one gets; or set resources.limits.cpu');
  }
  const max = env.limitRange.max;
  for (const [path, value, bound] of [
    ['resources.limits.memory', limits.memory, max.memory],
    ['resources.limits.cpu', limits.cpu, maxCpu],
    ['resources.requests.cpu', requests.cpu, maxCpu],
  ] as const) {
    if (value !== undefined && bound !== undefined && q(value) > q(bound)) {
      issue(path, value, `expected at most the environment's limitRange.max (${bound}); the API server would refuse the pods`);
    }
  }
}

/** Replicas or an autoscaler, never both; protected environments run at least two pods; budgets allow eviction. */
function checkScaling(settings: AppSettings, env: AppEnvironment, issue: (path: string, value: unknown, allowed: string) => void): number {
  const autoscaling = settings.autoscaling;
  if (autoscaling && settings.replicas !== undefined) {
    issue('replicas', settings.replicas, 'an autoscaled app has no fixed replicas (the autoscaler owns the count); set replicas: null where autoscaling is used');
  }
  if (autoscaling) {
    if (autoscaling.maxReplicas < autoscaling.minReplicas) {
      issue('autoscaling.maxReplicas', autoscaling.maxReplicas, `expected at least autoscaling.minReplicas (${autoscaling.minReplicas})`);
    }
    if (env.protected && autoscaling.minReplicas < 2) {
      issue('autoscaling.minReplicas', autoscaling.minReplicas, 'protected environments run at least 2 replicas, so one pod can fail or be evicted');
    }
    if (env.protected && autoscaling.maxReplicas <= autoscaling.minReplicas) {
      issue('autoscaling.maxReplicas', autoscaling.maxReplicas, `protected environments autoscale: expected more than minReplicas (${autoscaling.minReplicas})`);
    }
  } else if (env.protected && (settings.replicas ?? 1) < 2) {
    issue('replicas', settings.replicas ?? 1, 'protected environments run at least 2 replicas, so one pod can fail or be evicted');
  }
  const count = autoscaling ? autoscaling.minReplicas : (settings.replicas ?? 1);
  const maxUnavailable = settings.maxUnavailable ?? 1;
  if (count >= 2 && maxUnavailable >= count) {
    issue('maxUnavailable', maxUnavailable, `expected fewer than the ${autoscaling ? 'autoscaler\'s minimum' : 'replica count'} (${count}), or an eviction `
      + 'could take every pod at once');
  }
  return count;
}

/** Resolves the app's release with its strategy, which reports the problems of its settings as `strategy.<field>`. */
function resolveRelease(
  strategy: ReleaseStrategyPlugin, settings: StrategySettings, app: AppSettings, env: AppEnvironment, count: number, appImage: string, issue: Report,
): Release | undefined {
  const autoscaling = app.autoscaling ? { minReplicas: app.autoscaling.minReplicas, maxReplicas: app.autoscaling.maxReplicas } : undefined;
  return strategy.resolve(settings, {
    appImage,
    count,
    replicas: autoscaling ? undefined : count,
    autoscaling,
    protected: env.protected,
    imageOf: (pin, at) => imageOf(app.image, pin, env, issue, `strategy.${at}.`),
    report: strategyIssue(issue),
  }) as Release | undefined; // the strategy of the settings' kind resolves them into its release
}

/** Reports a problem of the strategy's settings (`at` under `strategy`) as one of the app. */
function strategyIssue(issue: Report): StrategyReport {
  return (at, value, allowed) => issue(`strategy.${at}`, value, allowed);
}

/**
 * Each environment variable of the container has one source: a Secret's variable named like a plain one, or like
 * another Secret's, would leave the container with one of the two values (the last), and the definition would not say
 * which.
 */
function checkVariables(settings: AppSettings, issue: Report): void {
  const setBy = new Map(Object.keys(settings.env ?? {}).map((name) => [name, `env.${name}`]));
  (settings.secrets ?? []).forEach((secret, i) => {
    for (const [variable, key] of Object.entries(secret.env ?? {})) {
      const first = setBy.get(variable);
      if (first !== undefined) {
        issue(`secrets[${i}].env.${variable}`, key, `duplicate variable: ${first} sets ${variable} already; each variable needs exactly one source`);
      } else {
        setBy.set(variable, `secrets[${i}].env.${variable}`);
      }
    }
  });
}

/** Every volume of the pod (config, mounted Secrets, writable paths, storage) needs its own path: the API server refuses two mounts at one. */
function checkMountPaths(name: string, settings: AppSettings, issue: Report): void {
  const mounts: Array<[string, string]> = [
    ...(settings.config ? [['config.mountPath', settings.config.mountPath ?? `/etc/${name}`] as [string, string]] : []),
    ...(settings.secrets ?? []).flatMap((s, i) => (s.mountPath !== undefined ? [[`secrets[${i}].mountPath`, s.mountPath] as [string, string]] : [])),
    ...(settings.writablePaths ?? []).map((path, i) => [`writablePaths[${i}]`, path] as [string, string]),
    ...(settings.storage ? [['storage.mountPath', settings.storage.mountPath] as [string, string]] : []),
  ];
  const mountedBy = new Map<string, string>();
  for (const [field, path] of mounts) {
    const first = mountedBy.get(path);
    if (first !== undefined) {
      issue(field, path, `duplicate path: ${first} mounts a volume there already; each volume needs its own path`);
    } else {
      mountedBy.set(path, field);
    }
  }
}

function checkUniqueHosts(pending: readonly Pending[], apps: readonly App[]): void {
  const owners = new Map<string, string>();
  apps.forEach((app, i) => {
    if (!app.ingress) return;
    const key = `${app.ingress.host}${app.ingress.path}`;
    const owner = owners.get(key);
    if (owner) {
      pending[i].report('ingress.host', app.ingress.host,
        `host and path ${app.ingress.path} are already published by app "${owner}"; each app needs its own host or path`);
    }
    owners.set(key, app.name);
  });
}

function unique(values: readonly string[], report: (value: string, index: number) => void): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) report(value, i);
    seen.add(value);
  });
}

function quoteAll(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}
