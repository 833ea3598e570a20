/** The entry points' error handling: a message, no stack trace unless DEBUG, exit code 1; `cdk8s synth` end to end. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { platform } from '../../environments';
import {
  GuardrailError, GuardrailReport, PlatformCharts, PlatformDefinition, PlatformValidationError, resolvePlatform, synthPlatform,
} from '../../lib';
import { checkPlatform, outputsOfCharts } from '../../lib/platform/check-platform';
import { laptopBuild, run, synthTerraform } from '../../stacks/_platform';
import { SpawnResult, spawnAsync, started } from '../_process';

let stderr: jest.SpyInstance;

beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  stderr.mockRestore();
  process.exitCode = undefined;
  delete process.env.DEBUG;
});

test('fails when the definition is invalid: prints every issue, no stack trace, exit code 1', () => {
  run(() => {
    throw new PlatformValidationError([{ subject: 'environment "dev"', path: 'nodePool', value: 'gpu', allowed: 'expected a node pool of cluster "nonprod": "dev"' }]);
  });
  expect(process.exitCode).toBe(1);
  expect(stderr).toHaveBeenCalledWith('synth failed: invalid platform definition (1 error):\n'
    + '  - environment "dev": nodePool is "gpu"; expected a node pool of cluster "nonprod": "dev"\n');
});

test('prints the stack trace when DEBUG is set', () => {
  process.env.DEBUG = '1';
  run(() => {
    throw new Error('boom');
  });
  expect(stderr.mock.calls[0][0]).toMatch(/^synth failed: Error: boom\n\s+at /);
});

test('a successful run leaves the exit code alone', () => {
  run(() => undefined);
  expect(process.exitCode).toBeUndefined();
});

test('fails when the guardrails fail: prints the whole report, then the errors, exit code 1', () => {
  const report = { toText: () => 'guardrails FAILED: 1 error', errors: [] } as unknown as GuardrailReport;
  run(() => {
    throw new GuardrailError(report);
  });
  expect(process.exitCode).toBe(1);
  expect(stderr.mock.calls.map((call) => call[0])).toEqual(['guardrails FAILED: 1 error\nsynth failed: guardrails failed (0 errors):\n\n']);
});


describe('laptopBuild', () => {
  test('builds for a pipeline unless PLATFORM_LAPTOP is set', () => {
    expect(laptopBuild({})).toBe(false);
    expect(laptopBuild({ CI: 'true' })).toBe(false);
    expect(laptopBuild({ PLATFORM_LAPTOP: '1' })).toBe(true);
    expect(laptopBuild({ PLATFORM_LAPTOP: '1', CI: 'false' })).toBe(true);
  });

  test('fails when PLATFORM_LAPTOP is set in CI', () => {
    expect(() => laptopBuild({ PLATFORM_LAPTOP: '1', CI: 'true' })).toThrow(
      'PLATFORM_LAPTOP is set in CI (CI is set): a pipeline deploys every stack with shared, locked state; unset PLATFORM_LAPTOP',
    );
  });
});

describe('synthTerraform (cdktf synth / cdktf deploy)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entry-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const chartsOf = (definition: PlatformDefinition) => new PlatformCharts({ platform: resolvePlatform(definition), outdir: '/nonexistent' });

  /** Every file under `dir` with its content. */
  const tree = (dir: string): { [file: string]: string } => Object.fromEntries((fs.readdirSync(dir, { recursive: true }) as string[]).sort()
    .filter((file) => fs.statSync(path.join(dir, file)).isFile()).map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));

  test('fails when production breaks a guardrail, as npm run synth does, and leaves the previous stacks exactly as they were', () => {
    const broken = {
      ...platform,
      environments: platform.environments.map((env) => (env.name !== 'production' ? env : {
        ...env, apps: { ...env.apps, worker: { ...env.apps!.worker, env: { API_TOKEN: 'planted-literal' } } },
      })),
    } as PlatformDefinition;
    expect(() => synthPlatform({ definition: broken, manifestsDir: path.join(outdir, 'dist'), terraformDir: path.join(outdir, 'npm') }))
      .toThrow(GuardrailError);
    const target = path.join(outdir, 'cdktf');
    synthTerraform(chartsOf(platform), false, { outdir: target, skipValidation: true });
    fs.writeFileSync(path.join(target, 'stacks', 'production', '.terraform.lock.hcl'), '# provider lock\n');
    const before = tree(target);
    expect(() => synthTerraform(chartsOf(broken), false, { outdir: target, skipValidation: true })).toThrow(GuardrailError);
    expect(tree(target)).toEqual(before);
    expect(fs.readdirSync(outdir).filter((name) => name.startsWith('.cdktf-staging-'))).toEqual([]);
  });

  test('writes every stack when the guardrails pass, and keeps the files Terraform added to a stack\'s folder', () => {
    const target = path.join(outdir, 'ok');
    synthTerraform(chartsOf(platform), false, { outdir: target, skipValidation: true });
    expect(fs.readdirSync(path.join(target, 'stacks')).sort()).toEqual([
      ...platform.environments.flatMap((e) => [e.name, `governance-${e.name}`]), ...platform.clusters.map((c) => `cluster-${c.name}`),
    ].sort());
    fs.mkdirSync(path.join(target, 'stacks', 'dev', '.terraform'));
    fs.writeFileSync(path.join(target, 'stacks', 'dev', '.terraform', 'terraform.tfstate'), '{"backend":{}}\n');
    const stack = fs.readFileSync(path.join(target, 'stacks', 'dev', 'cdk.tf.json'), 'utf8');
    fs.writeFileSync(path.join(target, 'stacks', 'dev', 'cdk.tf.json'), '{}\n');
    synthTerraform(chartsOf(platform), false, { outdir: target, skipValidation: true });
    expect(fs.readFileSync(path.join(target, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toBe(stack);
    expect(fs.readFileSync(path.join(target, 'stacks', 'dev', '.terraform', 'terraform.tfstate'), 'utf8')).toBe('{"backend":{}}\n');
  });
});

/**
 * `cdk8s synth` as a user runs it: the real cdk8s-cli, through package.json's `synth:k8s`, in a copy of the project.
 * The CLI deletes its output folder before it runs the app, so the project points it at `.cdk8s.out` and the app
 * replaces `dist/` itself, only after the definition and the guardrails passed.
 *
 * Its two runs take seconds and depend on each other (the failing one must find the first one's dist/ and its link).
 * They start with the file (this beforeAll is the file's) and run beside the in-process tests above; the tests below
 * await what they read, each run's dist/ as that run left it.
 */
const project = path.resolve(__dirname, '..', '..');
let copy: string;

/** What the CLI runs give: each run's result, and dist/ (and the CLI's link to it) as the run left it. */
interface Cdk8sRuns {
  readonly first: SpawnResult;
  readonly firstDist: Record<string, string>;
  readonly firstLink: string;
  readonly broken: SpawnResult;
  readonly brokenDist: Record<string, string>;
}
let cdk8sRuns: Promise<Cdk8sRuns>;

/** Runs `npm run synth:k8s`'s command (`cdk8s synth …`) in the copy: the CLI's own bin, as npx would, without npx's start-up. */
function cdk8sSynth(): Promise<SpawnResult> {
  const [bin, ...args]: string[] = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')).scripts['synth:k8s'].split(' ');
  if (bin !== 'cdk8s') throw new Error(`package.json synth:k8s runs ${bin}; expected cdk8s`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CDK8S_')));
  const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
  return spawnAsync(process.execPath, [cli, ...args], { cwd: copy, env });
}

/** Every file under the copy's dist/ with its content. */
function dist(): Record<string, string> {
  const root = path.join(copy, 'dist');
  return Object.fromEntries(fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => [path.relative(root, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')]));
}

/** Runs the CLI with production's definition edited, then restores it. */
async function withProduction(from: string, to: string): Promise<SpawnResult> {
  const file = path.join(copy, 'environments', 'production.ts');
  const original = fs.readFileSync(file, 'utf8');
  if (!original.includes(from)) throw new Error(`environments/production.ts does not contain ${from}`);
  fs.writeFileSync(file, original.replace(from, to));
  try {
    return await cdk8sSynth();
  } finally {
    fs.writeFileSync(file, original);
  }
}

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-synth-'));
  for (const entry of ['cdk8s.yaml', 'package.json', 'tsconfig.json', 'stacks', 'environments']) {
    fs.cpSync(path.join(project, entry), path.join(copy, entry), { recursive: true });
  }
  // The library, which the runs only read, is the project's: tsx caches what it compiles by file path (tsx
  // dist/register-*.cjs), so a copy of it would be compiled anew on every run of this file.
  for (const entry of ['lib', 'imports', 'schemas', 'node_modules']) {
    fs.symlinkSync(fs.realpathSync(path.join(project, entry)), path.join(copy, entry), 'junction');
  }
  cdk8sRuns = started((async (): Promise<Cdk8sRuns> => {
    const first = await cdk8sSynth();
    const firstDist = dist();
    const firstLink = fs.readlinkSync(path.join(copy, '.cdk8s.out'));
    // One invalid definition through the CLI (each run costs seconds): the one that gets furthest, past validation and
    // rendering to the guardrails. Definition errors stop earlier in the same path (`run`, tested above).
    const worker = "worker: { version: '2.2.0', replicas: 3";
    const broken = await withProduction(`${worker} },`, `${worker}, env: { API_TOKEN: 'planted' } },`);
    return { first, firstDist, firstLink, broken, brokenDist: dist() };
  })());
});

afterAll(async () => {
  // The runs have ended before the copy goes, also when a filter (-t) left out the tests that await them.
  await Promise.allSettled([cdk8sRuns]);
  fs.rmSync(copy, { recursive: true, force: true });
}, 120_000);

describe('cdk8s synth', () => {
  const count = (text: string, part: string) => text.split(part).length - 1;
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

  // What the definition gives, derived from it (while the CLI runs): its environments' apps, and the guardrails'
  // verdict in memory.
  let verdict: GuardrailReport;
  let findings: string;
  let appFiles: (env: string) => string[];
  beforeAll(() => {
    const resolved = resolvePlatform(platform);
    verdict = checkPlatform(resolved, outputsOfCharts(new PlatformCharts({ platform: resolved, outdir: '/nonexistent' })));
    findings = `${plural(verdict.warnings.length, 'warning')}, ${verdict.accepted.length} accepted`;
    appFiles = (env: string) => resolved.environments.find((e) => e.name === env)!.apps.map((a) => `app-${a.name}.k8s.yaml`);
  });

  test('writes dist/ with one guardrail report, lists the files through its own folder, and prints nothing else', async () => {
    const { first, firstDist, firstLink } = await cdk8sRuns;
    expect(first.status).toBe(0);
    expect(firstLink).toBe('dist');
    expect(Object.keys(firstDist).filter((f) => f.startsWith('dev'))).toEqual(
      ['Kustomization', ...appFiles('dev'), 'environment.k8s.yaml'].sort().map((f) => path.join('dev', f)),
    );
    expect(appFiles('dev')).toEqual(expect.arrayContaining(['app-api.k8s.yaml', 'app-store.k8s.yaml', 'app-web.k8s.yaml', 'app-worker.k8s.yaml']));
    expect(Object.keys(firstDist).filter((f) => f.includes('construct-metadata'))).toEqual([]);
    expect(first.stdout).toMatch(/^Synthesizing application\n(  - \.cdk8s\.out\/\S+\.yaml\n)+$/);
    expect(first.stdout).toContain('  - .cdk8s.out/dev/environment.k8s.yaml\n');
    expect(verdict.errors).toEqual([]);
    expect(count(first.stderr, `guardrails passed: 0 errors, ${findings}`)).toBe(1);
    const summary = `synthesized ${platform.environments.length} environments and ${platform.clusters.length} clusters: `
      + '\\d+ objects in dist/<environment>/ and dist/clusters/<cluster>/';
    expect(first.stderr).toMatch(new RegExp(`\\n${summary}\\n$`));
    expect(first.stderr).not.toMatch(/Validation Report|new version|\n\s+at /);
  }, 60_000);

  test('fails when production breaks a guardrail: one report, dist/ as it was, exit code 1, no stack trace', async () => {
    const { firstDist, broken: result, brokenDist } = await cdk8sRuns;
    expect(result.status).toBe(1);
    expect(brokenDist).toEqual(firstDist);
    expect(result.stdout).toBe('Synthesizing application\n');
    expect(count(result.stderr, `guardrails FAILED: 1 error, ${findings}`)).toBe(1);
    expect(count(result.stderr, 'no-secret-literals')).toBe(2); // in the report, and in the error that ends it
    expect(result.stderr).toMatch(/\nsynth failed: guardrails failed \(1 error\):\n  - production: Deployment\/production\/worker [^\n]+\n/);
    expect(result.stderr).toMatch(/\nERROR: synthesis failed, app expected to create "\.cdk8s\.out"\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
