import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Environment } from '../environment/environment-model';
import { ClusterConnection } from './cluster-connection';
import { ClusterGuard } from './cluster-guard';
import { KubernetesObjects } from './kubernetes-objects';
import { addStateBackend } from './state-backend';

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
 * cluster, the cluster guard, and exactly the objects of the environment's manifests. Protected environments keep
 * their namespace under `prevent_destroy`.
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
    this.objects = new KubernetesObjects(this, 'Objects', { manifests: props.manifests, protect: env.protected, dependsOn: [this.guard.resource] });
  }
}
