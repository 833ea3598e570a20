import { TerraformBackend, TerraformRemoteState, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BackendBlock } from '../environment/state-backends/state-backend';
import { StateBackend, isSharedState, stateBackendBlock } from '../environment/state-backends/registry';

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

/** Options of {@link addStateBackend}. */
export interface StateBackendOptions {
  /**
   * The stack is built for work on a laptop, and no pipeline deploys it: only then may its state be unshared (local).
   * @default false - a pipeline deploys it, so its state must be shared and locked
   */
  readonly laptop?: boolean;
}

/**
 * Gives a stack its own state: each stack (environment or cluster) has a separate state file, key or Secret, so a
 * plan of one environment can never read or lock another's.
 *
 * A stack a pipeline deploys refuses state that is not shared and locked: a CI runner is thrown away after the run,
 * and with it a local state file, so the next `cdktf deploy` would try to create every object again ("Cannot create
 * resource that already exists"), and two pipelines at once would both write.
 *
 * @throws Error when the stack is deployed by a pipeline and its state is not shared
 */
export function addStateBackend(stack: TerraformStack, stackName: string, state: StateBackend, options: StateBackendOptions = {}): BlockBackend {
  if (!options.laptop && !isSharedState(state)) {
    throw new Error(`stack "${stackName}": state.kind is "${state.kind}", which is kept on one machine and lost with a CI runner, so the `
      + 'next deploy would create everything again; a stack a pipeline deploys needs shared, locked state: use state.kind "s3" or '
      + '"kubernetes" (or build the stacks for a laptop, which no pipeline may deploy)');
  }
  return new BlockBackend(stack, stateBackendBlock(state, stackName));
}
