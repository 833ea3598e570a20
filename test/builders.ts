/**
 * Shared builders for the construct tests: small inline platform definitions resolved with `resolvePlatform`, so the
 * constructs are always fed the model they get in production, and helpers to pick objects out of synthesised output.
 */
import { ClusterDefinition, TaintEffect } from '../lib/cluster/cluster-types';
import { POOL_LABEL } from '../lib/core/labels';
import { Environment } from '../lib/environment/environment-model';
import { EnvironmentDefinition, EnvironmentSettings, PodSecurityLevel, RoleDefinition } from '../lib/environment/environment-types';
import { PlatformDefinition } from '../lib/platform/platform-definition';
import { Platform } from '../lib/platform/platform-model';
import { resolvePlatform } from '../lib/platform/resolve-platform';

/** The name of the test cluster. */
export const CLUSTER = 'nonprod';

/** What every test environment shares, unless a test overrides it. */
export const BASE: EnvironmentSettings = {
  podSecurity: { enforce: PodSecurityLevel.BASELINE },
  quota: {
    requests: { cpu: '4', memory: '8Gi' },
    limits: { cpu: '8', memory: '16Gi' },
  },
  limitRange: {
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    default: { cpu: '500m', memory: '512Mi' },
    max: { cpu: '2', memory: '4Gi' },
  },
};

/** A cluster with one tainted pool `dev` (taint with a value) and one pool `shared` (taint without a value). */
export function testCluster(overrides: Partial<ClusterDefinition> = {}): ClusterDefinition {
  return {
    name: CLUSTER,
    kubeconfig: { context: CLUSTER },
    nodePools: [
      { name: 'dev', taints: [{ key: POOL_LABEL, value: 'dev', effect: TaintEffect.NO_SCHEDULE }] },
      { name: 'shared', labels: { tier: 'shared' }, taints: [{ key: 'shared', effect: TaintEffect.NO_EXECUTE }] },
    ],
    ...overrides,
  };
}

/** Options of {@link testPlatform}. */
export interface TestPlatformOptions {
  /** Environments; @default - `dev` (pinned to pool `dev`) and `qa` (not pinned). */
  readonly environments?: EnvironmentDefinition[];
  /** Clusters; @default - {@link testCluster} */
  readonly clusters?: ClusterDefinition[];
  /** What the base overrides of {@link BASE}. */
  readonly base?: Partial<EnvironmentSettings>;
  /** Declared roles. */
  readonly roles?: RoleDefinition[];
}

/** Resolves a small inline platform definition. */
export function testPlatform(options: TestPlatformOptions = {}): Platform {
  const definition: PlatformDefinition = {
    clusters: options.clusters ?? [testCluster()],
    base: { ...BASE, ...options.base },
    environments: options.environments ?? [
      { name: 'dev', cluster: CLUSTER, nodePool: 'dev' },
      { name: 'qa', cluster: CLUSTER },
    ],
    roles: options.roles,
  };
  return resolvePlatform(definition);
}

/** One resolved environment of a platform: the only one declared, or the one named. */
export function testEnvironment(definition: Partial<EnvironmentDefinition> = {}, options: Omit<TestPlatformOptions, 'environments'> = {}): Environment {
  const env: EnvironmentDefinition = { name: 'dev', cluster: CLUSTER, ...definition };
  const platform = testPlatform({ ...options, environments: [env] });
  return platform.environments[0];
}

/** The objects of a kind, in output order. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one object of a kind and name; fails the test when there is not exactly one. */
export function findObject(objects: any[], kind: string, name: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind} "${name}", found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

/** Every value found under `key` anywhere in a JSON tree. */
export function valuesOf(tree: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === key) out.push(v);
        visit(v);
      }
    }
  };
  visit(tree);
  return out;
}
