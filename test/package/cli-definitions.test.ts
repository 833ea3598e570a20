/**
 * The `platform` bin as a team runs it from the package: the definition is a compiled JavaScript module (a file or a
 * folder's index) given with --definitions, and promotion edits the TypeScript source given with --source.
 * scripts/check-example.sh runs the same from the packed tarball with plain node (and checks that TypeScript handed to
 * plain node is refused, which cannot happen here: jest loads TypeScript).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT_OK, EXIT_REFUSED } from '../../cli/platform';
import { copyEnvironments, definitionWith, runPlatformCli } from '../delivery/_fixtures';

function cli(cwd: string, argv: string[]) {
  return runPlatformCli(argv, { cwd });
}

/** A team's project folder holding the reference definition compiled to plain JavaScript: build/definitions.js. */
function compiledProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-definitions-'));
  fs.mkdirSync(path.join(dir, 'build'));
  fs.writeFileSync(path.join(dir, 'build', 'definitions.js'), `'use strict';\nexports.platform = ${JSON.stringify(definitionWith())};\n`);
  return dir;
}

test('--definitions takes a compiled module file (build/definitions → build/definitions.js)', () => {
  const result = cli(compiledProject(), ['diff', 'qa', 'staging', '--json', '--definitions', 'build/definitions']);
  expect(result).toMatchObject({ code: EXIT_OK, stderr: '' });
  expect(JSON.parse(result.stdout)).toMatchObject({ a: 'qa', b: 'staging' });
});

test('--definitions takes a compiled folder (its index.js)', () => {
  const dir = compiledProject();
  fs.mkdirSync(path.join(dir, 'build', 'definitions'));
  fs.renameSync(path.join(dir, 'build', 'definitions.js'), path.join(dir, 'build', 'definitions', 'index.js'));
  expect(cli(dir, ['diff', 'qa', 'staging', '--definitions', 'build/definitions'])).toMatchObject({ code: EXIT_OK, stderr: '' });
});

test('promote reads the compiled definitions and edits <to>.ts in --source', () => {
  const dir = compiledProject();
  const source = copyEnvironments();
  const before = source.read('qa');
  const result = cli(dir, ['promote', 'qa', 'staging', '--app', 'worker', '--definitions', 'build/definitions', '--source', source.dir]);
  expect(result).toMatchObject({ code: EXIT_OK, stderr: '' });
  expect(result.stdout).toContain(`promote qa → staging (${path.relative(dir, source.file('staging'))})`);
  expect(result.stdout).toContain('  worker: runs 2.3.0\n    apps.worker.version: 2.2.1 → 2.3.0\n');
  expect(source.read('staging')).toContain('    worker: { version: \'2.3.0\', replicas: 2 },\n');
  expect(source.read('qa')).toBe(before);
});

test('fails when --source has no file for the target environment', () => {
  const dir = compiledProject();
  expect(cli(dir, ['promote', 'qa', 'staging', '--app', 'worker', '--definitions', 'build/definitions', '--source', 'src'])).toMatchObject({
    code: EXIT_REFUSED,
    stderr: `refused: ${path.join(dir, 'src', 'staging.ts')} does not exist; the definition of "staging" is expected there\n`,
  });
});

test('fails when the definitions folder holds no module', () => {
  const dir = compiledProject();
  fs.mkdirSync(path.join(dir, 'empty'));
  expect(cli(dir, ['diff', 'qa', 'staging', '--definitions', 'empty'])).toMatchObject({
    code: EXIT_REFUSED,
    stderr: 'refused: cannot load the platform definition: empty: has no index (index.ts, or index.js compiled); expected one that exports `platform`\n',
  });
});

test('fails when the definitions module exports no platform', () => {
  const dir = compiledProject();
  fs.writeFileSync(path.join(dir, 'build', 'other.js'), 'exports.definition = {};\n');
  expect(cli(dir, ['diff', 'qa', 'staging', '--definitions', 'build/other'])).toMatchObject({
    code: EXIT_REFUSED, stderr: `refused: ${path.join(dir, 'build', 'other')} exports no \`platform\`\n`,
  });
});
