/** The kubectl path of an output folder: its kustomization, the prune allowlist and the prune command. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformCharts, resolvePlatform } from '../../lib';
import { KUSTOMIZATION_FILE, PRUNE_ALLOWLIST, kubectlPruneCommand, pruneAllowlist, renderKustomization } from '../../lib/platform/kubectl-apply';
import { platform } from '../../environments';

test('the kustomization lists its resources in the order given and keeps that order (fifo), under its comment', () => {
  expect(renderKustomization({ resources: ['environment.k8s.yaml', 'app-web.k8s.yaml'], comment: ['first line', '', 'last'] })).toBe([
    '# first line',
    '#',
    '# last',
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'sortOptions:',
    '  order: fifo',
    'resources:',
    '  - environment.k8s.yaml',
    '  - app-web.k8s.yaml',
    '',
  ].join('\n'));
});

test('is named so that `kubectl apply -f <folder>/` skips it: kubectl reads only .json, .yaml and .yml files of a folder', () => {
  expect(KUSTOMIZATION_FILE).toBe('Kustomization');
  expect(['.json', '.yaml', '.yml']).not.toContain(path.extname(KUSTOMIZATION_FILE));
});

test('the allowlist is every platform kind, plus custom kinds present, never the Namespace', () => {
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace' },
    { apiVersion: 'apps/v1', kind: 'Deployment' },
    { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' },
    { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  ];
  expect(pruneAllowlist(objects)).toEqual([...PRUNE_ALLOWLIST, 'external-secrets.io/v1/ExternalSecret', 'gateway.networking.k8s.io/v1/HTTPRoute']);
  expect(pruneAllowlist([])).toEqual(PRUNE_ALLOWLIST);
  expect(PRUNE_ALLOWLIST.some((entry) => entry.endsWith('/Namespace'))).toBe(false);
});

test('the allowlist names only APIs every supported Kubernetes serves, as `<group>/<version>/<Kind>` with core for the core group', () => {
  // Built into the API server: kubectl resolves each entry through discovery and refuses the command on a kind the
  // cluster does not serve (kubectl pkg/util/prune/prune.go ParseResources).
  const builtIn = ['core', 'apps', 'autoscaling', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io'];
  for (const entry of PRUNE_ALLOWLIST) {
    const [group, version, kind] = entry.split('/');
    expect([builtIn.includes(group), /^v\d+$/.test(version), /^[A-Z][A-Za-z]+$/.test(kind)]).toEqual([true, true, true]);
  }
});

test('the prune command applies the folder with -k, prunes by the selector, and names each allowed kind', () => {
  const allowlist = ['apps/v1/Deployment', 'core/v1/Service'];
  expect(kubectlPruneCommand({ folder: 'dist/dev', selector: 'example.org/environment=dev', allowlist })).toEqual([
    'kubectl apply -k dist/dev --prune -l example.org/environment=dev',
    '  --prune-allowlist=apps/v1/Deployment',
    '  --prune-allowlist=core/v1/Service',
  ]);
});

describe('PlatformCharts', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-apply-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('lists the files cdk8s numbers when charts depend on each other, in their order', () => {
    const charts = new PlatformCharts({ platform: resolvePlatform(platform), outdir: dir });
    const dev = charts.environment('dev');
    for (const app of dev.apps) app.addDependency(dev.chart);
    charts.synth();
    const manifests = fs.readdirSync(path.join(dir, 'dev')).filter((f) => f.endsWith('.k8s.yaml'));
    expect(manifests[0]).toBe('0000-environment.k8s.yaml');
    const listed = `resources:\n${manifests.map((f) => `  - ${f}\n`).join('')}`;
    expect(fs.readFileSync(path.join(dir, 'dev', KUSTOMIZATION_FILE), 'utf8')).toContain(listed);
  });

  test('writes no construct metadata among the manifests, even where cdk8s-cli asks every app for it', () => {
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      new PlatformCharts({ platform: resolvePlatform(platform), outdir: dir }).synth();
    } finally {
      delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    }
    const files = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('construct-metadata.json'))).toEqual([]);
    const apps = resolvePlatform(platform).environments.find((e) => e.name === 'dev')!.apps.map((a) => `app-${a.name}.k8s.yaml`);
    expect(apps).toEqual(expect.arrayContaining(['app-api.k8s.yaml', 'app-store.k8s.yaml', 'app-web.k8s.yaml', 'app-worker.k8s.yaml']));
    expect(files.filter((f) => f.startsWith('dev'))).toEqual(
      ['dev', ...['Kustomization', ...apps, 'environment.k8s.yaml'].sort().map((f) => `dev/${f}`)],
    );
  });
});
