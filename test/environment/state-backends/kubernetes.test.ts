import { DNS_LABEL_HINT, parseWith } from '../../../lib/core/schema';
import { DEFAULT_STATE_NAMESPACE, kubernetesState } from '../../../lib/environment/state-backends/kubernetes';
import { StateBackendKind } from '../../../lib/environment/state-backends/registry';
import { testCluster } from '../../cluster/util';

/** The messages of `settings` against the Kubernetes schema, as `field: allowed`. */
function issues(settings: unknown): string[] {
  return parseWith(kubernetesState.schema, settings, 'test').issues.map((i) => `${i.path}: ${i.allowed}`);
}

describe('kubernetesState', () => {
  const cluster = testCluster({ kubeconfig: { context: 'lab-admin', path: '/ci/kubeconfig' } });

  test('accepts a namespace and a context, both optional', () => {
    expect(issues({ kind: 'kubernetes' })).toEqual([]);
    expect(issues({ kind: 'kubernetes', namespace: 'tf', context: 'ops' })).toEqual([]);
  });

  test('fails when the namespace is not a DNS label or the context is empty', () => {
    expect(issues({ kind: 'kubernetes', namespace: 'TF', context: '' })).toEqual([
      `namespace: ${DNS_LABEL_HINT}`,
      'context: expected a non-empty kubeconfig context name',
    ]);
  });

  test('defaults the namespace to "terraform-state" and the context to the cluster\'s, and reads the cluster\'s kubeconfig file', () => {
    expect(DEFAULT_STATE_NAMESPACE).toBe('terraform-state');
    expect(kubernetesState.resolve({ kind: StateBackendKind.KUBERNETES }, { cluster })).toStrictEqual({
      kind: 'kubernetes', namespace: 'terraform-state', context: 'lab-admin', configPath: '/ci/kubeconfig',
    });
  });

  test('keeps a namespace and a context that are given', () => {
    expect(kubernetesState.resolve({ kind: StateBackendKind.KUBERNETES, namespace: 'tf', context: 'ops' }, { cluster })).toStrictEqual({
      kind: 'kubernetes', namespace: 'tf', context: 'ops', configPath: '/ci/kubeconfig',
    });
  });

  test('writes the kubernetes backend with the stack name as secret suffix', () => {
    const state = { kind: StateBackendKind.KUBERNETES, namespace: 'terraform-state', context: 'ops', configPath: '/ci/kubeconfig' } as const;
    expect(kubernetesState.block(state, 'staging')).toStrictEqual({
      name: 'kubernetes',
      config: { secret_suffix: 'staging', namespace: 'terraform-state', config_path: '/ci/kubeconfig', config_context: 'ops' },
    });
  });
});
