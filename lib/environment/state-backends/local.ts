import { z } from 'zod';
import { BackendBlock, StateBackendPlugin } from './state-backend';

/** Folder of local state, relative to the project root (git-ignored). */
export const LOCAL_STATE_DIR = '.terraform-state';

/** Local Terraform state: one file per stack under `.terraform-state/` in the project. */
export interface LocalStateSettings {
  readonly kind: 'local';
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
  schema: z.strictObject({ kind: z.literal('local') }),
  resolve: () => ({ kind: 'local' }),
  block: (_state, stackName): BackendBlock => ({ name: 'local', config: { path: `../../../${LOCAL_STATE_DIR}/${stackName}/terraform.tfstate` } }),
};
