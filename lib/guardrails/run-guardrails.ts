import { DEFAULT_KUBERNETES_VERSION } from '../cluster/cluster-defaults';
import { PlatformValidationError, ValidationIssue } from '../core/errors';
import { objectKey } from '../core/manifest';
import { workloadsOf } from './_objects';
import { BUILTIN_REASON_PREFIX, builtinExceptionsFor } from './builtin-exceptions';
import { capacityTables } from './capacity-table';
import { STALE_EXCEPTION, exceptionCovers, validateExceptions } from './exceptions';
import { GuardrailException, GuardrailTarget, TargetKind } from './target';
import { GuardrailReport } from './guardrail-report';
import { UNDECLARED_REACHABILITY, computeReachability, undeclaredReachability } from './reachability/reachability';
import { CheckInfo, Rule, RuleContext } from './rule';
import { RULES } from './rules/catalogue';
import { POOL_FITS, poolFitViolations } from './rules/pool-fit';
import { SchemaValidator } from './schema/schema-validator';
import { SCHEMA_VERSION, schemaVersionWarnings } from './schema/schema-version';
import { Enforcement, severityFor, validateSeverity } from './severity';
import {
  TERRAFORM_CHECKS, TERRAFORM_PARITY, TerraformIssue, checkTerraformStack, objectsOfTerraformStack, parityIssues,
} from './terraform/terraform-stack';
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
export const PLATFORM_CHECKS: readonly CheckInfo[] = [SCHEMA_VERSION, UNDECLARED_REACHABILITY, POOL_FITS, ...TERRAFORM_CHECKS, STALE_EXCEPTION];

/**
 * Runs every guardrail: the rule catalogue over each target's objects, reachability between the environments of each
 * cluster, the structure of the Terraform, and the exceptions. Never throws for a violation; the report says whether
 * synth must fail.
 *
 * @throws PlatformValidationError when an exception is malformed (unknown rule, bad object reference, no reason) or a
 * severity setting is (unknown rule, unknown level, a warning where it is not allowed)
 */
export function runGuardrails(input: GuardrailInput): GuardrailReport {
  const rules = input.rules ?? RULES;
  const acceptable = rules.filter((r) => r.acceptable !== false).map((r) => r.id);
  const subject = (t: GuardrailTarget) => `${t.kind === TargetKind.CLUSTER ? 'cluster target' : 'environment'} "${t.name}"`;
  const issues: ValidationIssue[] = input.targets.flatMap((t) => [
    ...(t.exceptions === undefined ? [] : validateExceptions(subject(t), t.exceptions, acceptable)),
    ...validateSeverity(subject(t), t.severity, [...rules, ...PLATFORM_CHECKS], t.protected),
  ]);
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
  // Capacity across environments: the quotas on each node pool against its nodes.
  violations.push(...poolFitViolations(input.targets));
  for (const [stack, json] of Object.entries(input.terraform ?? {})) {
    violations.push(...checkTerraform(stack, json, input.targets.find((t) => (t.stacks ?? [t.name]).includes(stack))));
  }
  for (const target of input.targets) {
    violations.push(...checkParity(target, input.terraform ?? {}));
  }

  return new GuardrailReport({
    violations: input.targets.flatMap((target) => applyExceptions(target, violations.filter((v) => v.environment === target.name)))
      .concat(violations.filter((v) => !names.includes(v.environment))),
    reachability,
    targets: input.targets.map((t) => ({ name: t.name, protected: t.protected })),
    checks: [...rules, ...PLATFORM_CHECKS],
    capacity: capacityTables(input.targets),
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

/** Violations of a Terraform stack's structure and references; a stack of a protected target or of no target fails synth. */
function checkTerraform(stack: string, json: unknown, target: GuardrailTarget | undefined): Violation[] {
  return terraformViolations(stack, checkTerraformStack(json), target);
}

/**
 * Violations of parity between a target's objects and the union of its stacks (`target.stacks`, by default the stack
 * named like it), checked when any of them was synthesised.
 */
function checkParity(target: GuardrailTarget, terraform: { readonly [stack: string]: unknown }): Violation[] {
  const names = (target.stacks ?? [target.name]).filter((name) => terraform[name] !== undefined);
  const stacks = names.map((name) => terraform[name] as any);
  if (stacks.length === 0) {
    return [];
  }
  const holders = new Map<string, string[]>();
  stacks.forEach((json, i) => objectsOfTerraformStack(json)
    .forEach((o) => holders.set(objectKey(o), [...(holders.get(objectKey(o)) ?? []), names[i]])));
  const twice: TerraformIssue[] = [...holders.entries()].filter(([, held]) => held.length > 1)
    .map(([key, held]) => ({ check: TERRAFORM_PARITY.id, address: key, message: `${key} is in more than one stack (${held.join(', ')})` }));
  // One stack holding the resources of all: each stack's addresses kept apart by its index.
  const union = { resource: Object.fromEntries(['kubernetes_namespace_v1', 'kubernetes_manifest'].map((type) => [type,
    Object.fromEntries(stacks.flatMap((json, i) => Object.entries(json?.resource?.[type] ?? {}).map(([name, block]) => [`${i}:${name}`, block])))])) };
  return terraformViolations(target.name, [...twice, ...parityIssues(target.objects, union)], target);
}

/** Terraform issues as violations of `stack`. */
function terraformViolations(stack: string, issues: readonly TerraformIssue[], target: GuardrailTarget | undefined): Violation[] {
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

/**
 * Sets the severity a target's settings give a rule, then marks the violations an exception accepts (the target's own
 * exceptions for one object first, then its exceptions for a whole rule, then the library's built-in ones), and
 * reports the target's exceptions that accept none.
 */
function applyExceptions(target: GuardrailTarget, violations: readonly Violation[]): Violation[] {
  const own: readonly GuardrailException[] = target.exceptions ?? [];
  const builtin = builtinExceptionsFor(target.kind);
  const ordered = [...own.filter((e) => e.object !== undefined), ...own.filter((e) => e.object === undefined)];
  const used = new Set<GuardrailException>();
  const out = violations.map((found) => {
    const level = target.severity?.[found.rule];
    const violation = level !== undefined ? { ...found, severity: level } : found;
    const exception = ordered.find((e) => e.rule === violation.rule && exceptionCovers(e, violation.object, target.namespace));
    if (exception) {
      used.add(exception);
      return { ...violation, acceptedReason: exception.reason };
    }
    const granted = builtin.find((e) => e.rule === violation.rule && e.object === violation.object);
    return granted ? { ...violation, acceptedReason: `${BUILTIN_REASON_PREFIX}${granted.reason}` } : violation;
  });
  for (const exception of own.filter((e) => !used.has(e))) {
    const object = exception.object ?? `(every object of ${target.name})`;
    out.push({
      rule: STALE_EXCEPTION.id,
      severity: target.severity?.[STALE_EXCEPTION.id] ?? severityFor(target.protected, STALE_EXCEPTION.enforcement),
      environment: target.name,
      object,
      message: exception.object !== undefined
        ? `the exception for rule "${exception.rule}" accepts nothing: ${exception.object} does not break it (or is not in the output); `
          + `reason given: "${exception.reason}"`
        : `the exception for rule "${exception.rule}" on every object accepts nothing: no object of ${target.name} breaks it; `
          + `reason given: "${exception.reason}"`,
      fix: STALE_EXCEPTION.fix,
    });
  }
  return out;
}
