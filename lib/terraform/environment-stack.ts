import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Environment } from '../environment/environment-model';
import { ClusterConnection } from './cluster-connection';
import { ClusterGuard } from './cluster-guard';
import { KubernetesObjects } from './kubernetes-objects';
import { addStateBackend } from './state-backend';

/** Kinds that hold a protected environment's data: no deploy may destroy them (`prevent_destroy`). */
export const PROTECTED_DATA_KINDS: readonly string[] = ['StatefulSet', 'PersistentVolumeClaim'];

/** Props of {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  /** The validated environment. */
  readonly environment: Environment;
  /** The environment's rendered objects: `toJson()` of the cdk8s charts of the environment. */
  readonly manifests: any[];
  /**
   * Built for work on a laptop: the environment's state may then be local. No pipeline may deploy such a stack.
   * @default false - a pipeline deploys it, and its state must be shared and locked
   */
  readonly laptop?: boolean;
}

/**
 * The Terraform of one environment, named after it (`cdktf deploy <environment>`): its own state, a provider for its
 * cluster, the cluster guard, exactly the objects of the environment's manifests, and a rollout check per workload.
 * Protected environments keep their namespace and what holds their data under `prevent_destroy`.
 */
export class EnvironmentStack extends TerraformStack {
  /** The environment. */
  public readonly environment: Environment;
  /** The provider and its variables. */
  public readonly connection: ClusterConnection;
  /** The guard against applying to the wrong cluster. */
  public readonly guard: ClusterGuard;
  /** The Kubernetes objects. */
  public readonly objects: KubernetesObjects;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    this.environment = env;
    addStateBackend(this, id, env.state, { laptop: props.laptop });
    this.connection = new ClusterConnection(this, 'Connection', { context: env.cluster.kubeconfig.context, configPath: env.cluster.kubeconfig.path });
    this.guard = new ClusterGuard(this, 'Guard', { cluster: env.cluster.name, stack: id, context: this.connection.context.stringValue });
    this.objects = new KubernetesObjects(this, 'Objects', {
      manifests: props.manifests,
      protect: env.protected,
      protectKinds: env.protected ? PROTECTED_DATA_KINDS : undefined,
      dependsOn: [this.guard.resource],
      rolloutCheck: { configPath: this.connection.configPath.stringValue, context: this.connection.context.stringValue },
    });
  }
}
