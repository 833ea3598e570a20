/**
 * The one way every entry point (`npm run synth`, `cdk8s synth`, `cdktf synth`, the CLI) loads a platform definition
 * from its folder, so that a file that does not compile, a file that throws while loading, a misspelt export and an
 * environment file the platform does not list all end in one message naming the file, not in a stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DefinitionLoadError, LoadProblem } from '../core/errors';
import { isPlainObject } from '../core/merge';
import { PlatformDefinition } from './platform-definition';

/** The export of the folder's index that holds the definition. */
export const DEFINITION_EXPORT = 'platform';

/** Options of {@link loadPlatformDefinition}. */
export interface LoadDefinitionOptions {
  /**
   * Name of the export holding the definition.
   * @default 'platform'
   */
  readonly exportName?: string;
  /**
   * Folder the file names in messages are relative to.
   * @default - the working directory
   */
  readonly cwd?: string;
  /**
   * Loads one module by absolute path. TypeScript needs a loader registered (tsx, ts-node, or jest's transform).
   * @default - Node's require
   */
  readonly require?: (file: string) => unknown;
}

/** Source files of a definition folder; declarations, tests and private helpers (`_name.ts`) are not definitions. */
const SOURCE = /^[^._][^/]*\.(ts|mts|cts|js|mjs|cjs)$/;
const NOT_SOURCE = /\.(d|test|spec)\.[cm]?[jt]s$/;

/**
 * Loads the platform definition a folder exports as `platform` from its index, and checks that every environment an
 * environment file of the folder defines is one of the platform's environments.
 *
 * @throws DefinitionLoadError when the folder does not exist, a file does not compile or throws while loading, the
 * index does not export `platform`, or an environment file is not listed in the platform
 */
export function loadPlatformDefinition(dir: string, options: LoadDefinitionOptions = {}): PlatformDefinition {
  const exportName = options.exportName ?? DEFINITION_EXPORT;
  const cwd = options.cwd ?? process.cwd();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = options.require ?? ((file: string) => require(file));
  const root = path.resolve(cwd, dir);
  const show = (file: string) => displayPath(file, cwd);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DefinitionLoadError([{ file: show(root), message: 'is not a folder; expected the folder of the platform definition, whose index '
      + `exports \`${exportName}\`` }]);
  }
  const files = fs.readdirSync(root).filter((f) => SOURCE.test(f) && !NOT_SOURCE.test(f)).sort();
  const index = files.find((f) => /^index\.[cm]?[jt]s$/.test(f));
  if (index === undefined) {
    throw new DefinitionLoadError([{ file: show(root), message: `has no index (index.ts, or index.js compiled); expected one that exports \`${exportName}\`` }]);
  }

  const modules = new Map<string, unknown>();
  const problems: LoadProblem[] = [];
  const loadFile = (file: string): unknown => {
    const absolute = path.join(root, file);
    try {
      const loaded = load(absolute);
      modules.set(file, loaded);
      return loaded;
    } catch (error) {
      problems.push(loadProblem(error, absolute, root, show));
      return undefined;
    }
  };

  const indexModule = loadFile(index);
  if (problems.length > 0) throw new DefinitionLoadError(problems);
  const definition = exportOf(indexModule, exportName, show(path.join(root, index)));

  // An environment file the index does not list is not synthesized: without this check it would be ignored silently.
  const listed = new Set<unknown>(definition.environments);
  const listedNames = new Set(definition.environments.map((e) => (isPlainObject(e) ? e.name : undefined)));
  for (const file of files.filter((f) => f !== index)) {
    const loaded = loadFile(file);
    if (!isPlainObject(loaded)) continue;
    for (const [name, value] of Object.entries(loaded)) {
      if (!isEnvironmentLike(value) || listed.has(value) || listedNames.has(value.name)) continue;
      const from = `./${file.replace(/\.[cm]?[jt]s$/, '')}`;
      problems.push({
        file: show(path.join(root, file)),
        message: `defines environment "${value.name}" (export \`${name}\`), which ${show(path.join(root, index))} does not list, so it would not `
          + `be synthesized; add it there (import { ${name} } from '${from}'; and put ${name} in \`${exportName}.environments\`, in promotion `
          + 'order), or remove the file',
      });
    }
  }
  if (problems.length > 0) throw new DefinitionLoadError(problems);
  return definition;
}

