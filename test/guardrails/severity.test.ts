import { Enforcement, Severity, severityFor } from './_lib';

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
