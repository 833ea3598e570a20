/**
 * Scaffolding: a new environment made from an existing one, and a new app, written into the definition files where the
 * README says a person writes them (`<name>.ts` and its entry in `index.ts`; the app in the file that holds the `apps`
 * list, with a pin in every environment's file), plus the node pool a new environment pins on its cluster.
 *
 * Every edit is made on the files' text with the TypeScript compiler API (as promotion does, `_source-edit.ts`), in
 * memory. The edited folder is then evaluated from those texts and the whole platform resolved; only when it validates,
 * and resolves to what was asked, are the files written, all of them or none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { AppSettings } from '../app/app-types';
import { DNS_LABEL_HINT } from '../core/schema';
import { mergePatch } from '../core/merge';
import { EnvironmentDefinition, EnvironmentSettings } from '../environment/environment-types';
import { PlatformDefinition } from '../platform/platform-definition';
import { resolvePlatform } from '../platform/resolve-platform';
import { DeliveryError, quoteList } from './delivery-error';
import { lineDiff } from './promotion';
import { keyOf, splice, ts, unwrap } from './_source-edit';

/** What `newEnvironment` makes. */
export interface NewEnvironmentOptions {
  /** Folder of the platform definition, whose `index.ts` exports `platform` (e.g. `environments`). */
  readonly dir: string;
  /** Name of the new environment: a DNS label no environment has yet; also its file name (`<name>.ts`). */
  readonly name: string;
  /** The environment the new one is made from: its definition, renamed, with its hosts and dedicated node pool renamed too. */
  readonly from: string;
  /**
   * The cluster the new environment runs on.
   * @default - the cluster of `from`
   */
  readonly cluster?: string;
  /**
   * The environment the new one follows in promotion order (its place in `environments`).
   * @default - `from`
   */
  readonly after?: string;
  /**
   * Plan and validate, write nothing.
   * @default false
   */
  readonly dryRun?: boolean;
}

/** What `newApp` makes. */
export interface NewAppOptions {
  /** Folder of the platform definition, whose `index.ts` exports `platform` (e.g. `environments`). */
  readonly dir: string;
  /** Name of the new app: a DNS label no app has yet. */
  readonly name: string;
  /** Image repository, without tag (`registry.example.com/shop/search`); the environments pin the tag. */
  readonly image: string;
  /** The image tag every environment that runs the app pins (`apps.<name>.version`). */
  readonly version: string;
  /**
   * Port the app serves HTTP on, named `http`; the probes call `/ready` and `/healthz` on it.
   * @default 8080
   */
  readonly port?: number;
  /**
   * The environments that run the app; every other environment gets `enabled: false`.
   * @default - every environment
   */
  readonly environments?: readonly string[];
  /**
   * Plan and validate, write nothing.
   * @default false
   */
  readonly dryRun?: boolean;
}

/** One file scaffolding creates or changes. */
export interface ScaffoldFile {
  readonly file: string;
  /** The file's text before; `undefined` for a file scaffolding creates. */
  readonly before?: string;
  readonly after: string;
}

/** What was (or, in a dry run, would be) written. */
export interface ScaffoldResult {
  /** `environment "perf"`, `app "search"`. */
  readonly subject: string;
  /** The files, in the order they are written. */
  readonly files: readonly ScaffoldFile[];
  /** Whether the files were written (not in a dry run). */
  readonly written: boolean;
}

/** Default port of a new app: what the reference apps serve HTTP on. */
const DEFAULT_APP_PORT = 8080;

/** A protected environment runs at least two replicas of every app (lib/app/resolve-apps.ts refuses fewer). */
const PROTECTED_MIN_REPLICAS = 2;

/** RFC 1123 label, what environment and app names are (lib/core/schema.ts). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * An image repository without tag or digest: an optional registry host (with port), then path components of lowercase
 * letters and digits joined by `.`, `_`, `__` or dashes, per the reference grammar of distribution/reference v0.5.0
 * (reference.go: `path-component := alpha-numeric [separator alpha-numeric]*`, `separator := /[_.]|__|[-]+/`).
 */
const IMAGE_REPOSITORY = /^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?\/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(\/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * Makes environment `name` from environment `from`: `<dir>/<name>.ts` (a copy of `from`'s file, renamed; host names and
 * a node pool named after `from` are renamed to `name`), its import and entry in `index.ts` (after `after`), and, when
 * the environment pins a node pool its cluster lacks, that pool in the cluster's definition (a copy of `from`'s pool).
 *
 * @throws DeliveryError when a name is invalid or taken, `from`, `cluster` or `after` is unknown, a file is written in a
 * form scaffolding cannot edit, or the result does not resolve to what was asked; `PlatformValidationError` when the
 * resulting platform does not validate. Nothing is written then.
 */
