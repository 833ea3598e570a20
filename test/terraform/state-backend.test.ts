import { LocalBackend, S3Backend, S3BackendConfig, Testing, TerraformStack } from 'cdktf';
import { StateBackend, StateBackendKind } from '../../lib/environment/state-backends/registry';
import { addStateBackend, BlockBackend } from '../../lib/terraform/state-backend';
import { emptyStack, synth } from './util';

/** `terraform.backend` of a stack named `name` with the given state. */
function backendOf(name: string, state: StateBackend): any {
  const stack = emptyStack(name);
  addStateBackend(stack, name, state, { laptop: true });
  return synth(stack).terraform.backend;
}

/** The whole Terraform JSON of a stack named `name` whose backend `addBackend` adds, metadata included, before cdktf sorts its keys. */
function stackJson(name: string, addBackend: (stack: TerraformStack) => void): string {
  const stack = emptyStack(name);
  addBackend(stack);
  return JSON.stringify(stack.toTerraform());
}

/** What this project wrote for S3 state before backends became plain data: cdktf's S3Backend with use_lockfile after its props. */
class LockingS3Backend extends S3Backend {
  protected synthesizeAttributes(): { [name: string]: any } {
    return { ...super.synthesizeAttributes(), use_lockfile: true };
  }
}

const LOCAL_STATE: StateBackend = { kind: StateBackendKind.LOCAL };
const S3_STATE: StateBackend = { kind: StateBackendKind.S3, bucket: 'example-state', region: 'eu-west-1', keyPrefix: 'platform' };
const KUBERNETES_STATE: StateBackend = {
  kind: StateBackendKind.KUBERNETES, namespace: 'terraform-state', context: 'ops-admin', configPath: '/etc/platform/ops.kubeconfig',
};

describe('addStateBackend', () => {
  test('fails when a stack a pipeline deploys keeps state that is not shared', () => {
    expect(() => addStateBackend(emptyStack('dev'), 'dev', LOCAL_STATE)).toThrow(
      'stack "dev": state.kind is "local", which is kept on one machine and lost with a CI runner, so the next deploy would create everything again',
    );
  });

  test('accepts shared state for a stack a pipeline deploys', () => {
    expect(() => addStateBackend(emptyStack('production'), 'production', S3_STATE)).not.toThrow();
    expect(() => addStateBackend(emptyStack('staging'), 'staging', KUBERNETES_STATE)).not.toThrow();
  });

  test('local: writes exactly what cdktf\'s LocalBackend writes for the same path', () => {
    const path = '../../../.terraform-state/dev/terraform.tfstate';
    expect(backendOf('dev', LOCAL_STATE)).toEqual({ local: { path } });
    expect(stackJson('dev', (stack) => addStateBackend(stack, 'dev', LOCAL_STATE, { laptop: true }))).toBe(stackJson('dev', (stack) => new LocalBackend(stack, { path })));
  });

  test('s3: writes exactly what cdktf\'s S3Backend wrote, with use_lockfile after its props', () => {
    const config: S3BackendConfig = { bucket: 'example-state', region: 'eu-west-1', key: 'platform/production/terraform.tfstate', encrypt: true };
    expect(backendOf('production', S3_STATE)).toEqual({ s3: { ...config, use_lockfile: true } });
    expect(stackJson('production', (stack) => addStateBackend(stack, 'production', S3_STATE)))
      .toBe(stackJson('production', (stack) => new LockingS3Backend(stack, config)));
  });

  test('kubernetes: renders exactly one backend, with the stack name as secret suffix', () => {
    expect(backendOf('staging', KUBERNETES_STATE)).toEqual({
      kubernetes: {
        secret_suffix: 'staging',
        namespace: 'terraform-state',
        config_path: '/etc/platform/ops.kubeconfig',
        config_context: 'ops-admin',
      },
    });
  });

  test('returns the stack\'s BlockBackend', () => {
    const stack = emptyStack('dev');
    const backend = addStateBackend(stack, 'dev', S3_STATE);
    expect(backend).toBeInstanceOf(BlockBackend);
    expect(backend.node.scope).toBe(stack);
    expect(backend.block.name).toBe('s3');
  });

  test.each([
    ['local', LOCAL_STATE],
    ['s3', S3_STATE],
    ['kubernetes', KUBERNETES_STATE],
  ])('%s: each stack gets its own state', (_kind, state) => {
    const dev = backendOf('dev', state);
    const qa = backendOf('qa', state);
    expect(JSON.stringify(dev)).not.toBe(JSON.stringify(qa));
    expect(JSON.stringify(dev).replace(/dev/g, 'qa')).toBe(JSON.stringify(qa));
  });

  test('fails when no backend of the state\'s kind is registered', () => {
    expect(() => addStateBackend(emptyStack('dev'), 'dev', { kind: 'no-such-backend' } as unknown as StateBackend)).toThrow(
      /^state backend "no-such-backend" is not registered; expected one of "local", "s3", /,
    );
  });
});

describe('BlockBackend', () => {
  test('writes exactly the block\'s arguments, under the block\'s name', () => {
    const stack = emptyStack('dev');
    new BlockBackend(stack, { name: 'kubernetes', config: { secret_suffix: 'dev', namespace: 'tf' } });
    expect(synth(stack).terraform.backend).toStrictEqual({ kubernetes: { secret_suffix: 'dev', namespace: 'tf' } });
  });

  test('reads another stack\'s state as cdktf\'s LocalBackend does: same arguments, the reader\'s workspace', () => {
    const path = '../../../.terraform-state/cluster-nonprod/terraform.tfstate';
    const remoteState = (backend: (producer: TerraformStack) => { getRemoteStateDataSource: LocalBackend['getRemoteStateDataSource'] }) => {
      const app = Testing.app();
      const consumer = new TerraformStack(app, 'dev');
      backend(new TerraformStack(app, 'cluster-nonprod')).getRemoteStateDataSource(consumer, 'cluster', 'cluster-nonprod');
      return Testing.synth(consumer);
    };
    expect(remoteState((producer) => new BlockBackend(producer, { name: 'local', config: { path } })))
      .toBe(remoteState((producer) => new LocalBackend(producer, { path })));
  });

  test('reads another stack\'s state through a terraform_remote_state of the kubernetes backend', () => {
    const app = Testing.app();
    const producer = new TerraformStack(app, 'cluster-nonprod');
    const backend = new BlockBackend(producer, {
      name: 'kubernetes', config: { secret_suffix: 'cluster-nonprod', namespace: 'terraform-state', config_context: 'nonprod-admin' },
    });
    const consumer = new TerraformStack(app, 'dev');
    backend.getRemoteStateDataSource(consumer, 'cluster', 'cluster-nonprod');
    expect(JSON.parse(Testing.synth(consumer)).data.terraform_remote_state.cluster).toEqual({
      backend: 'kubernetes',
      workspace: '${terraform.workspace}',
      config: { secret_suffix: 'cluster-nonprod', namespace: 'terraform-state', config_context: 'nonprod-admin' },
    });
  });
});
