/**
 * The public API as a team sees it: the names each entry point of the package exports (package.json `exports`), how
 * many, that no internal helper is among them, that every one (and every member of its interfaces, classes and
 * enums) is documented, with `@default` on optional props. api/*.api.md records the signatures; `npm run api:check`
 * fails when they change without the report.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { EntryPoints, readEntryPoints } from './_doc-check';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The sources of the package's entry points, from `exports` (`./build/lib/x.d.ts` is built from `lib/x.ts`). */
const ENTRY_POINTS: { [subpath: string]: string } = Object.fromEntries(
  Object.entries<any>(PACKAGE.exports).filter(([, target]) => typeof target === 'object')
    .map(([subpath, target]) => [subpath, target.types.replace(/^\.\/build\//, '').replace(/\.d\.ts$/, '.ts')]),
);
/** The issue's ceiling for the package root. */
const MAX_ROOT_NAMES = 150;

let api: EntryPoints;
beforeAll(() => {
  api = readEntryPoints(ROOT, Object.values(ENTRY_POINTS));
}, 180_000);

/** Names imported from the library by a file (or a README code block): `{ specifier: names }`. */
function importsOf(file: string, text = fs.readFileSync(path.join(ROOT, file), 'utf8')): { [specifier: string]: string[] } {
  const out: { [specifier: string]: string[] } = {};
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    out[specifier] = [...(out[specifier] ?? []), ...bindings.elements.map((e) => (e.propertyName ?? e.name).text)];
  }
  return out;
}

test('the entry points are the root, the definitions and the cdk8s plugin', () => {
  expect(ENTRY_POINTS).toEqual({ '.': 'lib/index.ts', './definitions': 'lib/definitions.ts', './cdk8s-plugin': 'lib/platform/cdk8s-validation.ts' });
});

test(`the package root exports at most ${MAX_ROOT_NAMES} names`, () => {
  expect(api.names('lib/index.ts').length).toBeLessThanOrEqual(MAX_ROOT_NAMES);
});

test('no internal helper is public: not the helpers the issue named, nor label keys that assume the default domain', () => {
  const internal = ['quoteList', 'isPlainObject', 'pluralOf', 'lineDiff', 'mergePatch', 'parseQuantity', 'formatPath',
    'ENVIRONMENT_LABEL', 'CLUSTER_LABEL', 'POOL_LABEL', 'LABEL_DOMAIN', 'DEFAULT_LABEL_KEYS', 'RULES', 'CLUSTER_ARTEFACTS'];
  for (const entry of Object.values(ENTRY_POINTS)) {
    expect(api.names(entry).filter((name) => internal.includes(name))).toEqual([]);
  }
});

test('lib/ has one index, the package root: no folder re-exports a second list of public names', () => {
  const indexes = (fs.readdirSync(path.join(ROOT, 'lib'), { recursive: true }) as string[])
    .filter((file) => path.basename(file) === 'index.ts');
  expect(indexes).toEqual(['index.ts']);
});

test("what the README's example, the entry points, the CLI and the package check import from the package root is public", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the constructs in your own stacks'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const users: Array<[string, { [specifier: string]: string[] }]> = [
    ['README.md', importsOf('README.md', example)],
    ...['stacks/_platform.ts', 'stacks/k8s.ts', 'stacks/synth.ts', 'cli/platform.ts', 'scripts/package-check/index.ts']
      .map((file): [string, { [specifier: string]: string[] }] => [file, importsOf(file)]),
  ];
  const root = new Set(api.names('lib/index.ts'));
  const definitions = new Set(api.names('lib/definitions.ts'));
  const missing: string[] = [];
  for (const [file, imports] of users) {
    for (const [specifier, names] of Object.entries(imports)) {
      const exported = /(^|\/)lib$|^@platform\/multi-env$/.test(specifier) ? root
        : /(^|\/)lib\/definitions$|^@platform\/multi-env\/definitions$/.test(specifier) ? definitions : undefined;
      missing.push(...names.filter((name) => exported && !exported.has(name)).map((name) => `${file}: ${name} from ${specifier}`));
    }
  }
  expect(example).toContain("from '@platform/multi-env'");
  expect(missing).toEqual([]);
});

test.each(['lib/index.ts', 'lib/definitions.ts', 'lib/platform/cdk8s-validation.ts'])(
  'every name %s exports, and every member of its interfaces, classes and enums, has a doc comment; optional props a @default',
  (entry) => {
    expect(api.gaps(entry)).toEqual([]);
  },
);

test('fails when an exported name or member has no doc comment, or an optional prop has no @default', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-api-'));
  try {
    fs.writeFileSync(path.join(dir, 'index.ts'), "export { Documented, Undocumented, Kind, SIZE, helper } from './module';\n");
    fs.writeFileSync(path.join(dir, 'module.ts'), [
      '/** Props. */',
      'export interface Documented {',
      '  /** Required, documented. */',
      '  readonly name: string;',
      '  /** Optional, without its default. */',
      '  readonly replicas?: number;',
      '  /**',
      '   * Optional, with its default.',
      '   * @default 2',
      '   */',
      '  readonly zones?: number;',
      '  readonly bare: string;',
      '  /** @internal */',
      '  readonly hidden?: string;',
      '}',
      'export class Undocumented {',
      '  /** Documented member. */',
      '  public readonly size = 1;',
      '  public grow(): void {}',
      '  private secret = 0;',
      '}',
      '/** Kinds. */',
      'export enum Kind {',
      "  A = 'a',",
      '  /** B. */',
      "  B = 'b',",
      '}',
      'export const SIZE = 3;',
      '/** Documented function. */',
      'export function helper(): void {}',
      '',
    ].join('\n'));
    const fixture = readEntryPoints(dir, ['index.ts']);
    expect(fixture.names('index.ts')).toEqual(['Documented', 'Kind', 'SIZE', 'Undocumented', 'helper']);
    expect(fixture.gaps('index.ts')).toEqual([
      { name: 'Documented.bare', file: 'module.ts', missing: 'doc comment' },
      { name: 'Documented.replicas', file: 'module.ts', missing: '@default' },
      { name: 'Kind.A', file: 'module.ts', missing: 'doc comment' },
      { name: 'SIZE', file: 'module.ts', missing: 'doc comment' },
      { name: 'Undocumented', file: 'module.ts', missing: 'doc comment' },
      { name: 'Undocumented.grow', file: 'module.ts', missing: 'doc comment' },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
