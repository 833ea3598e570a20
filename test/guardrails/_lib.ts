/** What the guardrail tests use from the library, in one place. */
export * from '../../lib/guardrails';
export { objectKey as objectKeyOf } from '../../lib/guardrails/_objects';
export { PlatformValidationError } from '../../lib/core/errors';
