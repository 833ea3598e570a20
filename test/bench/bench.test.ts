/** The benchmark still runs: its generator builds a valid platform, and its report prints the four lines. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App as TerraformApp } from 'cdktf';
import { PlatformCharts, ReleaseStrategyKind, addPlatformStacks, resolvePlatform, synthPlatform } from '../../lib';
import { compareObjects, writeKustomization } from '../../bench/kustomize';
import { formatTable, fullSynthLine, median, summaryLines } from '../../bench/report';
import { cloneName, scaledPlatform } from '../../bench/scaled-platform';
import { platform as reference } from '../../environments';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('scaledPlatform', () => {
  test('clones the reference apps into groups wired like the originals, with their own hosts and overrides', () => {
    const platform = resolvePlatform(scaledPlatform(12));
    // The reference platform's environments, whatever they are (the bench scales its apps, not its environments).
    expect(platform.environments.map((e) => e.name)).toEqual(reference.environments.map((e) => e.name));
    for (const env of platform.environments) {
      expect(env.apps.map((a) => a.name).sort()).toEqual(['api', 'store', 'web', 'worker'].flatMap((n) => [0, 1, 2].map((g) => cloneName(n, g))).sort());
    }
    const production = platform.environments.find((e) => e.name === 'production')!;
    const web = production.apps.find((a) => a.name === 'web-0002')!;
    expect(web.dependsOn.map((d) => d.app)).toEqual(['api-0002']);
    expect(web.release.kind).toBe(ReleaseStrategyKind.BLUE_GREEN);
    expect(production.apps.find((a) => a.name === 'api-0001')!.release.kind).toBe(ReleaseStrategyKind.CANARY);
    expect(web.ingress?.host).toBe('shop-0002.example.com');
    expect(production.quota.pods).toBe(200 * 3);
  });

  test('a size that is not a multiple of four leaves no dependency dangling', () => {
    const platform = resolvePlatform(scaledPlatform(3));
    expect(platform.environments[0].apps.map((a) => a.name)).toEqual(['store-0000', 'api-0000', 'worker-0000']);
  });

  test('fails when the number of apps is not a whole number of at least 1', () => {
    expect(() => scaledPlatform(0)).toThrow('apps is 0; expected a whole number of at least 1');
  });

  test('4x3 apps synthesize to manifests and Terraform', () => {
    const charts = new PlatformCharts({ platform: resolvePlatform(scaledPlatform(3)), outdir: path.join(root, 'dist') });
    charts.synth();
    const app = new TerraformApp({ outdir: path.join(root, 'cdktf.out') });
    addPlatformStacks(app, charts);
    app.synth();
    expect(fs.readdirSync(path.join(root, 'dist', 'production')).sort()).toEqual([
      'Kustomization', 'app-api-0000.k8s.yaml', 'app-store-0000.k8s.yaml', 'app-worker-0000.k8s.yaml', 'environment.k8s.yaml',
    ]);
    const stack = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.out', 'stacks', 'production', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(stack.resource.kubernetes_manifest)).toContain('deployment_api-0000-canary');
  });

  test('4x3 apps pass the whole synth, guardrails included (the bench\'s synth-platform case)', () => {
    const result = synthPlatform({ definition: scaledPlatform(3), manifestsDir: path.join(root, 'dist'), terraformDir: path.join(root, 'cdktf.out') });
    expect(result.report.failed).toBe(false);
    expect(result.environments).toEqual(reference.environments.map((e) => e.name));
    expect(fs.existsSync(path.join(root, 'dist', 'guardrails.json'))).toBe(true);
  });
});

describe('kustomize equivalent', () => {
  test('base and overlays: transformers for namespace and labels, a JSON patch per changed object, deletions, extras', () => {
    const object = (ns: string, env: string, replicas: number, name = 'web') => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, labels: { 'platform.example.com/environment': env } }, spec: { replicas },
    });
    const layout = writeKustomization(path.join(root, 'k'), [
      { name: 'dev', cluster: 'nonprod', namespace: 'dev', files: [{ name: 'app', objects: [object('dev', 'dev', 1), object('dev', 'dev', 1, 'old')] }] },
      { name: 'prod', cluster: 'prod', namespace: 'prod', files: [{ name: 'app', objects: [object('prod', 'prod', 3), object('prod', 'prod', 1, 'new')] }] },
    ]);
    expect(layout.patches).toBe(1);
    expect(fs.readFileSync(path.join(root, 'k', 'overlays', 'prod', 'patches', 'deployment-web.yaml'), 'utf8')).toBe('- op: replace\n  path: /spec/replicas\n  value: 3\n');
    const kustomization = fs.readFileSync(path.join(root, 'k', 'overlays', 'prod', 'kustomization.yaml'), 'utf8');
    expect(kustomization).toContain('namespace: prod');
    expect(kustomization).toContain('$patch: delete');
    expect(kustomization).toContain('- extra.yaml');
  });

  test('compares objects regardless of key and object order', () => {
    expect(compareObjects([{ kind: 'A', metadata: { name: 'a' }, x: 1, y: 2 }], [{ y: 2, x: 1, metadata: { name: 'a' }, kind: 'A' }])).toEqual([]);
    expect(compareObjects([{ kind: 'A', metadata: { name: 'a' }, x: 1 }], [{ kind: 'A', metadata: { name: 'a' }, x: 2 }])).toEqual(['A/a']);
    // The same kind and name in two namespaces (a cluster file's per-environment Roles) are two objects.
    const role = (namespace: string, verbs: string[]) => ({ kind: 'Role', metadata: { name: 'deployer-state', namespace }, rules: [{ verbs }] });
    expect(compareObjects([role('state-dev', ['get']), role('state-qa', ['list'])], [role('state-qa', ['list']), role('state-dev', ['get'])])).toEqual([]);
    expect(compareObjects([role('state-dev', ['get'])], [role('state-dev', ['list'])])).toEqual(['Role/deployer-state in state-dev']);
  });
});

describe('report', () => {
  test('ends with the four lines in the exact form of the issue', () => {
    const lines = summaryLines({ ratioApps: 200, largeApps: 1000, overhead: 1.0449, versusKustomize: 0.1234, scaling: 5.2, peakMemoryMiB: 612.4 });
    expect(lines).toEqual([
      'manifests overhead vs raw cdk8s-plus (4x200): 1.04x',
      'manifests+terraform vs kustomize manifests (4x200): 0.12x',
      'scaling 1000/200 apps: 5.20x',
      'peak memory 4x1000: 612 MiB',
    ]);
    for (const [line, pattern] of lines.map((l, i) => [l, [
      /^manifests overhead vs raw cdk8s-plus \(4x\d+\): \d+\.\d\dx$/,
      /^manifests\+terraform vs kustomize manifests \(4x\d+\): \d+\.\d\dx$/,
      /^scaling \d+\/\d+ apps: \d+\.\d\dx$/,
      /^peak memory 4x\d+: \d+ MiB$/,
    ][i]] as const)) {
      expect(line).toMatch(pattern);
    }
  });

  test('the whole synth\'s line: time, peak and scaling, or what was not measured', () => {
    expect(fullSynthLine({ ratioApps: 200, largeApps: 1000, ms: 25623.9, scaling: 4.881, peakMemoryMiB: 662.3 }))
      .toBe('synth with guardrails (npm run synth) 4x1000: 25624 ms, peak 662 MiB, scaling 1000/200 apps 4.88x');
    expect(fullSynthLine({ ratioApps: 50, largeApps: 50 }))
      .toBe('synth with guardrails (npm run synth) 4x50: not measured, peak not measured, scaling 50/50 apps skipped (one size only)');
    expect(fullSynthLine({ ratioApps: 200, largeApps: 1000, ms: 1 }))
      .toBe('synth with guardrails (npm run synth) 4x1000: 1 ms, peak not measured, scaling 1000/200 apps not measured');
  });

  test('says why a figure is missing instead of printing a number', () => {
    expect(summaryLines({ ratioApps: 200, largeApps: 1000, missing: { versusKustomize: 'kubectl not found' } })[1])
      .toBe('manifests+terraform vs kustomize manifests (4x200): skipped (kubectl not found)');
  });

  test('table: median, range, process time and peak memory per case', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const table = formatTable([{ apps: 200, name: 'manifests', ms: [1200, 1000, 1100], processMs: [2000, 2100, 1900], maxRssMiB: [300, 310, 305] }]);
    expect(table.split('\n')[2]).toMatch(/^4x200\s+manifests\s+3\s+1100\s+1000–1200\s+2000\s+310$/);
  });
});
