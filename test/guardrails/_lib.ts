/** What the guardrail tests use from the library, in one place. */
export * from '../../lib/guardrails';
export { objectKey as objectKeyOf } from '../../lib/core/manifest';
export { PlatformValidationError } from '../../lib/core/errors';
