import { Construct } from 'constructs';
import { IDENTITY_CONFIG_MAP, IDENTITY_NAMESPACE } from '../cluster/cluster-defaults';
import { DataKubernetesResources } from './_provider';

/** Props of {@link ClusterGuard}. */
export interface ClusterGuardProps {
  /** The cluster the stack was written for. */
  readonly cluster: string;
  /** The stack's name, for the message. */
  readonly stack: string;
  /** The kube context in use, for the message (usually the `kube_context` variable). */
  readonly context: string;
  /**
   * A Terraform boolean expression (the cluster stack's `bootstrap_cluster` variable) that, when true, also accepts a
   * cluster without identity: bootstrapping a new cluster is an explicit, named step, never a silent acceptance. Only
   * the cluster's own stack, which creates the identity, has one.
   * @default - a cluster without identity is always refused
   */
  readonly bootstrap?: string;
}

/**
 * Refuses, at plan time, to touch a cluster other than the stack's own: reads the `kube-system/platform-identity`
 * ConfigMap through the context in use and fails the plan (a postcondition) unless it names the expected cluster. It
 * lists the ConfigMap by name (`kubernetes_resources`), which returns nothing rather than an error where the
 * identity is missing, so that case gets this message too.
 */
export class ClusterGuard extends Construct {
  /** The data source; make what must not run on the wrong cluster depend on it. */
  public readonly resource: DataKubernetesResources;

  constructor(scope: Construct, id: string, props: ClusterGuardProps) {
    super(scope, id);
    const found = 'try(self.objects[0].data.cluster, "")';
    const shown = `try(self.objects[0].data.cluster, "an unidentified cluster (no ${IDENTITY_NAMESPACE}/${IDENTITY_CONFIG_MAP})")`;
    const bootstrap = props.bootstrap;
    const condition = bootstrap === undefined
      ? `\${${found} == ${JSON.stringify(props.cluster)}}`
      : `\${${found} == ${JSON.stringify(props.cluster)} || (${bootstrap} && ${found} == "")}`;
    const hint = bootstrap === undefined
      ? `Select the context of the right cluster (TF_VAR_kube_context); if this is a new cluster, deploy stack cluster-${props.cluster} first.`
      : 'Select the context of the right cluster (TF_VAR_kube_context); if this is a new, empty cluster, bootstrap it explicitly '
        + `(TF_VAR_bootstrap_cluster=true cdktf deploy cluster-${props.cluster}).`;
    this.resource = new DataKubernetesResources(this, 'identity', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: IDENTITY_NAMESPACE,
      fieldSelector: `metadata.name=${IDENTITY_CONFIG_MAP}`,
      lifecycle: {
        postcondition: [{
          condition,
          errorMessage: `Stack "${props.stack}" is written for cluster "${props.cluster}", but kube context "${props.context}" points at \${${shown}}. `
            + hint,
        }],
      },
    });
    this.resource.overrideLogicalId('cluster_identity');
  }
}

