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
  const value = issue.value === undefined ? 'missing' : `${renderValue(issue.value)}`;
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

function renderValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    return String(value);
  }
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
