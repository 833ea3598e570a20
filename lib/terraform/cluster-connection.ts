import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesProvider } from './_provider';

/** Props of {@link ClusterConnection}. */
export interface ClusterConnectionProps {
  /** Default kubeconfig context; CI overrides it with `TF_VAR_kube_context`. */
  readonly context: string;
  /**
   * Default kubeconfig path; CI overrides it with `TF_VAR_kube_config_path`.
   * @default '~/.kube/config'
   */
  readonly configPath?: string;
}

/**
 * The Kubernetes provider of a stack, configured from the cluster definition through two variables, `kube_context`
 * and `kube_config_path`, so CI can point a stack at its credentials without editing code. Whatever they are set to,
 * the {@link ClusterGuard} refuses to apply to a cluster other than the one the stack was written for.
 */
export class ClusterConnection extends Construct {
  /** The provider. */
  public readonly provider: KubernetesProvider;
  /** The `kube_context` variable. */
  public readonly context: TerraformVariable;
  /** The `kube_config_path` variable. */
  public readonly configPath: TerraformVariable;

  constructor(scope: Construct, id: string, props: ClusterConnectionProps) {
    super(scope, id);
    this.configPath = new TerraformVariable(this, 'kube_config_path', {
      type: 'string',
      default: props.configPath ?? '~/.kube/config',
      description: 'Path of the kubeconfig file (TF_VAR_kube_config_path).',
    });
    this.configPath.overrideLogicalId('kube_config_path');
    this.context = new TerraformVariable(this, 'kube_context', {
      type: 'string',
      default: props.context,
      description: 'Kubeconfig context of the cluster (TF_VAR_kube_context); the cluster guard checks where it points.',
    });
    this.context.overrideLogicalId('kube_context');
    this.provider = new KubernetesProvider(this, 'kubernetes', {
      configPath: this.configPath.stringValue,
      configContext: this.context.stringValue,
    });
  }
}
