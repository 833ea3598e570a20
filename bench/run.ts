/**
 * `npm run bench`: synth at scale, measured in one run against raw cdk8s and Kustomize.
 *
 *   npm run bench                                   # 4 environments x 50, 200 and 1000 apps
 *   npm run bench -- --sizes 50,200 --runs 3        # fewer sizes or runs
 *   npm run bench -- --no-guardrails                # without the whole synthPlatform (npm run synth: guardrails included)
 *   npm run bench -- --kustomize-max 1000           # Kustomize at every size (slow: minutes per run at 4x1000)
 *
 * Every case runs in a process of its own (peak memory per case), first once as a warm-up whose outputs are checked
 * (the baselines must render the same objects as the library), then `--runs` times, the cases of a round interleaved
 * and rotated from round to round so that a noisy machine hurts all of them alike. Ratios are taken pair by pair
 * within a round, then the median over rounds. Not a test, and not run in CI.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURE, NodeCase, readYaml } from './case';
import { compareObjects } from './kustomize';
import { CaseResult, formatTable, fullSynthLine, median, summaryLines } from './report';

const ROOT = path.resolve(__dirname, '..');
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const TIME = '/usr/bin/time';

type CaseName = NodeCase | 'kustomize';
interface Run { readonly ms: number; readonly processMs: number; readonly maxRssMiB?: number }

interface Options {
  readonly sizes: number[];
  readonly runs: number;
  readonly largeRuns: number;
  readonly warmup: number;
  readonly guardrails: boolean;
  /** Largest size Kustomize runs at: it renders 4x200 in about half a minute, and grows faster than linearly. */
  readonly kustomizeMax: number;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  const sizes = value('--sizes', '50,200,1000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes is "${value('--sizes', '')}"; expected whole numbers, e.g. 50,200,1000`);
  const runs = Number(value('--runs', '3'));
  return {
    sizes,
    runs,
    largeRuns: Number(value('--large-runs', String(Math.min(runs, 3)))),
    warmup: Number(value('--warmup', '1')),
    guardrails: !argv.includes('--no-guardrails'),
    kustomizeMax: Number(value('--kustomize-max', '200')),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const largest = Math.max(...options.sizes);
  const ratioApps = options.sizes.includes(200) ? 200 : Math.min(...options.sizes);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-bench-'));
  const kubectl = fs.existsSync(KUBECTL) ? KUBECTL : undefined;
  const measureMemory = fs.existsSync(TIME);
  const log = (text: string) => process.stdout.write(`${text}\n`);
  try {
    log(`platform bench: 4 environments x ${options.sizes.join(', ')} apps; ${options.warmup} warm-up and ${options.runs} measured runs `
      + `(${options.largeRuns} at 4x${largest}); ${os.cpus().length} CPUs, node ${process.version}`);
    if (!kubectl) log(`kustomize: skipped, ${KUBECTL} not found (set KUBECTL to its path)`);

    const cases: CaseName[] = ['manifests', 'terraform', 'both', 'raw', ...(kubectl ? ['kustomize' as const] : []),
      ...(options.guardrails ? ['synth-platform' as const] : [])];
    for (const apps of options.sizes) {
      const prepared = await child(['prepare', String(apps), fixture(work, apps)]);
      const layout = JSON.parse(prepared.stdout);
      log(`prepared 4x${apps}: ${layout.patches} Kustomize patches over ${layout.overlays.length} overlays`);
    }

    const results = new Map<string, Run[]>();
    const rounds = options.warmup + options.runs;
    const perRound: Array<Map<string, Run>> = [];
    for (let round = 0; round < rounds; round++) {
      const measured = round >= options.warmup;
      const pairs = options.sizes
        .filter((apps) => apps !== largest || round < options.warmup + options.largeRuns || options.sizes.length === 1)
        .flatMap((apps) => cases.filter((name) => name !== 'kustomize' || apps <= options.kustomizeMax).map((name) => ({ apps, name })));
      const rotated = pairs.map((_, i) => pairs[(i + round) % pairs.length]);
      const runs = new Map<string, Run>();
      for (const { apps, name } of rotated) {
        const out = path.join(work, `out-${apps}-${name}`);
        fs.rmSync(out, { recursive: true, force: true });
        const run = name === 'kustomize'
          ? kustomize(kubectl!, path.join(fixture(work, apps), FIXTURE.kustomize), out, measureMemory)
          : await nodeCase(name, apps, fixture(work, apps), out);
        if (round === 0) verify(name, apps, work, out, log);
        if (round > 0) fs.rmSync(out, { recursive: true, force: true });
        runs.set(key(apps, name), run);
        if (measured) results.set(key(apps, name), [...(results.get(key(apps, name)) ?? []), run]);
      }
      if (round === 0) for (const apps of options.sizes) for (const name of cases) fs.rmSync(path.join(work, `out-${apps}-${name}`), { recursive: true, force: true });
      if (measured) perRound.push(runs);
      log(`round ${round + 1}/${rounds}${measured ? '' : ' (warm-up)'} done`);
    }

    const table: CaseResult[] = options.sizes.flatMap((apps) => cases.filter((name) => name !== 'kustomize' || apps <= options.kustomizeMax).map((name) => {
      const runs = results.get(key(apps, name)) ?? [];
      return {
        apps, name: label(name),
        ms: runs.map((r) => r.ms),
        processMs: runs.map((r) => r.processMs),
        maxRssMiB: runs.flatMap((r) => (r.maxRssMiB === undefined ? [] : [r.maxRssMiB])),
      };
    }));
    const ratio = (a: string, b: string, of: (run: Run) => number) => {
      const values = perRound.flatMap((runs) => (runs.has(a) && runs.has(b) ? [of(runs.get(a)!) / of(runs.get(b)!)] : []));
      return values.length > 0 ? median(values) : undefined;
    };

    log('');
    log(formatTable(table));
    log('');
    log('ms: the work, timed inside the process from a collected heap, modules loaded and definition built, to the last file');
    log('written; kustomize: wall time of `kubectl kustomize` over the 4 overlays, one process each, startup included.');
    log('process ms: wall time of the whole process (node, tsx, module loading). Ratios: per round, then the median:');
    log('overhead = manifests ms / raw ms; vs kustomize = manifests+terraform process ms / kustomize ms; scaling = manifests+terraform ms');
    log(`at 4x${largest} / at 4x${ratioApps}. Peak memory: largest peak RSS of manifests+terraform at 4x${largest}.`);
    log('');
    if (options.guardrails) {
      const full = results.get(key(largest, 'synth-platform')) ?? [];
      log(fullSynthLine({
        ratioApps,
        largeApps: largest,
        ms: full.length > 0 ? median(full.map((r) => r.ms)) : undefined,
        scaling: largest !== ratioApps ? ratio(key(largest, 'synth-platform'), key(ratioApps, 'synth-platform'), (r) => r.ms) : undefined,
        peakMemoryMiB: peakOf(full),
      }));
    }
    for (const text of summaryLines({
      ratioApps,
      largeApps: largest,
      overhead: ratio(key(ratioApps, 'manifests'), key(ratioApps, 'raw'), (r) => r.ms),
      versusKustomize: kubectl ? ratio(key(ratioApps, 'both'), key(ratioApps, 'kustomize'), (r) => r.processMs) : undefined,
      scaling: largest !== ratioApps ? ratio(key(largest, 'both'), key(ratioApps, 'both'), (r) => r.ms) : undefined,
      peakMemoryMiB: peakOf(results.get(key(largest, 'both')) ?? []),
      missing: {
        versusKustomize: kubectl ? `kustomize runs up to 4x${options.kustomizeMax} (--kustomize-max)` : 'kubectl not found',
        scaling: 'one size only',
      },
    })) {
      log(text);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The largest peak resident memory of some runs, when it was measured. */
function peakOf(runs: readonly Run[]): number | undefined {
  const peaks = runs.flatMap((r) => (r.maxRssMiB === undefined ? [] : [r.maxRssMiB]));
  return peaks.length > 0 ? Math.max(...peaks) : undefined;
}

function key(apps: number, name: CaseName): string {
  return `${apps}:${name}`;
}

function label(name: CaseName): string {
  if (name === 'both') return 'manifests+terraform';
  if (name === 'raw') return 'raw cdk8s (baseline)';
  if (name === 'synth-platform') return 'synth with guardrails';
  return name;
}

function fixture(work: string, apps: number): string {
  return path.join(work, `fixture-${apps}`);
}

/** Runs one case in a node process of its own. */
async function nodeCase(name: NodeCase, apps: number, fixtureDir: string, out: string): Promise<Run> {
  const result = await child([name, String(apps), fixtureDir, out]);
  const line = JSON.parse(result.stdout.trim().split('\n').pop()!);
  return { ms: line.ms, processMs: result.ms, maxRssMiB: line.maxRssMiB };
}

function child(args: string[]): Promise<{ stdout: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'case.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.on('data', (chunk) => { stdout += chunk; });
    proc.on('error', reject);
    proc.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`bench case ${args.join(' ')} exited with ${code}`));
      else resolve({ stdout, ms });
    });
  });
}

