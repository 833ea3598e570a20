/**
 * One benchmark case, run in a process of its own so its peak memory is its own:
 *
 *   node --expose-gc --import tsx bench/case.ts <case> <apps> <fixture-dir> <out-dir>
 *
 * Prints one JSON line: `{ "ms": <time of the work>, "maxRssMiB": <peak resident memory of the process> }`. The work
 * is timed from a collected heap after the modules are loaded and the definition is built, to the last file written.
 * `prepare` writes the fixtures the baselines read (the rendered objects, the Kustomize tree).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import * as YAML from 'yaml';
import { CLUSTERS_DIR, PlatformCharts, addPlatformStacks, resolvePlatform, synthPlatform } from '../lib';
import { EnvironmentManifests, writeKustomization } from './kustomize';
import { scaledPlatform } from './scaled-platform';

/** The cases this file runs. */
export const NODE_CASES = ['manifests', 'terraform', 'both', 'raw', 'synth-platform'] as const;
export type NodeCase = typeof NODE_CASES[number];

/** What `prepare` writes for the raw cdk8s baseline: every App's folder and its charts' objects. */
export interface RawFixture {
  readonly apps: Array<{ readonly folder: string; readonly charts: Array<{ readonly id: string; readonly objects: any[] }> }>;
}

/** Files of the fixture folder. */
export const FIXTURE = { raw: 'raw.json', kustomize: 'kustomize', expected: 'expected' } as const;

function main(): void {
  const [kind, appsArg, fixtureDir, outDir] = process.argv.slice(2);
  const apps = Number(appsArg);
  const definition = scaledPlatform(apps);
  if (kind === 'prepare') {
    prepare(definition, fixtureDir);
    return;
  }
  const raw: RawFixture | undefined = kind === 'raw' ? JSON.parse(fs.readFileSync(path.join(fixtureDir, FIXTURE.raw), 'utf8')) : undefined;
  fs.mkdirSync(outDir, { recursive: true });
  (global as any).gc?.();
  const started = process.hrtime.bigint();
  switch (kind as NodeCase) {
    case 'manifests': {
      new PlatformCharts({ platform: resolvePlatform(definition), outdir: path.join(outDir, 'dist') }).synth();
      break;
    }
    case 'terraform': {
      const charts = new PlatformCharts({ platform: resolvePlatform(definition), outdir: path.join(outDir, 'dist') });
      const app = new TerraformApp({ outdir: path.join(outDir, 'cdktf.out') });
      addPlatformStacks(app, charts);
      app.synth();
      break;
    }
    case 'both': {
      const charts = new PlatformCharts({ platform: resolvePlatform(definition), outdir: path.join(outDir, 'dist') });
      charts.synth();
      const app = new TerraformApp({ outdir: path.join(outDir, 'cdktf.out') });
      addPlatformStacks(app, charts);
      app.synth();
      break;
    }
    case 'synth-platform': {
      synthPlatform({ definition, manifestsDir: path.join(outDir, 'dist'), terraformDir: path.join(outDir, 'cdktf.out') });
      break;
    }
    case 'raw': {
      writeRaw(raw!, path.join(outDir, 'dist'));
      break;
    }
    default:
      throw new Error(`unknown case "${kind}"; expected prepare or one of ${NODE_CASES.join(', ')}`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/**
 * The baseline: the same objects, written by a plain cdk8s program — one App per folder, one Chart per file,
 * `new ApiObject(chart, id, object)` per object, `app.synth()`. No validation, no defaults, no policy, no placement.
 */
function writeRaw(fixture: RawFixture, outdir: string): void {
  for (const spec of fixture.apps) {
    const app = new App({ outdir: path.join(outdir, spec.folder), outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
    for (const chartSpec of spec.charts) {
      const chart = new Chart(app, chartSpec.id, { disableResourceNameHashes: true });
      chartSpec.objects.forEach((object, i) => new ApiObject(chart, `o${i}`, object));
    }
    app.synth();
  }
}

/**
 * Renders the platform once and writes what the baselines read: the objects of every chart (read back from the
 * manifests, so the fixture holds exactly what the files hold), the Kustomize tree, and each environment's objects.
 */
function prepare(definition: ReturnType<typeof scaledPlatform>, fixtureDir: string): void {
  const platform = resolvePlatform(definition);
  const dist = path.join(fixtureDir, 'dist');
  const charts = new PlatformCharts({ platform, outdir: dist });
  charts.synth();
  const rendered = (app: App) => app.charts.map((chart) => ({
    id: chart.node.id,
    objects: readYaml(path.join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`)),
  }));
  const fixture: RawFixture = {
    apps: [
      ...charts.environments.map((e) => ({ folder: e.environment.name, charts: rendered(e.app) })),
      ...charts.clusters.map((c) => ({ folder: path.join(CLUSTERS_DIR, c.cluster.name), charts: rendered(c.app) })),
    ],
  };
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(path.join(fixtureDir, FIXTURE.expected), { recursive: true });
  fs.writeFileSync(path.join(fixtureDir, FIXTURE.raw), JSON.stringify(fixture));
  const environments: EnvironmentManifests[] = charts.environments.map((e, i) => ({
    name: e.environment.name,
    cluster: e.environment.cluster.name,
    namespace: e.environment.namespace,
    files: fixture.apps[i].charts.map((c) => ({ name: c.id, objects: c.objects })),
  }));
  for (const env of environments) {
    fs.writeFileSync(path.join(fixtureDir, FIXTURE.expected, `${env.name}.json`), JSON.stringify(env.files.flatMap((f) => f.objects)));
  }
  const layout = writeKustomization(path.join(fixtureDir, FIXTURE.kustomize), environments);
  process.stdout.write(`${JSON.stringify({ overlays: layout.overlays, patches: layout.patches })}\n`);
}

/** The documents of a YAML file, parsed as cdk8s's `Yaml.load` parses them (YAML 1.1), without its child process per file. */
export function readYaml(file: string): any[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' }).map((d) => d.toJSON()).filter((o) => o !== undefined && o !== null);
}

if (require.main === module) {
  main();
}
