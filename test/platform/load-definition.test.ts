import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DefinitionLoadError } from '../../lib/core/errors';
import { closestName, loadPlatformDefinition } from '../../lib/platform/load-definition';
import { platform } from '../../environments';

let root: string;
let count = 0;

/** A fresh definition folder `defs-<n>/` under `root` with these files (each test its own, as jest caches modules by path). */
function folder(files: Record<string, string>): string {
  const dir = path.join(root, `defs-${++count}`);
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The message a load fails with (paths relative to `root`). */
function failure(dir: string, options: Parameters<typeof loadPlatformDefinition>[1] = {}): string {
  try {
    loadPlatformDefinition(dir, { cwd: root, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionLoadError);
    return (error as Error).message;
  }
  throw new Error('expected the load to fail');
}

const DEV = "export const dev = { name: 'dev', cluster: 'nonprod' };\n";
const INDEX = "import { dev } from './dev';\nexport const platform = { clusters: [], base: {}, environments: [dev] };\n";

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'load-definition-'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

test('loads the reference definition: the object environments/index.ts exports', () => {
  expect(loadPlatformDefinition(path.resolve(__dirname, '..', '..', 'environments'))).toBe(platform);
});

test('loads a folder whose environment files are all listed; private helpers and tests are not definitions', () => {
  const dir = folder({
    'index.ts': INDEX,
    'dev.ts': DEV,
    '_shared.ts': "export const perf = { name: 'perf', cluster: 'nonprod' };\n",
    'dev.test.ts': "export const qa = { name: 'qa', cluster: 'nonprod' };\n",
  });
  expect(loadPlatformDefinition(dir).environments.map((e) => e.name)).toEqual(['dev']);
});

test('fails when the folder does not exist', () => {
  expect(failure(path.join(root, 'nowhere'))).toBe('cannot load the platform definition: nowhere: is not a folder; expected the folder of the '
    + 'platform definition, whose index exports `platform`');
});

test('fails when the folder has no index', () => {
  const dir = folder({ 'dev.ts': DEV });
  expect(failure(dir)).toBe(`cannot load the platform definition: ${path.basename(dir)}: has no index (index.ts, or index.js compiled); expected one that exports \`platform\``);
});

test('fails when a file does not compile: the file, line and column and the compiler\'s message', () => {
  const dir = folder({ 'index.ts': INDEX, 'dev.ts': "export const dev = {\n  name: 'dev',\n  cluster: = 'nonprod',\n};\n" });
  expect(failure(dir)).toBe(`cannot load the platform definition: ${path.basename(dir)}/dev.ts:3:12: does not compile: Expression expected. (TS1109)`);
});

test('fails when a file does not compile under tsx: esbuild\'s location and message', () => {
  const dir = folder({ 'index.ts': INDEX, 'dev.ts': DEV });
  const esbuild = () => {
    throw new Error(`Transform failed with 2 errors:\n${dir}/dev.ts:3:10: ERROR: Unexpected "="\n${dir}/dev.ts:4:0: ERROR: Unexpected "}"`);
  };
  expect(failure(dir, { require: esbuild })).toBe(
    `cannot load the platform definition: ${path.basename(dir)}/dev.ts:3:11: does not compile: Unexpected "=" (and 1 more)`,
  );
});

test('fails when a file throws while loading: the file and line that threw, and the message', () => {
  const dir = folder({ 'index.ts': INDEX, 'dev.ts': "const replicas = 1;\nthrow new Error('boom in dev');\nexport const dev = { replicas };\n" });
  expect(failure(dir)).toBe(`cannot load the platform definition: ${path.basename(dir)}/dev.ts:2:7: throws while loading: boom in dev`);
});

test('fails when the index misspells `platform`: the file, its exports and the closest name', () => {
  const dir = folder({ 'index.ts': INDEX.replace('platform', 'platfrom'), 'dev.ts': DEV });
  expect(failure(dir)).toBe(`cannot load the platform definition: ${path.basename(dir)}/index.ts: exports no \`platform\`; it exports \`platfrom\`; `
    + 'did you mean `platfrom`? rename it to `platform`');
});

test('fails when the index exports something else entirely: how to export the definition', () => {
  const dir = folder({ 'index.ts': 'export const clusters = [];\nexport default {};\n' });
  expect(failure(dir)).toBe(`cannot load the platform definition: ${path.basename(dir)}/index.ts: exports no \`platform\`; it exports \`clusters\`, `
    + '`default`; export the platform definition as `export const platform: PlatformDefinition = { clusters, base, environments }`');
});

test('fails when `platform` is not a definition', () => {
  const dir = folder({ 'index.ts': 'export const platform = undefined;\n' });
  expect(failure(dir)).toBe(`cannot load the platform definition: ${path.basename(dir)}/index.ts: exports \`platform\` as undefined; expected the `
    + 'platform definition, an object with clusters, base and environments');
});

test('fails when an environment file is not listed in the index: the file, the environment and how to add it', () => {
  const dir = folder({
    'index.ts': INDEX,
    'dev.ts': DEV,
    'perf.ts': "export const perf = { name: 'perf', cluster: 'nonprod' };\n",
    'load.ts': "export const load = { name: 'load', cluster: 'nonprod' };\n",
  });
  const name = path.basename(dir);
  expect(failure(dir)).toBe('cannot load the platform definition (2 problems):\n'
    + `  - ${name}/load.ts: defines environment "load" (export \`load\`), which ${name}/index.ts does not list, so it would not be synthesized; `
    + 'add it there (import { load } from \'./load\'; and put load in `platform.environments`, in promotion order), or remove the file\n'
    + `  - ${name}/perf.ts: defines environment "perf" (export \`perf\`), which ${name}/index.ts does not list, so it would not be synthesized; `
    + 'add it there (import { perf } from \'./perf\'; and put perf in `platform.environments`, in promotion order), or remove the file');
});

test('an environment listed as a copy (same name) counts as listed', () => {
  const dir = folder({
    'index.ts': "import { dev } from './dev';\nexport const platform = { clusters: [], base: {}, environments: [{ ...dev, nodePool: 'dev' }] };\n",
    'dev.ts': DEV,
  });
  expect(loadPlatformDefinition(dir).environments).toEqual([{ name: 'dev', cluster: 'nonprod', nodePool: 'dev' }]);
});

test('closestName: a misspelling within a third of the length, a swap counting one', () => {
  expect(closestName('platform', ['platfrom', 'clusters'])).toBe('platfrom');
  expect(closestName('platform', ['Platform'])).toBe('Platform');
  expect(closestName('platform', ['plat'])).toBeUndefined();
  expect(closestName('platform', [])).toBeUndefined();
});
