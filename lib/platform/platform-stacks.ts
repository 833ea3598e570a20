import { App } from 'cdktf';
import { isGoverningObject } from '../environment/governing-kinds';
import { ClusterStack } from '../terraform/cluster-stack';
import { EnvironmentStack } from '../terraform/environment-stack';
import { GovernanceStack } from '../terraform/governance-stack';
import { PlatformCharts } from './platform-charts';
import { CLUSTER_STACK_PREFIX, GOVERNANCE_STACK_PREFIX, RESERVED_STACK_PREFIXES, governanceStackName } from './stack-names';

export { CLUSTER_STACK_PREFIX, GOVERNANCE_STACK_PREFIX, governanceStackName };

/** The stacks of a platform. */
export interface PlatformStacks {
  /** What each environment runs, applied with its deployer's identity: `<environment>`. */
  readonly environments: EnvironmentStack[];
  /** What governs each environment, applied with the platform's identity: `governance-<environment>`. */
  readonly governance: GovernanceStack[];
  /** Each cluster's own objects: `cluster-<cluster>`. */
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
 * Adds the Terraform of a platform to a cdktf App: one `cluster-<name>` stack per cluster with the objects of its
 * cluster chart, and two stacks per environment that together hold exactly the objects of its charts
 * (`dist/<environment>/`), each object once: `governance-<environment>` what governs the environment (namespace, quota,
 * limit range, network policies, RBAC, ServiceAccounts, ExternalSecrets: `isGoverningObject`), applied with the
 * platform's identity, and `<environment>` what it runs, applied with its deployer's identity.
 *
 * The dependencies (`addDependency`, written to `cdktf.out/manifest.json`) are `cluster-<cluster>` →
 * `governance-<environment>` → `<environment>`, so `cdktf deploy '*'` applies the cluster first (its identity, which
 * every guard reads, the deployers' discovery and state access), then the namespace and its governance, then the apps.
 *
 * @throws Error when an environment's name starts with a prefix of another kind of stack (`cluster-`, `governance-`)
 */
export function addPlatformStacks(app: App, charts: PlatformCharts, options: PlatformStacksOptions = {}): PlatformStacks {
  for (const environment of charts.platform.environments) {
    const prefix = RESERVED_STACK_PREFIXES.find((p) => environment.name.startsWith(p));
    if (prefix !== undefined) {
      throw new Error(`environment "${environment.name}": name is "${environment.name}", which starts with "${prefix}"; `
        + `environment names must not start with ${RESERVED_STACK_PREFIXES.map((p) => `"${p}"`).join(' or ')}, the prefixes of the cluster `
        + 'and governance stacks (cdktf.out/stacks/<name>), so that no two stacks can share a name: rename the environment');
    }
  }
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
  const governance: GovernanceStack[] = [];
  const environments = charts.environments.map(({ environment, app: k8sApp }) => {
    const objects = charts.objectsOf(k8sApp);
    const governing = new GovernanceStack(app, governanceStackName(environment.name), {
      environment,
      manifests: objects.filter((o) => isGoverningObject(o)),
      laptop,
    });
    const clusterStack = clusters.find((c) => c.cluster.name === environment.cluster.name);
    if (clusterStack) governing.addDependency(clusterStack);
    governance.push(governing);
    const stack = new EnvironmentStack(app, environment.name, {
      environment,
      manifests: objects.filter((o) => !isGoverningObject(o)),
      laptop,
    });
    stack.addDependency(governing);
    return stack;
  });
  return { environments, governance, clusters };
}
