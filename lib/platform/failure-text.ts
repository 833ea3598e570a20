/**
 * What an entry point prints when it stops: one formatter for `npm run synth`, `cdk8s synth`, `cdktf synth` and the
 * CLI, so that every failure reads the same — the message alone, which names the file or subject, the field, the value
 * and what is allowed; the stack trace only when `DEBUG` is set.
 */
import { DefinitionLoadError, PlatformValidationError } from '../core/errors';
import { GuardrailError } from '../guardrails/guardrail-error';

/** Options of {@link failureText}. */
export interface FailureTextOptions {
  /**
   * Whether to add the stack trace (what `DEBUG` set in the environment asks for).
   * @default false
   */
  readonly debug?: boolean;
  /**
   * What starts the last line, e.g. `synth failed: `.
   * @default ''
   */
  readonly prefix?: string;
}

/**
 * The text an entry point prints for a failure, ending in a newline. A guardrail failure prints its whole report
 * first (warnings, accepted exceptions and reachability explain the errors), then the errors.
 */
export function failureText(error: unknown, options: FailureTextOptions = {}): string {
  const err = error instanceof Error ? error : new Error(String(error));
  const report = error instanceof GuardrailError ? `${error.report.toText()}\n` : '';
  const body = options.debug ? (err.stack ?? err.message) : err.message;
  const cause = options.debug && err.cause instanceof Error ? `\ncaused by: ${err.cause.stack ?? err.cause.message}` : '';
  return `${report}${options.prefix ?? ''}${body}${cause}\n`;
}

/**
 * Whether an error is a refusal of the input (an invalid definition, a file that does not load), which the message
 * explains in full, rather than a fault of the tool.
 */
export function isDefinitionError(error: unknown): boolean {
  return error instanceof PlatformValidationError || error instanceof DefinitionLoadError || error instanceof GuardrailError;
}
