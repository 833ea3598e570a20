import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliIo, runCli } from '../../cli/platform';
import { PlatformDefinition } from '../../lib';
import { platform } from '../fixtures/shop/environments';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * The delivery tests' own definition folder (test/fixtures/shop: a repository's layout, `environments/` beside
 * `lib/definitions.ts`), so that they do not change when the reference platform in environments/ does.
 */
export const SHOP = path.resolve(__dirname, '../fixtures/shop');

/**
 * A copy of the shop's environments/ (or those of `root`) in a fresh temporary folder, whose `../lib/…` imports resolve
 * to the real library, so tests can edit definition files (and load them) without touching the repository.
 */
export function copyEnvironments(root: string = SHOP): { dir: string; file: (env: string) => string; read: (env: string) => string } {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-'));
  const dir = path.join(copy, 'environments');
  fs.mkdirSync(dir);
  fs.mkdirSync(path.join(copy, 'lib'));
  // The definition files import lib/definitions (data only); the index is there for anything that imports the library.
  for (const module of ['index', 'definitions']) {
    fs.writeFileSync(path.join(copy, 'lib', `${module}.ts`), `export * from ${JSON.stringify(path.join(ROOT, 'lib', module))};\n`);
  }
  for (const f of fs.readdirSync(path.join(root, 'environments'))) fs.copyFileSync(path.join(root, 'environments', f), path.join(dir, f));
  const file = (env: string) => path.join(dir, `${env}.ts`);
  return { dir, file, read: (env) => fs.readFileSync(file(env), 'utf8') };
}

/** The shop's definition, deep-copied, with `edit` applied to the copy. */
export function definitionWith(edit: (def: any) => void = () => undefined): PlatformDefinition {
  const copy = JSON.parse(JSON.stringify(platform));
  edit(copy);
  return copy;
}

/** Lines that differ between two texts of the same length in lines (what a pin-only edit gives). */
export function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  return a.map((line, i) => [line, b[i]] as [string, string]).filter(([x, y]) => x !== y);
}

/** What {@link runPlatformCli} gives back: the exit code, both outputs, and the commands the CLI asked to run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Each command passed to `CliIo.exec`, with its arguments; recorded, never run. */
  readonly executed: string[][];
}

/**
 * Runs the `platform` CLI in memory (`runCli` with a {@link CliIo} that records): in `cwd`, with `env` as its only
 * variables, `stdin` as standard input (none: a terminal) and a clock fixed at `now`.
 */
export function runPlatformCli(argv: string[], options: {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  /** @default 2025-01-01T00:00:00Z */
  readonly now?: Date;
}): CliRun {
  let stdout = '';
  let stderr = '';
  const executed: string[][] = [];
  const io: CliIo = {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    stdin: () => options.stdin,
    exec: (command, args) => { executed.push([command, ...args]); },
    now: () => options.now ?? new Date('2025-01-01T00:00:00Z'),
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr, executed };
}
