import { DefinitionLoadError, PlatformValidationError, formatIssue, renderValue } from '../../lib/core/errors';

describe('renderValue: every value as written, not as JSON would have it', () => {
  test.each<[string, unknown, string]>([
    ['NaN', NaN, 'NaN'],
    ['Infinity', Infinity, 'Infinity'],
    ['-Infinity', -Infinity, '-Infinity'],
    ['-0', -0, '-0'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a function', () => 1, '(a function)'],
    ['a bigint', 10n, '10n'],
    ['a symbol', Symbol('x'), 'Symbol(x)'],
    ['a string', 'a "b"', '"a \\"b\\""'],
    ['a boolean', false, 'false'],
    ['NaN inside an object', { pods: NaN, f: undefined }, '{"pods":NaN,"f":undefined}'],
    ['a list', [1, Infinity, null], '[1,Infinity,null]'],
    ['a date', new Date(Date.UTC(2030, 0, 1)), 'Date(2030-01-01T00:00:00.000Z)'],
    ['an invalid date', new Date(NaN), 'Invalid Date'],
    ['a class instance', new (class Thing { a = 1; })(), 'Thing {"a":1}'],
  ])('%s', (_name, value, expected) => {
    expect(renderValue(value)).toBe(expected);
  });

  test('a cycle is named, not thrown', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(renderValue(loop)).toBe('{"a":1,"self":(a cycle)}');
  });

  test('a long value is cut at 80 characters', () => {
    const text = renderValue({ list: Array.from({ length: 40 }, (_, i) => i) });
    expect(text).toHaveLength(80);
    expect(text.endsWith('...')).toBe(true);
  });
});

test('formatIssue prints NaN as NaN, and a missing value as missing', () => {
  expect(formatIssue({ subject: 'environment "dev"', path: 'quota.pods', value: NaN, allowed: 'expected a whole number of pods' }))
    .toBe('environment "dev": quota.pods is NaN; expected a whole number of pods');
  expect(formatIssue({ subject: 'environment "qa"', path: 'cluster', value: undefined, allowed: 'expected a cluster' }))
    .toBe('environment "qa": cluster is missing; expected a cluster');
});

test('PlatformValidationError lists every issue', () => {
  expect(new PlatformValidationError([{ subject: 'platform', path: 'x', value: Infinity, allowed: 'expected a number' }]).message)
    .toBe('invalid platform definition (1 error):\n  - platform: x is Infinity; expected a number');
});

test('DefinitionLoadError: one problem on one line, several as a list', () => {
  expect(new DefinitionLoadError([{ file: 'environments/dev.ts:3:5', message: 'does not compile: Unexpected "="' }]).message)
    .toBe('cannot load the platform definition: environments/dev.ts:3:5: does not compile: Unexpected "="');
  expect(new DefinitionLoadError([{ file: 'a.ts', message: 'm1' }, { file: 'b.ts', message: 'm2' }]).message)
    .toBe('cannot load the platform definition (2 problems):\n  - a.ts: m1\n  - b.ts: m2');
});
