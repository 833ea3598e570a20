import { TerraformBackend, TerraformRemoteState, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BackendBlock } from '../environment/state-backends/state-backend';
import { StateBackend, stateBackendBlock } from '../environment/state-backends/registry';

/**
 * A Terraform backend that writes a {@link BackendBlock} as it is: `terraform.backend.<name>` is its config. One class
 * for every state backend, so a backend is defined as plain data (lib/environment/state-backends/) without cdktf.
 *
 * cdktf's own backend classes write `keysToSnakeCase(props)` (node_modules/cdktf/lib/backends/s3-backend.js,
 * local-backend.js), which the blocks already hold, so the output is the same byte for byte. cdktf has no Kubernetes
 * backend (hashicorp/terraform-cdk#1628), and an `addOverride` on another backend renders two backends: hence a
 * subclass of `TerraformBackend` itself.
 */
export class BlockBackend extends TerraformBackend {
  /** The block it writes. */
  public readonly block: BackendBlock;

  constructor(scope: Construct, block: BackendBlock) {
    super(scope, 'backend', block.name);
    this.block = block;
  }

  /**
   * Reads another stack's outputs from its state: a `terraform_remote_state` with the same backend arguments, in the
   * reader's workspace, as cdktf's S3Backend and LocalBackend do.
   */
  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new BlockRemoteState(scope, name, this.block);
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { ...this.block.config };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return { ...this.block.config };
  }
}

/** A `terraform_remote_state` of any backend block. */
class BlockRemoteState extends TerraformRemoteState {
  constructor(scope: Construct, id: string, block: BackendBlock) {
    // The config keys are Terraform's already; TerraformRemoteState's keysToSnakeCase leaves snake_case keys as they are.
    super(scope, id, block.name, { ...block.config, workspace: '${terraform.workspace}' });
  }
}

/**
 * Gives a stack its own state: each stack (environment or cluster) has a separate state file, key or Secret, so a
 * plan of one environment can never read or lock another's.
 */
export function addStateBackend(stack: TerraformStack, stackName: string, state: StateBackend): BlockBackend {
  return new BlockBackend(stack, stateBackendBlock(state, stackName));
}
