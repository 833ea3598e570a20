import { GOVERNING_KINDS, apiGroupOf, deployerStateNamespace, isGoverningObject } from '../../lib/environment/governing-kinds';

const inDev = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { namespace: 'dev' } });

describe('isGoverningObject', () => {
  test.each([
    ['v1', 'Namespace'], ['v1', 'ResourceQuota'], ['v1', 'LimitRange'], ['v1', 'ServiceAccount'],
    ['networking.k8s.io/v1', 'NetworkPolicy'], ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['external-secrets.io/v1', 'ExternalSecret'],
  ])('%s %s governs', (apiVersion, kind) => {
    expect(isGoverningObject(inDev(apiVersion, kind))).toBe(true);
  });

  test.each([
    ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['v1', 'Service'], ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'PersistentVolumeClaim'],
    ['policy/v1', 'PodDisruptionBudget'], ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
    ['networking.k8s.io/v1', 'Ingress'], ['monitoring.coreos.com/v1', 'ServiceMonitor'],
  ])('%s %s is what the environment runs', (apiVersion, kind) => {
    expect(isGoverningObject(inDev(apiVersion, kind))).toBe(false);
  });

  test('a kind of the same name in another API group is not a governing kind', () => {
    expect(isGoverningObject(inDev('example.com/v1', 'Role'))).toBe(false);
    expect(isGoverningObject(inDev('example.com/v1', 'NetworkPolicy'))).toBe(false);
  });

  test('every cluster-scoped object governs', () => {
    expect(isGoverningObject({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: {} })).toBe(true);
    expect(isGoverningObject({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(true);
  });

  test('lists the governing kinds by API group', () => {
    expect(GOVERNING_KINDS.map((k) => `${k.group}/${k.kind}`)).toEqual([
      '/Namespace', '/ResourceQuota', '/LimitRange', '/ServiceAccount', 'networking.k8s.io/NetworkPolicy',
      'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/RoleBinding', 'external-secrets.io/ExternalSecret',
    ]);
  });
});

test('apiGroupOf', () => {
  expect([apiGroupOf('v1'), apiGroupOf('apps/v1'), apiGroupOf('gateway.networking.k8s.io/v1'), apiGroupOf(undefined)]).toEqual(['', 'apps', 'gateway.networking.k8s.io', '']);
});

describe('deployerStateNamespace', () => {
  const kubernetes = { kind: 'kubernetes' as const, namespace: 'terraform-state', context: 'nonprod', configPath: '~/.kube/config' };

  test('<state namespace>-<environment> for the kubernetes backend, none for others', () => {
    expect(deployerStateNamespace({ name: 'dev', state: kubernetes })).toBe('terraform-state-dev');
    expect(deployerStateNamespace({ name: 'production', state: { kind: 's3', bucket: 'b', region: 'eu-west-1', keyPrefix: 'platform' } })).toBeUndefined();
    expect(deployerStateNamespace({ name: 'dev', state: { kind: 'local' } })).toBeUndefined();
  });

  test('fails when the name would be longer than 63 characters', () => {
    const name = `preview-${'x'.repeat(40)}`;
    expect(() => deployerStateNamespace({ name, state: kubernetes })).toThrow(`environment "${name}": state.namespace is "terraform-state", and the `
      + `deployer's state namespace "terraform-state-${name}" (<state.namespace>-<environment>) has 64 characters; a namespace name has at most 63: `
      + 'shorten state.namespace or the environment name');
    expect(deployerStateNamespace({ name: name.slice(1), state: kubernetes })).toHaveLength(63);
  });
});
