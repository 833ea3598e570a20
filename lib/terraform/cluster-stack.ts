import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Cluster } from '../cluster/cluster-model';
import { StateBackend, resolveStateBackend } from '../environment/state-backends/registry';
import { addStackParts } from './_stack-parts';
import { ClusterConnection } from './cluster-connection';
import { ClusterGuard } from './cluster-guard';
import { KubernetesObjects } from './kubernetes-objects';

/**
 * Kinds whose loss breaks every new pod of the cluster (a pod naming a missing PriorityClass is refused by admission;
 * a claim naming a missing StorageClass stays Pending): no deploy may destroy them where a protected environment runs.
 */
export const PROTECTED_CLUSTER_KINDS: readonly string[] = ['PriorityClass', 'StorageClass'];

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
   * The cluster hosts a protected environment: what every new pod needs (PriorityClasses, StorageClasses) is then
   * under `prevent_destroy`.
   * @default false
   */
  readonly protected?: boolean;
  /**
   * Built for work on a laptop: the state may then be local. No pipeline may deploy such a stack.
   * @default false - a pipeline deploys it, and its state must be shared and locked
   */
  readonly laptop?: boolean;
}

/**
 * The Terraform of a cluster's cluster-level objects (`cdktf deploy cluster-<name>`), kept apart from environment
 * stacks: `kubernetes_manifest` needs the API (and CRDs) at plan time, and environments must not be able to change
 * what other environments rely on. Its guard accepts a cluster without identity only when bootstrapping is asked for by
 * name (`TF_VAR_bootstrap_cluster=true`), since this stack creates the identity.
 */
export class ClusterStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: Cluster;
  /** The provider and its variables. */
  public readonly connection: ClusterConnection;
  /** The guard against applying to the wrong cluster. */
  public readonly guard: ClusterGuard;
  /**
   * The `bootstrap_cluster` variable (`TF_VAR_bootstrap_cluster=true`): the named step that lets this stack stamp its
   * identity on a cluster that has none. Without it, a cluster without identity is refused like any other.
   */
  public readonly bootstrap: TerraformVariable;
  /** The Kubernetes objects. */
  public readonly objects: KubernetesObjects;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    this.cluster = props.cluster;
    // Made before the parts, whose guard reads it. Where a variable is made does not show in cdk.tf.json: cdktf writes
    // it with sorted keys (json-stable-stringify, node_modules/cdktf/lib/synthesize/synthesizer.js).
    this.bootstrap = new TerraformVariable(this, 'bootstrap_cluster', {
      type: 'bool',
      default: false,
      description: 'Set to true (TF_VAR_bootstrap_cluster=true) only for the first deploy to a new, empty cluster: lets this stack create its identity.',
    });
    this.bootstrap.overrideLogicalId('bootstrap_cluster');
    const parts = addStackParts(this, {
      cluster: props.cluster,
      state: props.state ?? resolveStateBackend(undefined, { cluster: props.cluster }),
      laptop: props.laptop,
      bootstrap: this.bootstrap.stringValue,
      objects: { manifests: props.manifests, protectKinds: props.protected ? PROTECTED_CLUSTER_KINDS : undefined },
    });
    this.connection = parts.connection;
    this.guard = parts.guard;
    this.objects = parts.objects;
  }
}
