import { App } from 'cdktf';
import { ClusterStack } from '../terraform/cluster-stack';
import { EnvironmentStack } from '../terraform/environment-stack';
import { PlatformCharts } from './platform-charts';

/** Prefix of cluster stack names: `cluster-<cluster>`. */
export const CLUSTER_STACK_PREFIX = 'cluster-';

/** The stacks of a platform. */
export interface PlatformStacks {
  readonly environments: EnvironmentStack[];
  readonly clusters: ClusterStack[];
}

/**
 * Adds the Terraform of a platform to a cdktf App: one stack per environment, named after it, and one `cluster-<name>`
 * stack per cluster, each holding exactly the objects of the corresponding charts.
 */
export function addPlatformStacks(app: App, charts: PlatformCharts): PlatformStacks {
  const clusters = charts.clusters.map(({ cluster, app: k8sApp }) => new ClusterStack(app, `${CLUSTER_STACK_PREFIX}${cluster.name}`, {
    cluster,
    manifests: charts.objectsOf(k8sApp),
    // The cluster stack holds what every environment on the cluster relies on: keep its state where the most
    // protected environment keeps its own.
    state: charts.platform.environments.find((e) => e.cluster.name === cluster.name && e.protected)?.state,
  }));
  const environments = charts.environments.map(({ environment, app: k8sApp }) => new EnvironmentStack(app, environment.name, {
    environment,
    manifests: charts.objectsOf(k8sApp),
  }));
  return { environments, clusters };
}