export function newEnvironment(options: NewEnvironmentOptions): ScaffoldResult {
  const subject = `new environment "${options.name}"`;
  const { name } = options;
  checkName(subject, name);
  const sources = new DefinitionSources(options.dir);
  const definition = sources.evaluate();
  const platform = resolvePlatform(definition);
  const names = definition.environments.map((e) => e.name);
  if (names.includes(name)) {
    throw new DeliveryError(`${subject}: name is "${name}", which an environment has; expected a new name (taken: ${quoteList(names)})`);
  }
  const fromIndex = names.indexOf(options.from);
  if (fromIndex < 0) {
    throw new DeliveryError(`${subject}: --from is "${options.from}"; expected one of the environments: ${quoteList(names)}`);
  }
  const after = options.after ?? options.from;
  const afterIndex = names.indexOf(after);
  if (afterIndex < 0) {
    throw new DeliveryError(`${subject}: --after is "${after}"; expected one of the environments: ${quoteList(names)}`);
  }
  const from = platform.environments[fromIndex];
  const clusterName = options.cluster ?? from.cluster.name;
  const cluster = platform.clusters.find((c) => c.name === clusterName);
  if (!cluster) {
    throw new DeliveryError(`${subject}: --cluster is "${clusterName}"; expected one of the clusters: ${quoteList(platform.clusters.map((c) => c.name))}`);
  }
  const file = path.join(sources.dir, `${name}.ts`);
  if (sources.exists(file)) {
    throw new DeliveryError(`${subject}: ${sources.relative(file)} exists; expected no file of that name (the new environment's file)`);
  }

  // A pool named after `from` is dedicated to it: the new environment gets its own, named after itself.
  const fromPool = from.nodePool?.name;
  const pool = fromPool === undefined ? undefined : fromPool === from.name ? name : fromPool;
  const fromDefinition = definition.environments[fromIndex];

  // 1. The new file: `from`'s, renamed. Hosts `from` inherits (from the base or an app) that name it: stated anew.
  const identifier = identifierFor(name, 'Environment', sources.topLevelNames(sources.indexFile));
  const fromEntry = sources.arrayEntry(['environments'], fromIndex, names.length, `environment "${from.name}"`);
  sources.write(file, deriveEnvironmentFile(sources, fromEntry, fromDefinition, { name, identifier, from: from.name, cluster: clusterName, pool }));
  const created = evaluateEnvironmentFile(sources, file, name);
  for (const [app, field, value] of inheritedHosts(definition, fromDefinition, created, from.name)) {
    sources.write(file, setEnvironmentValue(sources, file, name, ['apps', app, 'ingress', field], renameLabel(value, from.name, name)));
  }

  // 2. The index: an import, and the entry after `after`.
  sources.write(sources.indexFile, addImport(sources.read(sources.indexFile), sources.indexFile, identifier, `./${name}`));
  const list = sources.array(['environments'], names.length, 'environments');
  sources.write(list.file, insertItem(sources.read(list.file), list.node.getSourceFile(), list.node, list.node.elements, afterIndex + 1, identifier));

  // 3. The node pool, where the cluster lacks it: a copy of `from`'s pool (renamed when it was `from`'s own).
  if (pool !== undefined && fromPool !== undefined && !cluster.nodePools.some((p) => p.name === pool)) {
    addNodePool(sources, definition, { from: from.cluster.name, fromPool, to: clusterName, pool, subject });
  }

  // 4. The whole result validates, and holds what was asked.
  const resolved = resolvePlatform(sources.evaluate());
  const env = resolved.environments.find((e) => e.name === name);
  const order = resolved.environments.map((e) => e.name);
  const expectedOrder = [...names.slice(0, afterIndex + 1), name, ...names.slice(afterIndex + 1)];
  if (!env || env.cluster.name !== clusterName || env.nodePool?.name !== pool || order.join() !== expectedOrder.join()) {
    throw new DeliveryError(`${subject}: the edited definition does not resolve to environment "${name}" on cluster "${clusterName}"`
      + `${pool ? ` pinned to node pool "${pool}"` : ''} after "${after}" (a file is written in a form scaffolding cannot edit safely); `
      + 'nothing was written');
  }
  return finish(subject, sources, options.dryRun);
}

/**
 * Makes app `name`: its definition (image, an `http` port, probes, requests and a memory limit, a writable `/tmp`)
 * beside the other apps, its entry at the end of the `apps` list, and in every environment's file `apps.<name>`: the
 * version pin (and two replicas where the environment is protected), or `enabled: false` where it does not run.
 *
 * @throws DeliveryError when a name is invalid or taken, an option is out of range, an environment is unknown, a file
 * is written in a form scaffolding cannot edit, or the result does not resolve to what was asked;
 * `PlatformValidationError` when the resulting platform does not validate. Nothing is written then.
 */
