/**
 * The reference environments' deployers hold exactly the rights their apps need, plus read-only discovery, and nothing
 * they may do touches what governs their environment. Every grant a deployer holds is collected from both outputs (its
 * environment's objects and its cluster's) by following the bindings that name it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { PlatformCharts } from '../../lib';
import { MANAGE_VERBS, pluralOf } from '../../lib/environment/access-control';
import { GOVERNING_KINDS, isGoverningObject } from '../../lib/environment/governing-kinds';
import { CONNECT_SUBRESOURCES, ESCALATION_VERBS, READ_VERBS } from '../../lib/environment/roles';
import { objectKey, objectsOfStack, referenceOutputs } from '../util';

const { charts, stacks, app } = referenceOutputs();

/** A rule a deployer holds, and where: a namespace, or `*` for cluster-wide. */
interface Grant {
  readonly scope: string;
  readonly rule: any;
}

/** Every rule bound to the ServiceAccount `name` of `namespace` by the given objects. */
function grantsOf(objects: readonly any[], namespace: string, name: string): Grant[] {
  const names = (b: any) => (b.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && s.name === name && s.namespace === namespace);
  return objects.filter((o) => (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && names(o)).flatMap((binding) => {
    const cluster = binding.roleRef.kind === 'ClusterRole';
    const role = objects.find((o) => o.kind === binding.roleRef.kind && o.metadata.name === binding.roleRef.name
      && (cluster || o.metadata.namespace === binding.metadata.namespace));
    expect([objectKey(binding), role]).toEqual([objectKey(binding), expect.anything()]);
    const scope = binding.kind === 'ClusterRoleBinding' ? '*' : binding.metadata.namespace;
    return role.rules.map((rule: any) => ({ scope, rule }));
  });
}

const environments = charts.environments.map((o) => {
  const env = o.environment;
  const objects = PlatformCharts.manifestsOf(o.app);
  const clusterObjects = PlatformCharts.manifestsOf(charts.cluster(env.cluster.name).app);
  const grants = grantsOf([...objects, ...clusterObjects], env.namespace, env.access.deployerServiceAccount);
  return { name: env.name, env, objects, clusterObjects, grants };
});

const manage = [...MANAGE_VERBS];

describe('the deployer\'s Role in its namespace', () => {
  test('dev: exactly the kinds its apps run', () => {
    const dev = environments.find((e) => e.name === 'dev')!;
    expect(dev.grants.filter((g) => g.scope === 'dev').map((g) => g.rule)).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'services'], verbs: manage },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: manage },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: manage },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: manage },
    ]);
  });

  test('production: exactly the kinds its apps run, autoscalers included', () => {
    const production = environments.find((e) => e.name === 'production')!;
    expect(production.grants.filter((g) => g.scope === 'production').map((g) => g.rule)).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'services'], verbs: manage },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: manage },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: manage },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: manage },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: manage },
    ]);
  });

  test.each(environments.map((e) => [e.name, e]))('%s: derived from the kinds of the objects its own stack holds, no more, no less', (name, e) => {
    const runs = e.objects.filter((o) => !isGoverningObject(o));
    const resources = e.grants.filter((g) => g.scope === e.env.namespace)
      .flatMap((g) => g.rule.apiGroups.flatMap((group: string) => g.rule.resources.map((r: string) => `${group}/${r}`)));
    const expected = [...new Set(runs.map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${pluralOf(o.kind)}`))];
    expect([name, resources.sort()]).toEqual([name, expected.sort()]);
  });
});

describe.each(environments.map((e) => [e.name, e]))('everything the %s deployer may do', (_name, e) => {
  const governing = GOVERNING_KINDS.map((k) => pluralOf(k.kind));

  test('touches no governing kind, no namespace, nothing that connects into a pod, no Secret of its environment', () => {
    expect(governing).toEqual(['namespaces', 'resourcequotas', 'limitranges', 'serviceaccounts', 'networkpolicies', 'roles', 'rolebindings', 'externalsecrets']);
    const resources = e.grants.flatMap((g) => (g.rule.resources ?? []).map((r: string) => `${g.scope}:${r}`));
    expect(resources.length).toBeGreaterThan(0);
    for (const forbidden of [...governing, ...CONNECT_SUBRESOURCES, 'pods', 'clusterroles', 'clusterrolebindings']) {
      expect(resources.filter((r) => r.endsWith(`:${forbidden}`))).toEqual([]);
    }
    // Secrets only in the namespace that holds its own state and nothing else.
    expect(resources.filter((r) => r.endsWith(':secrets'))).toEqual(e.env.state.kind === 'kubernetes' ? [`terraform-state-${e.name}:secrets`] : []);
  });

  test('never escalates, binds or impersonates, and names no wildcard', () => {
    for (const { rule } of e.grants) {
      expect(rule.verbs.filter((v: string) => ESCALATION_VERBS.includes(v))).toEqual([]);
      const values = [
        ...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...rule.verbs, ...(rule.resourceNames ?? []), ...(rule.nonResourceURLs ?? []),
      ];
      expect(values.filter((v: string) => v.includes('*'))).toEqual([]);
    }
  });

  test('outside its namespace only reads (the cluster identity, CRDs), except its own state namespace', () => {
    const outside = e.grants.filter((g) => g.scope !== e.env.namespace && g.scope !== `terraform-state-${e.name}`);
    expect(outside).toEqual([
      { scope: 'kube-system', rule: { apiGroups: [''], resources: ['configmaps'], resourceNames: ['platform-identity'], verbs: ['get', 'list', 'watch'] } },
      { scope: '*', rule: { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list'] } },
    ]);
    expect(outside.every((g) => g.rule.verbs.every((v: string) => READ_VERBS.includes(v)))).toBe(true);
  });

  test('no ServiceAccount its pods may run as holds a right the deployer lacks: the deployer is the only ServiceAccount any binding names', () => {
    const bound = [...e.objects, ...e.clusterObjects].filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
      .flatMap((b) => (b.subjects ?? []).filter((s: any) => s.kind === 'ServiceAccount' && s.namespace === e.env.namespace).map((s: any) => s.name));
    expect(new Set(bound)).toEqual(new Set([e.env.access.deployerServiceAccount]));
    expect(e.objects.filter((o) => o.kind === 'RoleBinding').flatMap((b) => b.subjects)
      .filter((s: any) => s.kind === 'ServiceAccount').map((s: any) => `${s.namespace}/${s.name}`)).toEqual([`${e.env.namespace}/deployer`]);
  });
});

describe('the split of each environment into two stacks', () => {
  const synthesized = (id: string) => JSON.parse(Testing.synth([...stacks.governance, ...stacks.environments].find((s) => s.node.id === id)!));

  test.each(environments.map((e) => [e.name, e]))('%s: governance-<env> holds exactly the governing objects, <env> the rest, together its folder', (name, e) => {
    const governance = objectsOfStack(synthesized(`governance-${name}`));
    const runs = objectsOfStack(synthesized(name));
    expect(governance.every((o) => isGoverningObject(o))).toBe(true);
    expect(runs.some((o) => isGoverningObject(o))).toBe(false);
    expect(governance.map(objectKey).sort()).toEqual(e.objects.filter((o) => isGoverningObject(o)).map(objectKey).sort());
    expect([...governance, ...runs].map(objectKey).sort()).toEqual(e.objects.map(objectKey).sort());
    expect(new Set([...governance, ...runs].map(objectKey)).size).toBe(e.objects.length);
    expect(governance.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([e.env.namespace]);
    expect(governance.filter((o) => o.kind === 'Role').map((o) => o.metadata.name)).toContain(e.env.access.deployerServiceAccount);
  });

  test('manifest.json: cluster → governance → environment, for every environment', () => {
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    const dependencies = Object.fromEntries(Object.entries<any>(manifest.stacks).map(([name, stack]) => [name, stack.dependencies]));
    expect(dependencies).toEqual({
      'cluster-nonprod': [],
      'cluster-prod': [],
      ...Object.fromEntries(environments.flatMap((e) => [
        [`governance-${e.name}`, [`cluster-${e.env.cluster.name}`]],
        [e.name, [`governance-${e.name}`]],
      ])),
    });
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      ...new Set(environments.map((e) => `cluster-${e.env.cluster.name}`)), ...environments.flatMap((e) => [e.name, `governance-${e.name}`]),
    ].sort());
  });
});
