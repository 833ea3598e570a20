import { z } from 'zod';
import { dnsLabel } from '../../core/schema';
import { kubeconfigContext } from '../../cluster/cluster-schema';
import { BackendBlock, StateBackendPlugin } from './state-backend';

/** Namespace of the state Secrets of the Kubernetes backend. */
export const DEFAULT_STATE_NAMESPACE = 'terraform-state';

/** Terraform state in a Secret of a Kubernetes cluster, locked with a Lease. */
export interface KubernetesStateSettings {
  /** Selects state in a Kubernetes Secret. */
  readonly kind: 'kubernetes';
  /**
   * Namespace of the state Secrets (on the cluster the kubeconfig context below points at).
   * @default 'terraform-state'
   */
  readonly namespace?: string;
  /**
   * Kubeconfig context of the cluster that holds the state.
   * @default - the context of the environment's own cluster
   */
  readonly context?: string;
}

/** Kubernetes state with its defaults applied: the kubeconfig file is the cluster's. */
export interface KubernetesStateBackend {
  readonly kind: 'kubernetes';
  readonly namespace: string;
  readonly context: string;
  readonly configPath: string;
}

/**
 * Terraform's `kubernetes` backend: state in a Secret `tfstate-<workspace>-<stack>`, locked with a Lease, reached
 * through the cluster's kubeconfig file. cdktf has no class for it (hashicorp/terraform-cdk#1628); lib/terraform writes
 * its block like any other.
 *
 * @see https://developer.hashicorp.com/terraform/language/backend/kubernetes
 */
export const kubernetesState: StateBackendPlugin<KubernetesStateSettings, KubernetesStateBackend> = {
  kind: 'kubernetes',
  shared: true,
  schema: z.strictObject({
    kind: z.literal('kubernetes'),
    namespace: dnsLabel.optional(),
    context: kubeconfigContext.optional(),
  }),
  resolve: (settings, { cluster }) => ({
    kind: 'kubernetes',
    namespace: settings.namespace ?? DEFAULT_STATE_NAMESPACE,
    context: settings.context ?? cluster.kubeconfig.context,
    configPath: cluster.kubeconfig.path,
  }),
  block: (state, stackName): BackendBlock => ({
    name: 'kubernetes',
    config: { secret_suffix: stackName, namespace: state.namespace, config_path: state.configPath, config_context: state.context },
  }),
};
