import { z } from 'zod';
import { BackendBlock, StateBackendPlugin } from './state-backend';

/** Folder of local state, relative to the project root (git-ignored). */
export const LOCAL_STATE_DIR = '.terraform-state';

/** Why local state must be asked for by name: what it costs, and what to use instead. */
const LAPTOP_ONLY_HINT = 'local state lives on one machine and is lost with a CI runner; set laptopOnly: true to keep it for work on '
  + 'a laptop, or use state.kind "s3" or "kubernetes" for a stack a pipeline deploys';

/**
 * Local Terraform state: one file per stack under `.terraform-state/` in the project. Only for work on a laptop, and
 * only when asked for by name (`laptopOnly: true`): a pipeline's stacks refuse it (see `StateBackendPlugin.shared`).
 */
export interface LocalStateSettings {
  /** Selects local state. */
  readonly kind: 'local';
  /** Acknowledges that this state is kept on one machine, unlocked, and that no pipeline may deploy the stack. */
  readonly laptopOnly: true;
}

/** Local state, resolved: nothing to fill in. */
export interface LocalStateBackend {
  readonly kind: 'local';
}

/**
 * Local state at `.terraform-state/<stack>/terraform.tfstate` in the project. The path is relative to the stack's
 * working directory (`cdktf.out/stacks/<stack>`): cdktf's own default is an absolute path
 * (`path.join(process.cwd(), 'terraform.<stack>.tfstate')`, node_modules/cdktf/lib/backends/local-backend.js), which
 * would make the output differ between clones, and state inside cdktf.out would be wiped by the next synth.
 */
export const localState: StateBackendPlugin<LocalStateSettings, LocalStateBackend> = {
  kind: 'local',
  shared: false,
  schema: z.strictObject({ kind: z.literal('local'), laptopOnly: z.custom<true>((value) => value === true, { error: LAPTOP_ONLY_HINT }) }),
  resolve: () => ({ kind: 'local' }),
  block: (_state, stackName): BackendBlock => ({ name: 'local', config: { path: `../../../${LOCAL_STATE_DIR}/${stackName}/terraform.tfstate` } }),
};
