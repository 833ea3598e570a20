/** NetworkPolicy semantics, one rule at a time, on two namespaces `a` and `b` with a `web` and a `db` Deployment each. */
import { ClusterNetwork, PodGroup } from '../_lib';
import { changed, deployment, networkPolicy } from '../fixtures';

function workload(ns: string, app: string, port = { name: 'http', containerPort: 8080 }): any {
  return changed(deployment(app), (d) => {
    d.metadata.namespace = ns;
    d.spec.template.spec.containers[0].ports = [{ ...port, protocol: 'TCP' }];
  });
}

const PODS = [workload('a', 'web'), workload('a', 'db', { name: 'sql', containerPort: 5432 }), workload('b', 'web'), workload('b', 'db')];

/** The cluster's ranges when a test names them; otherwise the defaults (pods 10.244.0.0/16, Services 10.96.0.0/12). */
type Ranges = { podSubnets?: string[]; serviceSubnets?: string[] };

function network(policies: any[], labels: { [ns: string]: { [k: string]: string } } = {}, ranges: Ranges = {}): ClusterNetwork {
  return new ClusterNetwork({
    namespaces: ['a', 'b'].map((name) => ({ name, labels: labels[name], environment: name })), objects: [...PODS, ...policies], ...ranges,
  });
}

function pod(net: ClusterNetwork, ns: string, name: string): PodGroup {
  return net.pods.find((p) => p.namespace === ns && p.name === name)!;
}

/** The ports `from` may reach `to` on, e.g. `a/Deployment/web -> b/Deployment/db`. */
function reach(net: ClusterNetwork, from: string, to: string): string {
  const [fns, ...fname] = from.split('/');
  const [tns, ...tname] = to.split('/');
  return net.allowed(pod(net, fns, fname.join('/')), pod(net, tns, tname.join('/'))).toString();
}

const deny = (ns: string, types = ['Ingress', 'Egress']) => networkPolicy(`deny-${types.join('-')}`, { podSelector: {}, policyTypes: types }, ns);
const app = (name: string) => ({ matchLabels: { app: name } });
const ns = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

test('without policies, everything reaches everything', () => {
  expect(reach(network([]), 'a/Deployment/web', 'b/Deployment/db')).toBe('all');
});

test('a pod is isolated per direction only by a policy of that type selecting it', () => {
  const net = network([deny('b', ['Ingress'])]);
  expect(reach(net, 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
  expect(reach(net, 'b/Deployment/db', 'a/Deployment/web')).toBe('all');
});

test('traffic needs the source\'s egress and the destination\'s ingress', () => {
  const egress = networkPolicy('to-b', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: ns('b') }] }] }, 'a');
  const ingress = networkPolicy('from-a', { podSelector: app('db'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: ns('a') }] }] }, 'b');
  expect(reach(network([deny('a'), deny('b'), egress]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
  expect(reach(network([deny('a'), deny('b'), ingress]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
  expect(reach(network([deny('a'), deny('b'), egress, ingress]), 'a/Deployment/web', 'b/Deployment/db')).toBe('all');
  expect(reach(network([deny('a'), deny('b'), egress, ingress]), 'a/Deployment/web', 'b/Deployment/web')).toBe('none');
});

test('a podSelector peer selects pods of the policy\'s own namespace only', () => {
  const fromWeb = networkPolicy('db-from-web', { podSelector: app('db'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app('web') }] }] }, 'b');
  const net = network([deny('b', ['Ingress']), fromWeb]);
  expect(reach(net, 'b/Deployment/web', 'b/Deployment/db')).toBe('all');
  expect(reach(net, 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
});

test('namespaceSelector and podSelector in one peer are ANDed; in two peers ORed', () => {
  const and = networkPolicy('and', {
    podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: ns('a'), podSelector: app('db') }] }],
  }, 'b');
  const or = networkPolicy('or', {
    podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: ns('a') }, { podSelector: app('db') }] }],
  }, 'b');
  expect(reach(network([and]), 'a/Deployment/web', 'b/Deployment/web')).toBe('none');
  expect(reach(network([and]), 'a/Deployment/db', 'b/Deployment/web')).toBe('all');
  expect(reach(network([or]), 'a/Deployment/web', 'b/Deployment/web')).toBe('all');
  expect(reach(network([or]), 'b/Deployment/db', 'b/Deployment/web')).toBe('all');
  expect(reach(network([or]), 'b/Deployment/web', 'b/Deployment/web')).toBe('none');
});

