/**
 * Small platform definitions for the resolution tests, independent of `environments/` so that changing the
 * reference data never breaks them. Every call builds fresh objects: a test may change what it gets.
 */
import { BackupTargetKind, ClusterDefinition } from '../../lib/cluster/cluster-types';
import { PlatformValidationError } from '../../lib/core/errors';
import { EnvironmentDefinition, EnvironmentSettings, PodSecurityLevel } from '../../lib/environment/environment-types';
import { PlatformDefinition } from '../../lib/platform/platform-definition';

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

/**
 * Cluster `nonprod` (context `nonprod-admin`, one node pool `general`) and cluster `prod` (context `prod-admin`, no pools,
 * with the {@link protectedTopology} its protected environment needs).
 */
export function validClusters(): ClusterDefinition[] {
  return [
    { name: 'nonprod', kubeconfig: { context: 'nonprod-admin' }, nodePools: [{ name: 'general' }] },
    { name: 'prod', kubeconfig: { context: 'prod-admin' }, ...protectedTopology() },
  ];
}

/**
 * What a cluster hosting a protected environment must declare: a control plane of three replicas over three zones
 * behind an endpoint, a StorageClass (retained by default there) and etcd snapshots.
 */
export function protectedTopology(): Pick<ClusterDefinition, 'controlPlane' | 'storage' | 'etcdBackup'> {
  return {
    controlPlane: { replicas: 3, zones: ['zone-a', 'zone-b', 'zone-c'], endpoint: { host: 'api.prod.example.com' } },
    storage: { classes: [{ name: 'retained', provisioner: 'csi.example.com' }] },
    etcdBackup: { target: { kind: BackupTargetKind.S3, bucket: 'etcd-snapshots', region: 'eu-west-1', credentialsSecret: 'etcd-s3' } },
  };
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

/** The clusterApi part of a resolved topology: default namespace and provider, names rendered for `cluster` and `pools`. */
function resolvedClusterApi(cluster: string, pools: string[]) {
  return {
    namespace: 'default',
    infrastructure: {
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
      clusterKind: 'DockerCluster',
      clusterName: cluster,
      machineTemplateKind: 'DockerMachineTemplate',
      controlPlaneMachineTemplate: `${cluster}-control-plane`,
      nodePoolMachineTemplates: Object.fromEntries(pools.map((pool) => [pool, `${cluster}-${pool}`])),
      externalCloudProvider: false,
    },
  };
}

/** What every resolved topology has unless declared: version 1.36.1, the `request` audit preset, one local secretbox key. */
const RESOLVED_COMMON_TOPOLOGY = {
  kubernetesVersion: 'v1.36.1',
  audit: { preset: 'request', rules: [], maxAgeDays: 30, maxBackups: 10, maxSizeMiB: 100 },
  encryption: { kind: 'local', algorithm: 'secretbox', keys: ['secrets-1'], resources: ['secrets'] },
  // kind's default pod subnet and kubeadm's default service subnet.
  networking: { podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] },
};

/** The resolved topology of a cluster that declares none; `pools` names its node pools. */
export function resolvedDefaultTopology(cluster: string, pools: string[] = []) {
  return {
    ...RESOLVED_COMMON_TOPOLOGY,
    controlPlane: { replicas: 1, highlyAvailable: false, zones: [], certSANs: [], etcd: { kind: 'stacked', dataDir: '/var/lib/etcd' } },
    storage: { defaultClass: 'standard', classes: [] },
    clusterApi: resolvedClusterApi(cluster, pools),
  };
}

/** The resolved {@link protectedTopology} of cluster `prod`; `pools` names its node pools. */
export function resolvedProtectedTopology(pools: string[] = []) {
  return {
    ...RESOLVED_COMMON_TOPOLOGY,
    controlPlane: {
      replicas: 3,
      highlyAvailable: true,
      zones: ['zone-a', 'zone-b', 'zone-c'],
      endpoint: { host: 'api.prod.example.com', port: 6443 },
      certSANs: ['api.prod.example.com'],
      etcd: { kind: 'stacked', dataDir: '/var/lib/etcd' },
    },
    etcdBackup: {
      schedule: '0 0,6,12,18 * * *',
      retention: 28,
      image: 'registry.k8s.io/etcd:3.6.9-0',
      target: { kind: 's3', bucket: 'etcd-snapshots', region: 'eu-west-1', prefix: 'prod/etcd', credentialsSecret: 'etcd-s3' },
    },
    storage: {
      defaultClass: 'retained',
      classes: [{
        name: 'retained', provisioner: 'csi.example.com', parameters: {}, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      }],
    },
    clusterApi: resolvedClusterApi('prod', pools),
  };
}

/** The resolved topology of a node pool that declares none, in `zones` (the control plane's), serving `environments`. */
export function resolvedPoolTopology(zones: string[] = [], environments: string[] = []) {
  return { zones, minSize: 1, maxSize: 1, kubernetesVersion: 'v1.36.1', environments };
}
