/**
 * examples/team-payments as a team's repository: what makes it a strict, loader-free consumer of the packed library,
 * read from its files. scripts/check-example.sh (npm run check:example) installs, builds and runs it; this test loads
 * nothing of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/team-payments');
const read = (file: string) => fs.readFileSync(path.join(EXAMPLE, file), 'utf8');
const library = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const example = JSON.parse(read('package.json'));

/** The README section whose code block is the example's src/compose.ts. */
const COMPOSE_SECTION = '## Using the constructs in your own stacks';

/** The first ```ts block of a README section. */
function codeBlockOf(readme: string, heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const next = readme.indexOf('\n## ', start + heading.length + 2);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const block = /\n```ts\n([\s\S]*?)\n```\n/.exec(section);
  if (!block) throw new Error(`README.md section "${heading}" has no \`\`\`ts block`);
  return block[1];
}

/** Every module specifier a TypeScript file imports. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^import [\s\S]*? from '([^']+)';$/gm)].map((m) => m[1]);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith('.ts'));
}

test('the example compiles with the strictest consumer settings, the same as scripts/package-check', () => {
  const strict = {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noPropertyAccessFromIndexSignature: true,
    noImplicitOverride: true,
    skipLibCheck: false,
  };
  const options = JSON.parse(read('tsconfig.json')).compilerOptions;
  expect(options).toMatchObject(strict);
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/package-check/tsconfig.json'), 'utf8')).compilerOptions).toMatchObject(strict);
  // Subpath exports (`@platform/multi-env/definitions`) resolve only with node16/nodenext (or bundler) resolution.
  expect(options.moduleResolution).toBe('node16');
  expect(options.outDir).toBe('build');
});

test('the README\'s composition example is the example\'s own src/compose.ts, so CI compiles and runs it', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(codeBlockOf(readme, COMPOSE_SECTION)).toBe(read('src/compose.ts').trimEnd());
});

test('the example builds with tsc and synthesises with plain node: no TypeScript loader anywhere', () => {
  expect(example.scripts).toEqual({
    build: 'tsc -p .',
    synth: 'node build/synth.js',
    'synth:k8s': 'node build/k8s.js',
    'synth:tf': 'node build/tf.js',
    compose: 'node build/compose.js',
  });
  expect(parse(read('cdk8s.yaml')).app).toBe('node build/k8s.js');
  expect(JSON.parse(read('cdktf.json')).app).toBe('node build/tf.js');
  const dependencies = { ...example.dependencies, ...example.devDependencies };
  expect(Object.keys(dependencies).filter((name) => /^(tsx|ts-node|@swc|esbuild)/.test(name))).toEqual([]);
});

test('the example pins the peer dependencies at the versions the library is built and tested with', () => {
  for (const peer of Object.keys(library.peerDependencies)) {
    expect([peer, example.dependencies[peer]]).toEqual([peer, library.devDependencies[peer]]);
  }
  expect(example.devDependencies.typescript).toBe(library.dependencies.typescript);
  expect(example.devDependencies['@types/node']).toBe(library.devDependencies['@types/node']);
  // The packed library, written beside package.json by `npm pack` (README); check-example.sh points it at its own pack.
  expect(example.dependencies[library.name]).toBe(`file:platform-multi-env-${library.version}.tgz`);
  expect(fs.existsSync(path.join(EXAMPLE, 'package-lock.json'))).toBe(false);
});

test('the example imports the library only through its package name and exported subpaths', () => {
  const allowed = new Set(['cdk8s', 'cdktf', 'constructs', library.name, `${library.name}/definitions`]);
  const files = sourceFiles(path.join(EXAMPLE, 'src'));
  expect(files.length).toBeGreaterThanOrEqual(9);
  const outside = files.flatMap((file) => importsOf(fs.readFileSync(file, 'utf8'))
    .filter((specifier) => !specifier.startsWith('./') && !allowed.has(specifier))
    .map((specifier) => `${path.relative(EXAMPLE, file)}: ${specifier}`));
  expect(outside).toEqual([]);
  for (const subpath of ['.', './definitions']) expect(Object.keys(library.exports)).toContain(subpath);
});

test('the definitions load no renderer: they import only @platform/multi-env/definitions and each other', () => {
  const files = sourceFiles(path.join(EXAMPLE, 'src/definitions'));
  expect(files.map((f) => path.basename(f)).sort()).toEqual(['base.ts', 'cluster.ts', 'index.ts', 'ledger.ts', 'production.ts', 'staging.ts']);
  for (const file of files) {
    expect(importsOf(fs.readFileSync(file, 'utf8')).filter((s) => !s.startsWith('./'))).toEqual([`${library.name}/definitions`]);
  }
});

test('the cdk8s plugin path in cdk8s.yaml is a file the package ships, and it is the ./cdk8s-plugin export', () => {
  const [validation] = parse(read('cdk8s.yaml')).validations;
  // cdk8s-cli requires a local plugin by a path starting with ./ (lib/plugins/_manager.js `loadPackage`), with an exact version.
  expect(validation).toEqual({
    package: `./node_modules/${library.name}/cdk8s-plugin`,
    version: library.version,
    class: 'GuardrailsValidation',
    properties: { definition: './build/definitions' },
  });
  expect(library.files).toContain('cdk8s-plugin.js');
  const target = /require\('\.\/(.+)'\)/.exec(fs.readFileSync(path.join(ROOT, 'cdk8s-plugin.js'), 'utf8'))?.[1];
  expect(`./${target}.js`).toBe(library.exports['./cdk8s-plugin'].default);
});
