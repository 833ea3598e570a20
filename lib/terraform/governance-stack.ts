import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Environment } from '../environment/environment-model';
import { addStackParts } from './_stack-parts';
import { ClusterConnection } from './cluster-connection';
import { ClusterGuard } from './cluster-guard';
import { KubernetesObjects } from './kubernetes-objects';

/** Props of {@link GovernanceStack}. */
export interface GovernanceStackProps {
  /** The validated environment. */
  readonly environment: Environment;
  /**
   * The objects that govern the environment: those of its rendered objects that `isGoverningObject` accepts
   * (lib/environment/governing-kinds.ts).
   */
  readonly manifests: any[];
  /**
   * Built for work on a laptop: the state may then be local. No pipeline may deploy such a stack.
   * @default false - a pipeline deploys it, and its state must be shared and locked
   */
  readonly laptop?: boolean;
}

/**
 * The Terraform of what governs one environment (`cdktf deploy governance-<environment>`), applied with the platform's
 * own identity: the namespace and its Pod Security labels, ResourceQuota, LimitRange, every NetworkPolicy (the
 * default-deny, the platform's allows and the apps' own), the Roles and RoleBindings (the deployer's among them), the
 * ServiceAccounts, and ExternalSecrets. The environment's deployer cannot change any of it.
 *
 * A stack of its own per environment rather than part of the cluster's: previews are created per pull request, and a
 * pull request's apply of a shared stack would destroy the namespaces of every preview its definition does not hold.
 * Its state is the environment's backend under its own key (`governance-<environment>`). A protected environment's
 * namespace is under `prevent_destroy` here, where the namespace now lives.
 */
export class GovernanceStack extends TerraformStack {
  /** The environment. */
  public readonly environment: Environment;
  /** The provider and its variables: the platform's kube context. */
  public readonly connection: ClusterConnection;
  /** The guard against applying to the wrong cluster. */
  public readonly guard: ClusterGuard;
  /** The Kubernetes objects. */
  public readonly objects: KubernetesObjects;

  constructor(scope: Construct, id: string, props: GovernanceStackProps) {
    super(scope, id);
    const env = props.environment;
    this.environment = env;
    const parts = addStackParts(this, {
      cluster: env.cluster,
      state: env.state,
      laptop: props.laptop,
      objects: { manifests: props.manifests, protect: env.protected },
    });
    this.connection = parts.connection;
    this.guard = parts.guard;
    this.objects = parts.objects;
  }
}
