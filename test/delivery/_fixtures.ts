import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
