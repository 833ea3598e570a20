import { formatKubernetesVersion, minorOf, parseKubernetesVersion } from '../../lib/core/kubernetes-version';

describe('parseKubernetesVersion', () => {
  test('reads a release version with or without its leading v', () => {
    expect(parseKubernetesVersion('v1.27.16')).toEqual({ major: 1, minor: 27, patch: 16 });
    expect(parseKubernetesVersion('1.26.0')).toEqual({ major: 1, minor: 26, patch: 0 });
  });

  test.each([['1.27'], ['v1.27.0-rc.1'], ['stable-1.27'], ['']])('refuses "%s"', (text) => {
    expect(parseKubernetesVersion(text)).toBeUndefined();
  });

  test('formats a version as kubeadm and Cluster API spell it', () => {
    expect(formatKubernetesVersion({ major: 1, minor: 28, patch: 4 })).toBe('v1.28.4');
  });

  test('gives the minor of a version', () => {
    expect(minorOf('v1.27.16')).toBe(27);
  });

  test('fails when asked the minor of something that is not a version', () => {
    expect(() => minorOf('latest')).toThrow('not a Kubernetes version: "latest"');
  });
});