export function newApp(options: NewAppOptions): ScaffoldResult {
  const subject = `new app "${options.name}"`;
  const { name } = options;
  checkName(subject, name);
  if (!IMAGE_REPOSITORY.test(options.image)) {
    throw new DeliveryError(`${subject}: --image is "${options.image}"; expected an image repository without tag or digest, such as `
      + 'registry.example.com/team/app (the environments pin the tag: --version)');
  }
  const port = options.port ?? DEFAULT_APP_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DeliveryError(`${subject}: --port is ${String(port)}; expected a port number from 1 to 65535`);
  }
  const sources = new DefinitionSources(options.dir);
  const definition = sources.evaluate();
  const platform = resolvePlatform(definition);
  const apps = definition.apps;
  if (apps === undefined) {
    throw new DeliveryError(`${subject}: ${sources.relative(sources.indexFile)} declares no apps list in \`platform\`; expected one `
      + '(`apps: [...]`, imported from apps.ts as the README shows), which the new app joins');
  }
  if (apps.some((a) => a.name === name)) {
    throw new DeliveryError(`${subject}: name is "${name}", which an app has; expected a new name (taken: ${quoteList(apps.map((a) => a.name))})`);
  }
  const names = definition.environments.map((e) => e.name);
  const running = options.environments ?? names;
  const unknown = running.filter((e) => !names.includes(e));
  if (unknown.length > 0 || running.length === 0) {
    throw new DeliveryError(`${subject}: --environments is ${running.length === 0 ? 'empty' : quoteList(unknown)}; expected environments of the `
      + `platform: ${quoteList(names)}`);
  }

  // 1. The definition, before the statement that declares the apps list, and its entry at the end of that list.
  let list = sources.array(['apps'], apps.length, 'apps');
  sources.write(list.file, sources.withImport(list.file, 'AppDefinition'));
  list = sources.array(['apps'], apps.length, 'apps');
  const identifier = identifierFor(name, 'App', sources.topLevelNames(list.file));
  const typeName = sources.importedAs(list.file, 'AppDefinition');
  const statement = topStatement(list.node);
  const at = statement.getFullStart() + /^\s*/.exec(sources.read(list.file).slice(statement.getFullStart()))![0].length;
  sources.write(list.file, splice(sources.read(list.file), at, at, appDeclaration(identifier, typeName, name, options.image, port)));
  list = sources.array(['apps'], apps.length, 'apps');
  sources.write(list.file, insertItem(sources.read(list.file), list.node.getSourceFile(), list.node, list.node.elements, apps.length, identifier));

  // 2. Each environment: the pin where the app runs, `enabled: false` where it does not.
  platform.environments.forEach((env, i) => {
    const override = running.includes(env.name)
      ? `{ version: ${quote(options.version)}${env.protected ? `, replicas: ${PROTECTED_MIN_REPLICAS}` : ''} }`
      : '{ enabled: false }';
    const entry = sources.arrayEntry(['environments'], i, names.length, `environment "${env.name}"`);
    sources.write(entry.file, setAppOverride(sources, entry, name, override));
  });

  // 3. The whole result validates, and runs the app exactly where asked.
  const resolved = resolvePlatform(sources.evaluate());
  const wrong = resolved.environments.filter((env) => env.apps.some((a) => a.name === name) !== running.includes(env.name));
  if (wrong.length > 0) {
    throw new DeliveryError(`${subject}: the edited definition does not run the app in exactly ${quoteList(running)} (it differs in `
      + `${quoteList(wrong.map((e) => e.name))}: a file is written in a form scaffolding cannot edit safely); nothing was written`);
  }
  return finish(subject, sources, options.dryRun);
}

/** Human-readable summary: the files, then each change as a line diff. */
export function formatScaffold(result: ScaffoldResult, relativeTo: string = process.cwd()): string {
  const lines = [`${result.subject}${result.written ? '' : ' [dry run]'}`];
  for (const f of result.files) {
    lines.push(`  ${f.before === undefined ? 'create' : 'change'} ${path.relative(relativeTo, f.file)}`);
  }
  for (const f of result.files) {
    lines.push('', ...lineDiff(f.before ?? '', f.after, path.relative(relativeTo, f.file)));
  }
  return `${lines.join('\n')}\n`;
}

function finish(subject: string, sources: DefinitionSources, dryRun: boolean | undefined): ScaffoldResult {
  const files = sources.changes();
  if (!dryRun) writeAll(files);
  return { subject, files, written: !dryRun };
}

function checkName(subject: string, value: string): void {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new DeliveryError(`${subject}: name is "${value}"; ${DNS_LABEL_HINT}`);
  }
}

/**
 * Writes every file or none: each to a temporary file beside it first, then each renamed over its target; when a rename
 * fails, the files already replaced get their previous text back and the files already created are removed.
 */
