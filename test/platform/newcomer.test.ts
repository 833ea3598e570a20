/**
 * A newcomer adds an environment and an app to a copy of the reference definition, once by the README's steps
 * ("Defining environments", "Applications") and once with `platform new`, and what the reference platform's contract
 * tests derive from the definition holds for the result: it resolves, both outputs render with the new environment and
 * app in them, the two outputs hold the same objects, and the guardrails pass with only the warnings the definition
 * intends. (scripts/check-newcomer.sh runs the whole suite over such a copy.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { PlatformCharts, PlatformDefinition, addPlatformStacks, resolvePlatform } from '../../lib';
import { appRoutes } from '../../lib/app/app-routes';
import { newApp, newEnvironment } from '../../lib/delivery/scaffold';
import { checkPlatform, outputsOfCharts } from '../../lib/platform/check-platform';
import { platform as reference } from '../../environments';
import { copyEnvironments, ROOT } from '../delivery/_fixtures';
import { objectKey, objectsOfStack } from '../util';

/**
 * What a newcomer writes by hand, following the README: a copy of qa.ts named soak, on no node pool of its own (so every
 * app qa pins, soak pins too, whatever apps the repository has by then).
 */
const SOAK = fs.readFileSync(path.join(ROOT, 'environments', 'qa.ts'), 'utf8').replace(/\bqa\b/g, 'soak').replace(/\n *nodePool: 'soak',/, '');

const CATALOG = `/** Search over the catalogue. */
export const catalog: AppDefinition = {
  name: 'catalog',
  image: 'registry.example.com/shop/catalog',
  version: '1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  probes: {
    readiness: { http: { path: '/ready', port: 'http' } },
    liveness: { http: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
  },
  replicas: 1,
  writablePaths: ['/tmp'],
};

`;

/** Replaces `from` (text, or a pattern) in a definition file of the copy, which must hold it once. */
function edit(envs: ReturnType<typeof copyEnvironments>, file: string, from: string | RegExp, to: string): void {
  const text = envs.read(file);
  const pattern = typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : new RegExp(from.source, 'g');
  expect(text.match(pattern)).toHaveLength(1);
  fs.writeFileSync(envs.file(file), text.replace(from, to));
}

/** "To add an environment, create environments/<name>.ts … and list it in environments/index.ts"; an app in apps.ts, pinned where protected. */
function byTheReadme(): string {
  const envs = copyEnvironments(ROOT);
  fs.writeFileSync(envs.file('soak'), SOAK);
  edit(envs, 'index', 'import { production }', 'import { soak } from \'./soak\';\nimport { production }');
  // After qa in the promotion order, whatever else the list holds.
  edit(envs, 'index', /environments: \[([^\]]*)\bqa, /, 'environments: [$1qa, soak, ');
  edit(envs, 'apps', '/** The apps, each run in every environment. */', `${CATALOG}/** The apps, each run in every environment. */`);
  edit(envs, 'apps', /\[web, api, worker, store([^\]]*)\]/, '[web, api, worker, store$1, catalog]');
  // "Protected environments also refuse … fewer than two replicas."
  edit(envs, 'production', '  apps: {\n', '  apps: {\n    catalog: { replicas: 2 },\n');
  return envs.dir;
}

/** The same with the scaffolding. */
function withScaffolding(): string {
  const envs = copyEnvironments(ROOT);
  newEnvironment({ dir: envs.dir, name: 'soak', from: 'qa' });
  newApp({ dir: envs.dir, name: 'catalog', image: 'registry.example.com/shop/catalog', version: '1.0.0' });
  return envs.dir;
}

function load(dir: string): PlatformDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(dir).platform;
}

