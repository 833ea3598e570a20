import * as path from 'node:path';
import { LocalBackend, S3Backend, Testing, TerraformStack } from 'cdktf';
import { StateBackend } from '../../lib/environment/environment-model';
import { StateBackendKind } from '../../lib/environment/environment-types';
import { addStateBackend, KubernetesBackend } from '../../lib/terraform';
import { LOCAL_STATE_DIR } from '../../lib/terraform/backends/local-backend';
import { emptyStack, synth } from './util';

/** `terraform.backend` of a stack named `name` with the given state. */
function backendOf(name: string, state: StateBackend): any {
  const stack = emptyStack(name);
  addStateBackend(stack, name, state);
  return synth(stack).terraform.backend;
}

const S3_STATE: StateBackend = { kind: StateBackendKind.S3, bucket: 'example-state', region: 'eu-west-1', keyPrefix: 'platform' };
const KUBERNETES_STATE: StateBackend = {
  kind: StateBackendKind.KUBERNETES, namespace: 'terraform-state', context: 'ops-admin', configPath: '/etc/platform/ops.kubeconfig',
};

describe('addStateBackend', () => {
  describe('local', () => {
    test('keeps state at .terraform-state/<stack>/terraform.tfstate, relative to cdktf.out/stacks/<stack>', () => {
      expect(backendOf('dev', { kind: StateBackendKind.LOCAL })).toEqual({ local: { path: '../../../.terraform-state/dev/terraform.tfstate' } });
    });

    test('the path is relative and resolves to the project\'s state folder, outside cdktf.out', () => {
      const statePath: string = backendOf('dev', { kind: StateBackendKind.LOCAL }).local.path;
      expect(path.isAbsolute(statePath)).toBe(false);
      expect(path.posix.normalize(path.posix.join('cdktf.out/stacks/dev', statePath))).toBe(`${LOCAL_STATE_DIR}/dev/terraform.tfstate`);
    });

    test('returns a LocalBackend', () => {
      expect(addStateBackend(emptyStack('dev'), 'dev', { kind: StateBackendKind.LOCAL })).toBeInstanceOf(LocalBackend);
    });
  });

  describe('s3', () => {
    test('keeps state at <prefix>/<stack>/terraform.tfstate, encrypted and locked with a lock file', () => {
      expect(backendOf('production', S3_STATE)).toEqual({
        s3: { bucket: 'example-state', region: 'eu-west-1', key: 'platform/production/terraform.tfstate', encrypt: true, use_lockfile: true },
      });
    });

    test('uses the key prefix', () => {
      expect(backendOf('qa', { ...S3_STATE, keyPrefix: 'teams/a' }).s3.key).toBe('teams/a/qa/terraform.tfstate');
    });

    test('returns an S3Backend', () => {
      expect(addStateBackend(emptyStack('production'), 'production', S3_STATE)).toBeInstanceOf(S3Backend);
    });
  });

  describe('kubernetes', () => {
    test('renders exactly one backend, with the stack name as secret suffix', () => {
      expect(backendOf('staging', KUBERNETES_STATE)).toEqual({
        kubernetes: {
          secret_suffix: 'staging',
          namespace: 'terraform-state',
          config_path: '/etc/platform/ops.kubeconfig',
          config_context: 'ops-admin',
        },
      });
    });

    test('returns a KubernetesBackend', () => {
      expect(addStateBackend(emptyStack('staging'), 'staging', KUBERNETES_STATE)).toBeInstanceOf(KubernetesBackend);
    });
  });

  test.each([
    ['local', { kind: StateBackendKind.LOCAL } as StateBackend],
    ['s3', S3_STATE],
    ['kubernetes', KUBERNETES_STATE],
  ])('%s: each stack gets its own state', (_kind, state) => {
    const dev = backendOf('dev', state);
    const qa = backendOf('qa', state);
    expect(JSON.stringify(dev)).not.toBe(JSON.stringify(qa));
    expect(JSON.stringify(dev).replace(/dev/g, 'qa')).toBe(JSON.stringify(qa));
  });
});

describe('KubernetesBackend', () => {
  test('renders only the fields that are set', () => {
    const stack = emptyStack('dev');
    new KubernetesBackend(stack, { secretSuffix: 'dev' });
    expect(synth(stack).terraform.backend).toEqual({ kubernetes: { secret_suffix: 'dev' } });
  });

  test('reads another stack\'s state through a terraform_remote_state of the kubernetes backend', () => {
    const app = Testing.app();
    const producer = new TerraformStack(app, 'cluster-nonprod');
    const backend = new KubernetesBackend(producer, { secretSuffix: 'cluster-nonprod', namespace: 'terraform-state', configContext: 'nonprod-admin' });
    const consumer = new TerraformStack(app, 'dev');
    backend.getRemoteStateDataSource(consumer, 'cluster', 'cluster-nonprod');
    expect(JSON.parse(Testing.synth(consumer)).data.terraform_remote_state.cluster).toEqual({
      backend: 'kubernetes',
      config: { secret_suffix: 'cluster-nonprod', namespace: 'terraform-state', config_context: 'nonprod-admin' },
    });
  });
});
