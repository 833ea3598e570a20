import { LocalBackend, TerraformStack } from 'cdktf';

/** Folder of local state, relative to the project root (git-ignored). */
export const LOCAL_STATE_DIR = '.terraform-state';

/**
 * Local state at `.terraform-state/<stack>/terraform.tfstate` in the project. The path is relative to the stack's
 * working directory (`cdktf.out/stacks/<stack>`): cdktf's own default is an absolute path, which would make the output
 * differ between clones, and state inside cdktf.out would be wiped by the next synth.
 */
export function localBackend(stack: TerraformStack, stackName: string): LocalBackend {
  return new LocalBackend(stack, { path: `../../../${LOCAL_STATE_DIR}/${stackName}/terraform.tfstate` });
}
