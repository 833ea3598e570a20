/** How much a violation weighs: an error fails synth, a warning is reported and lets synth go on. */
export enum Severity {
  /** Fails synth, unless an exception accepts it. */
  ERROR = 'error',
  /** Reported; synth goes on. */
  WARNING = 'warning',
}

/** When a check's violations are errors. */
export enum Enforcement {
  /**
   * Errors in protected environments (and on clusters that host one), warnings elsewhere: teams see what production
   * will refuse long before they get there, without being blocked in dev.
   */
  PROTECTED = 'protected',
  /** Errors everywhere: the output would be refused at apply time, or breaks a promise every environment makes (isolation). */
  ALWAYS = 'always',
}

/** The severity of a violation of a check with this enforcement, in an environment that is or is not protected. */
export function severityFor(isProtected: boolean, enforcement: Enforcement = Enforcement.PROTECTED): Severity {
  return isProtected || enforcement === Enforcement.ALWAYS ? Severity.ERROR : Severity.WARNING;
}
