import { Enforcement, Severity, severityFor, validateSeverity } from './_lib';

test('violations are errors in protected environments and warnings elsewhere', () => {
  expect(severityFor(true)).toBe(Severity.ERROR);
  expect(severityFor(false)).toBe(Severity.WARNING);
  expect(severityFor(false, Enforcement.PROTECTED)).toBe(Severity.WARNING);
});

test('checks enforced always are errors everywhere', () => {
  expect(severityFor(false, Enforcement.ALWAYS)).toBe(Severity.ERROR);
  expect(severityFor(true, Enforcement.ALWAYS)).toBe(Severity.ERROR);
});

test('advisory checks are warnings everywhere, protected environments included', () => {
  expect(severityFor(true, Enforcement.ADVISORY)).toBe(Severity.WARNING);
  expect(severityFor(false, Enforcement.ADVISORY)).toBe(Severity.WARNING);
});

describe('validateSeverity', () => {
  const RULES = [{ id: 'min-replicas' }, { id: 'image-pinned' }, { id: 'schema-valid', acceptable: false }];

  test('accepts errors anywhere and warnings for acceptable rules outside protected environments', () => {
    expect(validateSeverity('environment "dev"', { 'min-replicas': 'error', 'image-pinned': 'warning', 'schema-valid': 'error' }, RULES, false))
      .toEqual([]);
    expect(validateSeverity('environment "production"', { 'min-replicas': 'error' }, RULES, true)).toEqual([]);
    expect(validateSeverity('environment "dev"', undefined, RULES, false)).toEqual([]);
  });

  test('fails when a rule is unknown', () => {
    expect(validateSeverity('environment "dev"', { 'min-replica': 'error' }, RULES, false)).toEqual([{
      subject: 'environment "dev"', path: 'guardrails.severity.min-replica', value: 'error',
      allowed: 'unknown rule "min-replica"; expected a rule id, e.g. "min-replicas", "image-pinned", "schema-valid" (lib/guardrails/README.md)',
    }]);
  });

  test('fails when a level is neither error nor warning', () => {
    expect(validateSeverity('environment "dev"', { 'min-replicas': 'off' }, RULES, false).map((i) => i.allowed))
      .toEqual(['expected one of "error", "warning"']);
  });

  test('fails when a rule that cannot be accepted is lowered to a warning', () => {
    expect(validateSeverity('environment "dev"', { 'schema-valid': 'warning' }, RULES, false).map((i) => i.allowed))
      .toEqual(['rule "schema-valid" cannot be lowered to a warning: it guards isolation or what the API server or Terraform would refuse']);
  });

  test('fails when a protected environment lowers a rule to a warning', () => {
    expect(validateSeverity('environment "production"', { 'min-replicas': 'warning' }, RULES, true).map((i) => `${i.subject}: ${i.path}: ${i.allowed}`))
      .toEqual(['environment "production": guardrails.severity.min-replicas: a protected environment cannot lower a rule to a warning; accept the '
        + 'object with an exception ({ rule, object, reason }) instead']);
  });

  test('fails when the settings are not an object', () => {
    expect(validateSeverity('environment "dev"', ['min-replicas'], RULES, false).map((i) => i.allowed)).toEqual(['expected { <rule id>: "error" | "warning" }']);
  });
});
