/**
 * Shared builders for the lib/terraform tests: a small inline platform resolved with `resolvePlatform` (so stacks get
 * the model they get in production), the charts' rendered objects, and helpers to read synthesised Terraform JSON.
 */
import { Testing as K8sTesting } from 'cdk8s';
import { Testing, TerraformStack } from 'cdktf';
import { BackupTargetKind, ClusterDefinition } from '../../lib/cluster/cluster-types';
import { Environment } from '../../lib/environment/environment-model';
import { EnvironmentDefinition, EnvironmentSettings, PodSecurityLevel } from '../../lib/environment/environment-types';
import { PlatformDefinition } from '../../lib/platform/platform-definition';
import { Platform } from '../../lib/platform/platform-model';
import { resolvePlatform } from '../../lib/platform/resolve-platform';
import { ClusterChart } from '../../lib/environment/cluster-chart';
import { EnvironmentChart } from '../../lib/environment/environment-chart';
import { unescapeTemplates } from '../../lib/terraform/escape';
import { BASE as K8S_BASE } from '../builders';

/** Non-production cluster; its kube context differs from its name, so tests can tell the two apart. */
export const NONPROD: ClusterDefinition = { name: 'nonprod', kubeconfig: { context: 'nonprod-admin' } };

/**
 * Production cluster, with its own kubeconfig file, and the HA control plane, retained storage and etcd snapshots its
 * protected environment needs.
 */
export const PROD: ClusterDefinition = {
  name: 'prod',
  kubeconfig: { context: 'prod-admin', path: '/etc/platform/prod.kubeconfig' },
  controlPlane: { replicas: 3, zones: ['zone-a', 'zone-b', 'zone-c'], endpoint: { host: 'api.prod.example.com' } },
  storage: { classes: [{ name: 'retained', provisioner: 'csi.example.com' }] },
  etcdBackup: { target: { kind: BackupTargetKind.S3, bucket: 'etcd-snapshots', region: 'eu-west-1', credentialsSecret: 'etcd-s3' } },
};

/** What every test environment shares, unless a test overrides it: the k8s tests' base, and a viewer binding. */
export const BASE: EnvironmentSettings = {
  ...K8S_BASE,
  access: { bindings: [{ group: 'app-developers', role: 'viewer' }] },
};

/** `dev` and `qa` on nonprod, `production` (protected) on prod. */
export const ENVIRONMENTS: EnvironmentDefinition[] = [
  { name: 'dev', cluster: 'nonprod' },
  { name: 'qa', cluster: 'nonprod' },
  { name: 'production', cluster: 'prod', protected: true, podSecurity: { enforce: PodSecurityLevel.RESTRICTED } },
];

/** Resolves a small inline platform; `environments` replaces {@link ENVIRONMENTS}. */
export function testPlatform(environments: EnvironmentDefinition[] = ENVIRONMENTS): Platform {
  const definition: PlatformDefinition = { clusters: [NONPROD, PROD], base: BASE, environments };
  return resolvePlatform(definition);
}

/** One resolved environment of {@link testPlatform}. */
export function testEnvironment(name: string, environments?: EnvironmentDefinition[]): Environment {
  const env = testPlatform(environments).environments.find((e) => e.name === name);
  if (!env) {
    throw new Error(`test platform has no environment "${name}"`);
  }
  return env;
}

/** The environment's chart, in a fresh cdk8s app. */
export function environmentChart(env: Environment): EnvironmentChart {
  return new EnvironmentChart(K8sTesting.app(), 'environment', { environment: env });
}

/** The cluster's chart (with the environments it hosts), in a fresh cdk8s app. */
export function clusterChart(platform: Platform, cluster: string): ClusterChart {
  const resolved = platform.clusters.find((c) => c.name === cluster);
  if (!resolved) {
    throw new Error(`test platform has no cluster "${cluster}"`);
  }
  return new ClusterChart(K8sTesting.app(), 'cluster', {
    cluster: resolved,
    environments: platform.environments.filter((e) => e.cluster.name === cluster),
  });
}

/** An empty stack in a fresh cdktf app, for testing constructs on their own. */
export function emptyStack(id = 'test'): TerraformStack {
  return new TerraformStack(Testing.app(), id);
}

/** The stack's Terraform JSON. */
export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** The `kubernetes_manifest` resources of synthesised JSON, by name. */
export function manifestResources(json: any): { [name: string]: any } {
  return json.resource?.kubernetes_manifest ?? {};
}

/** The `kubernetes_namespace_v1` resources of synthesised JSON, by name. */
export function namespaceResources(json: any): { [name: string]: any } {
  return json.resource?.kubernetes_namespace_v1 ?? {};
}

/** A plain Kubernetes object, as a chart renders it. */
export function object(apiVersion: string, kind: string, name: string, namespace?: string, fields: { [key: string]: any } = {}): any {
  return { apiVersion, kind, metadata: namespace === undefined ? { name } : { name, namespace }, ...fields };
}

/** A Namespace object. */
export function namespaceObject(name: string, labels: { [key: string]: string } = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A ConfigMap object. */
export function configMap(name: string, namespace: string | undefined, data: { [key: string]: string } = {}): any {
  return object('v1', 'ConfigMap', name, namespace, { data });
}

/** A Role object (no rules; what it allows does not matter here). */
export function role(name: string, namespace: string): any {
  return object('rbac.authorization.k8s.io/v1', 'Role', name, namespace, { rules: [] });
}

/** A RoleBinding of a Role to subjects. */
export function roleBinding(name: string, namespace: string, roleName: string, subjects: any[] = []): any {
  return object('rbac.authorization.k8s.io/v1', 'RoleBinding', name, namespace, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects,
  });
}

/** A ServiceAccount object. */
export function serviceAccount(name: string, namespace: string): any {
  return object('v1', 'ServiceAccount', name, namespace);
}

/** A Deployment with the given pod spec. */
export function deployment(name: string, namespace: string, podSpec: { [key: string]: any }): any {
  return object('apps/v1', 'Deployment', name, namespace, {
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
  });
}

/** `kind/namespace/name` of an object, for sorting and messages. */
export function identity(o: any): string {
  return `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/**
 * The Kubernetes objects a stack's JSON holds: each manifest with its template escapes undone (what Terraform sends to
 * the cluster), and each namespace resource as the Namespace fields it keeps; sorted by identity.
 */
export function objectsInStack(json: any): any[] {
  const namespaces = Object.values(namespaceResources(json)).map((ns: any) => ({ kind: 'Namespace', metadata: ns.metadata }));
  const manifests = Object.values(manifestResources(json)).map((r: any) => unescapeTemplates(r.manifest));
  return [...namespaces, ...manifests].sort((a, b) => identity(a).localeCompare(identity(b)));
}

/** The fields of rendered objects a stack keeps (a Namespace keeps name, labels, annotations), sorted by identity. */
export function expectedObjects(objects: any[]): any[] {
  return objects
    .map((o) => (o.kind === 'Namespace'
      ? { kind: 'Namespace', metadata: JSON.parse(JSON.stringify({ name: o.metadata.name, labels: o.metadata.labels, annotations: o.metadata.annotations })) }
      : o))
    .sort((a, b) => identity(a).localeCompare(identity(b)));
}
