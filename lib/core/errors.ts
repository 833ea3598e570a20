/**
 * Validation errors that say where (environment or cluster, field path), what (the value received) and what is
 * allowed, and that are reported together rather than one per run.
 */

/** One thing wrong with the platform definition. */
export interface ValidationIssue {
  /** What the field belongs to: `environment "dev"`, `cluster "prod"`, `role "auditor"` or `platform`. */
  readonly subject: string;
  /** Dotted field path inside the subject, e.g. `quota.requests.cpu` or `network.allowTo[1].cidr`. */
  readonly path: string;
  /** The value received (`undefined` when missing). */
  readonly value: unknown;
  /** What is allowed instead, and how to fix it. */
  readonly allowed: string;
  /**
   * Set when the environment inherits the value from the base rather than setting it itself.
   * @default false
   */
  readonly inherited?: boolean;
  /**
   * Where an inherited value comes from.
   * @default 'the base'
   */
  readonly inheritedFrom?: string;
}

/**
 * Reports one problem of a subject (`environment "dev"`, `cluster "prod"`, …): the field path, the value received,
 * what is allowed, and whether the value is inherited from the base. Resolvers report through it so that every
 * problem of the platform is collected and thrown together.
 */
export type IssueReporter = (subject: string, path: string, value: unknown, allowed: string, inherited?: boolean) => void;

/** Renders one issue as a line: `environment "dev": quota.requests.cpu is "2 cores"; expected a quantity such as 500m`. */
export function formatIssue(issue: ValidationIssue): string {
  const field = issue.path === '' ? '(the definition)' : issue.path;
  const value = issue.value === undefined ? 'missing' : renderValue(issue.value);
  const origin = issue.inherited ? ` (inherited from ${issue.inheritedFrom ?? 'the base'})` : '';
  return `${issue.subject}: ${field} is ${value}${origin}; ${issue.allowed}`;
}

/** The platform definition is invalid; `issues` lists every problem found. */
export class PlatformValidationError extends Error {
  /** Every problem found, in definition order. */
  public readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const lines = issues.map((issue) => `  - ${formatIssue(issue)}`);
    const count = issues.length === 1 ? '1 error' : `${issues.length} errors`;
    super(`invalid platform definition (${count}):\n${lines.join('\n')}`);
    this.name = 'PlatformValidationError';
    this.issues = issues;
  }
}

/** One reason a definition's files cannot be loaded, tied to a file (and a line, when known). */
export interface LoadProblem {
  /** The file, as the user names it (relative to the working directory), with `:line:column` when known. */
  readonly file: string;
  /** What is wrong and what to do about it. */
  readonly message: string;
}

/**
 * The platform definition's files cannot be loaded: a file does not compile or throws while loading, the folder does
 * not export `platform`, or an environment file is not part of the platform. Raised before anything is validated or
 * written; `problems` lists each one.
 */
export class DefinitionLoadError extends Error {
  /** Every problem found, each naming its file. */
  public readonly problems: readonly LoadProblem[];

  constructor(problems: readonly LoadProblem[], options?: { readonly cause?: unknown }) {
    const lines = problems.map((p) => `${p.file}: ${p.message}`);
    super(lines.length === 1 ? `cannot load the platform definition: ${lines[0]}`
      : `cannot load the platform definition (${lines.length} problems):\n${lines.map((l) => `  - ${l}`).join('\n')}`, options);
    this.name = 'DefinitionLoadError';
    this.problems = problems;
  }
}

/** Dotted path of a field: `['network', 'allowTo', 1, 'cidr']` → `network.allowTo[1].cidr`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') {
      return `${out}[${key}]`;
    }
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/** The value at a path of an object, or `undefined`. */
export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Longest rendering of a value in a message before it is cut (with `...`). */
const MAX_VALUE_LENGTH = 80;

/**
 * A value as the definition wrote it, for messages. Unlike `JSON.stringify`, which writes `NaN` and `Infinity` as
 * `null`, drops `undefined` and functions, and throws on a `bigint` or a cycle, every value shows as what it is:
 * `NaN`, `-Infinity`, `undefined`, `(a function)`, `10n`, `Symbol(x)`, `[{"a":NaN}]`, `(a cycle)`.
 */
export function renderValue(value: unknown): string {
  const text = render(value, new Set());
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 3)}...` : text;
}

function render(value: unknown, seen: Set<unknown>): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      // -0 prints as 0 in JSON; show it, it is what the definition holds.
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return String(value);
    case 'function':
      return '(a function)';
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    default:
      break;
  }
  if (value === null) return 'null';
  if (seen.has(value)) return '(a cycle)';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (value instanceof RegExp) return String(value);
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => render(item, seen)).join(',')}]`;
    const entries = Object.entries(value as object).map(([key, item]) => `${JSON.stringify(key)}:${render(item, seen)}`);
    const prototype = Object.getPrototypeOf(value);
    const name = prototype && prototype !== Object.prototype ? (prototype.constructor?.name ?? '') : '';
    return `${name && name !== 'Object' ? `${name} ` : ''}{${entries.join(',')}}`;
  } finally {
    seen.delete(value);
  }
}