function writeAll(files: readonly ScaffoldFile[]): void {
  const temporary = files.map((f) => path.join(path.dirname(f.file), `.${path.basename(f.file)}.${process.pid}.tmp`));
  const done: ScaffoldFile[] = [];
  try {
    files.forEach((f, i) => fs.writeFileSync(temporary[i], f.after));
    files.forEach((f, i) => {
      fs.renameSync(temporary[i], f.file);
      done.push(f);
    });
  } catch (error) {
    for (const f of done) {
      if (f.before === undefined) fs.rmSync(f.file, { force: true });
      else fs.writeFileSync(f.file, f.before);
    }
    throw error;
  } finally {
    for (const t of temporary) fs.rmSync(t, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The definition folder: its files' texts with the edits made so far on top, evaluated without writing anything.

interface Located<T extends TS.Node> {
  readonly file: string;
  readonly node: T;
}

/** The definition folder's files, with the edits made so far (in memory) on top. */
class DefinitionSources {
  public readonly dir: string;
  public readonly indexFile: string;
  private readonly edited = new Map<string, string>();
  private readonly original = new Map<string, string>();

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    this.indexFile = path.join(this.dir, 'index.ts');
    if (!fs.existsSync(this.indexFile)) {
      throw new DeliveryError(`${this.indexFile} does not exist; expected the index of the platform definition (exporting \`platform\`)`);
    }
  }

  /** A file's path as messages show it: relative to the folder's parent (`environments/perf.ts`). */
  relative(file: string): string {
    return path.relative(path.dirname(this.dir), file);
  }

  exists(file: string): boolean {
    return this.edited.has(file) || fs.existsSync(file);
  }

  read(file: string): string {
    const edited = this.edited.get(file);
    if (edited !== undefined) return edited;
    if (!this.original.has(file)) this.original.set(file, fs.readFileSync(file, 'utf8'));
    return this.original.get(file)!;
  }

  write(file: string, text: string): void {
    if (fs.existsSync(file)) this.read(file);
    this.edited.set(file, text);
  }

  parse(file: string): TS.SourceFile {
    return ts().createSourceFile(file, this.read(file), ts().ScriptTarget.Latest, true, ts().ScriptKind.TS);
  }

  /** The files created or changed: created ones first, so that no written file ever names one not written yet. */
  changes(): ScaffoldFile[] {
    const files = [...this.edited.keys()].filter((f) => this.edited.get(f) !== this.original.get(f));
    return [...files.filter((f) => !this.original.has(f)), ...files.filter((f) => this.original.has(f))]
      .map((file) => ({ file, before: this.original.get(file), after: this.edited.get(file)! }));
  }

  /** The platform definition, evaluated from the texts (see {@link evaluateFile}). */
  evaluate(): PlatformDefinition {
    const definition = this.evaluateFile(this.indexFile).platform as PlatformDefinition | undefined;
    if (!definition) throw new DeliveryError(`${this.relative(this.indexFile)} exports no \`platform\``);
    return definition;
  }

  /**
   * The exports of a file of the folder: it and the folder's files it imports are transpiled from their texts here
   * (never written) and run; any other import (the library) is required as usual.
   */
  evaluateFile(entry: string): Record<string, unknown> {
    const modules = new Map<string, { exports: Record<string, unknown> }>();
    const load = (file: string): Record<string, unknown> => {
      const cached = modules.get(file);
      if (cached) return cached.exports;
      const module = { exports: {} as Record<string, unknown> };
      modules.set(file, module);
      const js = ts().transpileModule(this.read(file), {
        compilerOptions: { module: ts().ModuleKind.CommonJS, target: ts().ScriptTarget.ES2020, esModuleInterop: true }, fileName: file,
      });
      const requireFrom = (id: string): unknown => {
        const own = id.startsWith('.') ? this.moduleFile(path.dirname(file), id) : undefined;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return own ? load(own) : require(id.startsWith('.') ? path.resolve(path.dirname(file), id) : id);
      };
      new Function('exports', 'require', 'module', '__filename', '__dirname', js.outputText)(module.exports, requireFrom, module, file, path.dirname(file));
      return module.exports;
    };
    return load(entry);
  }

  /** The file of the folder an import names, or `undefined` when it names something outside the folder. */
  moduleFile(fromDir: string, id: string): string | undefined {
    const base = path.resolve(fromDir, id);
    if (!base.startsWith(`${this.dir}${path.sep}`)) return undefined;
    return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && this.exists(f));
  }

  /** The array literal `platform.<keys>` is written as (in whichever file of the folder), checked to hold `length` plain entries. */
  array(keys: readonly string[], length: number, what: string): Located<TS.ArrayLiteralExpression> {
    const t = ts();
    const declaration = variable(this.parse(this.indexFile), 'platform');
    if (!declaration?.initializer) throw new DeliveryError(`${this.relative(this.indexFile)} declares no \`platform\``);
    let current: Located<TS.Node> = this.literal(this.indexFile, declaration.initializer, 'platform', t.SyntaxKind.ObjectLiteralExpression);
    keys.forEach((key, i) => {
      const value = valueOf(current.node as TS.ObjectLiteralExpression, key);
      const at = keys.slice(0, i + 1).join('.');
      if (!value) throw new DeliveryError(`${this.relative(current.file)}: \`platform\` has no ${at} written as \`${key}: …\` or \`${key}\``);
      const kind = i === keys.length - 1 ? t.SyntaxKind.ArrayLiteralExpression : t.SyntaxKind.ObjectLiteralExpression;
      current = this.literal(current.file, value, at, kind);
    });
    const found = current as Located<TS.ArrayLiteralExpression>;
    if (found.node.elements.length !== length || found.node.elements.some((e) => t.isSpreadElement(e))) {
      throw new DeliveryError(`${this.relative(found.file)}: ${what} is written with spreads or computed entries; scaffolding edits a list of `
        + `plain entries (${what}: [a, b, c]) only`);
    }
    return found;
  }

  /** The object literal entry `index` of `platform.<keys>` is written as. */
  arrayEntry(keys: readonly string[], index: number, length: number, what: string): Located<TS.ObjectLiteralExpression> {
    const list = this.array(keys, length, keys.join('.'));
    return this.literal(list.file, list.node.elements[index], what, ts().SyntaxKind.ObjectLiteralExpression);
  }

  /**
   * The literal an expression is written as: the expression itself, or what the name it is refers to (a `const` of the
   * same file, or one imported from another file of the folder).
   */
  literal<T extends TS.Node>(file: string, expression: TS.Expression, what: string, kind: TS.SyntaxKind): Located<T> {
    const t = ts();
    const e = unwrap(expression);
    if (e.kind === kind) return { file, node: e as TS.Node as T };
    if (t.isIdentifier(e)) {
      const sf = this.parse(file);
      const local = variable(sf, e.text);
      if (local?.initializer) return this.literal(file, local.initializer, what, kind);
      const imported = importOf(sf, e.text);
      const target = imported ? this.moduleFile(path.dirname(file), imported.module) : undefined;
      const declaration = target ? variable(this.parse(target), imported!.name) : undefined;
      if (target && declaration?.initializer) return this.literal(target, declaration.initializer, what, kind);
    }
    const shape = kind === t.SyntaxKind.ArrayLiteralExpression ? '[…]' : '{ … }';
    throw new DeliveryError(`${this.relative(file)}: ${what} is written as \`${e.getText()}\`; scaffolding edits a literal (${shape}), or a `
      + 'name declared as one in the definition folder, only');
  }

  /** Names declared or imported at the top level of a file. */
  topLevelNames(file: string): Set<string> {
    const t = ts();
    const names = new Set<string>();
    for (const statement of this.parse(file).statements) {
      if (t.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (t.isIdentifier(d.name)) names.add(d.name.text);
      } else if ((t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement) || t.isEnumDeclaration(statement)
        || t.isInterfaceDeclaration(statement) || t.isTypeAliasDeclaration(statement)) && statement.name) {
        names.add(statement.name.text);
      } else if (t.isImportDeclaration(statement) && statement.importClause) {
        const { name, namedBindings } = statement.importClause;
        if (name) names.add(name.text);
        if (namedBindings && t.isNamedImports(namedBindings)) for (const el of namedBindings.elements) names.add(el.name.text);
        if (namedBindings && t.isNamespaceImport(namedBindings)) names.add(namedBindings.name.text);
      }
    }
    return names;
  }

  /** The local name a file imports a definition type as, `undefined` when it does not import it. */
  importedAs(file: string, typeName: string): string {
    const t = ts();
    for (const statement of this.parse(file).statements) {
      const bindings = t.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
      if (bindings && t.isNamedImports(bindings)) {
        const el = bindings.elements.find((e) => (e.propertyName ?? e.name).text === typeName);
        if (el) return el.name.text;
      }
    }
    throw new Error(`scaffold: ${file} does not import ${typeName}`);
  }

  /**
   * `file`'s text with `typeName` imported from the module the folder takes its definition types from (the one its
   * files import `EnvironmentDefinition` from), unless the file imports it already.
   */
  withImport(file: string, typeName: string): string {
    const t = ts();
    const text = this.read(file);
    const sf = this.parse(file);
    const declares = (s: TS.Statement, name: string): s is TS.ImportDeclaration => {
      const bindings = t.isImportDeclaration(s) ? s.importClause?.namedBindings : undefined;
      return !!bindings && t.isNamedImports(bindings) && bindings.elements.some((e) => (e.propertyName ?? e.name).text === name);
    };
    if (sf.statements.some((s) => declares(s, typeName))) return text;
    const folder = fs.readdirSync(this.dir).filter((n) => n.endsWith('.ts')).map((n) => path.join(this.dir, n));
    const source = [file, ...folder].map((f) => ({ f, found: this.parse(f).statements.find((s) => declares(s, 'EnvironmentDefinition')) }))
      .find((x) => x.found !== undefined);
    if (!source) {
      throw new DeliveryError(`${this.relative(file)}: no file of the definition folder imports EnvironmentDefinition; scaffolding imports `
        + `${typeName} from the module that does`);
    }
    const declaration = source.found as TS.ImportDeclaration;
    const module = (declaration.moduleSpecifier as TS.StringLiteral).text;
    const own = sf.statements.find((s): s is TS.ImportDeclaration => t.isImportDeclaration(s)
      && (s.moduleSpecifier as TS.StringLiteral).text === module && !!s.importClause?.namedBindings
      && t.isNamedImports(s.importClause.namedBindings));
    if (own && source.f === file) {
      const bindings = own.importClause!.namedBindings as TS.NamedImports;
      const names = [...bindings.elements.map((e) => e.getText(sf)), typeName].sort((a, b) => a.localeCompare(b));
      return splice(text, bindings.getStart(sf), bindings.end, `{ ${names.join(', ')} }`);
    }
    const specifier = module.startsWith('.') ? relativeModule(path.dirname(file), path.resolve(path.dirname(source.f), module)) : module;
    return addImport(text, file, typeName, specifier);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The new environment's file, and its node pool.

interface Renaming {
  readonly name: string;
  /** The name the file exports it as, and the index imports. */
  readonly identifier: string;
  readonly from: string;
  readonly cluster: string;
  readonly pool: string | undefined;
}

/**
 * `from`'s file with the environment renamed: its exported name, `name`, `cluster`, a `nodePool` that changes, a
 * `namespace` and each `host` / `previewHost` that names `from` (as a label of its own), and its doc comment.
 */
function deriveEnvironmentFile(sources: DefinitionSources, entry: Located<TS.ObjectLiteralExpression>, fromDefinition: EnvironmentDefinition,
  renaming: Renaming): string {
  const t = ts();
  const sf = entry.node.getSourceFile();
  const text = sf.text;
  const object = entry.node;
  const statement = topStatement(object);
  const declaration = t.isVariableStatement(statement)
    ? statement.declarationList.declarations.find((d) => d.initializer && unwrap(d.initializer) === object) : undefined;
  if (!declaration || !t.isIdentifier(declaration.name)) {
    throw new DeliveryError(`${sources.relative(entry.file)}: environment "${renaming.from}" is not declared as \`export const <name> = { … }\`; `
      + 'scaffolding copies a definition declared so');
  }
  const edits: Array<[number, number, string]> = [[declaration.name.getStart(sf), declaration.name.end, renaming.identifier]];
  const replace = (node: TS.Node, value: string) => edits.push([node.getStart(sf), node.end, quote(value)]);
  const named = (key: string) => property(object, key);
  replace(named('name')?.initializer ?? fail(sources, entry.file, renaming.from, 'name'), renaming.name);
  replace(named('cluster')?.initializer ?? fail(sources, entry.file, renaming.from, 'cluster'), renaming.cluster);
  const nodePool = named('nodePool');
  if (nodePool && renaming.pool !== undefined && renaming.pool !== fromDefinition.nodePool) replace(nodePool.initializer, renaming.pool);
  const namespace = named('namespace');
  if (namespace && t.isStringLiteralLike(namespace.initializer)) {
    replace(namespace.initializer, namespace.initializer.text.split('-').map((part) => (part === renaming.from ? renaming.name : part)).join('-'));
  }
  const visit = (node: TS.Node): void => {
    if (t.isPropertyAssignment(node) && ['host', 'previewHost'].includes(keyOf(node) ?? '') && t.isStringLiteralLike(node.initializer)
      && hasLabel(node.initializer.text, renaming.from)) {
      replace(node.initializer, renameLabel(node.initializer.text, renaming.from, renaming.name));
    }
    t.forEachChild(node, visit);
  };
  visit(object);
  // The edits all lie inside the statement, so the offsets before it (its doc comment) stay as they were.
  let after = edits.sort((a, b) => b[0] - a[0]).reduce((current, [start, end, insert]) => splice(current, start, end, insert), text);
  const leading = text.slice(statement.getFullStart(), statement.getStart(sf));
  const docStart = leading.includes('/**') ? statement.getFullStart() + leading.lastIndexOf('/**') : statement.getStart(sf);
  const comment = `/** Made from ${renaming.from} with \`platform new environment ${renaming.name} --from ${renaming.from}\`. */\n`;
  after = `${after.slice(0, docStart)}${comment}${after.slice(statement.getStart(sf))}`;
  if (!nodePool && renaming.pool !== undefined && renaming.pool !== fromDefinition.nodePool) {
    // `from` inherits its pool (from the base); the new environment states its own.
    const parsed = t.createSourceFile(entry.file, after, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
    const obj = objectByName(parsed, renaming.name);
    after = insertItem(after, parsed, obj, obj.properties, obj.properties.length, `nodePool: ${quote(renaming.pool)}`);
  }
  return after;
}

function fail(sources: DefinitionSources, file: string, environment: string, field: string): never {
  throw new DeliveryError(`${sources.relative(file)}: environment "${environment}" does not state ${field} as \`${field}: …\`; scaffolding `
    + 'copies a definition that states its name and cluster');
}

/** The environment a file of the folder (its text there) exports by name. */
function evaluateEnvironmentFile(sources: DefinitionSources, file: string, name: string): EnvironmentDefinition {
  const found = Object.values(sources.evaluateFile(file)).find((value) => (value as { name?: unknown } | undefined)?.name === name);
  if (!found) throw new DeliveryError(`${sources.relative(file)} exports no environment named "${name}" after the edit; nothing was written`);
  return found as EnvironmentDefinition;
}

/**
 * The hosts the new environment would inherit unchanged from where `from` inherits them (the base, or an app's
 * definition) although they name `from`: `[app, 'host' | 'previewHost', value]`. Merged as resolution merges them:
 * the environment onto the base, then its override of each app onto the app.
 */
function inheritedHosts(definition: PlatformDefinition, fromDefinition: EnvironmentDefinition, created: EnvironmentDefinition, from: string)
  : Array<[string, 'host' | 'previewHost', string]> {
  const settingsOf = (env: EnvironmentDefinition) => mergePatch<EnvironmentSettings>(definition.base, env);
  const fromSettings = settingsOf(fromDefinition);
  const createdSettings = settingsOf(created);
  const found: Array<[string, 'host' | 'previewHost', string]> = [];
  for (const app of definition.apps ?? []) {
    const before = mergePatch<AppSettings>(app, fromSettings.apps?.[app.name]);
    const now = mergePatch<AppSettings>(app, createdSettings.apps?.[app.name]);
    for (const field of ['host', 'previewHost'] as const) {
      const value = before.ingress?.[field];
      if (value !== undefined && now.ingress?.[field] === value && hasLabel(value, from)) found.push([app.name, field, value]);
    }
  }
  return found;
}

/** Sets `keys` of the environment object named `name` in `file` to a string, adding the objects on the way that are missing. */
function setEnvironmentValue(sources: DefinitionSources, file: string, name: string, keys: readonly string[], value: string): string {
  const t = ts();
  const sf = sources.parse(file);
  let obj = objectByName(sf, name);
  for (let i = 0; i < keys.length; i++) {
    const prop = property(obj, keys[i]);
    if (!prop) {
      const nested = keys.slice(i + 1).reduceRight((inner, key) => `{ ${propertyKey(key)}: ${inner} }`, quote(value));
      return insertItem(sf.text, sf, obj, obj.properties, obj.properties.length, `${propertyKey(keys[i])}: ${nested}`);
    }
    if (i === keys.length - 1) return splice(sf.text, prop.initializer.getStart(sf), prop.initializer.end, quote(value));
    const init = unwrap(prop.initializer);
    if (!t.isObjectLiteralExpression(init)) {
      throw new DeliveryError(`${sources.relative(file)}: ${keys.slice(0, i + 1).join('.')} is not an object literal; scaffolding cannot set `
        + `${keys.join('.')} there`);
    }
    obj = init;
  }
  return sf.text;
}

/** Adds (or replaces) `apps.<app>` of an environment's object literal. */
function setAppOverride(sources: DefinitionSources, entry: Located<TS.ObjectLiteralExpression>, app: string, override: string): string {
  const sf = entry.node.getSourceFile();
  const apps = property(entry.node, 'apps');
  if (!apps) return insertItem(sf.text, sf, entry.node, entry.node.properties, entry.node.properties.length, `apps: { ${propertyKey(app)}: ${override} }`);
  const init = unwrap(apps.initializer);
  if (!ts().isObjectLiteralExpression(init)) {
    throw new DeliveryError(`${sources.relative(entry.file)}: apps is written as \`${init.getText(sf)}\`; scaffolding adds an app to an object `
      + 'literal (apps: { … }) only');
  }
  return insertItem(sf.text, sf, init, init.properties, init.properties.length, `${propertyKey(app)}: ${override}`);
}

interface PoolCopy {
  /** The cluster and pool copied. */
  readonly from: string;
  readonly fromPool: string;
  /** The cluster the pool is added to, and the new pool's name. */
  readonly to: string;
  readonly pool: string;
  readonly subject: string;
}

/**
 * Adds node pool `pool` to cluster `to`: a copy of pool `fromPool` of cluster `from` as written there
 * (`{ ...dedicatedPool('qa'), maxSize: 3 }`), each string literal that is the old pool's name renamed; right after the
 * old pool on the same cluster, else last. The copy must evaluate to the old pool renamed.
 */
function addNodePool(sources: DefinitionSources, definition: PlatformDefinition, copy: PoolCopy): void {
  const t = ts();
  const clusters = definition.clusters.map((c) => c.name);
  const poolsOf = (cluster: string) => {
    const entry = sources.arrayEntry(['clusters'], clusters.indexOf(cluster), clusters.length, `cluster "${cluster}"`);
    const value = valueOf(entry.node, 'nodePools');
    const list = value
      ? sources.literal<TS.ArrayLiteralExpression>(entry.file, value, `cluster "${cluster}": nodePools`, t.SyntaxKind.ArrayLiteralExpression)
      : undefined;
    return { entry, list };
  };
  const pools = definition.clusters[clusters.indexOf(copy.from)].nodePools ?? [];
  const index = pools.findIndex((p) => p.name === copy.fromPool);
  const source = poolsOf(copy.from).list!;
  if (source.node.elements.length !== pools.length || source.node.elements.some((e) => t.isSpreadElement(e))) {
    throw new DeliveryError(`${copy.subject}: ${sources.relative(source.file)}: the node pools of cluster "${copy.from}" are written with spreads or `
      + `computed entries; scaffolding copies node pool "${copy.fromPool}" from a list of plain entries only. Add node pool "${copy.pool}" to `
      + `cluster "${copy.to}" by hand`);
  }
  const element = source.node.elements[index];
  const sf = element.getSourceFile();
  const literals: TS.StringLiteralLike[] = [];
  const visit = (node: TS.Node): void => {
    if (t.isStringLiteralLike(node) && node.text === copy.fromPool) literals.push(node);
    t.forEachChild(node, visit);
  };
  if (copy.pool !== copy.fromPool) visit(element);
  const offset = element.getStart(sf);
  const elementText = literals.sort((a, b) => b.getStart(sf) - a.getStart(sf))
    .reduce((current, literal) => splice(current, literal.getStart(sf) - offset, literal.end - offset, quote(copy.pool)), element.getText(sf));
  const target = poolsOf(copy.to);
  if (!target.list) {
    const obj = target.entry.node;
    sources.write(target.entry.file, insertItem(sources.read(target.entry.file), obj.getSourceFile(), obj, obj.properties, obj.properties.length,
      `nodePools: [${elementText}]`));
  } else {
    const position = copy.from === copy.to ? index + 1 : target.list.node.elements.length;
    const list = target.list.node;
    sources.write(target.list.file, insertItem(sources.read(target.list.file), list.getSourceFile(), list, list.elements, position, elementText));
  }
  const added = sources.evaluate().clusters.find((c) => c.name === copy.to)?.nodePools?.find((p) => p.name === copy.pool);
  if (!added || JSON.stringify(added) !== JSON.stringify(renameStrings(pools[index], copy.fromPool, copy.pool))) {
    throw new DeliveryError(`${copy.subject}: node pool "${copy.fromPool}" of cluster "${copy.from}" is written in a form scaffolding cannot copy `
      + `as node pool "${copy.pool}" (its name comes from elsewhere); add node pool "${copy.pool}" to cluster "${copy.to}" by hand; nothing was written`);
  }
}

/** A value with every string equal to `from` replaced by `to`. */
function renameStrings(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value === from ? to : value;
  if (Array.isArray(value)) return value.map((v) => renameStrings(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameStrings(v, from, to)]));
  return value;
}

// ---------------------------------------------------------------------------------------------------------------------
// The new app.

/** An app as the reference declares one (environments/apps.ts): one HTTP port, probes on it, small requests, a memory limit. */
function appDeclaration(identifier: string, typeName: string, name: string, image: string, port: number): string {
  return [
    `/** ${name}: made with \`platform new app ${name}\`; serves HTTP on port ${port}, probed at /ready and /healthz. */`,
    `export const ${identifier}: ${typeName} = {`,
    `  name: ${quote(name)},`,
    `  image: ${quote(image)},`,
    `  ports: [{ name: 'http', port: ${port} }],`,
    '  resources: { requests: { cpu: \'100m\', memory: \'128Mi\' }, limits: { memory: \'256Mi\' } },',
    '  probes: {',
    '    readiness: { http: { path: \'/ready\', port: \'http\' } },',
    '    liveness: { http: { path: \'/healthz\', port: \'http\' }, periodSeconds: 20 },',
    '  },',
    '  replicas: 1,',
    '  writablePaths: [\'/tmp\'],',
    '};',
    '',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------------
// Syntax-tree helpers and text edits that keep the layout around them.



function property(obj: TS.ObjectLiteralExpression, key: string): TS.PropertyAssignment | undefined {
  return obj.properties.find((p): p is TS.PropertyAssignment => ts().isPropertyAssignment(p) && keyOf(p) === key);
}

/** The expression a property is written as: `key: value`, or the name of the shorthand `key`. */
function valueOf(obj: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  const t = ts();
  const prop = obj.properties.find((p) => keyOf(p) === key);
  if (prop && t.isPropertyAssignment(prop)) return prop.initializer;
  if (prop && t.isShorthandPropertyAssignment(prop)) return prop.name;
  return undefined;
}

function variable(sf: TS.SourceFile, name: string): TS.VariableDeclaration | undefined {
  const t = ts();
  for (const statement of sf.statements) {
    if (!t.isVariableStatement(statement)) continue;
    const found = statement.declarationList.declarations.find((d) => t.isIdentifier(d.name) && d.name.text === name);
    if (found) return found;
  }
  return undefined;
}

function importOf(sf: TS.SourceFile, local: string): { module: string; name: string } | undefined {
  const t = ts();
  for (const statement of sf.statements) {
    if (!t.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    const el = bindings && t.isNamedImports(bindings) ? bindings.elements.find((e) => e.name.text === local) : undefined;
    if (el) return { module: (statement.moduleSpecifier as TS.StringLiteral).text, name: (el.propertyName ?? el.name).text };
  }
  return undefined;
}

/** The object literal of a file that has `name: '<name>'`. */
function objectByName(sf: TS.SourceFile, name: string): TS.ObjectLiteralExpression {
  const t = ts();
  let found: TS.ObjectLiteralExpression | undefined;
  const visit = (node: TS.Node): void => {
    if (!found && t.isObjectLiteralExpression(node)) {
      const prop = property(node, 'name');
      if (prop && t.isStringLiteralLike(prop.initializer) && prop.initializer.text === name) found = node;
    }
    if (!found) t.forEachChild(node, visit);
  };
  visit(sf);
  if (!found) throw new DeliveryError(`${sf.fileName} defines no object literal { name: '${name}', … }`);
  return found;
}

function topStatement(node: TS.Node): TS.Node {
  let current = node;
  while (current.parent && !ts().isSourceFile(current.parent)) current = current.parent;
  return current;
}

/** An identifier for a DNS label (`perf-eu` → `perfEu`), with `suffix` where that one is taken, reserved or not an identifier. */
function identifierFor(name: string, suffix: string, taken: ReadonlySet<string>): string {
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const usable = (id: string) => /^[A-Za-z_$][\w$]*$/.test(id) && ts().identifierToKeywordKind(ts().factory.createIdentifier(id)) === undefined && !taken.has(id);
  if (usable(camel)) return camel;
  const suffixed = /^[0-9]/.test(camel) ? `${suffix.toLowerCase()}${camel}` : `${camel}${suffix}`;
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? suffixed : `${suffixed}${i}`;
    if (usable(candidate)) return candidate;
  }
}

function hasLabel(host: string, label: string): boolean {
  return host.split('.').includes(label);
}

/** A host with each DNS label equal to `from` replaced by `to` (`shop.qa.example.com` → `shop.perf.example.com`). */
function renameLabel(host: string, from: string, to: string): string {
  return host.split('.').map((label) => (label === from ? to : label)).join('.');
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
}

function relativeModule(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}


/**
 * Inserts `item` at `index` of a list (an array's elements, an object's properties) in the list's layout: on the line
 * of the others (`[a, b]`), or on a line of its own with their indentation and their trailing-comma style.
 */
function insertItem(text: string, sf: TS.SourceFile, container: TS.Node, items: TS.NodeArray<TS.Node>, index: number, item: string): string {
  const open = container.getStart(sf);
  if (items.length === 0) {
    return splice(text, open, container.end, text[open] === '[' ? `[${item}]` : `{ ${item} }`);
  }
  const line = (position: number) => sf.getLineAndCharacterOfPosition(position).line;
  if (line(open) === line(items[0].getStart(sf))) {
    if (index < items.length) {
      const start = items[index].getStart(sf);
      return splice(text, start, start, `${item}, `);
    }
    const last = items[items.length - 1];
    return splice(text, last.end, last.end, `, ${item}`);
  }
  const first = items[0].getStart(sf);
  const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', first - 1) + 1))![0];
  if (index === 0) {
    // Above the first item's leading comments, which belong to it.
    const leading = items[0].getFullStart() + /^\s*/.exec(text.slice(items[0].getFullStart()))![0].length;
    const lineStart = text.lastIndexOf('\n', leading - 1) + 1;
    return splice(text, lineStart, lineStart, `${indent}${item},\n`);
  }
  const previous = afterItem(text, items[index - 1].end);
  if (!previous.comma) return splice(text, items[index - 1].end, items[index - 1].end, `,\n${indent}${item}`);
  // The previous item has a comma: the new one too, unless it ends a list written without a trailing comma.
  const trailing = index < items.length || afterItem(text, items[items.length - 1].end).comma;
  return splice(text, previous.position, previous.position, `\n${indent}${item}${trailing ? ',' : ''}`);
}

/** Where a list item (ending at `end`) ends with its comma, and a comment closing its line; whether it has a comma. */
function afterItem(text: string, end: number): { position: number; comma: boolean } {
  const comma = /^[ \t]*,/.exec(text.slice(end));
  if (!comma) return { position: end, comma: false };
  const position = end + comma[0].length;
  const rest = /^[ \t]*(\/\/[^\n]*)?(?=\n)/.exec(text.slice(position));
  return { position: position + (rest ? rest[0].length : 0), comma: true };
}

/** Adds `import { name } from 'module';` to the imports: before the first relative import that sorts after it, else last. */
function addImport(text: string, file: string, name: string, module: string): string {
  const t = ts();
  const sf = t.createSourceFile(file, text, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const imports = sf.statements.filter((s): s is TS.ImportDeclaration => t.isImportDeclaration(s));
  const line = `import { ${name} } from ${quote(module)};`;
  const next = module.startsWith('.')
    ? imports.find((i) => (i.moduleSpecifier as TS.StringLiteral).text.startsWith('.') && (i.moduleSpecifier as TS.StringLiteral).text.localeCompare(module) > 0)
    : undefined;
  if (next) return splice(text, next.getStart(sf), next.getStart(sf), `${line}\n`);
  const last = imports[imports.length - 1];
  return last ? splice(text, last.end, last.end, `\n${line}`) : `${line}\n${text}`;
}
