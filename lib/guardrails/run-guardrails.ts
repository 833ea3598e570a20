import { DEFAULT_KUBERNETES_VERSION } from '../cluster/cluster-defaults';
import { PlatformValidationError, ValidationIssue } from '../core/errors';
import { objectKey } from '../core/manifest';
import { workloadsOf } from './_objects';
import { STALE_EXCEPTION, exceptionCovers, validateExceptions } from './exceptions';
import { GuardrailException, GuardrailTarget, TargetKind } from './target';
import { GuardrailReport } from './guardrail-report';
import { UNDECLARED_REACHABILITY, computeReachability, undeclaredReachability } from './reachability/reachability';
import { CheckInfo, Rule, RuleContext } from './rule';
import { RULES } from './rules/catalogue';
import { SchemaValidator } from './schema/schema-validator';
import { SCHEMA_VERSION, schemaVersionWarnings } from './schema/schema-version';
import { Enforcement, severityFor } from './severity';
import { TERRAFORM_CHECKS, checkTerraformStack, parityIssues } from './terraform/terraform-stack';
import { Violation } from './violation';

/** What the guardrails check. */
export interface GuardrailInput {
  /** Every environment's and cluster's rendered objects. */
  readonly targets: readonly GuardrailTarget[];
  /**
   * Synthesised Terraform (`cdk.tf.json` parsed), by stack name; a stack named like a target is also compared with
   * its objects.
   * @default - Terraform is not checked
   */
  readonly terraform?: { readonly [stack: string]: unknown };
  /**
   * CustomResourceDefinitions of the custom resources in the output.
   * @default - none: a custom resource is reported as having no known schema
   */
  readonly crds?: readonly any[];
  /**
   * The rules to run.
   * @default RULES - the whole catalogue
   */
  readonly rules?: readonly Rule[];
}

/** Every check the guardrails run besides the catalogue's rules. */
export const PLATFORM_CHECKS: readonly CheckInfo[] = [SCHEMA_VERSION, UNDECLARED_REACHABILITY, ...TERRAFORM_CHECKS, STALE_EXCEPTION];

/**
 * Runs every guardrail: the rule catalogue over each target's objects, reachability between the environments of each
 * cluster, the structure of the Terraform, and the exceptions. Never throws for a violation; the report says whether
 * synth must fail.
 *
 * @throws PlatformValidationError when an exception is malformed (unknown rule, bad object reference, no reason)
 */
export function runGuardrails(input: GuardrailInput): GuardrailReport {
  const rules = input.rules ?? RULES;
  const acceptable = rules.filter((r) => r.acceptable !== false).map((r) => r.id);
  const issues: ValidationIssue[] = input.targets.flatMap((t) => (t.exceptions === undefined
    ? []
    : validateExceptions(`${t.kind === TargetKind.CLUSTER ? 'cluster target' : 'environment'} "${t.name}"`, t.exceptions, acceptable)));
  if (issues.length > 0) {
    throw new PlatformValidationError(issues);
  }
  const names = input.targets.map((t) => t.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new Error(`guardrail target "${duplicate}" is given twice; each environment and cluster is checked once`);
  }

  const schemas = new SchemaValidator(input.crds ?? []);
  const violations: Violation[] = input.targets.flatMap((target) => checkTarget(target, rules, schemas));
  violations.push(...schemaVersionWarnings(input.targets));
  const reachability = computeReachability(input.targets);
  violations.push(...undeclaredReachability(reachability, input.targets));
  for (const [stack, json] of Object.entries(input.terraform ?? {})) {
    violations.push(...checkTerraform(stack, json, input.targets.find((t) => t.name === stack)));
  }

  return new GuardrailReport({
    violations: input.targets.flatMap((target) => applyExceptions(target, violations.filter((v) => v.environment === target.name)))
      .concat(violations.filter((v) => !names.includes(v.environment))),
    reachability,
    targets: input.targets.map((t) => ({ name: t.name, protected: t.protected })),
    checks: [...rules, ...PLATFORM_CHECKS],
  });
}

/** The catalogue's violations among one target's objects. */
function checkTarget(target: GuardrailTarget, rules: readonly Rule[], schemas: SchemaValidator): Violation[] {
  const context: RuleContext = {
    target: {
      name: target.name,
      kind: target.kind,
      cluster: target.cluster,
      kubernetesVersion: target.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
      namespace: target.namespace,
      protected: target.protected,
    },
    objects: target.objects,
    workloads: workloadsOf(target.objects),
    schemas,
  };
  return rules.flatMap((rule) => rule.check(context).map((finding): Violation => {
    const key = objectKey(finding.object);
    return {
      rule: rule.id,
      severity: severityFor(target.protected, rule.enforcement),
      environment: target.name,
      object: key,
      constructPath: target.constructPaths?.[key],
      path: finding.path,
      message: finding.message,
      fix: rule.fix,
    };
  }));
}

/** Violations of a Terraform stack: structure, references, and parity with the target's objects. */
function checkTerraform(stack: string, json: unknown, target: GuardrailTarget | undefined): Violation[] {
  const issues = [...checkTerraformStack(json), ...(target ? parityIssues(target.objects, json) : [])];
  return issues.map((issue) => {
    const check = TERRAFORM_CHECKS.find((c) => c.id === issue.check)!;
    return {
      rule: issue.check,
      severity: severityFor(target?.protected ?? true, Enforcement.ALWAYS),
      environment: stack,
      object: issue.address,
      constructPath: issue.constructPath,
      message: issue.message,
      fix: check.fix,
    };
  });
}

/** Marks the violations an exception accepts, and reports the exceptions that accept none. */
function applyExceptions(target: GuardrailTarget, violations: readonly Violation[]): Violation[] {
  const exceptions: readonly GuardrailException[] = target.exceptions ?? [];
  const used = new Set<GuardrailException>();
  const out = violations.map((violation) => {
    const exception = exceptions.find((e) => e.rule === violation.rule && exceptionCovers(e, violation.object, target.namespace));
    if (!exception) return violation;
    used.add(exception);
    return { ...violation, acceptedReason: exception.reason };
  });
  for (const exception of exceptions.filter((e) => !used.has(e))) {
    out.push({
      rule: STALE_EXCEPTION.id,
      severity: severityFor(target.protected, STALE_EXCEPTION.enforcement),
      environment: target.name,
      object: exception.object,
      message: `the exception for rule "${exception.rule}" accepts nothing: ${exception.object} does not break it `
        + `(or is not in the output); reason given: "${exception.reason}"`,
      fix: STALE_EXCEPTION.fix,
    });
  }
  return out;
}
