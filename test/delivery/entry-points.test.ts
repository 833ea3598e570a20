import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeliveryError } from '../../lib';
import { platform } from '../../environments';
import { referenceDefinition } from '../../stacks/_platform';
import { SpawnResult, spawnAsync, started, taskQueue } from '../_process';

const NOW = new Date('2025-01-02T00:00:00Z');

describe('entry points select a preview from the environment', () => {
  test('without PREVIEW_ID: the reference platform as defined', () => {
    expect(referenceDefinition({}, { now: NOW })).toBe(platform);
  });
  test('with PREVIEW_ID and an expiry: the platform plus preview-<id>', () => {
    const definition = referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2025-01-05T00:00:00Z' }, { now: NOW });
    expect(definition.environments.map((e) => e.name)).toEqual([...platform.environments.map((e) => e.name), 'preview-42']);
    expect(definition.environments[platform.environments.length].labels!['platform.example.com/preview-expires'])
      .toBe(String(Date.parse('2025-01-05T00:00:00Z') / 1000));
  });
  test('fails when PREVIEW_EXPIRES is beyond the definition\'s previews.maxTtl (14 days by default)', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2099-01-04T00:00:00Z' }, { now: NOW }))
      .toThrow(/^PREVIEW_EXPIRES is "2099-01-04T00:00:00Z", later than the platform allows: previews\.maxTtl is 14d, so at most 2025-01-16T00:00:00\.000Z/);
  });
  test('fails when PREVIEW_ID comes without an expiry', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42' }, { now: NOW })).toThrow(DeliveryError);
  });
  test('fails when PREVIEW_EXPIRES rolls over (February 30)', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-02-30T10:00:00Z' }, { now: NOW })).toThrow(new DeliveryError(
      'PREVIEW_EXPIRES is "2030-02-30T10:00:00Z"; 2030-02 has 28 days, not 30; expected an RFC 3339 time with a zone, e.g. 2030-01-01T12:00:00Z',
    ));
  });
  test('fails when PREVIEW_EXPIRES is a millisecond timestamp', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '1893456000000' }, { now: NOW })).toThrow(/^PREVIEW_EXPIRES is "1893456000000"; a number is refused/);
  });
  test('fails when PREVIEW_EXPIRES has passed', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2025-01-01T00:00:00Z' }, { now: NOW })).toThrow(new DeliveryError(
      'PREVIEW_EXPIRES is "2025-01-01T00:00:00Z", which has passed (now is 2025-01-02T00:00:00.000Z); a preview would be deleted as soon as it is '
      + 'created. Compute it when the preview is created: PREVIEW_EXPIRES="$(npm run -s platform -- previews expiry)"',
    ));
  });
});

/**
 * Every entry point as a user runs it (tsx, as `npm run synth`, cdk8s.yaml's and cdktf.json's `app` and `npm run platform`
 * do), in a copy of the project with one file broken: one message naming the file, no stack trace unless DEBUG is
 * set, exit code 1, and dist/ and cdktf.out/ exactly as they were.
 *
 * Each run gets a copy of its own, so the runs start together (a few at a time) when the block starts and each test
 * awaits its own. The copies link lib/, imports/ and schemas/, which the runs only read, to the project's: tsx caches
 * what it compiles by file path (tsx dist/register-*.cjs: the key hashes the code and the path), so the library is
 * compiled once, not once per copy. `npm run synth` runs through tsx's CLI; the others run the node process that CLI
 * starts (tsx dist/cli.mjs: `node --require preflight.cjs --import loader.mjs <script>`) directly, which spares a node
 * start per run and runs the same loader on the same script.
 */
