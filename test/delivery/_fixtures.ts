import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformDefinition } from '../../lib';
import { platform } from '../../environments';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * A copy of environments/ in a fresh temporary folder, whose `../lib/…` imports resolve to the real library, so tests
 * can edit definition files (and load them) without touching the repository.
 */
export function copyEnvironments(): { dir: string; file: (env: string) => string; read: (env: string) => string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-'));
  const dir = path.join(root, 'environments');
  fs.mkdirSync(dir);
  fs.mkdirSync(path.join(root, 'lib'));
  // The definition files import lib/definitions (data only); the index is there for anything that imports the library.
  for (const module of ['index', 'definitions']) {
    fs.writeFileSync(path.join(root, 'lib', `${module}.ts`), `export * from ${JSON.stringify(path.join(ROOT, 'lib', module))};\n`);
  }
  for (const f of fs.readdirSync(path.join(ROOT, 'environments'))) fs.copyFileSync(path.join(ROOT, 'environments', f), path.join(dir, f));
  const file = (env: string) => path.join(dir, `${env}.ts`);
  return { dir, file, read: (env) => fs.readFileSync(file(env), 'utf8') };
}

/** The reference definition, deep-copied, with `edit` applied to the copy. */
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
