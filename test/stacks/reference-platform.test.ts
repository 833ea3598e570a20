/** The reference platform meets the foundation's contract, environment by environment. */
import { Testing } from 'cdktf';
import { PlatformCharts } from '../../lib';
import { platform as definition } from '../../environments';
import { referenceOutputs } from '../util';

const { charts, stacks } = referenceOutputs();
const environments = charts.environments.map((o) => ({ name: o.environment.name, env: o.environment, objects: PlatformCharts.manifestsOf(o.app) }));
const synthesized = new Map([...stacks.environments, ...stacks.governance, ...stacks.clusters].map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));

/** The environments the definition places on a cluster, in its order. */
const placedOn = (cluster: string) => definition.environments.filter((e) => e.cluster === cluster).map((e) => e.name);

test('clusters and environments are the reference ones', () => {
  expect(charts.clusters.map((c) => [c.cluster.name, c.cluster.environments])).toEqual(definition.clusters.map((c) => [c.name, placedOn(c.name)]));
  // Production apart from the rest (docs/DESIGN): its own cluster; dev, qa and staging share nonprod.
  expect(placedOn('prod')).toEqual(['production']);
  expect(placedOn('nonprod')).toEqual(expect.arrayContaining(['dev', 'qa', 'staging']));
});

describe.each(environments)('environment $name', ({ name, env, objects }) => {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);

  test('has its namespace with Pod Security labels for every mode, pinned to its cluster\'s minor', () => {
    const [ns] = of('Namespace');
    // The reference's own choices; an environment added to it enforces what its definition says.
    const enforce = ({ production: 'restricted', staging: 'restricted', dev: 'baseline', qa: 'baseline' } as Record<string, string>)[name]
      ?? env.podSecurity.enforce;
    const version = env.cluster.kubernetesVersion.split('.').slice(0, 2).join('.');
    expect(ns.metadata.name).toBe(name);
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': enforce,
      'pod-security.kubernetes.io/enforce-version': version,
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': version,
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': version,
    });
  });

  test('puts nothing outside its namespace', () => {
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === name)).toBe(true);
    expect(of('Namespace')).toHaveLength(1);
    expect(objects.some((o) => ['ClusterRole', 'ClusterRoleBinding', 'PriorityClass'].includes(o.kind))).toBe(false);
  });

  test('denies all traffic by default, opens DNS, and leaves every other path to the apps', () => {
    const policies = new Map(of('NetworkPolicy').map((p) => [p.metadata.name, p.spec]));
    const reference = [
      'default-deny', 'allow-dns',
      'app-web-ingress', 'app-web-egress', 'app-api-ingress', 'app-api-egress', 'app-worker-egress', 'app-store-ingress', 'app-store-egress',
    ];
    expect([...policies.keys()].filter((name) => reference.includes(name))).toEqual(reference);
    // An app added to the reference opens its own paths, in policies named after it.
    const added = env.apps.map((a) => a.name).filter((a) => !['web', 'api', 'worker', 'store'].includes(a));
    expect([...policies.keys()].filter((name) => !reference.includes(name)))
      .toEqual(added.flatMap((a) => [`app-${a}-ingress`, `app-${a}-egress`]).filter((name) => policies.has(name)));
    expect(policies.get('default-deny')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('opens exactly the declared paths: the Gateway\'s proxies to web, web to api, api and worker to store', () => {
    const rules = (name: string) => of('NetworkPolicy').find((p) => p.metadata.name === name).spec;
    const app = (n: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': n } } });
    const proxies = env.cluster.gateway!.dataPlaneNamespace;
    expect(rules('app-web-ingress').ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': proxies } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090, protocol: 'TCP' }] },
    ]);
    expect(rules('app-web-egress').egress).toEqual([{ to: [app('api')], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(rules('app-store-ingress').ingress).toEqual([
      { from: [app('store')], ports: [{ port: 6379, protocol: 'TCP' }] },
      { from: [app('api')], ports: [{ port: 6379, protocol: 'TCP' }] },
      { from: [app('worker')], ports: [{ port: 6379, protocol: 'TCP' }] },
    ]);
  });

  test('has a quota and a limit range', () => {
    expect(of('ResourceQuota')).toHaveLength(1);
    expect(of('ResourceQuota')[0].spec.hard).toMatchObject({
      'requests.cpu': env.quota.requests.cpu,
      'limits.memory': env.quota.limits.memory,
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
    expect(of('LimitRange')[0].spec.limits[0].max).toEqual({ cpu: env.limitRange.max.cpu, memory: env.limitRange.max.memory });
  });

  test('grants roles to its groups, and the deployer to its ServiceAccount only', () => {
    const bindings = of('RoleBinding').map((b) => [b.metadata.name, b.subjects.map((s: any) => `${s.kind}:${s.name}`)]);
    expect(bindings).toContainEqual(['deployer', ['ServiceAccount:deployer']]);
    expect(bindings.length).toBe(of('Role').length);
    for (const binding of of('RoleBinding')) {
      expect(binding.subjects.map((s: any) => s.name)).not.toContain('default');
    }
    const humans = of('RoleBinding').filter((b) => b.metadata.name !== 'deployer').map((b) => b.metadata.name);
    expect(humans.length).toBeGreaterThan(0);
  });

  test('grants people only read-only roles where it is protected', () => {
    const humans = of('RoleBinding').filter((b) => b.metadata.name !== 'deployer').map((b) => b.metadata.name);
    expect(env.protected ? humans : ['viewer']).toEqual(['viewer']);
  });

  test('never grants wildcards or escalation verbs', () => {
    const rules = of('Role').flatMap((r) => r.rules);
    const values = rules.flatMap((r: any) => [...r.apiGroups, ...r.resources, ...r.verbs, ...(r.resourceNames ?? [])]);
    expect(values.filter((v: string) => v.includes('*'))).toEqual([]);
    expect(rules.flatMap((r: any) => r.verbs).filter((v: string) => ['bind', 'escalate', 'impersonate'].includes(v))).toEqual([]);
  });
});

describe('Terraform stacks', () => {
  test('two per environment (what governs it, what it runs) and one per cluster', () => {
    expect([...synthesized.keys()].sort()).toEqual([
      ...definition.environments.flatMap((e) => [e.name, `governance-${e.name}`]), ...definition.clusters.map((c) => `cluster-${c.name}`),
    ].sort());
  });

  test.each([
    ...definition.environments.flatMap((e) => [[e.name, e.cluster], [`governance-${e.name}`, e.cluster]]),
    ...definition.clusters.map((c) => [`cluster-${c.name}`, c.name]),
  ])(
    '%s points at cluster %s and carries the guard',
    (stack, cluster) => {
      const json = synthesized.get(stack);
      expect(json.variable.kube_context.default).toBe(cluster);
      expect(json.provider.kubernetes[0].config_context).toBe('${var.kube_context}');
      expect(json.data.kubernetes_resources.cluster_identity.lifecycle.postcondition[0].condition).toContain(`"${cluster}"`);
    },
  );

  test('every stack keeps separate state', () => {
    const locations = [...synthesized.values()].map((json) => JSON.stringify(json.terraform.backend));
    expect(new Set(locations).size).toBe(locations.length);
    expect(synthesized.get('production').terraform.backend).toEqual({
      s3: { bucket: 'example-platform-terraform-state', region: 'eu-west-1', key: 'platform/production/terraform.tfstate', encrypt: true, use_lockfile: true },
    });
    expect(synthesized.get('governance-dev').terraform.backend).toEqual({
      kubernetes: { secret_suffix: 'governance-dev', namespace: 'terraform-state', config_path: '~/.kube/config', config_context: 'nonprod' },
    });
    // The deployer keeps its state in a namespace of its own, where it may write Secrets.
    expect(synthesized.get('dev').terraform.backend).toEqual({
      kubernetes: { secret_suffix: 'dev', namespace: 'terraform-state-dev', config_path: '~/.kube/config', config_context: 'nonprod' },
    });
    expect(synthesized.get('governance-production').terraform.backend.s3.key).toBe('platform/governance-production/terraform.tfstate');
  });

  test('every stack keeps shared, locked state: none is local', () => {
    for (const [name, json] of synthesized) {
      expect([name, Object.keys(json.terraform.backend)]).toEqual([name, [expect.stringMatching(/^(s3|kubernetes)$/)]]);
    }
  });

  test('production protects its namespace, in its governance stack; the others do not; no environment stack holds a namespace', () => {
    expect(synthesized.get('governance-production').resource.kubernetes_namespace_v1.production.lifecycle).toEqual({ prevent_destroy: true });
    for (const { name } of environments.filter((e) => !e.env.protected)) {
      expect(synthesized.get(`governance-${name}`).resource.kubernetes_namespace_v1[name].lifecycle).toBeUndefined();
    }
    for (const { name } of environments) {
      expect(synthesized.get(name).resource.kubernetes_namespace_v1).toBeUndefined();
    }
    expect(environments.filter((e) => !e.env.protected).map((e) => e.name)).toEqual(expect.arrayContaining(['dev', 'qa', 'staging']));
  });

  test('production\'s data cannot be destroyed by a deploy: its StatefulSets and claims are under prevent_destroy', () => {
    const production = synthesized.get('production').resource.kubernetes_manifest;
    const dataKinds = Object.values<any>(production).filter((r) => ['StatefulSet', 'PersistentVolumeClaim'].includes(r.manifest.kind));
    expect(dataKinds.length).toBeGreaterThan(0);
    for (const r of dataKinds) expect(r.lifecycle).toEqual({ prevent_destroy: true });
    const dev = synthesized.get('dev').resource.kubernetes_manifest;
    expect(Object.values<any>(dev).filter((r) => r.lifecycle !== undefined)).toEqual([]);
  });

  test('the cluster hosting production keeps its PriorityClasses and StorageClasses under prevent_destroy; nonprod does not', () => {
    const protectedKinds = (stack: string) => Object.values<any>(synthesized.get(stack).resource.kubernetes_manifest)
      .filter((r) => ['PriorityClass', 'StorageClass'].includes(r.manifest.kind));
    expect(protectedKinds('cluster-prod').length).toBeGreaterThan(0);
    for (const r of protectedKinds('cluster-prod')) expect(r.lifecycle).toEqual({ prevent_destroy: true });
    for (const r of protectedKinds('cluster-nonprod')) expect(r.lifecycle).toBeUndefined();
  });

  test('every workload of every environment has a rollout check through the stack\'s own kubeconfig variables, and nothing waits in the provider', () => {
    for (const { name } of environments) {
      const json = synthesized.get(name);
      const workloads = Object.entries<any>(json.resource.kubernetes_manifest)
        .filter(([, r]) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(r.manifest.kind));
      expect(workloads.length).toBeGreaterThan(0);
      for (const [address, r] of workloads) {
        expect(r.wait).toBeUndefined();
        const check = json.resource.terraform_data[`rollout_${address}`];
        expect(check.depends_on).toEqual([`kubernetes_manifest.${address}`]);
        expect(check.provisioner[0]['local-exec'].environment).toEqual({ KUBECONFIG: '${pathexpand(var.kube_config_path)}', KUBE_CONTEXT: '${var.kube_context}' });
        expect(check.provisioner[0]['local-exec'].command)
          .toMatch(new RegExp(`^kubectl --context "\\$KUBE_CONTEXT" rollout status ${r.manifest.kind.toLowerCase()}/${r.manifest.metadata.name} --namespace ${name} --timeout=\\d+s$`));
      }
    }
  });

  test('every object is applied by the platform\'s field manager, forcing conflicts for every kind but claims', () => {
    for (const json of synthesized.values()) {
      for (const r of Object.values<any>(json.resource.kubernetes_manifest ?? {})) {
        expect([r.manifest.kind, r.field_manager]).toEqual([r.manifest.kind, { name: 'platform-deploy', force_conflicts: r.manifest.kind !== 'PersistentVolumeClaim' }]);
      }
    }
  });
});

describe('routing through the Gateway API', () => {
  const gateways = new Map(charts.clusters.map((o) => [o.cluster.name, PlatformCharts.manifestsOf(o.app).find((x) => x.kind === 'Gateway')]));

  test.each(environments)('environment $name: every HTTPRoute attaches to the listener of its host, which admits only this namespace', ({ env, objects }) => {
    const gateway = gateways.get(env.cluster.name);
    const routes = objects.filter((o) => o.kind === 'HTTPRoute');
    const published = env.apps.filter((a) => a.ingress).length;
    expect(routes.length).toBeGreaterThanOrEqual(published);
    for (const route of routes) {
      const [parent] = route.spec.parentRefs;
      expect([parent.name, parent.namespace]).toEqual([gateway.metadata.name, gateway.metadata.namespace]);
      const listener = gateway.spec.listeners.find((l: any) => l.name === parent.sectionName);
      expect([listener.hostname]).toEqual(route.spec.hostnames);
      expect(listener.allowedRoutes.namespaces.selector.matchExpressions).toEqual([{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [env.namespace] }]);
      expect(listener.tls.certificateRefs.map((c: any) => c.namespace)).toEqual([undefined]);
    }
  });

  test('each Gateway serves exactly the hosts of its environments, with certificates from cert-manager', () => {
    for (const { cluster } of charts.clusters) {
      const gateway = gateways.get(cluster.name);
      const hosts = environments.filter((e) => e.env.cluster.name === cluster.name)
        .flatMap((e) => e.objects.filter((o) => o.kind === 'HTTPRoute').flatMap((r) => r.spec.hostnames)).sort();
      expect(gateway.spec.listeners.map((l: any) => l.hostname)).toEqual(hosts);
      expect(gateway.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': cluster.gateway!.clusterIssuer });
      expect(gateway.spec.gatewayClassName).toBe(cluster.gateway!.className);
    }
  });
});
