import { TerraformBackend, TerraformRemoteState, DataTerraformRemoteStateConfig } from 'cdktf';
import { Construct } from 'constructs';

/** Configuration of Terraform's `kubernetes` backend. */
export interface KubernetesBackendConfig {
  /** Suffix of the state Secret's name (`tfstate-<workspace>-<suffix>`); one per stack. */
  readonly secretSuffix: string;
  /**
   * Namespace of the state Secret and its lock Lease.
   * @default 'default' (Terraform's default)
   */
  readonly namespace?: string;
  /**
   * Kubeconfig file.
   * @default - KUBE_CONFIG_PATH
   */
  readonly configPath?: string;
  /**
   * Kubeconfig context.
   * @default - the current context
   */
  readonly configContext?: string;
}

/**
 * Terraform's `kubernetes` backend: state in a Secret, locked with a Lease. cdktf has no class for it
 * (hashicorp/terraform-cdk#1628), and an `addOverride` on another backend renders two backends, so this subclasses
 * `TerraformBackend` directly.
 *
 * @see https://developer.hashicorp.com/terraform/language/backend/kubernetes
 */
export class KubernetesBackend extends TerraformBackend {
  constructor(scope: Construct, private readonly config: KubernetesBackendConfig) {
    super(scope, 'backend', 'kubernetes');
  }

  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new DataTerraformRemoteStateKubernetes(scope, name, { ...this.config });
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return this.attributes();
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return this.attributes();
  }

  private attributes(): { [name: string]: any } {
    const out: { [name: string]: any } = { secret_suffix: this.config.secretSuffix };
    if (this.config.namespace !== undefined) out.namespace = this.config.namespace;
    if (this.config.configPath !== undefined) out.config_path = this.config.configPath;
    if (this.config.configContext !== undefined) out.config_context = this.config.configContext;
    return out;
  }
}

/** Reads another stack's outputs from its kubernetes-backend state. */
class DataTerraformRemoteStateKubernetes extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: DataTerraformRemoteStateConfig & KubernetesBackendConfig) {
    super(scope, id, 'kubernetes', config);
  }
}
