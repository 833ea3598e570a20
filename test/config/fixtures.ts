/**
 * Small platform definitions for the `lib/config` tests, independent of `environments/` so that changing the
 * reference data never breaks them. Every call builds fresh objects: a test may change what it gets.
 */
import {
  ClusterDefinition, EnvironmentDefinition, EnvironmentSettings, PlatformDefinition, PlatformValidationError, PodSecurityLevel,
} from '../../lib/config';

/**
 * The base every fixture environment shares: `baseline`, a 2-core/4Gi quota and a LimitRange that fits it.
 */
export function validBase(): EnvironmentSettings {
  return {
    podSecurity: { enforce: PodSecurityLevel.BASELINE },
    quota: {
      requests: { cpu: '2', memory: '4Gi' },
      limits: { cpu: '4', memory: '8Gi' },
    },
    limitRange: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '512Mi' },
      max: { cpu: '1', memory: '1Gi' },
    },
  };
}

/** Cluster `nonprod` (context `nonprod-admin`, one node pool `general`) and cluster `prod` (context `prod-admin`, no pools). */
export function validClusters(): ClusterDefinition[] {
  return [
    { name: 'nonprod', kubeconfig: { context: 'nonprod-admin' }, nodePools: [{ name: 'general' }] },
    { name: 'prod', kubeconfig: { context: 'prod-admin' } },
  ];
}

/** `dev` and `qa` on `nonprod`; `production` on `prod`, protected and `restricted`. */
export function validEnvironments(): EnvironmentDefinition[] {
  return [
    { name: 'dev', cluster: 'nonprod' },
    { name: 'qa', cluster: 'nonprod' },
    { name: 'production', cluster: 'prod', protected: true, podSecurity: { enforce: PodSecurityLevel.RESTRICTED } },
  ];
}

/** A valid platform: {@link validClusters}, {@link validBase} and {@link validEnvironments}, with `overrides` replacing whole parts. */
export function validPlatform(overrides: Partial<PlatformDefinition> = {}): PlatformDefinition {
  return { clusters: validClusters(), base: validBase(), environments: validEnvironments(), ...overrides };
}

/**
 * A field-by-field patch that may hold invalid values: tests write what a careless (or untyped) definition would.
 */
export type Loose = { readonly [key: string]: unknown };

/** {@link validPlatform} with `patch` spread over environment `name` (which must exist). */
export function withEnvironment(name: string, patch: Loose, platform: PlatformDefinition = validPlatform()): PlatformDefinition {
  if (!platform.environments.some((env) => env.name === name)) {
    throw new Error(`fixture: no environment "${name}"`);
  }
  const environments = platform.environments.map((env) => (env.name === name ? { ...env, ...patch } as EnvironmentDefinition : env));
  return { ...platform, environments };
}

/** {@link validPlatform} with `patch` spread over the base. */
export function withBase(patch: Loose, platform: PlatformDefinition = validPlatform()): PlatformDefinition {
  return { ...platform, base: { ...platform.base, ...patch } as EnvironmentSettings };
}

/** {@link validPlatform} with `patch` spread over cluster `name` (which must exist). */
export function withCluster(name: string, patch: Loose, platform: PlatformDefinition = validPlatform()): PlatformDefinition {
  if (!platform.clusters.some((cluster) => cluster.name === name)) {
    throw new Error(`fixture: no cluster "${name}"`);
  }
  const clusters = platform.clusters.map((cluster) => (cluster.name === name ? { ...cluster, ...patch } as ClusterDefinition : cluster));
  return { ...platform, clusters };
}

/** The LimitRange of {@link validBase} with `patch` spread over one of its parts, for size checks. */
export function limitRangeWith(part: 'defaultRequest' | 'default' | 'max', patch: Loose): Loose {
  const limitRange = validBase().limitRange;
  return { ...limitRange, [part]: { ...limitRange[part], ...patch } };
}

/**
 * Matches the whole message of a {@link PlatformValidationError} that lists exactly `lines`, in order: no issue more,
 * no issue less.
 */
export function exactly(...lines: string[]): RegExp {
  const count = lines.length === 1 ? '1 error' : `${lines.length} errors`;
  const body = lines.map((line) => `  - ${line}`).join('\n');
  return new RegExp(`^${escape(`invalid platform definition (${count}):\n${body}`)}$`);
}

/** Matches one whole line of a {@link PlatformValidationError} message, among others. */
export function line(text: string): RegExp {
  return new RegExp(`^  - ${escape(text)}$`, 'm');
}

/**
 * The error `run` throws, for assertions on `issues`; fails the test when it throws nothing or something else.
 */
export function validationError(run: () => unknown): PlatformValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlatformValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a PlatformValidationError, but nothing was thrown');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