test('namespace selectors match the namespace\'s own labels too', () => {
  const team = networkPolicy('from-team', {
    podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] }],
  }, 'b');
  expect(reach(network([team], { a: { team: 'shop' } }), 'a/Deployment/web', 'b/Deployment/db')).toBe('all');
  expect(reach(network([team]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
});

describe('ipBlock peers', () => {
  const from = (ipBlock: object) => networkPolicy('from-cidr', {
    podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock }], ports: [{ port: 443 }] }],
  }, 'b');
  const to = (ipBlock: object) => networkPolicy('to-cidr', {
    podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }], ports: [{ port: 443 }] }],
  }, 'a');

  test('one reaching into the pod range selects every pod of the cluster, as source and as destination', () => {
    expect(reach(network([from({ cidr: '0.0.0.0/0' })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([from({ cidr: '10.244.3.0/24' })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([to({ cidr: '10.0.0.0/8' })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([to({ cidr: '10.0.0.0/8' })]), 'a/Deployment/web', 'a/any pod')).toBe('TCP/443');
  });

  test('one the pod range is excepted from, or apart from it, selects no pod', () => {
    expect(reach(network([from({ cidr: '0.0.0.0/0', except: ['10.244.0.0/16'] })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
    expect(reach(network([from({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
    expect(reach(network([from({ cidr: '203.0.113.0/24' })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
    expect(reach(network([to({ cidr: '0.0.0.0/0', except: ['10.244.0.0/16', '10.96.0.0/12'] })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
  });

  test('exceptions count together: two halves close the pod range, one half leaves the other open', () => {
    const halves = ['10.244.0.0/17', '10.244.128.0/17'];
    expect(reach(network([from({ cidr: '10.0.0.0/8', except: halves })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
    expect(reach(network([from({ cidr: '10.0.0.0/8', except: halves.slice(0, 1) })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
  });

  test('the Service range counts for destinations only: the rewrite to a pod IP may come after the policy', () => {
    expect(reach(network([to({ cidr: '10.96.0.0/12' })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([to({ cidr: '0.0.0.0/0', except: ['10.244.0.0/16'] })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([from({ cidr: '10.96.0.0/12' })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
  });

  test('the cluster\'s declared ranges replace the defaults, IPv6 included', () => {
    const ranges = { podSubnets: ['192.168.0.0/16', 'fd00:10:244::/56'], serviceSubnets: ['172.20.0.0/16', 'fd00:10:96::/112'] };
    expect(reach(network([from({ cidr: '10.0.0.0/8' })], {}, ranges), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
    expect(reach(network([from({ cidr: '192.168.7.0/24' })], {}, ranges), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([from({ cidr: 'fd00::/8' })], {}, ranges), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([from({ cidr: '::/0', except: ['fd00:10:244::/56'] })], {}, ranges), 'a/Deployment/web', 'b/Deployment/db')).toBe('none');
    expect(reach(network([to({ cidr: '172.16.0.0/12' })], {}, ranges), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
  });

  test('a cidr that does not parse counts as selecting every pod; an except that does not parse removes nothing', () => {
    expect(reach(network([from({ cidr: 'everywhere' })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
    expect(reach(network([from({ cidr: '10.244.0.0/16', except: ['10.244.0.0/33'] })]), 'a/Deployment/web', 'b/Deployment/db')).toBe('TCP/443');
  });
});

test('without policyTypes, a policy governs ingress, and egress when it has egress rules', () => {
  const ingressOnly = networkPolicy('implicit', { podSelector: {}, ingress: [] }, 'b');
  const both = networkPolicy('implicit', { podSelector: {}, ingress: [], egress: [] }, 'b');
  expect([reach(network([ingressOnly]), 'a/Deployment/web', 'b/Deployment/db'), reach(network([ingressOnly]), 'b/Deployment/db', 'a/Deployment/web')])
    .toEqual(['none', 'all']);
  expect(reach(network([both]), 'b/Deployment/db', 'a/Deployment/web')).toBe('none');
});

test('ports: named ports resolve on the destination, ranges with endPort, and egress and ingress intersect', () => {
  const named = networkPolicy('sql', {
    podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'sql' }, { port: 9000, endPort: 9010, protocol: 'UDP' }] }],
  }, 'a');
  expect(reach(network([named]), 'b/Deployment/web', 'a/Deployment/db')).toBe('TCP/5432, UDP/9000-9010');
  expect(reach(network([named]), 'b/Deployment/web', 'a/Deployment/web')).toBe('UDP/9000-9010');
  const egress = networkPolicy('out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }, { port: 9005, protocol: 'UDP' }] }] }, 'b');
  expect(reach(network([named, egress]), 'b/Deployment/web', 'a/Deployment/db')).toBe('TCP/5432, UDP/9005');
});

test('represents pods not rendered: an unlabelled pod per namespace and one per selector, and namespaces the selectors name', () => {
  const dns = networkPolicy('dns', {
    podSelector: {}, policyTypes: ['Egress'],
    egress: [{ to: [{ namespaceSelector: ns('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 'dns', protocol: 'UDP' }] }],
  }, 'a');
  const net = network([deny('a'), dns]);
  expect(net.namespaces.map((n) => `${n.name}${n.managed ? '' : '*'}`)).toEqual(['a', 'b', 'kube-system*']);
  expect(net.pods.filter((p) => !p.workload).map((p) => `${p.namespace}/${p.name}`)).toEqual([
    'a/any pod', 'b/any pod', 'kube-system/any pod', 'kube-system/pods {k8s-app=kube-dns}',
  ]);
  // The DNS pods' ports are unknown, so the named port may be any UDP port.
  expect(reach(net, 'a/Deployment/web', 'kube-system/pods {k8s-app=kube-dns}')).toBe('UDP/all');
  expect(reach(net, 'a/Deployment/web', 'kube-system/any pod')).toBe('none');
});

describe('allowedPairs', () => {
  /** A small deterministic generator (mulberry32), so a failure names the seed that reproduces it. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Random policies over namespaces `a` and `b` (and `kube-system`, not managed): every selector, peer and port form. */
  function randomPolicies(next: () => number, count: number): any[] {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const podSelector = () => pick([{}, app('web'), app('db'), { matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] },
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      { matchLabels: { 'k8s-app': 'kube-dns' } }, { matchLabels: { app: 'web', tier: 'front' } }]);
    const peer = () => pick([
      () => ({ podSelector: podSelector() }),
      () => ({ namespaceSelector: pick([ns('a'), ns('b'), ns('kube-system'), {}, { matchLabels: { team: 'shop' } }]) }),
      () => ({ namespaceSelector: pick([ns('a'), ns('b'), ns('kube-system')]), podSelector: podSelector() }),
      // Into the pod range; excepting pods and Services; the Service range only; apart from both; pods excepted only.
      () => ({ ipBlock: { cidr: '10.0.0.0/8' } }),
      () => ({ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16', '10.96.0.0/12'] } }),
      () => ({ ipBlock: { cidr: '10.96.0.0/12' } }),
      () => ({ ipBlock: { cidr: '203.0.113.0/24' } }),
      () => ({ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16'] } }),
    ])();
    const ports = () => pick([undefined, [], [{ port: 8080 }], [{ port: 'http' }], [{ port: 'sql' }], [{ port: 5000, endPort: 6000 }],
      [{ protocol: 'UDP', port: 53 }], [{ protocol: 'UDP' }]]);
    const rule = (key: 'from' | 'to') => {
      const peers = pick([undefined, [], [peer()], [peer(), peer()]]);
      const out: any = {};
      if (peers !== undefined) out[key] = peers;
      const p = ports();
      if (p !== undefined) out.ports = p;
      return out;
    };
    return Array.from({ length: count }, (_, i) => {
      const spec: any = { podSelector: podSelector() };
      const types = pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
      if (types) spec.policyTypes = types;
      if (next() < 0.7) spec.ingress = Array.from({ length: Math.floor(next() * 3) }, () => rule('from'));
      if (next() < 0.6) spec.egress = Array.from({ length: Math.floor(next() * 3) }, () => rule('to'));
      return networkPolicy(`p${i}`, spec, pick(['a', 'b']));
    });
  }

  test.each(Array.from({ length: 60 }, (_, i) => i + 1))('are exactly the pairs allowed() opens, with its ports (seed %i)', (seed) => {
    const next = random(seed);
    const net = network(randomPolicies(next, 1 + Math.floor(next() * 6)), next() < 0.5 ? { a: { team: 'shop' } } : {});
    // Copies are not pods of the network: allowed() then works each side out from the policies, without the index.
    const expected = net.pods.flatMap((from) => net.pods.map((to) => ({ from, to, ports: net.allowed({ ...from }, { ...to }).toString() })))
      .filter((pair) => pair.ports !== 'none')
      .map((pair) => `${pair.from.namespace}/${pair.from.name} -> ${pair.to.namespace}/${pair.to.name}: ${pair.ports}`);
    const actual = net.allowedPairs().map((pair) => `${pair.from.namespace}/${pair.from.name} -> ${pair.to.namespace}/${pair.to.name}: ${pair.ports.toString()}`);
    expect(actual).toEqual(expected);
  });

  test('visits only the pairs the rules name when every side is isolated with named peers', () => {
    const shop = [
      deny('a'), deny('b'),
      networkPolicy('web-to-db', { podSelector: app('web'), policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('db') }], ports: [{ port: 'sql' }] }] }, 'a'),
      networkPolicy('db-from-web', { podSelector: app('db'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app('web') }], ports: [{ port: 5432 }] }] }, 'a'),
    ];
    const net = network(shop);
    const calls = jest.spyOn(net, 'allowed');
    const pairs = net.allowedPairs();
    expect(pairs.map((p) => `${p.from.namespace}/${p.from.name} -> ${p.to.namespace}/${p.to.name}: ${p.ports.toString()}`))
      .toEqual(['a/Deployment/web -> a/Deployment/db: TCP/5432']);
    // One candidate from web's egress rule (db); nothing else is looked at.
    expect(calls).toHaveBeenCalledTimes(1);
  });
});
