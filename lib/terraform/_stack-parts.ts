import { TerraformStack } from 'cdktf';
import { Cluster } from '../cluster/cluster-model';
import { StateBackend } from '../environment/state-backends/registry';
import { ClusterConnection } from './cluster-connection';
import { ClusterGuard } from './cluster-guard';
import { KubernetesObjects, KubernetesObjectsProps } from './kubernetes-objects';
import { addStateBackend } from './state-backend';

/** Props of {@link addStackParts}. */
export interface StackPartsProps {
  /** The cluster the stack is written for: its kubeconfig is the connection's default, its name what the guard expects. */
  readonly cluster: Cluster;
  /** Where the stack's state lives; the stack's name is its key, suffix or file. */
  readonly state: StateBackend;
  /**
   * Built for work on a laptop: the state may then be local. No pipeline may deploy such a stack.
   * @default false - a pipeline deploys it, and its state must be shared and locked
   */
  readonly laptop?: boolean;
  /**
   * A Terraform boolean expression that, when true, lets the guard also accept a cluster without identity (the
   * guard's `bootstrap`): only the cluster's own stack, which creates the identity, has one.
   * @default - a cluster without identity is always refused
   */
  readonly bootstrap?: string;
  /** The objects and what of them is protected; they are applied after the guard (`dependsOn` is the guard's). */
  readonly objects: Omit<KubernetesObjectsProps, 'dependsOn' | 'kubectl'>;
  /**
   * Run the kubectl steps (a rollout check after each workload, the hand-over of a count to a new autoscaler, the check
   * of changed claim templates), with `kubectl` connected through the stack's own `kube_config_path` and `kube_context`
   * variables, so it reaches the cluster the guard checked (docs/deploy.md, 1 and 9).
   * @default false - workloads are applied without waiting, and without these steps
   */
  readonly kubectlSteps?: boolean;
}

/** What {@link addStackParts} adds to a stack. */
export interface StackParts {
  /** The provider and its `kube_context` and `kube_config_path` variables. */
  readonly connection: ClusterConnection;
  /** The guard against applying to the wrong cluster. */
  readonly guard: ClusterGuard;
  /** The Kubernetes objects. */
  readonly objects: KubernetesObjects;
}

/**
 * Adds to a stack what every stack that applies rendered objects to one cluster is made of (`cluster-<cluster>`,
 * `governance-<environment>`, `<environment>`), in this order and under these ids, which become the Terraform
 * addresses and construct paths of its file:
 *
 * - its own state, under the stack's name, refused where a pipeline would lose it (`addStateBackend`);
 * - the connection, `Connection`: the provider, configured from `kube_config_path` and `kube_context` so CI can point
 *   the stack at its identity's credentials, defaulting to the cluster's kubeconfig;
 * - the guard, `Guard`: at plan time, fails unless the context in use reaches the cluster the stack is written for;
 * - the objects, `Objects`: every one applied after the guard.
 *
 * What differs between the stacks (which state, which objects, what is protected, the cluster stack's bootstrap step,
 * kubectl steps) is passed in, so it stays in each stack's own file.
 *
 * @throws Error when the stack is deployed by a pipeline and its state is not shared
 */
export function addStackParts(stack: TerraformStack, props: StackPartsProps): StackParts {
  const name = stack.node.id;
  addStateBackend(stack, name, props.state, { laptop: props.laptop });
  const connection = new ClusterConnection(stack, 'Connection', { context: props.cluster.kubeconfig.context, configPath: props.cluster.kubeconfig.path });
  const guard = new ClusterGuard(stack, 'Guard', {
    cluster: props.cluster.name, stack: name, context: connection.context.stringValue, bootstrap: props.bootstrap,
  });
  const objects = new KubernetesObjects(stack, 'Objects', {
    ...props.objects,
    dependsOn: [guard.resource],
    kubectl: props.kubectlSteps
      ? { configPath: connection.configPath.stringValue, context: connection.context.stringValue }
      : undefined,
  });
  return { connection, guard, objects };
}
