/**
 * `schemas/` is what `scripts/generate-schemas.ts` makes of the shared data: regenerating gives the same bytes. Where
 * the shared data is absent (a user's fork) the comparison is skipped, and every other test runs from `schemas/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCHEMAS_DIR, generateSchemas, sharedDir } from '../../scripts/generate-schemas';

const SHARED = sharedDir();
const hasShared = fs.existsSync(path.join(SHARED, 'kubernetes-schemas'));

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? filesUnder(dir, path.posix.join(prefix, entry.name))
    : [path.posix.join(prefix, entry.name)])).sort();
}

if (!hasShared) {
  test(`regenerating schemas/ is skipped: no shared data in ${SHARED} (set SHARED_DIR to check it)`, () => {
    expect(fs.existsSync(path.join(SCHEMAS_DIR, 'README.md'))).toBe(true);
  });
}

(hasShared ? describe : describe.skip)(`schemas/ regenerated from ${SHARED}`, () => {
  let generated: Map<string, string>;
  beforeAll(() => {
    generated = generateSchemas(SHARED);
  });

  test('names the same files', () => {
    expect(filesUnder(SCHEMAS_DIR)).toEqual([...generated.keys()].sort());
  });

  test('gives the same bytes', () => {
    const differing = [...generated].filter(([name, content]) => !fs.existsSync(path.join(SCHEMAS_DIR, name))
      || fs.readFileSync(path.join(SCHEMAS_DIR, name), 'utf8') !== content).map(([name]) => name);
    expect(differing).toEqual([]);
  });
});

test('the checked-in data stays small (descriptions dropped)', () => {
  const bytes = filesUnder(SCHEMAS_DIR).reduce((sum, f) => sum + fs.statSync(path.join(SCHEMAS_DIR, f)).size, 0);
  expect(bytes).toBeLessThan(3_000_000);
});

test('fails when the shared data has no Kubernetes schemas', () => {
  expect(() => generateSchemas('/nonexistent')).toThrow('no Kubernetes schemas in /nonexistent/kubernetes-schemas; pass the shared data folder as argument or SHARED_DIR');
});
