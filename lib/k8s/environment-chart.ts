import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_LABEL, ENVIRONMENT_LABEL } from '../config/defaults';
import { Environment } from '../config/model';
import { AccessControl } from './access-control';
import { EnvironmentNamespace } from './environment-namespace';
import { NetworkIsolation } from './network-isolation';
import { NodePlacement } from './node-placement';
import { ResourceGovernance } from './resource-governance';

/** Props of {@link EnvironmentChart}. */
export interface EnvironmentChartProps {
  /** The validated environment (from `resolvePlatform`). */
  readonly environment: Environment;
}

/**
 * Everything that makes a namespace an environment: the namespace with Pod Security labels, ResourceQuota and
 * LimitRange, default-deny network isolation with its declared allows, RBAC, and node-pool placement of every
 * workload added to the chart. Every object carries the environment and cluster labels and the environment's
 * namespace; the chart itself sets no namespace (cdk8s would stamp it on cluster-scoped objects too).
 */
export class EnvironmentChart extends Chart {
  /** The environment. */
  public readonly environment: Environment;
  /** The namespace. */
  public readonly environmentNamespace: EnvironmentNamespace;
  /** ResourceQuota and LimitRange. */
  public readonly governance: ResourceGovernance;
  /** NetworkPolicies; add allows with `isolation.allowFrom()` / `allowTo()`. */
  public readonly isolation: NetworkIsolation;
  /** Roles, RoleBindings and the deployer ServiceAccount. */
  public readonly access: AccessControl;
  /** Node-pool placement, when the environment is pinned to a pool. */
  public readonly placement?: NodePlacement;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    const env = props.environment;
    super(scope, id, {
      labels: { ...env.labels, [ENVIRONMENT_LABEL]: env.name, [CLUSTER_LABEL]: env.cluster.name },
      disableResourceNameHashes: true,
    });
    this.environment = env;
    this.environmentNamespace = new EnvironmentNamespace(this, 'Namespace', {
      name: env.namespace,
      enforce: env.podSecurity.enforce,
      audit: env.podSecurity.audit,
      warn: env.podSecurity.warn,
      version: env.podSecurity.version,
    });
    this.governance = new ResourceGovernance(this, 'Governance', { namespace: env.namespace, quota: env.quota, limitRange: env.limitRange });
    this.isolation = new NetworkIsolation(this, 'Isolation', {
      namespace: env.namespace,
      dns: env.network.dns,
      ingressControllerNamespace: env.network.ingressControllerNamespace,
      allowFrom: env.network.allowFrom,
      allowTo: env.network.allowTo,
    });
    this.access = new AccessControl(this, 'Access', {
      namespace: env.namespace,
      grants: env.access.bindings,
      deployerServiceAccount: env.access.deployerServiceAccount,
    });
    if (env.nodePool) {
      this.placement = new NodePlacement(this, 'Placement', { nodeSelector: env.nodePool.labels, taints: env.nodePool.taints });
    }
    // Known only once everything is added: an object without the environment's namespace would land in `default`
    // (or, cluster-scoped, outside every environment) and escape the deployer's Role and the isolation.
    this.node.addValidation({ validate: () => this.objectsOutsideNamespace() });
  }

  private objectsOutsideNamespace(): string[] {
    const namespace = this.environment.namespace;
    return this.node.findAll()
      .filter((node): node is ApiObject => node instanceof ApiObject && node !== this.environmentNamespace.resource)
      .filter((object) => object.metadata.namespace !== namespace)
      .map((object) => `environment "${this.environment.name}": ${object.kind} "${object.name}" (${object.node.path}) is in namespace `
        + `${object.metadata.namespace === undefined ? '(none)' : `"${object.metadata.namespace}"`}; every object of the environment `
        + `must set metadata.namespace "${namespace}", and cluster-scoped objects belong in the cluster chart`);
  }

  /** Renders the chart's objects, with every workload placed on the environment's node pool. */
  public toJson(): any[] {
    const objects = super.toJson();
    return this.placement ? objects.map((object) => this.placement!.apply(object)) : objects;
  }
}
