/**
 * The guardrails over a whole platform's outputs: one target per environment and per cluster, with the protected
 * flags, namespaces and declared network peers of the validated model.
 */
import { ApiObject, App } from 'cdk8s';
import { NodePool } from '../cluster/cluster-model';
import { CidrPeer, NamespacePeer, isCidrPeer } from '../core/network';
import { Platform } from './platform-model';
import { objectKey } from '../core/manifest';
import { GuardrailException, CLUSTER_TARGET_PREFIX, GuardrailTarget, TargetKind, TargetNodePool } from '../guardrails/target';
import { GuardrailReport } from '../guardrails/guardrail-report';
import { runGuardrails } from '../guardrails/run-guardrails';
import { governanceStackName } from './stack-names';

/** A platform's rendered outputs, as {@link checkPlatform} takes them. */
export interface PlatformOutputs {
  /** Rendered objects of each environment, by environment name (`charts.objectsOf(output.app)` of a `PlatformCharts`, rendered once and shared). */
  readonly environments: { readonly [environment: string]: readonly any[] };
  /** Rendered objects of each cluster, by cluster name. */
  readonly clusters: { readonly [cluster: string]: readonly any[] };
  /**
   * Construct paths by target name (environment, or `cluster-<cluster>`), then by object key.
   * @default - none
   */
  readonly constructPaths?: { readonly [target: string]: { readonly [objectKey: string]: string } };
  /**
   * Synthesised Terraform by stack name (`<environment>`, `governance-<environment>`, `cluster-<cluster>`).
   * @default - Terraform is not checked
   */
  readonly terraform?: { readonly [stack: string]: unknown };
  /**
   * Accepted violations by target name: an environment, or `cluster-<cluster>` for a cluster's own objects.
   * @default - the exceptions the platform's definitions declare (`guardrails.exceptions` of each environment and cluster)
   */
  readonly exceptions?: { readonly [target: string]: readonly GuardrailException[] };
  /**
   * CustomResourceDefinitions of the custom resources in the outputs.
   * @default - none
   */
  readonly crds?: readonly any[];
}

/** The guardrail targets of a platform: its environments, then its clusters (as `cluster-<name>`). */
export function platformTargets(platform: Platform, outputs: PlatformOutputs): GuardrailTarget[] {
  const environments = new Set(platform.environments.map((e) => e.name));
  const clusters = new Set(platform.clusters.map((c) => c.name));
  const targets = new Set([...environments, ...[...clusters].map((c) => `${CLUSTER_TARGET_PREFIX}${c}`)]);
  const unknown = [
    ...Object.keys(outputs.environments).filter((n) => !environments.has(n)).map((n) => `environment "${n}"`),
    ...Object.keys(outputs.clusters).filter((n) => !clusters.has(n)).map((n) => `cluster "${n}"`),
    ...Object.keys(outputs.exceptions ?? {}).filter((n) => !targets.has(n)).map((n) => `exceptions of "${n}"`),
  ];
  const missing = [
    ...[...environments].filter((n) => !outputs.environments[n]).map((n) => `environment "${n}"`),
    ...[...clusters].filter((n) => !outputs.clusters[n]).map((n) => `cluster "${n}"`),
  ];
  if (unknown.length > 0 || missing.length > 0) {
    throw new Error(`the outputs do not match the platform: ${[
      ...(missing.length > 0 ? [`no objects given for ${missing.join(', ')}`] : []),
      ...(unknown.length > 0 ? [`${unknown.join(', ')} not in the platform`] : []),
    ].join('; ')}; pass the objects of every environment and cluster of the platform, by name`);
  }
  // The environments a definition names as peers (namespace and CIDR peers are not environments).
  const peers = (list: ReadonlyArray<NamespacePeer | CidrPeer>) => list
    .flatMap((p) => (isCidrPeer(p) || p.environment === undefined ? [] : [p.environment]));
  return [
    ...platform.environments.map((env): GuardrailTarget => ({
      name: env.name,
      kind: TargetKind.ENVIRONMENT,
      cluster: env.cluster.name,
      kubernetesVersion: env.cluster.kubernetesVersion,
      namespace: env.namespace,
      protected: env.protected,
      objects: outputs.environments[env.name],
      // What governs the environment and what it runs are two stacks (lib/platform/platform-stacks.ts).
      stacks: [governanceStackName(env.name), env.name],
      constructPaths: outputs.constructPaths?.[env.name],
      exceptions: outputs.exceptions ? outputs.exceptions[env.name] : env.guardrails?.exceptions,
      severity: env.guardrails?.severity,
      networking: env.cluster.networking,
      ...(env.nodePool ? { nodePool: nodePoolOf(env.nodePool) } : {}),
      allowTo: peers(env.network.allowTo),
      allowFrom: peers(env.network.allowFrom),
    })),
    ...platform.clusters.map((cluster): GuardrailTarget => ({
      name: `${CLUSTER_TARGET_PREFIX}${cluster.name}`,
      kind: TargetKind.CLUSTER,
      cluster: cluster.name,
      kubernetesVersion: cluster.kubernetesVersion,
      protected: cluster.hostsProtected,
      objects: outputs.clusters[cluster.name],
      networking: cluster.networking,
      constructPaths: outputs.constructPaths?.[`${CLUSTER_TARGET_PREFIX}${cluster.name}`],
      exceptions: outputs.exceptions ? outputs.exceptions[`${CLUSTER_TARGET_PREFIX}${cluster.name}`] : cluster.guardrails?.exceptions,
      severity: cluster.guardrails?.severity,
    })),
  ];
}