/** `kubectl kustomize` over each overlay, one after the other, as a pipeline renders them; output to files. */
function kustomize(kubectl: string, dir: string, out: string, measureMemory: boolean): Run {
  fs.mkdirSync(out, { recursive: true });
  const overlays = fs.readdirSync(path.join(dir, 'overlays')).sort();
  let maxRssKiB = 0;
  const started = process.hrtime.bigint();
  for (const overlay of overlays) {
    const output = fs.openSync(path.join(out, `${overlay}.yaml`), 'w');
    const rss = path.join(out, `${overlay}.rss`);
    const [command, args] = measureMemory
      ? [TIME, ['-f', '%M', '-o', rss, kubectl, 'kustomize', path.join(dir, 'overlays', overlay)]]
      : [kubectl, ['kustomize', path.join(dir, 'overlays', overlay)]];
    const result = spawnSync(command, args as string[], { stdio: ['ignore', output, 'inherit'] });
    fs.closeSync(output);
    if (result.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed with ${result.status}`);
    if (measureMemory) maxRssKiB = Math.max(maxRssKiB, Number(fs.readFileSync(rss, 'utf8').trim().split('\n').pop()));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, processMs: ms, maxRssMiB: measureMemory ? maxRssKiB / 1024 : undefined };
}

/** After the warm-up: the baselines must render what the library renders, or the comparison means nothing. */
function verify(name: CaseName, apps: number, work: string, out: string, log: (text: string) => void): void {
  if (name === 'raw') {
    const ours = path.join(work, `out-${apps}-manifests`, 'dist');
    if (!fs.existsSync(ours)) {
      verifyLater.set(apps, () => verify(name, apps, work, out, log));
      return;
    }
    const files = listFiles(path.join(out, 'dist'));
    const differing = files.filter((f) => compareObjects(readYaml(path.join(out, 'dist', f)), readYaml(path.join(ours, f))).length > 0);
    if (differing.length > 0) throw new Error(`4x${apps}: the raw cdk8s baseline renders other objects than the library in ${differing.slice(0, 5).join(', ')}`);
    log(`checked 4x${apps}: raw cdk8s baseline renders the same objects as the library (${files.length} files; cdk8s sorts their keys)`);
  } else if (name === 'kustomize') {
    let objects = 0;
    for (const file of fs.readdirSync(path.join(work, `fixture-${apps}`, FIXTURE.expected))) {
      const environment = path.basename(file, '.json');
      const expected = JSON.parse(fs.readFileSync(path.join(work, `fixture-${apps}`, FIXTURE.expected, file), 'utf8'));
      const differing = compareObjects(readYaml(path.join(out, `${environment}.yaml`)), expected);
      if (differing.length > 0) throw new Error(`4x${apps}: kustomize renders other objects than the library in ${environment}: ${differing.slice(0, 5).join(', ')}`);
      objects += expected.length;
    }
    log(`checked 4x${apps}: kustomize overlays render the same objects as the library (${objects} objects)`);
  } else if (name === 'manifests') {
    verifyLater.get(apps)?.();
    verifyLater.delete(apps);
  }
}
const verifyLater = new Map<number, () => void>();

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? listFiles(dir, path.join(prefix, entry.name))
    : entry.name.endsWith('.k8s.yaml') ? [path.join(prefix, entry.name)] : []));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
