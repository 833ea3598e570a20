/** Guardrail exceptions as clusters and environments declare them (the guardrails themselves are in lib/guardrails). */
/**
 * A guardrail violation accepted for one object, with the reason: the report lists it, and an exception that stops
 * matching anything is itself reported (stale).
 */
export interface GuardrailExceptionSettings {
  /** Id of the rule (see lib/guardrails/README.md). */
  readonly rule: string;
  /** The object: `Kind/name` (in the environment's namespace, or cluster-scoped) or `Kind/namespace/name`. */
  readonly object: string;
  /** Why the violation is accepted. */
  readonly reason: string;
}

/** Guardrail settings of an environment or a cluster. */
export interface GuardrailSettings {
  /**
   * Violations accepted per object, each with its reason.
   * @default - none
   */
  readonly exceptions?: GuardrailExceptionSettings[];
}