/** A node pool as the capacity guardrails see it: nodes at its smallest and largest (a zone without zones counts once). */
function nodePoolOf(pool: NodePool): TargetNodePool {
  const zones = Math.max(pool.zones.length, 1);
  return {
    name: pool.name,
    minNodes: zones * pool.minSize,
    maxNodes: zones * pool.maxSize,
    ...(pool.allocatable ? { allocatable: { ...pool.allocatable } } : {}),
  };
}

/**
 * Runs every guardrail over a platform's outputs. Violations are errors in protected environments (and on clusters
 * hosting one), warnings elsewhere; `report.failed` says whether synth must stop.
 *
 * @throws Error when the outputs do not name exactly the platform's environments and clusters
 * @throws PlatformValidationError when an exception is malformed
 */
export function checkPlatform(platform: Platform, outputs: PlatformOutputs): GuardrailReport {
  // The Gateway API CRDs of the objects the platform renders ship with the schema validator (schemas/crds).
  return runGuardrails({ targets: platformTargets(platform, outputs), terraform: outputs.terraform, crds: outputs.crds ?? [] });
}

/** The cdk8s side of a platform, as `PlatformCharts` holds it. */
export interface ChartsLike {
  /** Each environment's name and cdk8s App. */
  readonly environments: ReadonlyArray<{ readonly environment: { readonly name: string }; readonly app: App }>;
  /** Each cluster's name and cdk8s App. */
  readonly clusters: ReadonlyArray<{ readonly cluster: { readonly name: string }; readonly app: App }>;
  /**
   * The rendered objects of one of these apps, e.g. `PlatformCharts.objectsOf`, which renders each app once for all
   * its readers.
   * @default - each app's charts are rendered afresh
   */
  objectsOf?(app: App): readonly any[];
}

/** The objects and construct paths of a platform's cdk8s apps (e.g. a `PlatformCharts`), ready for {@link checkPlatform}. */
export function outputsOfCharts(charts: ChartsLike): Required<Pick<PlatformOutputs, 'environments' | 'clusters' | 'constructPaths'>> {
  const objectsOf = (app: App) => (charts.objectsOf ? charts.objectsOf(app) : app.charts.flatMap((chart) => chart.toJson()));
  return {
    environments: Object.fromEntries(charts.environments.map((o) => [o.environment.name, objectsOf(o.app)])),
    clusters: Object.fromEntries(charts.clusters.map((o) => [o.cluster.name, objectsOf(o.app)])),
    constructPaths: Object.fromEntries([
      ...charts.environments.map((o) => [o.environment.name, constructPathsOf(o.app)]),
      ...charts.clusters.map((o) => [`${CLUSTER_TARGET_PREFIX}${o.cluster.name}`, constructPathsOf(o.app)]),
    ]),
  };
}

/** The construct path of every object of a cdk8s app, by object key (`Kind/namespace/name`). */
export function constructPathsOf(app: App): { [objectKey: string]: string } {
  const paths: { [objectKey: string]: string } = {};
  for (const node of app.node.findAll()) {
    if (node instanceof ApiObject) {
      paths[objectKey({ kind: node.kind, metadata: { namespace: node.metadata.namespace, name: node.name } })] = node.node.path;
    }
  }
  return paths;
}
