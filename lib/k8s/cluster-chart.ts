import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_LABEL } from '../config/defaults';
import { Cluster, Environment } from '../config/model';
import { ClusterIdentity } from './cluster-identity';
import { PriorityClasses } from './priority-classes';

/** Props of {@link ClusterChart}. */
export interface ClusterChartProps {
  /** The validated cluster. */
  readonly cluster: Cluster;
  /** The environments on the cluster; their deployers may read the cluster identity. */
  readonly environments: Environment[];
}

/** The cluster-level objects of one cluster: PriorityClasses and the cluster identity the Terraform guard reads. */
export class ClusterChart extends Chart {
  /** The cluster. */
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    super(scope, id, { labels: { [CLUSTER_LABEL]: props.cluster.name }, disableResourceNameHashes: true });
    this.cluster = props.cluster;
    new PriorityClasses(this, 'PriorityClasses', { classes: props.cluster.priorityClasses });
    new ClusterIdentity(this, 'Identity', {
      cluster: props.cluster.name,
      environments: props.environments.map((e) => e.name),
      readers: props.environments.map((e) => ({ namespace: e.namespace, serviceAccount: e.access.deployerServiceAccount })),
    });
  }
}
