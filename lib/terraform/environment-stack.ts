import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Environment } from '../environment/environment-model';
import { deployerStateNamespace } from '../environment/governing-kinds';
import { StateBackend } from '../environment/state-backends/registry';
import { addStackParts } from './_stack-parts';
import { ClusterConnection } from './cluster-connection';
import { ClusterGuard } from './cluster-guard';
import { KubernetesObjects } from './kubernetes-objects';

/** Kinds that hold a protected environment's data: no deploy may destroy them (`prevent_destroy`). */
export const PROTECTED_DATA_KINDS: readonly string[] = ['StatefulSet', 'PersistentVolumeClaim'];

/** Props of {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  /** The validated environment. */
  readonly environment: Environment;
  /**
   * What the environment runs: those of its rendered objects that do not govern it (`isGoverningObject`,
   * lib/environment/governing-kinds.ts). The {@link GovernanceStack} applies the others.
   */
  readonly manifests: any[];
  /**
   * Built for work on a laptop: the environment's state may then be local. No pipeline may deploy such a stack.
   * @default false - a pipeline deploys it, and its state must be shared and locked
   */
  readonly laptop?: boolean;
}

/**
 * The Terraform of what one environment runs, named after it (`cdktf deploy <environment>`), applied with the
 * environment's deployer identity: its own state, a provider for its cluster, the cluster guard, exactly the apps'
 * objects, and a rollout check per workload. The namespace and everything that governs it are in the environment's
 * `governance-<environment>` stack, which must be applied first; so nothing here needs more than the deployer's Role.
 * Protected environments keep what holds their data under `prevent_destroy`.
 *
 * With the `kubernetes` state backend, the state is kept in the deployer's own state namespace
 * (`deployerStateNamespace`), the only place it may write Secrets.
 */
export class EnvironmentStack extends TerraformStack {
  /** The environment. */
  public readonly environment: Environment;
  /** The provider and its variables: CI points them at the deployer's credentials. */
  public readonly connection: ClusterConnection;
  /** The guard against applying to the wrong cluster. */
  public readonly guard: ClusterGuard;
  /** The Kubernetes objects. */
  public readonly objects: KubernetesObjects;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    this.environment = env;
    const parts = addStackParts(this, {
      cluster: env.cluster,
      state: deployerState(env),
      laptop: props.laptop,
      objects: {
        manifests: props.manifests,
        // The addresses the environment's objects had when one stack held the namespace too (kubernetes_manifest.<kind>_<name>).
        namespace: env.namespace,
        protectKinds: env.protected ? PROTECTED_DATA_KINDS : undefined,
      },
      kubectlSteps: true,
    });
    this.connection = parts.connection;
    this.guard = parts.guard;
    this.objects = parts.objects;
  }
}

/** The state of an environment's own stack: the environment's backend, in the deployer's state namespace for `kubernetes`. */
function deployerState(env: Environment): StateBackend {
  const namespace = deployerStateNamespace(env);
  return env.state.kind === 'kubernetes' && namespace !== undefined ? { ...env.state, namespace } : env.state;
}
