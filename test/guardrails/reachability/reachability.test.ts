/** Reachability on the reference platform's real output: environments of a cluster reach only those they name. */
import { PlatformCharts, PlatformDefinition, resolvePlatform } from '../../../lib';
import { platform as reference } from '../../../environments';
import { computeReachability, undeclaredReachability } from '../_lib';
import { outputsOfCharts, platformTargets } from '../../../lib/platform/check-platform';

function reachabilityOf(definition: PlatformDefinition) {
  const platform = resolvePlatform(definition);
  const targets = platformTargets(platform, outputsOfCharts(new PlatformCharts({ platform, outdir: '/nonexistent' })));
  const reachability = computeReachability(targets);
  return { targets, reachability, violations: undeclaredReachability(reachability, targets) };
}

/** The reference platform with each environment's network settings changed. */
function withNetwork(network: { [environment: string]: object }): PlatformDefinition {
  return {
    ...reference,
    environments: reference.environments.map((e) => (network[e.name] ? { ...e, network: { ...e.network, ...network[e.name] } } : e)),
  };
}

const crossEnvironment = (r: ReturnType<typeof reachabilityOf>['reachability']) => r
  .flatMap((c) => c.environmentMatrix.filter((cell) => cell.from !== cell.to).map((cell) => `${cell.from} -> ${cell.to}: ${cell.ports}`));

describe('the reference platform', () => {
  const { reachability, violations } = reachabilityOf(reference);

  test('has a matrix per cluster over its environments', () => {
    expect(reachability.map((c) => [c.cluster, c.environmentMatrix.length])).toEqual([['nonprod', 9], ['prod', 1]]);
  });

  test('dev, qa and staging on cluster nonprod do not reach each other', () => {
    expect(crossEnvironment(reachability)).toEqual([
      'dev -> qa: none', 'dev -> staging: none', 'qa -> dev: none', 'qa -> staging: none', 'staging -> dev: none', 'staging -> qa: none',
    ]);
    expect(violations).toEqual([]);
  });

  test('environments reach DNS and admit the Gateway\'s proxies; nothing else outside', () => {
    const nonprod = reachability[0];
    // What routes traffic in: the namespace of the Gateway's proxies (the reference routes through the Gateway API).
    const proxies = resolvePlatform(reference).clusters[0].gateway!.dataPlaneNamespace;
    const cell = (from: string, to: string) => nonprod.namespaceMatrix.find((c) => c.from === from && c.to === to)!.ports;
    expect(nonprod.namespaces.filter((n) => !n.managed).map((n) => n.name)).toEqual(expect.arrayContaining([proxies, 'kube-system']));
    expect(['dev', 'qa', 'staging'].map((env) => [cell(env, 'kube-system'), cell(env, proxies), cell('kube-system', env)]))
      .toEqual([['TCP/53, UDP/53', 'none', 'none'], ['TCP/53, UDP/53', 'none', 'none'], ['TCP/53, UDP/53', 'none', 'none']]);
    expect(['dev', 'qa', 'staging'].every((env) => cell(proxies, env) !== 'none')).toBe(true);
  });
});

describe('declared peers', () => {
  test('an environment reaches another that allows it, when both name each other', () => {
    const { reachability, violations } = reachabilityOf(withNetwork({ dev: { allowTo: [{ environment: 'qa' }] }, qa: { allowFrom: [{ environment: 'dev' }] } }));
    expect(crossEnvironment(reachability)).toEqual([
      'dev -> qa: all', 'dev -> staging: none', 'qa -> dev: none', 'qa -> staging: none', 'staging -> dev: none', 'staging -> qa: none',
    ]);
    expect(violations).toEqual([]);
  });

  test('on the declared ports only', () => {
    const ports = [{ port: 8080 }];
    const { reachability } = reachabilityOf(withNetwork({
      staging: { allowTo: [{ environment: 'qa', ports }] }, qa: { allowFrom: [{ environment: 'staging', ports }] },
    }));
    expect(crossEnvironment(reachability)).toContain('staging -> qa: TCP/8080');
  });

  test('a one-sided declaration opens nothing', () => {
    const { reachability, violations } = reachabilityOf(withNetwork({ dev: { allowTo: [{ environment: 'qa' }] } }));
    expect(crossEnvironment(reachability)).toContain('dev -> qa: none');
    expect(violations).toEqual([]);
  });

  test('fails when a policy opens a path the definitions do not name', () => {
    const { targets } = reachabilityOf(withNetwork({ dev: { allowTo: [{ environment: 'qa' }] }, qa: { allowFrom: [{ environment: 'dev' }] } }));
    // The definitions of dev and qa name each other, but staging's does not name dev: an added policy is caught.
    const rogue = {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'debug-from-dev', namespace: 'staging' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dev' } } }] }] },
    };
    const devEgress = {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'debug-to-staging', namespace: 'dev' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'staging' } } }] }] },
    };
    const tampered = targets.map((t) => (t.name === 'staging' ? { ...t, objects: [...t.objects, rogue] } : t.name === 'dev' ? { ...t, objects: [...t.objects, devEgress] } : t));
    const reachability = computeReachability(tampered);
    expect(undeclaredReachability(reachability, tampered).map((v) => `${v.environment} ${v.object}: ${v.message}`)).toEqual([
      'dev Namespace/dev: can reach environment "staging" (namespace "staging") on all, but "dev" does not name "staging" in network.allowTo '
      + 'and "staging" does not name "dev" in network.allowFrom',
    ]);
  });
});
