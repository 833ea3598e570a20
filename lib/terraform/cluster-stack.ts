import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Cluster } from '../cluster/cluster-model';
import { StateBackend, resolveStateBackend } from '../environment/state-backends/registry';
import { ClusterConnection } from './cluster-connection';
import { ClusterGuard } from './cluster-guard';
import { KubernetesObjects } from './kubernetes-objects';
import { addStateBackend } from './state-backend';

/** Props of {@link ClusterStack}. */
export interface ClusterStackProps {
  /** The validated cluster. */
  readonly cluster: Cluster;
  /** The cluster's rendered objects: `toJson()` of its cluster chart. */
  readonly manifests: any[];
  /**
   * Where the stack's state lives.
   * @default - the state of an environment that names none (a Secret on the cluster)
   */
  readonly state?: StateBackend;
  /**
   * Built for work on a laptop: the state may then be local. No pipeline may deploy such a stack.
   * @default false - a pipeline deploys it, and its state must be shared and locked
   */
  readonly laptop?: boolean;
}

/**
 * The Terraform of a cluster's cluster-level objects (`cdktf deploy cluster-<name>`), kept apart from environment
 * stacks: `kubernetes_manifest` needs the API (and CRDs) at plan time, and environments must not be able to change
 * what other environments rely on. Its guard accepts a cluster without identity, since this stack creates it.
 */
export class ClusterStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: Cluster;
  /** The provider and its variables. */
  public readonly connection: ClusterConnection;
  /** The guard against applying to the wrong cluster. */
  public readonly guard: ClusterGuard;
  /** The Kubernetes objects. */
  public readonly objects: KubernetesObjects;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    this.cluster = props.cluster;
    addStateBackend(this, id, props.state ?? resolveStateBackend(undefined, { cluster: props.cluster }), { laptop: props.laptop });
    this.connection = new ClusterConnection(this, 'Connection', { context: props.cluster.kubeconfig.context, configPath: props.cluster.kubeconfig.path });
    this.guard = new ClusterGuard(this, 'Guard', {
      cluster: props.cluster.name, stack: id, context: this.connection.context.stringValue, allowUnidentified: true,
    });
    this.objects = new KubernetesObjects(this, 'Objects', { manifests: props.manifests, dependsOn: [this.guard.resource] });
  }
}
