import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeliveryError } from '../../lib';
import { platform } from '../../environments';
import { referenceDefinition } from '../../stacks/_platform';

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
 */
describe('entry points, end to end: a definition that cannot be loaded', () => {
  const project = path.resolve(__dirname, '..', '..');
  const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  let copy: string;

  const ENTRY_POINTS: Array<[string, string[]]> = [
    ['npm run synth', ['stacks/synth.ts']],
    ['cdk8s synth (the app)', ['stacks/k8s.ts']],
    ['cdktf synth (the app)', ['stacks/terraform.ts']],
    ['the CLI', ['cli/platform.ts', 'diff', 'dev', 'qa']],
  ];

  /** Every file under dist/ and cdktf.out/ with its content, and what else the project root holds. */
  function outputs(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const dir of ['dist', 'cdktf.out']) {
      for (const e of fs.readdirSync(path.join(copy, dir), { recursive: true, withFileTypes: true }).filter((f) => f.isFile())) {
        files[path.relative(copy, path.join(e.parentPath, e.name))] = fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
      }
    }
    files['(root)'] = fs.readdirSync(copy).sort().join(' ');
    return files;
  }

  /** Runs an entry point in the copy with `file` of environments/ replaced by `edit` of it. */
  function runBroken(args: string[], file: string, edit: (text: string) => string, env: Record<string, string> = {}) {
    const target = path.join(copy, 'environments', file);
    const original = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    fs.writeFileSync(target, edit(original ?? ''));
    try {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CDK8S_|CDKTF_|PREVIEW_|DEBUG)/.test(key)));
      return spawnSync(process.execPath, [tsx, ...args], { cwd: copy, env: { ...clean, ...env }, encoding: 'utf8' });
    } finally {
      if (original === undefined) fs.rmSync(target);
      else fs.writeFileSync(target, original);
    }
  }

  const SYNTAX: [string, (text: string) => string] = ['qa.ts', (text) => text.replace("name: 'qa',", "name: = 'qa',")];

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-points-'));
    for (const entry of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'cdktf.json', 'lib', 'stacks', 'cli', 'environments', 'imports', 'schemas']) {
      fs.cpSync(path.join(project, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(fs.realpathSync(path.join(project, 'node_modules')), path.join(copy, 'node_modules'), 'junction');
    // What a previous synth left: it must stay exactly as it is.
    fs.mkdirSync(path.join(copy, 'dist', 'dev'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'dist', 'dev', 'environment.k8s.yaml'), 'previous\n');
    fs.mkdirSync(path.join(copy, 'cdktf.out', 'stacks', 'dev'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), '{}\n');
  });

  afterAll(() => {
    fs.rmSync(copy, { recursive: true, force: true });
  });

  test.each(ENTRY_POINTS)('%s fails when an environment file does not compile: file:line:col and the message, nothing written', (_name, args) => {
    const before = outputs();
    const result = runBroken(args, ...SYNTAX);
    expect(result.status).toBe(1);
    const prefix = args[0] === 'cli/platform.ts' ? 'refused: ' : 'synth failed: ';
    expect(result.stderr).toBe(`${prefix}cannot load the platform definition: environments/qa.ts:5:9: does not compile: Unexpected "="\n`);
    expect(result.stdout).toBe('');
    expect(outputs()).toEqual(before);
  }, 60_000);

  test('fails when an environment file throws while loading: the file and line that threw', () => {
    const result = runBroken(['stacks/synth.ts'], 'dev.ts', (text) => `${text}\nthrow new Error('dev is not ready');\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^synth failed: cannot load the platform definition: environments\/dev\.ts:\d+:7: throws while loading: dev is not ready\n$/);
  }, 60_000);

  test('fails when the index misspells `platform`: the file, its exports and the closest name', () => {
    const result = runBroken(['stacks/synth.ts'], 'index.ts', (text) => text.replace('export const platform', 'export const platfrom'));
    expect(result.stderr).toBe('synth failed: cannot load the platform definition: environments/index.ts: exports no `platform`; it exports '
      + '`platfrom`; did you mean `platfrom`? rename it to `platform`\n');
  }, 60_000);

  test('fails when an environment file is not listed in environments/index.ts', () => {
    const qa = fs.readFileSync(path.join(copy, 'environments', 'qa.ts'), 'utf8');
    const result = runBroken(['stacks/synth.ts'], 'unlisted.ts', () => qa.replace(/\bqa\b/g, 'unlisted'));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('synth failed: cannot load the platform definition: environments/unlisted.ts: defines environment "unlisted" (export `unlisted`), '
      + 'which environments/index.ts does not list, so it would not be synthesized; add it there (import { unlisted } from \'./unlisted\'; and put unlisted in '
      + '`platform.environments`, in promotion order), or remove the file\n');
  }, 60_000);

  test('fails when PREVIEW_EXPIRES is February 30: the variable, the value and why', () => {
    const result = runBroken(['stacks/synth.ts'], 'dev.ts', (text) => text, { PREVIEW_ID: '7', PREVIEW_EXPIRES: '2030-02-30T10:00:00Z' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('synth failed: PREVIEW_EXPIRES is "2030-02-30T10:00:00Z"; 2030-02 has 28 days, not 30; expected an RFC 3339 time '
      + 'with a zone, e.g. 2030-01-01T12:00:00Z\n');
  }, 60_000);

  test('prints the stack trace when DEBUG is set', () => {
    const result = runBroken(['stacks/synth.ts'], ...SYNTAX, { DEBUG: '1' });
    expect(result.stderr).toMatch(/^synth failed: DefinitionLoadError: cannot load the platform definition: environments\/qa\.ts:5:9: [^\n]+\n\s+at /);
  }, 60_000);
});
