/**
 * Surgical edits of an environment's definition file with the TypeScript compiler API: a value is replaced where it is
 * written, a missing property is inserted beside its siblings in their layout, a removed one takes its line with it.
 * Everything else (comments, order, formatting) stays byte for byte, so the diff of a promotion is its pin lines.
 *
 * `typescript` is loaded on first use only: it costs ~0.3 s, and only promotion needs it.
 */
import * as path from 'node:path';
import type * as TS from 'typescript';
import { EnvironmentDefinition } from '../environment/environment-types';
import { DeliveryError } from './delivery-error';

/** One edit: set `path` (inside the environment's definition) to a string or `null`, or remove it (`undefined`). */
export interface SourceEdit {
  readonly path: readonly string[];
  readonly value: string | null | undefined;
}

let tsModule: typeof TS | undefined;
/** The TypeScript compiler, loaded on first use (promotion and scaffolding only). */
export function ts(): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tsModule ??= require('typescript') as typeof TS;
  return tsModule;
}

/** Applies edits one after the other (each on the result of the previous), re-parsing in between. */
export function editEnvironmentSource(text: string, file: string, environment: string, edits: readonly SourceEdit[]): string {
  return edits.reduce((current, edit) => applyEdit(current, file, environment, edit), text);
}

/**
 * Evaluates a definition file's text (transpiled, never written) and returns the environment it exports by name.
 * Relative imports resolve against `moduleDir`, the folder the file really lives in.
 */
export function evaluateEnvironmentSource(text: string, file: string, environment: string, moduleDir: string): EnvironmentDefinition {
  const js = ts().transpileModule(text, { compilerOptions: { module: ts().ModuleKind.CommonJS, target: ts().ScriptTarget.ES2020 }, fileName: file });
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => require(id.startsWith('.') ? path.resolve(moduleDir, id) : id);
  new Function('exports', 'require', 'module', js.outputText)(module.exports, load, module);
  const found = Object.values(module.exports).find((value) => (value as { name?: unknown } | undefined)?.name === environment);
  if (!found) {
    throw new DeliveryError(`${file} exports no environment named "${environment}"`);
  }
  return found as EnvironmentDefinition;
}

