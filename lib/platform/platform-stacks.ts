import { App } from 'cdktf';
import { ClusterStack } from '../terraform/cluster-stack';
import { EnvironmentStack } from '../terraform/environment-stack';
import { PlatformCharts } from './platform-charts';

/** Prefix of cluster stack names: `cluster-<cluster>`. */
export const CLUSTER_STACK_PREFIX = 'cluster-';

/** The stacks of a platform. */
export interface PlatformStacks {
  /** One stack per environment, named after it. */
  readonly environments: EnvironmentStack[];
  /** One stack per cluster, named `cluster-<cluster>`. */
  readonly clusters: ClusterStack[];
}

/** Options of {@link addPlatformStacks}. */
export interface PlatformStacksOptions {
  /**
   * Build the stacks for work on a laptop: local state (`state: { kind: 'local', laptopOnly: true }`) is then allowed.
   * No pipeline may deploy stacks built this way.
   * @default false - every stack is deployed by a pipeline and needs shared, locked state
   */
  readonly laptop?: boolean;
}

/**
 * Adds the Terraform of a platform to a cdktf App: one stack per environment, named after it, and one `cluster-<name>`
 * stack per cluster, each holding exactly the objects of the corresponding charts.
 *
 * Each environment's stack depends on its cluster's stack (`addDependency`, written to `cdktf.out/manifest.json`), so
 * `cdktf deploy cluster-nonprod dev qa staging` or `cdktf deploy '*'` applies the cluster first (its identity, which
 * every environment's guard reads, its PriorityClasses and StorageClasses) and the environments after it.
 */
export function addPlatformStacks(app: App, charts: PlatformCharts, options: PlatformStacksOptions = {}): PlatformStacks {
  const laptop = options.laptop ?? false;
  const clusters = charts.clusters.map(({ cluster, app: k8sApp }) => new ClusterStack(app, `${CLUSTER_STACK_PREFIX}${cluster.name}`, {
    cluster,
    manifests: charts.objectsOf(k8sApp),
    // The cluster stack holds what every environment on the cluster relies on: keep its state where the most
    // protected environment keeps its own.
    state: charts.platform.environments.find((e) => e.cluster.name === cluster.name && e.protected)?.state,
    protected: charts.platform.environments.some((e) => e.cluster.name === cluster.name && e.protected),
    laptop,
  }));
  const environments = charts.environments.map(({ environment, app: k8sApp }) => {
    const stack = new EnvironmentStack(app, environment.name, { environment, manifests: charts.objectsOf(k8sApp), laptop });
    const clusterStack = clusters.find((c) => c.cluster.name === environment.cluster.name);
    if (clusterStack) stack.addDependency(clusterStack);
    return stack;
  });
  return { environments, clusters };
}
