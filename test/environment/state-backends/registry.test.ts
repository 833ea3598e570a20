import { parseWith } from '../../../lib/core/schema';
import {
  DEFAULT_STATE_SETTINGS, STATE_BACKENDS, StateBackend, StateBackendKind, StateSettings, isSharedState, resolveStateBackend, stateBackendBlock,
  stateSettingsSchema,
} from '../../../lib/environment/state-backends/registry';
import { testCluster } from '../../cluster/util';

/** What messages allow for a kind: every registered backend's, in the order of the list. */
const KINDS = `expected one of ${STATE_BACKENDS.map((backend) => `"${backend.kind}"`).join(', ')}`;

describe('STATE_BACKENDS', () => {
  test('registers each kind once', () => {
    const registered = STATE_BACKENDS.map((backend) => backend.kind);
    expect(new Set(registered).size).toBe(registered.length);
  });

  test('StateBackendKind names every registered kind by constant, derived from the list', () => {
    expect(StateBackendKind).toMatchObject({ LOCAL: 'local', S3: 's3', KUBERNETES: 'kubernetes' });
    expect(Object.entries(StateBackendKind)).toEqual(STATE_BACKENDS.map((b) => [b.kind.toUpperCase().replace(/-/g, '_'), b.kind]));
  });
});

describe('stateSettingsSchema', () => {
  test('checks the settings with the schema of the backend their kind names', () => {
    expect(parseWith(stateSettingsSchema, { kind: 's3', bucket: 'tf-state', region: 'eu-west-1' }, 'test').issues).toEqual([]);
    expect(parseWith(stateSettingsSchema, { kind: 'kubernetes', bucket: 'tf-state' }, 'test').issues.map((i) => `${i.path}: ${i.allowed}`))
      .toEqual(['bucket: unknown field; allowed fields here: kind, namespace, context']);
  });

  test('fails when the kind is unknown or missing, listing the registered kinds', () => {
    expect(parseWith(stateSettingsSchema, { kind: 'no-such-backend' }, 'test').issues.map((i) => `${i.path}: ${i.allowed}`)).toEqual([`kind: ${KINDS}`]);
    expect(parseWith(stateSettingsSchema, { bucket: 'tf' }, 'test').issues.map((i) => `${i.path}: ${i.allowed}`)).toEqual([`kind: ${KINDS}`]);
  });
});

describe('resolveStateBackend', () => {
  const cluster = testCluster({ kubeconfig: { context: 'lab-admin', path: '/ci/kubeconfig' } });

  test('resolves no settings to shared state: a Secret on the cluster', () => {
    expect(DEFAULT_STATE_SETTINGS).toStrictEqual({ kind: 'kubernetes' });
    expect(resolveStateBackend(undefined, { cluster })).toStrictEqual({
      kind: 'kubernetes', namespace: 'terraform-state', context: 'lab-admin', configPath: '/ci/kubeconfig',
    });
  });

  test('knows which backends keep state shared and locked', () => {
    expect(STATE_BACKENDS.map((b) => [b.kind, b.shared])).toEqual([['local', false], ['s3', true], ['kubernetes', true]]);
    expect(isSharedState({ kind: StateBackendKind.LOCAL })).toBe(false);
    expect(isSharedState(resolveStateBackend(undefined, { cluster }))).toBe(true);
  });

  test('lets the backend of the settings\' kind fill in its defaults', () => {
    expect(resolveStateBackend({ kind: StateBackendKind.KUBERNETES }, { cluster })).toStrictEqual({
      kind: 'kubernetes', namespace: 'terraform-state', context: 'lab-admin', configPath: '/ci/kubeconfig',
    });
  });

  test('fails when no backend of the kind is registered', () => {
    expect(() => resolveStateBackend({ kind: 'no-such-backend' } as unknown as StateSettings, { cluster })).toThrow(
      new Error(`state backend "no-such-backend" is not registered; ${KINDS}`),
    );
  });
});

describe('stateBackendBlock', () => {
  test('is the block of the backend of the state\'s kind', () => {
    expect(stateBackendBlock({ kind: StateBackendKind.S3, bucket: 'tf-state', region: 'eu-west-1', keyPrefix: 'p' }, 'qa')).toStrictEqual({
      name: 's3', config: { bucket: 'tf-state', region: 'eu-west-1', key: 'p/qa/terraform.tfstate', encrypt: true, use_lockfile: true },
    });
  });

  test('fails when no backend of the kind is registered', () => {
    expect(() => stateBackendBlock({ kind: 'no-such-backend' } as unknown as StateBackend, 'qa')).toThrow(new Error(`state backend "no-such-backend" is not registered; ${KINDS}`));
  });
});
