import { Severity } from './severity';

/** One object breaking one rule, as the report lists it. */
export interface Violation {
  /** Rule id, e.g. `image-pinned`. */
  readonly rule: string;
  /** Whether the violation fails synth (an error) or is only reported (a warning). */
  readonly severity: Severity;
  /** The environment, or `cluster-<cluster>`, whose output holds the object. */
  readonly environment: string;
  /** The object: `Kind/namespace/name`, `Kind/name`, or a Terraform address (`kubernetes_manifest.deployment_api`). */
  readonly object: string;
  /**
   * Construct path of the object, when known.
   * @default - none: the object was read from a file or Terraform JSON
   */
  readonly constructPath?: string;
  /**
   * Field inside the object, when the rule names one (`spec.template.spec.containers[0].image`).
   * @default - none: the rule is about the object as a whole
   */
  readonly path?: string;
  /** What is wrong, with the values involved. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * Set when an exception accepts the violation: its stated reason. Accepted violations never fail synth.
   * @default - none: no exception accepts the violation
   */
  readonly acceptedReason?: string;
}
