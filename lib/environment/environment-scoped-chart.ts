import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from './environment-model';
import { NodePlacement } from './node-placement';

/** Props of {@link EnvironmentScopedChart}. */
export interface EnvironmentScopedChartProps {
  /** The validated environment (from `resolvePlatform`). */
  readonly environment: Environment;
}

/**
 * A chart whose objects all belong to one environment: each carries the environment and cluster labels, each must
 * be in the environment's namespace (a synth validation names any that is not), and every workload is placed on the
 * environment's node pool. The chart sets no namespace itself: cdk8s would stamp it on cluster-scoped objects too.
 */
export abstract class EnvironmentScopedChart extends Chart {
  /** The environment. */
  public readonly environment: Environment;
  private placementConstruct?: NodePlacement;

  protected constructor(scope: Construct, id: string, props: EnvironmentScopedChartProps) {
    const env = props.environment;
    super(scope, id, {
      labels: { ...env.labels, [env.cluster.labelKeys.environment]: env.name, [env.cluster.labelKeys.cluster]: env.cluster.name },
      disableResourceNameHashes: true,
    });
    this.environment = env;
    // Known only once everything is added: an object without the environment's namespace would land in `default`
    // (or, cluster-scoped, outside every environment) and escape the deployer's Role and the isolation.
    this.node.addValidation({ validate: () => this.objectsOutsideNamespace() });
  }

  /** Node-pool placement, when the environment is pinned to a pool. */
  public get placement(): NodePlacement | undefined {
    return this.placementConstruct;
  }

  /** Renders the chart's objects, with every workload placed on the environment's node pool. */
  public toJson(): any[] {
    const objects = super.toJson();
    return this.placementConstruct ? objects.map((object) => this.placementConstruct!.apply(object)) : objects;
  }

  /** Adds the node placement (subclasses call it last, so it follows their other constructs in the tree). */
  protected addPlacement(): void {
    const pool = this.environment.nodePool;
    if (pool) {
      this.placementConstruct = new NodePlacement(this, 'Placement', { nodeSelector: pool.labels, taints: pool.taints });
    }
  }

  /** Objects allowed outside the namespace (the Namespace object itself). */
  protected isNamespaceExempt(_object: ApiObject): boolean {
    return false;
  }

  private objectsOutsideNamespace(): string[] {
    const namespace = this.environment.namespace;
    return this.node.findAll()
      .filter((node): node is ApiObject => node instanceof ApiObject && !this.isNamespaceExempt(node))
      .filter((object) => object.metadata.namespace !== namespace)
      .map((object) => `environment "${this.environment.name}": ${object.kind} "${object.name}" (${object.node.path}) is in namespace `
        + `${object.metadata.namespace === undefined ? '(none)' : `"${object.metadata.namespace}"`}; every object of the environment `
        + `must set metadata.namespace "${namespace}", and cluster-scoped objects belong in the cluster chart`);
  }
}
