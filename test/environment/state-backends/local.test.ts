import * as path from 'node:path';
import { LOCAL_STATE_DIR, localState } from '../../../lib/environment/state-backends/local';
import { StateBackendKind } from '../../../lib/environment/state-backends/registry';
import { testCluster } from '../../cluster/util';

describe('localState', () => {
  test('accepts { kind: "local", laptopOnly: true } and nothing more', () => {
    expect(localState.schema.safeParse({ kind: 'local', laptopOnly: true }).success).toBe(true);
    expect(localState.schema.safeParse({ kind: 'local', laptopOnly: true, path: '/tmp/state' }).success).toBe(false);
  });

  test('fails when local state is not asked for as laptop-only', () => {
    for (const settings of [{ kind: 'local' }, { kind: 'local', laptopOnly: false }]) {
      const result = localState.schema.safeParse(settings);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toMatch(/^local state lives on one machine and is lost with a CI runner; set laptopOnly: true/);
    }
  });

  test('is not shared: a pipeline\'s stack refuses it', () => {
    expect(localState.shared).toBe(false);
  });

  test('resolves to { kind: "local" }', () => {
    expect(localState.resolve({ kind: StateBackendKind.LOCAL, laptopOnly: true }, { cluster: testCluster() })).toStrictEqual({ kind: 'local' });
  });

  test('keeps state at .terraform-state/<stack>/terraform.tfstate, relative to cdktf.out/stacks/<stack>', () => {
    expect(localState.block({ kind: StateBackendKind.LOCAL }, 'dev')).toStrictEqual({
      name: 'local', config: { path: '../../../.terraform-state/dev/terraform.tfstate' },
    });
  });

  test('the path is relative and resolves to the project\'s state folder, outside cdktf.out', () => {
    const statePath = localState.block({ kind: StateBackendKind.LOCAL }, 'dev').config.path as string;
    expect(path.isAbsolute(statePath)).toBe(false);
    expect(path.posix.normalize(path.posix.join('cdktf.out/stacks/dev', statePath))).toBe(`${LOCAL_STATE_DIR}/dev/terraform.tfstate`);
  });
});
