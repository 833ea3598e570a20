/**
 * The contract every guardrail shares: a check with an id, why it exists, which tools of the field check the same,
 * and how to fix it. A rule of the catalogue is a check over one environment's (or cluster's) rendered objects;
 * adding one is a new file under `rules/` plus a line in `rules/index.ts`.
 */
import { Workload } from './_objects';
import { SchemaValidator } from './schema/schema-validator';
import { Enforcement } from './severity';
import { TargetKind } from './target';

/** A tool or standard whose catalogue has the same check. */
export enum Tool {
  /** Kubernetes Pod Security Standards; the check is the control, e.g. `restricted: Privilege Escalation`. */
  POD_SECURITY_STANDARDS = 'Pod Security Standards',
  KUBE_LINTER = 'kube-linter',
  KUBE_SCORE = 'kube-score',
  POLARIS = 'Polaris',
  /** Kyverno's policy library (best practices, Pod Security and other policies). */
  KYVERNO = 'Kyverno',
}

/** A check of another tool that covers the same ground. */
export interface Reference {
  readonly tool: Tool;
  /** The check's name in that tool (kube-linter `latest-tag`, Polaris `tagNotSpecified`, Kyverno `disallow-latest-tag`). */
  readonly check: string;
}

/** Shorthand for a {@link Reference}. */
export function ref(tool: Tool, check: string): Reference {
  return { tool, check };
}

/** What every check states about itself. */
export interface CheckInfo {
  /** Stable id, kebab-case; exceptions and reports name checks by it. */
  readonly id: string;
  /** What must hold, in a few words. */
  readonly title: string;
  /** Why, in one line. */
  readonly rationale: string;
  /** The tools that also check it. */
  readonly references: readonly Reference[];
  /** How to fix a violation, in general; messages say what is wrong in particular. */
  readonly fix: string;
  /**
   * When violations fail synth.
   * @default Enforcement.PROTECTED
   */
  readonly enforcement?: Enforcement;
  /**
   * Whether an exception may accept a violation. Checks whose violations the API server or Terraform would refuse
   * anyway, or that guard isolation, cannot be accepted.
   * @default true
   */
  readonly acceptable?: boolean;
}

/** The environment or cluster a rule looks at. */
export interface TargetInfo {
  readonly name: string;
  readonly kind: TargetKind;
  readonly cluster: string;
  /** The Kubernetes version of the cluster's control plane, whose API the objects must fit. */
  readonly kubernetesVersion: string;
  readonly namespace?: string;
  readonly protected: boolean;
}

/** What a rule gets to look at. */
export interface RuleContext {
  readonly target: TargetInfo;
  /** Every rendered object of the target, in output order. */
  readonly objects: readonly any[];
  /** The objects that run pods, in output order. */
  readonly workloads: readonly Workload[];
  /** Kubernetes and custom-resource schemas. */
  readonly schemas: SchemaValidator;
}

/** One thing a rule found wrong with one object. */
export interface Finding {
  /** The object (as rendered). */
  readonly object: any;
  /** What is wrong, naming the values involved. Never a Secret's value. */
  readonly message: string;
  /**
   * The field involved, as a dotted path.
   * @default - the object as a whole
   */
  readonly path?: string;
}

/** A rule of the catalogue: a check over the rendered objects of one environment or cluster. */
export interface Rule extends CheckInfo {
  /** Every violation among the target's objects; an empty list when the rule holds. */
  check(context: RuleContext): Finding[];
}