/** The definition export of the index, or why it is not there (naming the exports there are, and the closest). */
function exportOf(module: unknown, exportName: string, file: string): PlatformDefinition {
  // Not named `exports`: compiled to CommonJS, that name would shadow the module's own exports.
  const exported = isPlainObject(module) ? module : {};
  if (!(exportName in exported)) {
    const names = Object.keys(exported).filter((n) => n !== '__esModule');
    const closest = closestName(exportName, names);
    throw new DefinitionLoadError([{
      file,
      message: `exports no \`${exportName}\`; it exports ${names.length === 0 ? 'nothing' : names.map((n) => `\`${n}\``).join(', ')}`
        + (closest !== undefined ? `; did you mean \`${closest}\`?${exportName === DEFINITION_EXPORT ? ` rename it to \`${exportName}\`` : ''}`
          : `; export the platform definition as \`export const ${exportName}: PlatformDefinition = { clusters, base, environments }\``),
    }]);
  }
  const value = exported[exportName];
  if (!isPlainObject(value) || !Array.isArray(value.environments)) {
    throw new DefinitionLoadError([{
      file,
      message: `exports \`${exportName}\` as ${describe(value)}; expected the platform definition, an object with clusters, base and environments`,
    }]);
  }
  return value as unknown as PlatformDefinition;
}

/** An environment definition, as far as loading can tell: an object with a string `name` and a string `cluster`. */
function isEnvironmentLike(value: unknown): value is { name: string; cluster: string } {
  return isPlainObject(value) && typeof value.name === 'string' && typeof value.cluster === 'string';
}

/**
 * Where and why a file failed to load. esbuild (tsx) reports a syntax error as `file:line:col: ERROR: text`; a file
 * that throws is located by the first frame of its stack inside the definition's folder.
 */
function loadProblem(error: unknown, file: string, root: string, show: (file: string) => string): LoadProblem {
  const err = error instanceof Error ? error : new Error(String(error));
  // Compilers colour their diagnostics for a terminal.
  const text = err.message.replace(/\u001b\[[0-9;]*m/g, '');
  // esbuild's transform failure (tsx): "Transform failed with 1 error:\n/abs/file.ts:3:5: ERROR: Unexpected \"=\"".
  const esbuild = [...text.matchAll(/^(.+?):(\d+):(\d+): ERROR: (.*)$/gm)];
  if (esbuild.length > 0) {
    const [, where, line, column, diagnostic] = esbuild[0];
    const more = esbuild.length > 1 ? ` (and ${esbuild.length - 1} more)` : '';
    // esbuild counts columns from 0 (its Location.column); editors and the other compilers from 1.
    return { file: `${show(path.resolve(where))}:${line}:${Number(column) + 1}`, message: `does not compile: ${diagnostic}${more}` };
  }
  // TypeScript's own diagnostics (ts-jest, ts-node): "/abs/file.ts:3:5 - error TS1109: Expression expected."
  const typescript = /([^\s:]+\.[cm]?[jt]s):(\d+):(\d+) - error (TS\d+): (.*)$/m.exec(text)
    ?? /([^\s:]+\.[cm]?[jt]s)\((\d+),(\d+)\): error (TS\d+): (.*)$/m.exec(text);
  if (typescript) {
    const [, where, line, column, code, diagnostic] = typescript;
    return { file: `${show(path.resolve(where))}:${line}:${column}`, message: `does not compile: ${diagnostic} (${code})` };
  }
  // Without a loader, node reads a .ts file as JavaScript and stops at the first type annotation or import.
  if (err.name === 'SyntaxError' && /\.[cm]?tsx?$/.test(file)) {
    return {
      file: show(file),
      message: 'is TypeScript, which node cannot load without a loader; compile the definitions (tsc) and load the compiled folder (e.g. '
        + `build/definitions), or run through tsx (${err.message})`,
    };
  }
  // Node's own syntax errors put "/abs/file.js:3" on the first line of the stack.
  if (err.name === 'SyntaxError') {
    const at = /^(\/.+?|[A-Za-z]:\\.+?):(\d+)$/m.exec(err.stack ?? '');
    return { file: at ? `${show(at[1])}:${at[2]}` : show(file), message: `does not compile: ${err.message}` };
  }
  const frame = (err.stack ?? '').split('\n').slice(1)
    .map((line) => /\(?((?:\/|[A-Za-z]:\\)[^()]+?):(\d+):(\d+)\)?$/.exec(line.trim()))
    .find((m) => m !== null && isInside(m[1], root));
  return {
    file: frame ? `${show(frame[1])}:${frame[2]}:${frame[3]}` : show(file),
    message: `throws while loading: ${text.split('\n')[0]}`,
  };
}

function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A path as the user would write it: relative to the working directory when inside it. */
function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** The name closest to `wanted` by edit distance, when it is close enough to be a misspelling. */
export function closestName(wanted: string, names: readonly string[]): string | undefined {
  const scored = names.map((name) => ({ name, distance: editDistance(wanted.toLowerCase(), name.toLowerCase()) }))
    .filter((s) => s.distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored[0]?.name;
}

/** Levenshtein distance, with a swap of two neighbours counting one (`platfrom` is one from `platform`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return isPlainObject(value) ? 'an object without an `environments` list' : `a ${typeof value}`;
}