describe.each([['by the README', byTheReadme], ['with platform new', withScaffolding]])('soak and catalog added %s', (_, add) => {
  const definition = load(add());
  const platform = resolvePlatform(definition);
  const charts = new PlatformCharts({ platform, outdir: '/nonexistent' });
  const stacks = addPlatformStacks(Testing.app(), charts);
  const terraform = new Map([...stacks.environments, ...stacks.governance, ...stacks.clusters].map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));
  const report = checkPlatform(platform, { ...outputsOfCharts(charts), terraform: Object.fromEntries(terraform) });

  test('the definition resolves with the new environment after qa, and the new app in every environment', () => {
    const names = reference.environments.map((e) => e.name);
    expect(platform.environments.map((e) => e.name)).toEqual([...names.slice(0, names.indexOf('qa') + 1), 'soak', ...names.slice(names.indexOf('qa') + 1)]);
    expect(platform.environments.map((e) => e.apps.map((a) => a.name)))
      .toEqual(platform.environments.map(() => [...(reference.apps ?? []).map((a) => a.name), 'catalog']));
    expect(platform.environments.map((e) => e.apps.find((a) => a.name === 'catalog')!.image))
      .toEqual(platform.environments.map(() => 'registry.example.com/shop/catalog:1.0.0'));
  });

  test('each cluster hosts the environments the definition places on it, and has a stack; so does each environment', () => {
    expect(charts.clusters.map((c) => [c.cluster.name, c.cluster.environments]))
      .toEqual(definition.clusters.map((c) => [c.name, definition.environments.filter((e) => e.cluster === c.name).map((e) => e.name)]));
    expect([...terraform.keys()]).toEqual([
      ...definition.environments.map((e) => e.name), ...definition.environments.map((e) => `governance-${e.name}`),
      ...definition.clusters.map((c) => `cluster-${c.name}`),
    ]);
  });

  test('soak renders its namespace, its governance and every app, and its two stacks hold exactly those objects', () => {
    const objects = PlatformCharts.manifestsOf(charts.environment('soak').app);
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['soak']);
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
    expect([...new Set(workloads.map((o) => o.spec.template.metadata.labels['app.kubernetes.io/name']))].sort())
      .toEqual(platform.environments.find((e) => e.name === 'soak')!.apps.map((a) => a.name).sort());
    expect(workloads.filter((o) => o.spec.template.metadata.labels['app.kubernetes.io/name'] === 'catalog').map((o) => `${o.kind}/${o.metadata.name}`))
      .toEqual(['Deployment/catalog']);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'soak')).toBe(true);
    expect([...objectsOfStack(terraform.get('governance-soak')), ...objectsOfStack(terraform.get('soak'))].map(objectKey).sort())
      .toEqual(objects.map(objectKey).sort());
  });

  test('every environment publishes an HTTPRoute per route of its apps, on its own hosts', () => {
    for (const output of charts.environments) {
      const routes = PlatformCharts.manifestsOf(output.app).filter((o) => o.kind === 'HTTPRoute');
      expect(routes.map((r) => r.spec.hostnames[0]).sort()).toEqual(output.environment.apps.flatMap(appRoutes).map((r) => r.host).sort());
    }
    const hosts = charts.environments.flatMap((o) => o.environment.apps.flatMap(appRoutes).map((r) => `${o.environment.cluster.name} ${r.host}`));
    expect(new Set(hosts).size).toBe(hosts.length);
  });

  test('the guardrails pass: no error, and the only warnings are the single replicas the definition asks for', () => {
    expect(report.errors).toEqual([]);
    const single = charts.environments.flatMap((o) => {
      const objects = PlatformCharts.manifestsOf(o.app);
      const scaled = objects.filter((x) => x.kind === 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
      return objects.filter((x) => ['Deployment', 'StatefulSet'].includes(x.kind) && !scaled.includes(x.metadata.name) && (x.spec.replicas ?? 1) < 2)
        .map((x) => `${o.environment.name} min-replicas ${x.kind}/${x.metadata.namespace}/${x.metadata.name}`);
    });
    expect(report.warnings.filter((v) => !v.rule.startsWith('schema-version')).map((v) => `${v.environment} ${v.rule} ${v.object}`).sort())
      .toEqual(single.sort());
    expect(single).toContain('soak min-replicas Deployment/soak/catalog');
  });
});
