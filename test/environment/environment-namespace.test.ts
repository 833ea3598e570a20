import { Testing } from 'cdk8s';
import { PodSecurityLevel } from '../../lib/environment/environment-types';
import { EnvironmentNamespace } from '../../lib/environment/environment-namespace';

describe('EnvironmentNamespace', () => {
  test('renders one Namespace with the six Pod Security labels, audit and warn restricted and every mode at the newest supported minor by default', () => {
    const chart = Testing.chart();
    const ns = new EnvironmentNamespace(chart, 'Namespace', { name: 'dev', enforce: PodSecurityLevel.BASELINE });

    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'dev',
        labels: {
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/enforce-version': 'v1.36',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': 'v1.36',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'v1.36',
        },
      },
    }]);
    expect(ns.name).toBe('dev');
    expect(ns.resource.kind).toBe('Namespace');
  });

  test('pins every mode to the given levels and version', () => {
    const chart = Testing.chart();
    new EnvironmentNamespace(chart, 'Namespace', {
      name: 'production',
      enforce: PodSecurityLevel.RESTRICTED,
      audit: PodSecurityLevel.RESTRICTED,
      warn: PodSecurityLevel.BASELINE,
      version: 'latest',
    });

    expect(Testing.synth(chart)[0].metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
  });

  test('adds extra labels next to the Pod Security labels', () => {
    const chart = Testing.chart();
    new EnvironmentNamespace(chart, 'Namespace', { name: 'dev', enforce: PodSecurityLevel.BASELINE, labels: { team: 'payments', tier: 'web' } });

    expect(Testing.synth(chart)[0].metadata.labels).toEqual({
      'team': 'payments',
      'tier': 'web',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.36',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.36',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.36',
    });
  });

  test('extra labels cannot override the Pod Security labels', () => {
    const chart = Testing.chart();
    new EnvironmentNamespace(chart, 'Namespace', {
      name: 'dev',
      enforce: PodSecurityLevel.RESTRICTED,
      labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn-version': 'v1.20' },
    });

    const labels = Testing.synth(chart)[0].metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(labels['pod-security.kubernetes.io/warn-version']).toBe('v1.36');
  });

  test('the Namespace has no namespace of its own', () => {
    const chart = Testing.chart();
    new EnvironmentNamespace(chart, 'Namespace', { name: 'dev', enforce: PodSecurityLevel.BASELINE });

    expect(Testing.synth(chart)[0].metadata).not.toHaveProperty('namespace');
  });
});