function applyEdit(text: string, file: string, environment: string, edit: SourceEdit): string {
  const t = ts();
  const sf = t.createSourceFile(file, text, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  let obj = environmentObject(sf, file, environment);
  const keys = edit.path;
  for (let i = 0; i < keys.length - 1; i++) {
    const prop = propertyOf(obj, keys[i], file, keys.slice(0, i + 1));
    if (!prop) {
      return edit.value === undefined ? text : insertProperty(text, sf, obj, keys[i], nested(keys.slice(i + 1), edit.value));
    }
    obj = objectOf(prop.initializer, file, keys.slice(0, i + 1));
  }
  const last = keys[keys.length - 1];
  const prop = propertyOf(obj, last, file, keys);
  if (edit.value === undefined) {
    return prop ? removeProperty(text, sf, obj, prop) : text;
  }
  if (!prop) {
    return insertProperty(text, sf, obj, last, render(edit.value));
  }
  const init = prop.initializer;
  return splice(text, init.getStart(sf), init.end, render(edit.value, init, sf));
}

function environmentObject(sf: TS.SourceFile, file: string, environment: string): TS.ObjectLiteralExpression {
  const t = ts();
  let found: TS.ObjectLiteralExpression | undefined;
  const visit = (node: TS.Node): void => {
    if (t.isVariableDeclaration(node) && node.initializer) {
      const init = unwrap(node.initializer);
      if (t.isObjectLiteralExpression(init)) {
        const name = init.properties.find((p) => t.isPropertyAssignment(p) && keyOf(p) === 'name') as TS.PropertyAssignment | undefined;
        if (name && t.isStringLiteralLike(name.initializer) && name.initializer.text === environment) found = init;
      }
    }
    if (!found) t.forEachChild(node, visit);
  };
  visit(sf);
  if (!found) {
    throw new DeliveryError(`${file} defines no environment named "${environment}" as an object literal ({ name: '${environment}', … })`);
  }
  return found;
}

/** The expression under `as`, `satisfies` and parentheses. */
export function unwrap(node: TS.Expression): TS.Expression {
  const t = ts();
  let current = node;
  while (t.isAsExpression(current) || t.isSatisfiesExpression(current) || t.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The name of an object literal's property, when it is written literally. */
export function keyOf(prop: TS.ObjectLiteralElementLike): string | undefined {
  const t = ts();
  const name = prop.name;
  if (!name) return undefined;
  if (t.isIdentifier(name) || t.isStringLiteralLike(name) || t.isNumericLiteral(name)) return name.text;
  return undefined;
}

function propertyOf(obj: TS.ObjectLiteralExpression, key: string, file: string, at: readonly string[]): TS.PropertyAssignment | undefined {
  const t = ts();
  const prop = obj.properties.find((p) => keyOf(p) === key);
  if (prop && !t.isPropertyAssignment(prop)) {
    throw new DeliveryError(`${file}: ${at.join('.')} is not written as "${key}: <value>"; promotion edits literal values only`);
  }
  if (!prop && obj.properties.some((p) => t.isSpreadAssignment(p))) {
    throw new DeliveryError(`${file}: the object holding ${at.join('.')} spreads another object; promotion edits literal values only`);
  }
  return prop as TS.PropertyAssignment | undefined;
}

/** The object literal a property holds: written directly, or as the argument of a factory (`ReleaseStrategy.canary({ … })`). */
function objectOf(init: TS.Expression, file: string, at: readonly string[]): TS.ObjectLiteralExpression {
  const t = ts();
  const value = unwrap(init);
  if (t.isObjectLiteralExpression(value)) return value;
  if (t.isCallExpression(value) && value.arguments.length === 1 && t.isObjectLiteralExpression(unwrap(value.arguments[0]))) {
    return unwrap(value.arguments[0]) as TS.ObjectLiteralExpression;
  }
  throw new DeliveryError(`${file}: ${at.join('.')} is not an object literal; promotion edits literal values only`);
}

function render(value: string | null, existing?: TS.Expression, sf?: TS.SourceFile): string {
  const t = ts();
  if (value === null) return 'null';
  // An enum member stays an enum member: `Slot.BLUE` becomes `Slot.GREEN`.
  if (existing && t.isPropertyAccessExpression(existing) && t.isIdentifier(existing.expression)) {
    return `${existing.expression.getText(sf)}.${value.toUpperCase()}`;
  }
  const quote = existing && t.isStringLiteral(existing) && existing.getText(sf).startsWith('"') ? '"' : '\'';
  return `${quote}${value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}`;
}

function nested(keys: readonly string[], value: string | null): string {
  return keys.length === 0 ? render(value) : `{ ${propertyKey(keys[0])}: ${nested(keys.slice(1), value)} }`;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
}

/** Inserts `key: value` as the first property, in the object's own layout (same line, or a line of its own). */
function insertProperty(text: string, sf: TS.SourceFile, obj: TS.ObjectLiteralExpression, key: string, value: string): string {
  const prop = `${propertyKey(key)}: ${value}`;
  const first = obj.properties[0];
  if (!first) {
    return splice(text, obj.getStart(sf), obj.end, `{ ${prop} }`);
  }
  const start = first.getStart(sf);
  if (sf.getLineAndCharacterOfPosition(obj.getStart(sf)).line === sf.getLineAndCharacterOfPosition(start).line) {
    return splice(text, start, start, `${prop}, `);
  }
  // Above the first property's leading comments, which belong to it.
  const leading = first.getFullStart() + /^\s*/.exec(text.slice(first.getFullStart()))![0].length;
  const lineStart = text.lastIndexOf('\n', leading - 1) + 1;
  const indent = text.slice(lineStart, leading);
  return /^\s*$/.test(indent) ? splice(text, lineStart, lineStart, `${indent}${prop},\n`) : splice(text, start, start, `${prop}, `);
}

/** Removes a property: its whole line when it has one to itself, else the property and one separating comma. */
function removeProperty(text: string, sf: TS.SourceFile, obj: TS.ObjectLiteralExpression, prop: TS.PropertyAssignment): string {
  const props = obj.properties;
  const i = props.indexOf(prop);
  const start = prop.getStart(sf);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const after = /^\s*,?[ \t]*\n/.exec(text.slice(prop.end));
  if (/^\s*$/.test(text.slice(lineStart, start)) && after) {
    return splice(text, lineStart, prop.end + after[0].length, '');
  }
  if (i < props.length - 1) return splice(text, start, props[i + 1].getStart(sf), '');
  if (i > 0) return splice(text, props[i - 1].end, prop.end, '');
  return splice(text, obj.getStart(sf), obj.end, '{}');
}

/** `text` with `start`..`end` replaced by `insert`. */
export function splice(text: string, start: number, end: number, insert: string): string {
  return `${text.slice(0, start)}${insert}${text.slice(end)}`;
}
