import { controlPlaneName, encryptionKeyPlaceholder, machineDeploymentName } from '../../lib/cluster/cluster-names';

describe('cluster names', () => {
  test('names the control plane after the cluster', () => {
    expect(controlPlaneName('prod')).toBe('prod-control-plane');
  });

  test('names a MachineDeployment after cluster, pool and zone', () => {
    expect(machineDeploymentName('prod', 'web', 'eu-west-1a')).toBe('prod-web-eu-west-1a');
    expect(machineDeploymentName('prod', 'web')).toBe('prod-web');
  });

  test('names the placeholder of a local key after the key', () => {
    expect(encryptionKeyPlaceholder('secrets-2025-01')).toBe('${ENCRYPTION_KEY_SECRETS_2025_01}');
  });
});
