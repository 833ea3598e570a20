/**
 * The performance work on the synth path must not change a byte: PlatformCharts renders each cdk8s App once and
 * writes its YAML itself, exactly as cdk8s's own App.synth() writes it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import { TerraformStack, Testing } from 'cdktf';
import { KubernetesObjects, PlatformCharts } from '../../lib';
import { KUSTOMIZATION_FILE } from '../../lib/platform/kubectl-apply';
import { shopPlatform } from '../util';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'render-once-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  }
  return files;
}

test('synth() writes the same bytes as cdk8s App.synth() for every App of the shop platform (test/fixtures/shop), plus each folder\'s Kustomization', () => {
  const platform = shopPlatform();
  const ours = new PlatformCharts({ platform, outdir: path.join(root, 'ours') });
  ours.synth();
  const theirs = new PlatformCharts({ platform, outdir: path.join(root, 'cdk8s') });
  for (const output of [...theirs.environments, ...theirs.clusters]) output.app.synth();
  for (const output of theirs.clusters) output.artefacts.synth();
  const expected = tree(path.join(root, 'cdk8s'));
  expect(Object.keys(expected).length).toBeGreaterThan(10);
  const written = tree(path.join(root, 'ours'));
  const kustomizations = Object.keys(written).filter((file) => path.basename(file) === KUSTOMIZATION_FILE);
  expect(kustomizations).toHaveLength(platform.environments.length + platform.clusters.length);
  kustomizations.forEach((file) => delete written[file]);
  expect(written).toEqual(expected);
});

test('objectsOf() renders an App once and shares the objects; every chart renders as its toJson() does', () => {
  const charts = new PlatformCharts({ platform: shopPlatform(), outdir: path.join(root, 'dist') });
  const dev = charts.environment('dev');
  const first = charts.objectsOf(dev.app);
  expect(first).toEqual(dev.app.charts.flatMap((chart) => chart.toJson()));
  expect(PlatformCharts.manifestsOf(dev.app)).toEqual(first);
  const second = charts.objectsOf(dev.app);
  expect(second).not.toBe(first);
  second.forEach((object, i) => expect(object).toBe(first[i]));
});

test('objectsOf() renders again once a construct was added', () => {
  const charts = new PlatformCharts({ platform: shopPlatform(), outdir: path.join(root, 'dist') });
  const dev = charts.environment('dev');
  const before = charts.objectsOf(dev.app).length;
  new ApiObject(dev.chart, 'Extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'dev' } });
  const after = charts.objectsOf(dev.app);
  expect(after).toHaveLength(before + 1);
  expect(after.find((o) => o.metadata.name === 'extra')?.kind).toBe('ConfigMap');
});

test('fails when a construct is invalid, with cdk8s\'s message, as before', () => {
  const charts = new PlatformCharts({ platform: shopPlatform(), outdir: path.join(root, 'dist') });
  const dev = charts.environment('dev');
  new ApiObject(dev.chart, 'Stray', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'qa' } });
  expect(() => charts.objectsOf(dev.app)).toThrow(/^Validation failed with the following errors:\n {2}\[environment\] environment "dev": ConfigMap "stray"/);
  expect(() => charts.synth()).toThrow(/Validation failed/);
});

test('KubernetesObjects restores stack traces after building, also when it fails', () => {
  const prepare = Error.prepareStackTrace;
  const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'dev' } };
  new KubernetesObjects(new TerraformStack(Testing.app(), 'ok'), 'Objects', { manifests: [manifest] });
  expect(Error.prepareStackTrace).toBe(prepare);
  let error: Error | undefined;
  try {
    new KubernetesObjects(new TerraformStack(Testing.app(), 'twice'), 'Objects', { manifests: [manifest, manifest] });
  } catch (e) {
    error = e as Error;
  }
  expect(error?.message).toMatch(/appears twice/);
  expect(error?.stack).toMatch(/kubernetes-objects/);
  expect(Error.prepareStackTrace).toBe(prepare);
});
