import { Severity } from '../core/guardrail-settings';
import { ValidationIssue } from '../core/errors';
import { isPlainObject } from '../core/merge';

export { Severity } from '../core/guardrail-settings';

/** When a check's violations are errors. */
export enum Enforcement {
  /**
   * Errors in protected environments (and on clusters that host one), warnings elsewhere: teams see what production
   * will refuse long before they get there, without being blocked in dev.
   */
  PROTECTED = 'protected',
  /** Errors everywhere: the output would be refused at apply time, or breaks a promise every environment makes (isolation). */
  ALWAYS = 'always',
  /** Warnings everywhere: what may go wrong under some load, not what will (an autoscaler's maximum beyond the quota). */
  ADVISORY = 'advisory',
}

/** The severity of a violation of a check with this enforcement, in an environment that is or is not protected. */
export function severityFor(isProtected: boolean, enforcement: Enforcement = Enforcement.PROTECTED): Severity {
  if (enforcement === Enforcement.ADVISORY) return Severity.WARNING;
  return isProtected || enforcement === Enforcement.ALWAYS ? Severity.ERROR : Severity.WARNING;
}

/**
 * Problems with a target's `severity` settings: an unknown rule, a level other than `error` or `warning`, a warning
 * for a rule that cannot be accepted (it guards isolation or what the API server refuses), or a warning in a protected
 * environment (accept the object with an exception instead: it names the object and the reason).
 *
 * @param subject what the settings belong to, e.g. `environment "dev"`
 * @param severity the settings as written
 * @param rules every check that can be set: id and whether it can be accepted
 * @param isProtected whether the environment (or cluster) is protected
 * @param path where the settings sit in the definition
 */
export function validateSeverity(
  subject: string, severity: unknown, rules: ReadonlyArray<{ readonly id: string; readonly acceptable?: boolean }>, isProtected: boolean,
  path = 'guardrails.severity',
): ValidationIssue[] {
  if (severity === undefined) return [];
  const issues: ValidationIssue[] = [];
  const issue = (field: string, value: unknown, allowed: string) => issues.push({ subject, path: field, value, allowed });
  if (!isPlainObject(severity)) {
    issue(path, severity, 'expected { <rule id>: "error" | "warning" }');
    return issues;
  }
  const levels = Object.values(Severity) as string[];
  for (const [id, level] of Object.entries(severity)) {
    const at = `${path}.${id}`;
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      issue(at, level, `unknown rule "${id}"; expected a rule id, e.g. ${rules.slice(0, 3).map((r) => `"${r.id}"`).join(', ')} (lib/guardrails/README.md)`);
    } else if (typeof level !== 'string' || !levels.includes(level)) {
      issue(at, level, `expected one of ${levels.map((l) => `"${l}"`).join(', ')}`);
    } else if (level === Severity.WARNING && rule.acceptable === false) {
      issue(at, level, `rule "${id}" cannot be lowered to a warning: it guards isolation or what the API server or Terraform would refuse`);
    } else if (level === Severity.WARNING && isProtected) {
      issue(at, level, 'a protected environment cannot lower a rule to a warning; accept the object with an exception '
        + '({ rule, object, reason }) instead');
    }
  }
  return issues;
}
