/** Guardrail settings as clusters and environments declare them (the guardrails themselves are in lib/guardrails). */

/** How much a violation weighs: an error fails synth, a warning is reported and lets synth go on. */
export enum Severity {
  /** Fails synth, unless an exception accepts it. */
  ERROR = 'error',
  /** Reported; synth goes on. */
  WARNING = 'warning',
}

/**
 * A guardrail violation accepted, with the reason: for one object, or for every object of the environment (or
 * cluster) when `object` is left out. The report lists each accepted violation with the reason, and an exception that
 * stops matching anything is itself reported (stale).
 */
export interface GuardrailExceptionSettings {
  /** Id of the rule (see lib/guardrails/README.md). */
  readonly rule: string;
  /**
   * The object: `Kind/name` (in the environment's namespace, or cluster-scoped) or `Kind/namespace/name`.
   * @default - every object of the environment or cluster: the rule is accepted there as a whole
   */
  readonly object?: string;
  /** Why the violation is accepted. */
  readonly reason: string;
}

/** Guardrail settings of an environment (the base's apply to every environment) or a cluster. */
export interface GuardrailSettings {
  /**
   * Violations accepted per object, or per rule for the whole environment, each with its reason.
   * @default - none
   */
  readonly exceptions?: GuardrailExceptionSettings[];
  /**
   * The severity of a rule's violations here, by rule id, in place of the rule's default (errors in protected
   * environments and on the clusters hosting one, warnings elsewhere; errors everywhere for the rules that guard
   * isolation or what the API server would refuse). Set in the base, it applies to every environment; an environment's
   * own setting wins. A protected environment cannot lower a rule to a warning, and the rules that cannot be accepted
   * cannot be lowered anywhere.
   * @default - each rule's default
   */
  readonly severity?: { readonly [rule: string]: Severity };
}
