import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AccessControl } from './access-control';
import { EnvironmentNamespace } from './environment-namespace';
import { EnvironmentScopedChart, EnvironmentScopedChartProps } from './environment-scoped-chart';
import { NetworkIsolation } from './network-isolation';
import { ResourceGovernance } from './resource-governance';

/** Props of {@link EnvironmentChart}: the environment, as for every environment-scoped chart. */
export type EnvironmentChartProps = EnvironmentScopedChartProps;

/**
 * Everything that makes a namespace an environment: the namespace with Pod Security labels, ResourceQuota and
 * LimitRange, default-deny network isolation with its declared allows, RBAC, and node-pool placement of every
 * workload added to the chart. Every object carries the environment and cluster labels and the environment's
 * namespace; the chart itself sets no namespace (cdk8s would stamp it on cluster-scoped objects too).
 */
export class EnvironmentChart extends EnvironmentScopedChart {
  /** The namespace. */
  public readonly environmentNamespace: EnvironmentNamespace;
  /** ResourceQuota and LimitRange. */
  public readonly governance: ResourceGovernance;
  /** NetworkPolicies; add allows with `isolation.allowFrom()` / `allowTo()`. */
  public readonly isolation: NetworkIsolation;
  /** Roles, RoleBindings and the deployer ServiceAccount. */
  public readonly access: AccessControl;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, props);
    const env = props.environment;
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
      allowSameNamespace: env.network.allowSameNamespace,
      allowFrom: env.network.allowFrom,
      allowTo: env.network.allowTo,
    });
    this.access = new AccessControl(this, 'Access', {
      namespace: env.namespace,
      grants: env.access.bindings,
      deployerServiceAccount: env.access.deployerServiceAccount,
    });
    this.addPlacement();
  }

  /** The Namespace object itself, which is cluster-scoped, is the one object not placed in the namespace. */
  protected isNamespaceExempt(object: ApiObject): boolean {
    return object === this.environmentNamespace.resource;
  }
}
