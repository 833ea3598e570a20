/**
 * Accepted violations. An exception accepts one rule for one object, or (without `object`) one rule for every object
 * of its environment or cluster, and says why; the report lists every accepted violation with its reason, and an
 * exception that accepts nothing is reported as stale so it cannot outlive the problem it was written for.
 */
import { ValidationIssue } from '../core/errors';
import { isPlainObject } from '../core/merge';
import { CheckInfo } from './rule';
import { GuardrailException } from './target';

/** The check that reports exceptions that accept nothing. */
export const STALE_EXCEPTION: CheckInfo = {
  id: 'stale-exception',
  title: 'Every exception accepts a violation',
  rationale: 'An exception that matches nothing was written for a problem since fixed (or for a typo); left in place it would hide the next one.',
  references: [],
  fix: 'Remove the exception, or correct its rule id or object reference.',
  acceptable: false,
};

// Kind, then an optional namespace (a DNS label), then a name (a DNS subdomain, or an RBAC name with ':').
const OBJECT_REF = /^[A-Z][A-Za-z0-9]*\/(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$/;
const FIELDS = ['rule', 'object', 'reason'];

/**
 * Problems with a target's exceptions: unknown fields, unknown rules or rules that cannot be accepted, malformed
 * object references, empty reasons, repeats. Each issue names the subject, the field path, the value and what is
 * allowed, in the format of the platform's definition errors.
 *
 * @param subject what the exceptions belong to, e.g. `environment "dev"`
 * @param exceptions the exceptions as written
 * @param acceptableRules ids of the checks that may be accepted
 * @param path where the exceptions sit in the definition
 */
export function validateExceptions(
  subject: string, exceptions: unknown, acceptableRules: readonly string[], path = 'guardrails.exceptions',
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (field: string, value: unknown, allowed: string) => issues.push({ subject, path: field, value, allowed });
  if (!Array.isArray(exceptions)) {
    issue(path, exceptions, 'expected a list of { rule, object?, reason }');
    return issues;
  }
  const seen = new Set<string>();
  exceptions.forEach((exception, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(exception)) {
      issue(at, exception, 'expected { rule, object?, reason }');
      return;
    }
    for (const key of Object.keys(exception).filter((k) => !FIELDS.includes(k))) {
      issue(`${at}.${key}`, exception[key], 'unknown field; an exception has rule, object (optional) and reason');
    }
    const { rule, object, reason } = exception;
    if (typeof rule !== 'string' || !acceptableRules.includes(rule)) {
      issue(`${at}.rule`, rule, `expected the id of a rule that can be accepted, e.g. ${acceptableRules.slice(0, 3).map((r) => `"${r}"`).join(', ')}`);
    }
    if (object !== undefined && (typeof object !== 'string' || !OBJECT_REF.test(object))) {
      issue(`${at}.object`, object, 'expected "Kind/name" or "Kind/namespace/name", e.g. "Deployment/api", or no object to accept the rule for '
        + 'every object here');
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      issue(`${at}.reason`, reason, 'expected a non-empty reason: say why the violation is accepted and until when');
    }
    const key = `${String(rule)} ${object === undefined ? '(every object)' : String(object)}`;
    if (seen.has(key)) {
      issue(at, exception, `rule "${String(rule)}" is already accepted for ${object === undefined ? 'every object' : String(object)}; `
        + 'remove the repeated exception');
    }
    seen.add(key);
  });
  return issues;
}

/**
 * Whether an exception's object is this object. `Kind/name` means the object of that kind and name in the target's
 * own namespace, or cluster-scoped; `Kind/namespace/name` names the namespace; no object means every object.
 */
export function exceptionCovers(exception: GuardrailException, objectKey: string, ownNamespace?: string): boolean {
  if (exception.object === undefined || exception.object === objectKey) {
    return true;
  }
  const parts = exception.object.split('/');
  return parts.length === 2 && ownNamespace !== undefined && `${parts[0]}/${ownNamespace}/${parts[1]}` === objectKey;
}
