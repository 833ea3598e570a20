/**
 * The reference output applies with kubectl as the folders it is: each environment folder holds only its manifests and
 * a kustomization listing them namespace and governance first, every object carries the label its prune selects by,
 * and the prune allowlist covers every kind. `kubectl kustomize` (offline) checks the order where kubectl is installed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { PlatformCharts } from '../../lib';
import { KUSTOMIZATION_FILE, PRUNE_ALLOWLIST, pruneAllowlist } from '../../lib/platform/kubectl-apply';
import { referencePlatform } from '../util';

let dir: string;
let charts: PlatformCharts;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-apply-'));
  charts = new PlatformCharts({ platform: referencePlatform(), outdir: dir });
  charts.synth();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The objects of a manifest file, in file order. */
function objectsOf(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o);
}

/** `Kind/name` of each object. */
const ids = (objects: any[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

/** kubectl on the PATH, whose embedded kustomize renders a kustomization offline; users need not have it. */
const kubectl = ((): string | undefined => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return 'kubectl';
  } catch {
    return undefined;
  }
})();
if (!kubectl) {
  console.warn('kubectl is not installed: the `kubectl kustomize` tests are skipped (not passed)');
}
const withKubectl = kubectl ? test : test.skip;

describe.each(referencePlatform().environments.map((env) => ({ name: env.name, env })))('environment $name', ({ name, env }) => {
  const folder = () => path.join(dir, name);
  const kustomization = () => parse(fs.readFileSync(path.join(folder(), KUSTOMIZATION_FILE), 'utf8'));

  test('holds its manifests and the kustomization, nothing else', () => {
    const apps = env.apps.map((a) => `app-${a.name}.k8s.yaml`);
    expect(fs.readdirSync(folder()).sort()).toEqual([KUSTOMIZATION_FILE, ...apps, 'environment.k8s.yaml'].sort());
    expect(kustomization()).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      sortOptions: { order: 'fifo' },
      resources: ['environment.k8s.yaml', ...apps],
    });
  });

  test('every object carries the label its prune selects by, with the environment\'s name', () => {
    const key = env.cluster.labelKeys.environment;
    const objects: any[] = kustomization().resources.flatMap((f: string) => objectsOf(path.join(folder(), f)));
    expect(objects.length).toBeGreaterThan(30);
    expect(objects.filter((o) => o.metadata.labels?.[key] !== name).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(key).toBe('platform.example.com/environment');
  });

  test('the prune allowlist of the platform covers every kind it holds but its Namespace', () => {
    const objects = charts.objectsOf(charts.environment(name).app);
    // The built-in kinds, then the custom kinds present: HTTPRoutes where the environment publishes a host.
    const routes = objects.some((o) => o.kind === 'HTTPRoute') ? ['gateway.networking.k8s.io/v1/HTTPRoute'] : [];
    expect(pruneAllowlist(objects)).toEqual([...PRUNE_ALLOWLIST, ...routes]);
    const kinds = new Set(objects.map((o) => o.kind));
    expect(pruneAllowlist(objects).filter((entry) => kinds.has(entry.split('/')[2])).length).toBe(kinds.size - 1);
  });

  test('the kustomization says how to apply and prune this environment alone', () => {
    const text = fs.readFileSync(path.join(folder(), KUSTOMIZATION_FILE), 'utf8');
    expect(text).toContain(`#   kubectl apply -k <this folder> --prune -l platform.example.com/environment=${name} \\\n`);
    expect(text).toContain(PRUNE_ALLOWLIST.map((entry) => `#     --prune-allowlist=${entry}`).join(' \\\n'));
  });

  withKubectl('kubectl kustomize renders the namespace first, then its governance, then each app, every object once', () => {
    const rendered = parseAllDocuments(execFileSync(kubectl!, ['kustomize', folder()], { encoding: 'utf8' })).map((d) => d.toJS());
    const governance = objectsOf(path.join(folder(), 'environment.k8s.yaml'));
    const apps = env.apps.flatMap((a) => objectsOf(path.join(folder(), `app-${a.name}.k8s.yaml`)));
    expect(rendered[0]).toMatchObject({ kind: 'Namespace', metadata: { name: env.namespace } });
    expect(ids(rendered)).toEqual(ids([...governance, ...apps]));
    // The environment's chart is its governance: quota, limits, default-deny and RBAC, no workload.
    expect([...new Set(governance.map((o) => o.kind))].sort())
      .toEqual(['LimitRange', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'Role', 'RoleBinding', 'ServiceAccount']);
    expect(ids(governance)).toContain('NetworkPolicy/default-deny');
    expect(rendered).toHaveLength(charts.objectsOf(charts.environment(name).app).length);
  });
});

test('the README\'s prune command for dev is the one its Kustomization holds', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const command = readme.slice(readme.indexOf('kubectl --context nonprod apply -k dist/dev --prune')).split('\n```')[0];
  expect(command).toContain(' -l platform.example.com/environment=dev ');
  const allowlist = (text: string) => [...text.matchAll(/--prune-allowlist=(\S+)/g)].map((m) => m[1]);
  expect(allowlist(command)).toEqual(allowlist(fs.readFileSync(path.join(dir, 'dev', KUSTOMIZATION_FILE), 'utf8')));
  expect(allowlist(command)).toEqual([...PRUNE_ALLOWLIST, 'gateway.networking.k8s.io/v1/HTTPRoute']);
});

describe.each(referencePlatform().clusters.map((c) => ({ name: c.name })))('cluster $name', ({ name }) => {
  const folder = () => path.join(dir, 'clusters', name);

  test('its kustomization lists only the objects of the cluster itself, not the Cluster API objects', () => {
    expect(parse(fs.readFileSync(path.join(folder(), KUSTOMIZATION_FILE), 'utf8')).resources).toEqual(['cluster.k8s.yaml']);
  });

  withKubectl('kubectl kustomize renders exactly cluster.k8s.yaml', () => {
    const rendered = parseAllDocuments(execFileSync(kubectl!, ['kustomize', folder()], { encoding: 'utf8' })).map((d) => d.toJS());
    expect(ids(rendered)).toEqual(ids(objectsOf(path.join(folder(), 'cluster.k8s.yaml'))));
    expect(rendered.some((o) => String(o.apiVersion).includes('cluster.x-k8s.io'))).toBe(false);
  });
});