describe('entry points, end to end: a definition that cannot be loaded', () => {
  const project = path.resolve(__dirname, '..', '..');
  const tsxDist = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist');
  const TSX_CLI = [path.join(tsxDist, 'cli.mjs')];
  const TSX_LOADER = ['--require', path.join(tsxDist, 'preflight.cjs'), '--import', pathToFileURL(path.join(tsxDist, 'loader.mjs')).href];
  const copies: string[] = [];
  const queue = taskQueue();

  const ENTRY_POINTS: Array<[string, string[]]> = [
    ['npm run synth', ['stacks/synth.ts']],
    ['cdk8s synth (the app)', ['stacks/k8s.ts']],
    ['cdktf synth (the app)', ['stacks/terraform.ts']],
    ['the CLI', ['cli/platform.ts', 'diff', 'dev', 'qa']],
  ];

  /** Every file under dist/ and cdktf.out/ of `copy` with its content, and what else the project root holds. */
  function outputs(copy: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const dir of ['dist', 'cdktf.out']) {
      for (const e of fs.readdirSync(path.join(copy, dir), { recursive: true, withFileTypes: true }).filter((f) => f.isFile())) {
        files[path.relative(copy, path.join(e.parentPath, e.name))] = fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
      }
    }
    files['(root)'] = fs.readdirSync(copy).sort().join(' ');
    return files;
  }

  /** A copy of the project (its library linked), with what a previous synth left: it must stay exactly as it is. */
  function copyProject(): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-points-'));
    copies.push(copy);
    for (const entry of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'cdktf.json', 'stacks', 'cli', 'environments']) {
      fs.cpSync(path.join(project, entry), path.join(copy, entry), { recursive: true });
    }
    for (const entry of ['lib', 'imports', 'schemas', 'node_modules']) {
      fs.symlinkSync(fs.realpathSync(path.join(project, entry)), path.join(copy, entry), 'junction');
    }
    fs.mkdirSync(path.join(copy, 'dist', 'dev'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'dist', 'dev', 'environment.k8s.yaml'), 'previous\n');
    fs.mkdirSync(path.join(copy, 'cdktf.out', 'stacks', 'dev'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), '{}\n');
    return copy;
  }

  interface BrokenRun extends SpawnResult {
    /** The outputs before the run, and after it. */
    readonly before: Record<string, string>;
    readonly after: Record<string, string>;
  }

  /**
   * Queues an entry point in a copy of its own with `file` of environments/ replaced by `edit` of it (created if
   * absent); `tsx` runs it through tsx's CLI, else through the node process that CLI starts.
   */
  function runBroken(args: string[], file: string, edit: (text: string, copy: string) => string,
    options: { env?: Record<string, string>; tsx?: string[] } = {}): Promise<BrokenRun> {
    return started(queue(async () => {
      const copy = copyProject();
      const target = path.join(copy, 'environments', file);
      fs.writeFileSync(target, edit(fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '', copy));
      const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CDK8S_|CDKTF_|PREVIEW_|DEBUG)/.test(key)));
      const before = outputs(copy);
      const result = await spawnAsync(process.execPath, [...(options.tsx ?? TSX_LOADER), ...args], { cwd: copy, env: { ...clean, ...options.env } });
      return { ...result, before, after: outputs(copy) };
    }));
  }

  const SYNTAX: [string, (text: string) => string] = ['qa.ts', (text) => text.replace("name: 'qa',", "name: = 'qa',")];
  let runs: {
    entryPoints: Map<string, Promise<BrokenRun>>;
    throws: Promise<BrokenRun>;
    misspelt: Promise<BrokenRun>;
    unlisted: Promise<BrokenRun>;
    previewExpires: Promise<BrokenRun>;
    debug: Promise<BrokenRun>;
  };

  beforeAll(() => {
    runs = {
      entryPoints: new Map(ENTRY_POINTS.map(([name, args], i) => [name, runBroken(args, ...SYNTAX, { tsx: i === 0 ? TSX_CLI : undefined })])),
      throws: runBroken(['stacks/synth.ts'], 'dev.ts', (text) => `${text}\nthrow new Error('dev is not ready');\n`),
      misspelt: runBroken(['stacks/synth.ts'], 'index.ts', (text) => text.replace('export const platform', 'export const platfrom')),
      unlisted: runBroken(['stacks/synth.ts'], 'unlisted.ts',
        (_, copy) => fs.readFileSync(path.join(copy, 'environments', 'qa.ts'), 'utf8').replace(/\bqa\b/g, 'unlisted')),
      previewExpires: runBroken(['stacks/synth.ts'], 'dev.ts', (text) => text, { env: { PREVIEW_ID: '7', PREVIEW_EXPIRES: '2030-02-30T10:00:00Z' } }),
      debug: runBroken(['stacks/synth.ts'], ...SYNTAX, { env: { DEBUG: '1' } }),
    };
  });

  afterAll(async () => {
    // Every run has ended (each test awaited its own) before its copy goes.
    await Promise.allSettled([...runs.entryPoints.values(), runs.throws, runs.misspelt, runs.unlisted, runs.previewExpires, runs.debug]);
    for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
  }, 120_000);

  test.each(ENTRY_POINTS)('%s fails when an environment file does not compile: file:line:col and the message, nothing written', async (name, args) => {
    const result = await runs.entryPoints.get(name)!;
    expect(result.status).toBe(1);
    const prefix = args[0] === 'cli/platform.ts' ? 'refused: ' : 'synth failed: ';
    expect(result.stderr).toBe(`${prefix}cannot load the platform definition: environments/qa.ts:5:9: does not compile: Unexpected "="\n`);
    expect(result.stdout).toBe('');
    expect(result.after).toEqual(result.before);
  }, 60_000);

  test('fails when an environment file throws while loading: the file and line that threw', async () => {
    const result = await runs.throws;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^synth failed: cannot load the platform definition: environments\/dev\.ts:\d+:7: throws while loading: dev is not ready\n$/);
  }, 60_000);

  test('fails when the index misspells `platform`: the file, its exports and the closest name', async () => {
    const result = await runs.misspelt;
    expect(result.stderr).toBe('synth failed: cannot load the platform definition: environments/index.ts: exports no `platform`; it exports '
      + '`platfrom`; did you mean `platfrom`? rename it to `platform`\n');
  }, 60_000);

  test('fails when an environment file is not listed in environments/index.ts', async () => {
    const result = await runs.unlisted;
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('synth failed: cannot load the platform definition: environments/unlisted.ts: defines environment "unlisted" (export `unlisted`), '
      + 'which environments/index.ts does not list, so it would not be synthesized; add it there (import { unlisted } from \'./unlisted\'; and put unlisted in '
      + '`platform.environments`, in promotion order), or remove the file\n');
  }, 60_000);

  test('fails when PREVIEW_EXPIRES is February 30: the variable, the value and why', async () => {
    const result = await runs.previewExpires;
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('synth failed: PREVIEW_EXPIRES is "2030-02-30T10:00:00Z"; 2030-02 has 28 days, not 30; expected an RFC 3339 time '
      + 'with a zone, e.g. 2030-01-01T12:00:00Z\n');
  }, 60_000);

  test('prints the stack trace when DEBUG is set', async () => {
    const result = await runs.debug;
    expect(result.stderr).toMatch(/^synth failed: DefinitionLoadError: cannot load the platform definition: environments\/qa\.ts:5:9: [^\n]+\n\s+at /);
  }, 60_000);
});
