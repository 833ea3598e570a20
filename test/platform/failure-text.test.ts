import { DefinitionLoadError, PlatformValidationError } from '../../lib/core/errors';
import { GuardrailError } from '../../lib/guardrails/guardrail-error';
import { GuardrailReport } from '../../lib/guardrails/guardrail-report';
import { failureText, isDefinitionError } from '../../lib/platform/failure-text';

const loadError = new DefinitionLoadError([{ file: 'environments/qa.ts:5:9', message: 'does not compile: Unexpected "="' }]);

test('the message alone, after the prefix, without a stack trace', () => {
  expect(failureText(loadError, { prefix: 'synth failed: ' }))
    .toBe('synth failed: cannot load the platform definition: environments/qa.ts:5:9: does not compile: Unexpected "="\n');
});

test('the stack trace, and the cause\'s, only with debug', () => {
  const error = new Error('outer', { cause: new Error('inner') });
  const text = failureText(error, { debug: true });
  expect(text).toMatch(/^Error: outer\n\s+at /);
  expect(text).toMatch(/\ncaused by: Error: inner\n\s+at /);
  expect(failureText(error)).toBe('outer\n');
});

test('a value thrown that is not an Error is printed as a message', () => {
  expect(failureText('plain string')).toBe('plain string\n');
});

test('a guardrail failure prints the whole report first, then the errors', () => {
  const report = new GuardrailReport({ violations: [], reachability: [], targets: [], checks: [] });
  const text = failureText(new GuardrailError(report), { prefix: 'synth failed: ' });
  expect(text).toBe(`${report.toText()}\nsynth failed: guardrails failed (0 errors):\n\n`);
});

test('refusals of the input are told apart from faults of the tool', () => {
  expect(isDefinitionError(loadError)).toBe(true);
  expect(isDefinitionError(new PlatformValidationError([]))).toBe(true);
  expect(isDefinitionError(new Error('bug'))).toBe(false);
});
