import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesProvider } from './_provider';

/**
 * The hashicorp/kubernetes provider release every stack requires (`required_providers`), instead of the 2.38.0 the
 * prebuilt bindings (@cdktf/provider-kubernetes 12.1.1) pin. With 2.x, `KUBE_CTX`, `KUBE_CONFIG_PATH` and the other
 * `KUBE_*` variables override the configuration of `kubernetes_manifest` only, so the cluster guard and the typed
 * namespace could reach one cluster and the manifests another; 3.0.0 fixed that (GH-2788, CHANGELOG.md;
 * manifest/provider/configure.go reads the environment only where the configuration is empty). The schemas of the
 * resources used here (`kubernetes_manifest`, `kubernetes_namespace_v1`, the `kubernetes_resources` data source) are
 * the same in 2.38.0 and 3.2.1 (`git diff v2.38.0 v3.2.1 -- manifest/provider/provider.go
 * kubernetes/resource_kubernetes_namespace_v1.go` changes copyright lines and a deprecation hook only).
 */
export const KUBERNETES_PROVIDER_VERSION = '3.2.1';

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
    TerraformStack.of(this).addOverride('terraform.required_providers.kubernetes.version', KUBERNETES_PROVIDER_VERSION);
  }
}
