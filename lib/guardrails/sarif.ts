/**
 * The guardrail report as a SARIF 2.1.0 log, for code-scanning views (GitHub code scanning, GitLab, Azure DevOps):
 * one rule descriptor per check, one result per violation, located at the object in the manifest (or the Terraform
 * stack) that holds it; an accepted violation is a result with an external suppression carrying the stated reason.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html (OASIS Static Analysis Results Interchange
 * Format 2.1.0; the schema is oasis-tcs/sarif-spec `sarif-2.1/schema/sarif-schema-2.1.0.json`)
 */
import { GuardrailReport } from './guardrail-report';
import { CheckInfo } from './rule';
import { Severity } from './severity';
import { Violation } from './violation';

/** The version of SARIF written (sarifLog.version, §3.13.2). */
export const SARIF_VERSION = '2.1.0';

/** The schema a SARIF 2.1.0 log names (sarifLog.$schema, §3.13.3). */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where a violation's object sits in the written output: a file relative to the project, and a line in it. */
export interface ObjectLocation {
  /** Path of the file, relative to the folder the log is read from, with `/` separators (e.g. `dist/dev/app-api.k8s.yaml`). */
  readonly uri: string;
  /**
   * Line (from 1) where the object starts.
   * @default - the file as a whole
   */
  readonly startLine?: number;
}

/** Options of {@link toSarif}. */
export interface SarifOptions {
  /**
   * Name of the tool in the log (tool.driver.name).
   * @default 'platform-guardrails'
   */
  readonly toolName?: string;
  /**
   * Version of the tool.
   * @default - not stated
   */
  readonly toolVersion?: string;
  /**
   * Where a violation's object was written, e.g. from the manifests just synthesised; a violation with no known
   * location is located by `fallback`.
   * @default - no file locations: every result is located by `fallback`
   */
  readonly locate?: (violation: Violation) => ObjectLocation | undefined;
  /**
   * The file of a violation whose object has no known location (code-scanning views need a file for every result).
   * @default - the result has a logical location only
   */
  readonly fallback?: (violation: Violation) => ObjectLocation | undefined;
}

/** SARIF's level for a severity (result.level, §3.27.10: none, note, warning, error). */
function levelOf(severity: Severity): 'error' | 'warning' {
  return severity === Severity.ERROR ? 'error' : 'warning';
}

/**
 * The report as a SARIF 2.1.0 log (plain JSON data). Deterministic: the same report gives the same log (no times,
 * no absolute paths).
 */
export function toSarif(report: GuardrailReport, options: SarifOptions = {}): SarifLog {
  const checks: CheckInfo[] = [...report.checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(checks.map((c, i) => [c.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [{
      tool: {
        driver: {
          name: options.toolName ?? 'platform-guardrails',
          ...(options.toolVersion ? { version: options.toolVersion } : {}),
          rules: checks.map((check) => ({
            id: check.id,
            shortDescription: { text: check.title },
            fullDescription: { text: check.rationale },
            help: { text: check.fix },
            properties: {
              enforcement: check.enforcement ?? 'protected',
              acceptable: check.acceptable !== false,
              ...(check.references.length > 0 ? { references: check.references.map((r) => `${r.tool}: ${r.check}`) } : {}),
            },
          })),
        },
      },
      results: report.violations.map((v) => {
        const file = options.locate?.(v) ?? options.fallback?.(v);
        return {
          ruleId: v.rule,
          ...(index.has(v.rule) ? { ruleIndex: index.get(v.rule)! } : {}),
          level: levelOf(v.severity),
          message: { text: `${v.environment}: ${v.object}${v.path ? ` ${v.path}` : ''}: ${v.message}; fix: ${v.fix}` },
          locations: [{
            ...(file ? {
              physicalLocation: {
                artifactLocation: { uri: file.uri },
                ...(file.startLine !== undefined ? { region: { startLine: file.startLine } } : {}),
              },
            } : {}),
            logicalLocations: [{ fullyQualifiedName: `${v.environment}/${v.object}`, kind: 'object' }],
          }],
          ...(v.acceptedReason !== undefined ? { suppressions: [{ kind: 'external' as const, justification: v.acceptedReason }] } : {}),
          properties: {
            environment: v.environment,
            object: v.object,
            ...(v.path ? { path: v.path } : {}),
            ...(v.constructPath ? { constructPath: v.constructPath } : {}),
          },
        };
      }),
    }],
  };
}

/** A SARIF 2.1.0 log, as far as {@link toSarif} writes one. */
export interface SarifLog {
  /** The JSON schema of SARIF 2.1.0. */
  readonly $schema: string;
  /** The SARIF version: `2.1.0`. */
  readonly version: string;
  /** One run: the guardrails as the tool, their rules, and a result per violation. */
  readonly runs: ReadonlyArray<{
    readonly tool: {
      readonly driver: {
        readonly name: string;
        readonly version?: string;
        readonly rules: ReadonlyArray<{
          readonly id: string;
          readonly shortDescription: { readonly text: string };
          readonly fullDescription: { readonly text: string };
          readonly help: { readonly text: string };
          readonly properties: { readonly [key: string]: unknown };
        }>;
      };
    };
    readonly results: ReadonlyArray<{
      readonly ruleId: string;
      readonly ruleIndex?: number;
      readonly level: 'error' | 'warning';
      readonly message: { readonly text: string };
      readonly locations: ReadonlyArray<{
        readonly physicalLocation?: { readonly artifactLocation: { readonly uri: string }; readonly region?: { readonly startLine: number } };
        readonly logicalLocations: ReadonlyArray<{ readonly fullyQualifiedName: string; readonly kind: string }>;
      }>;
      readonly suppressions?: ReadonlyArray<{ readonly kind: 'external'; readonly justification: string }>;
      readonly properties: { readonly [key: string]: unknown };
    }>;
  }>;
}
