/**
 * Every difference between two environments, for parity reviews: in their definitions (the base merged with each
 * environment's own definition, apps included) and in their rendered objects (field by field).
 *
 * A definition difference is **intended** when at least one of the two environments declares the field in its own
 * definition; every other difference (e.g. one inherited through an array replaced whole) is listed without the mark.
 * Rendered objects are compared with each environment's own name and namespace read as `<environment>` and
 * `<namespace>`, so that what is left is what really differs.
 */
import { App as Cdk8sApp } from 'cdk8s';
import { isPlainObject, patchSets } from '../core/merge';
import { Environment } from '../environment/environment-model';
import { Platform } from '../platform/platform-model';
import { resolvePlatform } from '../platform/resolve-platform';
import { PlatformDefinition } from '../platform/platform-definition';
import { PlatformCharts } from '../platform/platform-charts';
import { DeliveryError, quoteList } from './delivery-error';

/** One field of the definitions that differs. */
export interface DefinitionDifference {
  /** Dotted path, e.g. `quota.requests.cpu` or `apps.web.version`. */
  readonly path: string;
  /** Value in the first environment (`undefined`: not set). */
  readonly a: unknown;
  /** Value in the second environment (`undefined`: not set). */
  readonly b: unknown;
  /** The environments whose own definitions declare this field. */
  readonly declaredBy: readonly string[];
  /** Whether the difference is declared (an override), as opposed to arising otherwise. */
  readonly intended: boolean;
}

/** One rendered object whose fields differ. */
export interface ObjectDifference {
  /** `Kind/name`, names with the environment's own name read as `<environment>`. */
  readonly object: string;
  /** The fields that differ: dotted path, value in the first and in the second environment. */
  readonly fields: ReadonlyArray<{ readonly path: string; readonly a: unknown; readonly b: unknown }>;
}

/** Every difference between two environments. */
export interface EnvironmentDiff {
  /** Name of the first environment. */
  readonly a: string;
  /** Name of the second environment. */
  readonly b: string;
  /** Differences of the definitions (base merged with each environment's own), field by field. */
  readonly definitions: readonly DefinitionDifference[];
  /** Differences of the rendered objects: those only one environment has, and those whose fields differ. */
  readonly objects: {
    readonly onlyInA: readonly string[];
    readonly onlyInB: readonly string[];
    readonly changed: readonly ObjectDifference[];
  };
}

/**
 * Lists every difference between environments `a` and `b` of a platform.
 *
 * @throws DeliveryError when either environment is unknown
 */
export function diffEnvironments(definition: PlatformDefinition, a: string, b: string): EnvironmentDiff {
  const platform = resolvePlatform(definition);
  const envA = environmentNamed(platform, a);
  const envB = environmentNamed(platform, b);
  // Construction renders the objects in memory; nothing is written.
  const charts = new PlatformCharts({ platform, outdir: 'unused' });
  return {
    a,
    b,
    definitions: diffDefinitions(envA, envB),
    objects: diffObjects(rendered(charts.environment(a).app, envA), rendered(charts.environment(b).app, envB)),
  };
}

/** The diff for people: definitions first (intended ones marked), then objects. */
export function formatEnvironmentDiff(diff: EnvironmentDiff): string {
  const v = (value: unknown) => (value === undefined ? '(not set)' : JSON.stringify(value));
  const lines = [`diff ${diff.a} ${diff.b}`, '', `definitions: ${diff.definitions.length} differences (* intended: declared by an environment's own definition)`];
  for (const d of diff.definitions) {
    const mark = d.intended ? '*' : ' ';
    lines.push(`  ${mark} ${d.path}: ${v(d.a)} | ${v(d.b)}${d.intended ? `  (declared by ${d.declaredBy.join(', ')})` : ''}`);
  }
  const { onlyInA, onlyInB, changed } = diff.objects;
  lines.push('', `rendered objects: ${onlyInA.length + onlyInB.length + changed.length} differ (own name and namespace read as <environment>, <namespace>)`);
  if (onlyInA.length > 0) lines.push(`  only in ${diff.a}: ${onlyInA.join(', ')}`);
  if (onlyInB.length > 0) lines.push(`  only in ${diff.b}: ${onlyInB.join(', ')}`);
  for (const object of changed) {
    lines.push(`  ${object.object}`);
    for (const field of object.fields) lines.push(`    ${field.path}: ${v(field.a)} | ${v(field.b)}`);
  }
  return `${lines.join('\n')}\n`;
}

