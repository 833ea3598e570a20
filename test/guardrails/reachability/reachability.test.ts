/** Reachability on a whole platform's real output (the shop, test/fixtures/shop): environments of a cluster reach only those they name. */
import { PlatformCharts, PlatformDefinition, resolvePlatform } from '../../../lib';
import { platform as shop } from '../../fixtures/shop/environments';
import { ClusterNetwork, computeReachability, undeclaredReachability } from '../_lib';
import { outputsOfCharts, platformTargets } from '../../../lib/platform/check-platform';

function reachabilityOf(definition: PlatformDefinition) {
  const platform = resolvePlatform(definition);
  const targets = platformTargets(platform, outputsOfCharts(new PlatformCharts({ platform, outdir: '/nonexistent' })));
  const reachability = computeReachability(targets);
  return { targets, reachability, violations: undeclaredReachability(reachability, targets) };
}

/** The shop platform with each environment's network settings changed. */
function withNetwork(network: { [environment: string]: object }): PlatformDefinition {
  return {
    ...shop,
    environments: shop.environments.map((e) => (network[e.name] ? { ...e, network: { ...e.network, ...network[e.name] } } : e)),
  };
}

const crossEnvironment = (r: ReturnType<typeof reachabilityOf>['reachability']) => r
  .flatMap((c) => c.environmentMatrix.filter((cell) => cell.from !== cell.to).map((cell) => `${cell.from} -> ${cell.to}: ${cell.ports}`));

describe('the shop platform', () => {
  const { reachability, violations } = reachabilityOf(shop);

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
    // What routes traffic in: the namespace of the Gateway's proxies (the shop routes through the Gateway API).
    const proxies = resolvePlatform(shop).clusters[0].gateway!.dataPlaneNamespace;
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

describe('address blocks', () => {
  /** The shop platform with `api` depending on every IPv4 address on 443, as an app calling public APIs would. */
  const anywhere: PlatformDefinition = {
    ...shop,
    apps: (shop.apps ?? []).map((a) => (a.name === 'api'
      ? { ...a, dependencies: { ...a.dependencies, cidrs: [...(a.dependencies?.cidrs ?? []), { cidr: '0.0.0.0/0', ports: [{ port: 443 }] }] } }
      : a)),
  };
  /** qa admits all of 0.0.0.0/0 on 443, as a policy written for a public load balancer would. */
  const publicIngress = {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-public-https', namespace: 'qa' },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] },
  };
  /** Objects with the exceptions removed from every egress ipBlock: what the platform rendered before it excepted its ranges. */
  const withoutExcept = (objects: readonly any[]) => objects.map((o) => {
    if (o.kind !== 'NetworkPolicy') return o;
    const strip = (peer: any) => (peer.ipBlock ? { ipBlock: { cidr: peer.ipBlock.cidr } } : peer);
    return { ...o, spec: { ...o.spec, egress: o.spec.egress?.map((rule: any) => ({ ...rule, to: rule.to?.map(strip) })) } };
  });
  const rowOf = (reachability: ReturnType<typeof reachabilityOf>['reachability'], from: string) => reachability[0].namespaceMatrix
    .filter((c) => c.from === from && c.to !== from).map((c) => `${c.to}: ${c.ports}`);

  test('the platform excepts the cluster\'s ranges from the dependency, so it reaches no other namespace\'s pods', () => {
    const { targets } = reachabilityOf(anywhere);
    const dev = targets.find((t) => t.name === 'dev')!;
    expect(dev.objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'app-api-egress').spec.egress
      .flatMap((r: any) => r.to.filter((p: any) => p.ipBlock))).toEqual([
      { ipBlock: { cidr: '203.0.113.0/24' } },
      { ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16', '10.96.0.0/12'] } },
    ]);
    const tampered = targets.map((t) => (t.name === 'qa' ? { ...t, objects: [...t.objects, publicIngress] } : t));
    const reachability = computeReachability(tampered);
    expect(rowOf(reachability, 'dev')).toEqual(['qa: none', 'staging: none', 'envoy-gateway-system: none', 'kube-system: TCP/53, UDP/53', 'monitoring: none']);
    expect(undeclaredReachability(reachability, tampered)).toEqual([]);
  });

  test('fails when the dependency has no exceptions: it reaches every namespace, and an environment that admits the block', () => {
    const { targets } = reachabilityOf(anywhere);
    const tampered = targets.map((t) => (t.name === 'dev' ? { ...t, objects: withoutExcept(t.objects) }
      : t.name === 'qa' ? { ...t, objects: [...t.objects, publicIngress] } : t));
    const reachability = computeReachability(tampered);
    expect(rowOf(reachability, 'dev')).toEqual([
      'qa: TCP/443', 'staging: none', 'envoy-gateway-system: TCP/443', 'kube-system: TCP/53, TCP/443, UDP/53', 'monitoring: TCP/443',
    ]);
    expect(undeclaredReachability(reachability, tampered).map((v) => `${v.environment} ${v.object}: ${v.message}`)).toEqual([
      'dev Namespace/dev: can reach environment "qa" (namespace "qa") on TCP/443, but "dev" does not name "qa" in network.allowTo '
      + 'and "qa" does not name "dev" in network.allowFrom',
    ]);
  });

  test('the preview janitor reaches the API server ports outside the cluster only, and every pod without its exceptions', () => {
    const { targets } = reachabilityOf(shop);
    const nonprod = targets.find((t) => t.name === 'cluster-nonprod')!;
    const janitor = (objects: readonly any[]) => new ClusterNetwork({ namespaces: [{ name: 'platform-previews' }], objects, ...nonprod.networking });
    const row = (net: ClusterNetwork) => net.pods.filter((p) => p.namespace !== 'platform-previews')
      .map((p) => `${p.namespace}/${p.name}: ${net.allowed(net.pods.find((j) => j.namespace === 'platform-previews' && j.workload)!, p).toString()}`);
    expect(row(janitor(nonprod.objects))).toEqual(['kube-system/any pod: none', 'kube-system/pods {k8s-app=kube-dns}: TCP/53, UDP/53']);
    expect(row(janitor(withoutExcept(nonprod.objects)))).toEqual([
      'kube-system/any pod: TCP/443, TCP/6443', 'kube-system/pods {k8s-app=kube-dns}: TCP/53, TCP/443, TCP/6443, UDP/53',
    ]);
  });
});

