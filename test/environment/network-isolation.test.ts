import { Testing } from 'cdk8s';
import { Protocol } from '../../lib/core/network';
import { NetworkIsolation } from '../../lib/environment/network-isolation';
import { findObject, ofKind, valuesOf } from '../builders';

const ALL_MANAGED_LABELS = { 'kubernetes.io/metadata.name': expect.any(String) };

function policy(objects: any[], name: string): any {
  return findObject(objects, 'NetworkPolicy', name);
}

describe('NetworkIsolation', () => {
  test('denies all ingress and egress by default: empty podSelector, both policy types, no rules', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { namespace: 'dev' });

    expect(policy(Testing.synth(chart), 'default-deny')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'dev' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    const spec = policy(Testing.synth(chart), 'default-deny').spec;
    expect(spec).not.toHaveProperty('ingress');
    expect(spec).not.toHaveProperty('egress');
  });

  test('opens DNS over UDP and TCP 53 to CoreDNS in kube-system by default', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { namespace: 'dev' });

    expect(policy(Testing.synth(chart), 'allow-dns')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace: 'dev' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        }],
      },
    });
  });

  test('opens DNS to a custom DNS namespace and pod labels', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { namespace: 'dev', dns: { namespace: 'dns-system', podLabels: { app: 'coredns', tier: 'dns' } } });

    expect(policy(Testing.synth(chart), 'allow-dns').spec.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns-system' } },
        podSelector: { matchLabels: { app: 'coredns', tier: 'dns' } },
      }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    }]);
  });

  test('lets pods of the namespace reach each other in both directions', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { namespace: 'dev' });

    expect(policy(Testing.synth(chart), 'allow-same-namespace')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-same-namespace', namespace: 'dev' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    });
  });

  test('admits the ingress controller only when its namespace is given', () => {
    const without = Testing.chart();
    new NetworkIsolation(without, 'Isolation', { namespace: 'dev' });
    const withController = Testing.chart();
    new NetworkIsolation(withController, 'Isolation', { namespace: 'dev', ingressControllerNamespace: 'ingress-nginx' });

    expect(Testing.synth(without).map((o) => o.metadata.name)).toEqual(['default-deny', 'allow-dns', 'allow-same-namespace']);
    expect(policy(Testing.synth(withController), 'allow-ingress-controller')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-ingress-controller', namespace: 'dev' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
      },
    });
  });

  test('admits a namespace peer on all ports when it lists none: the rule has no ports field', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { namespace: 'dev', allowFrom: [{ namespace: 'monitoring', ports: [] }] });

    const rendered = policy(Testing.synth(chart), 'allow-from-monitoring');
    expect(rendered).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-from-monitoring', namespace: 'dev' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] }],
      },
    });
    expect(rendered.spec.ingress[0]).not.toHaveProperty('ports');
  });

  test('admits a namespace peer on its ports only, with endPort for a range', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', {
      namespace: 'dev',
      allowFrom: [{
        namespace: 'monitoring',
        ports: [{ port: 9090, protocol: Protocol.TCP }, { port: 8000, endPort: 8100, protocol: Protocol.UDP }],
      }],
    });

    expect(policy(Testing.synth(chart), 'allow-from-monitoring').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 9090, protocol: 'TCP' }, { port: 8000, endPort: 8100, protocol: 'UDP' }],
    }]);
  });

  test('opens egress to a namespace peer, with and without ports', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', {
      namespace: 'dev',
      allowTo: [
        { namespace: 'qa', environment: 'qa', ports: [{ port: 443, protocol: Protocol.TCP }] },
        { namespace: 'logging', ports: [] },
      ],
    });
    const objects = Testing.synth(chart);

    expect(policy(objects, 'allow-to-qa')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-to-qa', namespace: 'dev' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'qa' } } }],
          ports: [{ port: 443, protocol: 'TCP' }],
        }],
      },
    });
    expect(policy(objects, 'allow-to-logging').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logging' } } }] }],
    });
  });

  test('opens egress to a CIDR with exceptions and ports', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', {
      namespace: 'dev',
      allowTo: [{ cidr: '10.20.0.0/16', except: ['10.20.1.0/24', '10.20.2.0/24'], ports: [{ port: 5432, protocol: Protocol.TCP }] }],
    });

    expect(policy(Testing.synth(chart), 'allow-to-cidr-10-20-0-0-16')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-to-cidr-10-20-0-0-16', namespace: 'dev' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.1.0/24', '10.20.2.0/24'] } }],
          ports: [{ port: 5432, protocol: 'TCP' }],
        }],
      },
    });
  });

  test('opens egress to a CIDR without exceptions or ports: no except and no ports field', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { namespace: 'dev', allowTo: [{ cidr: '0.0.0.0/0', except: [], ports: [] }] });

    const rendered = policy(Testing.synth(chart), 'allow-to-cidr-0-0-0-0-0');
    expect(rendered.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }]);
    expect(rendered.spec.egress[0].to[0].ipBlock).not.toHaveProperty('except');
    expect(rendered.spec.egress[0]).not.toHaveProperty('ports');
  });

  test('names an IPv6 CIDR policy with a lower-case DNS-safe name', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', { namespace: 'dev', allowTo: [{ cidr: 'FD00:AB::/32', except: [], ports: [] }] });

    expect(Testing.synth(chart).map((o) => o.metadata.name)).toContain('allow-to-cidr-fd00-ab-32');
  });

  test('allowFrom() and allowTo() after construction add policies, and policyNames lists every policy in order', () => {
    const chart = Testing.chart();
    const isolation = new NetworkIsolation(chart, 'Isolation', {
      namespace: 'dev',
      ingressControllerNamespace: 'ingress-nginx',
      allowFrom: [{ namespace: 'monitoring', ports: [] }],
    });
    isolation.allowFrom({ namespace: 'qa', environment: 'qa', ports: [] });
    isolation.allowTo({ namespace: 'logging', ports: [] });
    isolation.allowTo({ cidr: '192.168.0.0/16', except: [], ports: [] });

    const expected = [
      'default-deny', 'allow-dns', 'allow-same-namespace', 'allow-ingress-controller', 'allow-from-monitoring', 'allow-from-qa',
      'allow-to-logging', 'allow-to-cidr-192-168-0-0-16',
    ];
    expect(isolation.policyNames).toEqual(expected);
    expect(isolation.namespace).toBe('dev');
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.metadata.name)).toEqual(expected);
    expect(objects.every((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'dev')).toBe(true);
  });

  test('policyNames is a copy', () => {
    const isolation = new NetworkIsolation(Testing.chart(), 'Isolation', { namespace: 'dev' });
    isolation.policyNames.push('tampered');

    expect(isolation.policyNames).toEqual(['default-deny', 'allow-dns', 'allow-same-namespace']);
  });

  test('every policy selects every pod of the namespace', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', {
      namespace: 'dev',
      ingressControllerNamespace: 'ingress-nginx',
      allowFrom: [{ namespace: 'monitoring', ports: [] }],
      allowTo: [{ namespace: 'qa', ports: [] }, { cidr: '10.0.0.0/8', except: [], ports: [] }],
    });

    const policies = ofKind(Testing.synth(chart), 'NetworkPolicy');
    expect(policies).toHaveLength(7);
    expect(policies.map((p) => p.spec.podSelector)).toEqual(policies.map(() => ({})));
  });

  test('every namespaceSelector matches only on kubernetes.io/metadata.name, with matchLabels and no matchExpressions', () => {
    const chart = Testing.chart();
    new NetworkIsolation(chart, 'Isolation', {
      namespace: 'dev',
      dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
      ingressControllerNamespace: 'ingress-nginx',
      allowFrom: [{ namespace: 'monitoring', ports: [{ port: 9090, protocol: Protocol.TCP }] }, { namespace: 'qa', environment: 'qa', ports: [] }],
      allowTo: [{ namespace: 'logging', ports: [] }, { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'], ports: [] }],
    });

    const selectors = valuesOf(Testing.synth(chart), 'namespaceSelector');
    // allow-dns, ingress controller, two allowFrom and one namespace allowTo
    expect(selectors).toHaveLength(5);
    for (const selector of selectors) {
      expect(selector).toEqual({ matchLabels: ALL_MANAGED_LABELS });
      expect(Object.keys((selector as any).matchLabels)).toEqual(['kubernetes.io/metadata.name']);
    }
    expect(selectors.map((s: any) => s.matchLabels['kubernetes.io/metadata.name'])).toEqual(['kube-system', 'ingress-nginx', 'monitoring', 'qa', 'logging']);
  });

  test('fails when a policy is declared twice', () => {
    const chart = Testing.chart();
    const isolation = new NetworkIsolation(chart, 'Isolation', { namespace: 'dev', allowFrom: [{ namespace: 'monitoring', ports: [] }] });

    expect(() => isolation.allowFrom({ namespace: 'monitoring', ports: [{ port: 9090, protocol: Protocol.TCP }] })).toThrow(
      'test/Isolation: NetworkPolicy "allow-from-monitoring" in namespace "dev" is declared twice; list every port of a peer in one entry',
    );
  });

  test('fails when the same CIDR is declared twice in the props', () => {
    expect(() => new NetworkIsolation(Testing.chart(), 'Isolation', {
      namespace: 'dev',
      allowTo: [{ cidr: '10.0.0.0/8', except: [], ports: [] }, { cidr: '10.0.0.0/8', except: [], ports: [{ port: 443, protocol: Protocol.TCP }] }],
    })).toThrow('test/Isolation: NetworkPolicy "allow-to-cidr-10-0-0-0-8" in namespace "dev" is declared twice; list every port of a peer in one entry');
  });
});