function environmentNamed(platform: Platform, name: string): Environment {
  const env = platform.environments.find((e) => e.name === name);
  if (!env) {
    throw new DeliveryError(`unknown environment "${name}"; expected one of ${quoteList(platform.environments.map((e) => e.name))}`);
  }
  return env;
}

function diffDefinitions(a: Environment, b: Environment): DefinitionDifference[] {
  const fieldsOf = (env: Environment) => {
    // The names differ by definition; `namespace` and `cluster` stay, since they may or may not.
    const settings: Record<string, unknown> = { ...env.settings };
    delete settings.apps;
    delete settings.name;
    const fields = flatten({ cluster: env.cluster.name, namespace: env.namespace, ...settings }, [], false);
    for (const app of env.apps) {
      for (const [key, value] of flatten(app.settings, ['apps', app.name], false)) fields.set(key, value);
    }
    return fields;
  };
  const fieldsA = fieldsOf(a);
  const fieldsB = fieldsOf(b);
  const appsA = new Set(a.apps.map((app) => app.name));
  const appsB = new Set(b.apps.map((app) => app.name));
  const differences: DefinitionDifference[] = [];
  for (const key of sortedUnion(fieldsA, fieldsB)) {
    const [valueA, valueB] = [fieldsA.get(key), fieldsB.get(key)];
    if (JSON.stringify(valueA) === JSON.stringify(valueB)) continue;
    const segments = JSON.parse(key) as string[];
    // An app that does not run in one environment differs there only by `enabled`, not field by field.
    if (segments[0] === 'apps' && (!appsA.has(segments[1]) || !appsB.has(segments[1]))) continue;
    const declaredBy = [a, b].filter((env) => declares(env, segments)).map((env) => env.name);
    differences.push({ path: dotted(segments), a: valueA, b: valueB, declaredBy, intended: declaredBy.length > 0 });
  }
  for (const app of [...new Set([...appsA, ...appsB])].filter((name) => appsA.has(name) !== appsB.has(name)).sort()) {
    const declaredBy = [a, b].filter((env) => declares(env, ['apps', app, 'enabled'])).map((env) => env.name);
    differences.push({ path: `apps.${app}.enabled`, a: appsA.has(app), b: appsB.has(app), declaredBy, intended: declaredBy.length > 0 });
  }
  return differences;
}

/** Whether an environment's own definition declares a field (or a whole array or object above it). */
function declares(env: Environment, segments: readonly string[]): boolean {
  if (segments[0] === 'cluster' || segments[0] === 'namespace') return true;
  return patchSets(env.definition, segments);
}

function rendered(app: Cdk8sApp, env: Environment): Map<string, unknown> {
  const normalise = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value === env.namespace) return '<namespace>';
      if (value === env.name) return '<environment>';
      return value;
    }
    if (Array.isArray(value)) return value.map(normalise);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
    return value;
  };
  const objects = new Map<string, unknown>();
  for (const object of PlatformCharts.manifestsOf(app)) {
    const normalised = normalise(object) as { kind: string; metadata: { name: string } };
    objects.set(`${normalised.kind}/${normalised.metadata.name}`, normalised);
  }
  return objects;
}

function diffObjects(a: Map<string, unknown>, b: Map<string, unknown>): EnvironmentDiff['objects'] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changed: ObjectDifference[] = [];
  for (const key of keys.filter((k) => a.has(k) && b.has(k))) {
    const fieldsA = flatten(a.get(key), [], true);
    const fieldsB = flatten(b.get(key), [], true);
    const fields = sortedUnion(fieldsA, fieldsB)
      .filter((field) => JSON.stringify(fieldsA.get(field)) !== JSON.stringify(fieldsB.get(field)))
      .map((field) => ({ path: dotted(JSON.parse(field)), a: fieldsA.get(field), b: fieldsB.get(field) }));
    if (fields.length > 0) changed.push({ object: key, fields });
  }
  return { onlyInA: keys.filter((k) => !b.has(k)), onlyInB: keys.filter((k) => !a.has(k)), changed };
}

/** Leaves by path (JSON-encoded segments); arrays are leaves unless `intoArrays` (definitions replace arrays whole). */
function flatten(value: unknown, at: readonly (string | number)[], intoArrays: boolean, out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, [...at, key], intoArrays, out);
  } else if (intoArrays && Array.isArray(value) && value.length > 0) {
    value.forEach((child, i) => flatten(child, [...at, i], intoArrays, out));
  } else if (value !== undefined) {
    out.set(JSON.stringify(at), value);
  }
  return out;
}

function sortedUnion(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => dotted(JSON.parse(x)).localeCompare(dotted(JSON.parse(y))));
}

function dotted(segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`), '');
}
