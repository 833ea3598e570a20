import { exceptionCovers, validateExceptions } from './_lib';

const RULES = ['image-pinned', 'read-only-root-filesystem', 'min-replicas'];

describe('validateExceptions', () => {
  test('accepts well-formed exceptions', () => {
    expect(validateExceptions('environment "dev"', [
      { rule: 'read-only-root-filesystem', object: 'Deployment/legacy-api', reason: 'writes its PID file to /run; fixed in 2.0 (JIRA-123)' },
      { rule: 'min-replicas', object: 'StatefulSet/dev/store', reason: 'dev runs one store to save memory' },
      { rule: 'image-pinned', object: 'ClusterRole/system:aggregate-to-view', reason: 'names with colons are RBAC names' },
    ], RULES)).toEqual([]);
  });

  test('fails when an exception has no reason, an unknown rule, a malformed object or unknown fields, naming each', () => {
    expect(validateExceptions('environment "dev"', [
      { rule: 'image-pinned', object: 'Deployment/api', reason: '  ' },
      { rule: 'schema-valid', object: 'Deployment', reason: 'because' },
      { rule: 'min-replicas', object: 'Deployment/api', reason: 'dev', until: '2027' },
      'everything',
    ], RULES)).toEqual([
      { subject: 'environment "dev"', path: 'guardrails.exceptions[0].reason', value: '  ', allowed: 'expected a non-empty reason: say why the violation is accepted and until when' },
      {
        subject: 'environment "dev"',
        path: 'guardrails.exceptions[1].rule',
        value: 'schema-valid',
        allowed: 'expected the id of a rule that can be accepted, e.g. "image-pinned", "read-only-root-filesystem", "min-replicas"',
      },
      {
        subject: 'environment "dev"',
        path: 'guardrails.exceptions[1].object',
        value: 'Deployment',
        allowed: 'expected "Kind/name" or "Kind/namespace/name", e.g. "Deployment/api", or no object to accept the rule for every object here',
      },
      { subject: 'environment "dev"', path: 'guardrails.exceptions[2].until', value: '2027', allowed: 'unknown field; an exception has rule, object (optional) and reason' },
      { subject: 'environment "dev"', path: 'guardrails.exceptions[3]', value: 'everything', allowed: 'expected { rule, object?, reason }' },
    ]);
  });

  test('fails when an exception is repeated, or the exceptions are not a list', () => {
    const once = { rule: 'image-pinned', object: 'Deployment/api', reason: 'vendor image, tag pinned upstream' };
    expect(validateExceptions('environment "qa"', [once, once], RULES, 'exceptions').map((i) => `${i.path}: ${i.allowed}`)).toEqual([
      'exceptions[1]: rule "image-pinned" is already accepted for Deployment/api; remove the repeated exception',
    ]);
    expect(validateExceptions('environment "qa"', { rule: 'image-pinned' }, RULES).map((i) => `${i.path}: ${i.allowed}`)).toEqual([
      'guardrails.exceptions: expected a list of { rule, object?, reason }',
    ]);
  });

  test('accepts an exception for a whole rule (no object), once', () => {
    const whole = { rule: 'min-replicas', reason: 'dev runs one replica of everything' };
    expect(validateExceptions('environment "dev"', [whole, { ...whole, object: 'Deployment/api' }], RULES)).toEqual([]);
  });

  test('fails when a whole-rule exception is repeated', () => {
    const whole = { rule: 'min-replicas', reason: 'dev runs one replica of everything' };
    expect(validateExceptions('environment "dev"', [whole, whole], RULES).map((i) => `${i.path}: ${i.allowed}`)).toEqual([
      'guardrails.exceptions[1]: rule "min-replicas" is already accepted for every object; remove the repeated exception',
    ]);
  });
});

describe('exceptionCovers', () => {
  const exception = (object: string) => ({ rule: 'image-pinned', object, reason: 'r' });

  test('no object is every object of the target', () => {
    expect(exceptionCovers({ rule: 'image-pinned', reason: 'r' }, 'Deployment/dev/api', 'dev')).toBe(true);
    expect(exceptionCovers({ rule: 'image-pinned', reason: 'r' }, 'PriorityClass/app', undefined)).toBe(true);
  });

  test('Kind/name is the object in the environment\'s namespace, or cluster-scoped', () => {
    expect(exceptionCovers(exception('Deployment/api'), 'Deployment/dev/api', 'dev')).toBe(true);
    expect(exceptionCovers(exception('Deployment/api'), 'Deployment/qa/api', 'dev')).toBe(false);
    expect(exceptionCovers(exception('PriorityClass/app'), 'PriorityClass/app', undefined)).toBe(true);
  });

  test('Kind/namespace/name names the namespace', () => {
    expect(exceptionCovers(exception('Role/kube-system/reader'), 'Role/kube-system/reader', undefined)).toBe(true);
    expect(exceptionCovers(exception('Role/kube-system/reader'), 'Role/dev/reader', 'dev')).toBe(false);
  });
});
