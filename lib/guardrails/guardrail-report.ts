import { EnvironmentCapacity, renderCapacityTables } from './capacity-table';
import { ClusterReachability, ReachabilityCell } from './reachability/reachability';
import { CheckInfo } from './rule';
import { Severity } from './severity';
import { Violation } from './violation';

/** What a {@link GuardrailReport} is made of. */
export interface GuardrailReportProps {
  /** Every violation, accepted ones included (in any order: the report sorts them). */
  readonly violations: readonly Violation[];
  /** Reachability per cluster. */
  readonly reachability: readonly ClusterReachability[];
  /** The environments and clusters checked, in the order the report lists them. */
  readonly targets: ReadonlyArray<{ readonly name: string; readonly protected: boolean }>;
  /** Every check that ran. */
  readonly checks: readonly CheckInfo[];
  /**
   * The capacity table of each environment (see capacity-table.ts).
   * @default - none
   */
  readonly capacity?: readonly EnvironmentCapacity[];
  /**
   * More tables for the text report, printed after the counts and before the reachability matrices, in both the summary
   * and the full report. This is where the capacity table per environment (issue #15 §2) goes.
   * @default - none
   */
  readonly sections?: readonly ReportSection[];
}

/** A titled table of the text report (e.g. the capacity table per environment). */
export interface ReportSection {
  /** The title line, e.g. `capacity, environment production`. */
  readonly title: string;
  /** The lines under it, as they are printed. */
  readonly lines: readonly string[];
}

/** Options of {@link GuardrailReport.toSummary}. */
export interface ReportSummaryOptions {
  /**
   * Where the full report was written, named on the last line.
   * @default - not named
   */
  readonly detailsFile?: string;
}

/** Options of {@link GuardrailReport.toText}. */
export interface ReportTextOptions {
  /**
   * Whether to list each environment's violations between the summary line and the reachability matrices; a tool that
   * lists them itself (cdk8s-cli's validation report) takes the rest.
   * @default true
   */
  readonly violations?: boolean;
}

/** The JSON form of a violation: every field present (null when unknown), for tools that read the report. */
export interface ViolationJson {
  /** Rule id, e.g. `image-pinned`. */
  readonly rule: string;
  /** Whether the violation fails synth (an error) or is only reported (a warning). */
  readonly severity: Severity;
  /** The environment, or `cluster-<cluster>`, whose output holds the object. */
  readonly environment: string;
  /** The object: `Kind/namespace/name`, `Kind/name`, or a Terraform address. */
  readonly object: string;
  /** Construct path of the object; null when unknown. */
  readonly constructPath: string | null;
  /** Field inside the object; null when the rule names none. */
  readonly path: string | null;
  /** What is wrong, with the values involved. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** The reason of the exception that accepts the violation; null when none does. */
  readonly acceptedReason: string | null;
}

/** The JSON form of a report, written beside the outputs. */
export interface GuardrailReportJson {
  /** Whether synth may go on: no error that no exception accepts. */
  readonly passed: boolean;
  /** Counts of errors and warnings not accepted, of accepted violations, and of checks run. */
  readonly summary: { readonly errors: number; readonly warnings: number; readonly accepted: number; readonly checks: number };
  /** The environments checked, in platform order, and whether each is protected. */
  readonly environments: ReadonlyArray<{ readonly name: string; readonly protected: boolean }>;
  /** Every violation, accepted ones included, in the order of `GuardrailReport.violations`. */
  readonly violations: readonly ViolationJson[];
  /** Which namespaces can reach which, per cluster, as the NetworkPolicies allow. */
  readonly reachability: readonly ClusterReachability[];
  /** Per environment: what its apps ask at minimum and maximum scale, its quota, its node pool's capacity. */
  readonly capacity: readonly EnvironmentCapacity[];
}

/**
 * The outcome of the guardrails: violations grouped by environment and object, accepted ones with their reasons, and
 * the reachability matrices. Deterministic: the same outputs give the same text and JSON.
 */
export class GuardrailReport {
  /** Every violation, accepted ones included, sorted by environment (in platform order), object, rule and message. */
  public readonly violations: readonly Violation[];
  /** Reachability per cluster. */
  public readonly reachability: readonly ClusterReachability[];
  /** The environments and clusters checked. */
  public readonly targets: ReadonlyArray<{ readonly name: string; readonly protected: boolean }>;
  /** Every check that ran. */
  public readonly checks: readonly CheckInfo[];
  /** The capacity table of each environment. */
  public readonly capacity: readonly EnvironmentCapacity[];
  /** More tables for the text report, after the capacity tables. */
  public readonly sections: readonly ReportSection[];

  constructor(props: GuardrailReportProps) {
    const order = new Map(props.targets.map((t, i) => [t.name, i]));
    const rank = (v: Violation) => order.get(v.environment) ?? props.targets.length;
    this.violations = [...props.violations].sort((a, b) => rank(a) - rank(b)
      || compare(a.environment, b.environment) || compare(a.object, b.object) || compare(a.rule, b.rule) || compare(a.message, b.message));
    this.reachability = props.reachability;
    this.targets = props.targets;
    this.checks = props.checks;
    this.capacity = props.capacity ?? [];
    this.sections = props.sections ?? [];
  }

  /** The report with more sections, for the same violations. */
  public withSections(sections: readonly ReportSection[]): GuardrailReport {
    return new GuardrailReport({ ...this, sections: [...this.sections, ...sections] });
  }

  /** Errors no exception accepts: each fails synth. */
  public get errors(): Violation[] {
    return this.violations.filter((v) => v.severity === Severity.ERROR && v.acceptedReason === undefined);
  }

  /** Warnings no exception accepts. */
  public get warnings(): Violation[] {
    return this.violations.filter((v) => v.severity === Severity.WARNING && v.acceptedReason === undefined);
  }

  /** Violations an exception accepts, with its reason. */
  public get accepted(): Violation[] {
    return this.violations.filter((v) => v.acceptedReason !== undefined);
  }

  /** Whether synth must fail: an error that no exception accepts. */
  public get failed(): boolean {
    return this.errors.length > 0;
  }

  /** The report for a terminal: a summary line, then each environment's objects and their violations, then the matrices. */
  public toText(options: ReportTextOptions = {}): string {
    const lines = [this.summaryLine()];
    const environments = [...this.targets.map((t) => t.name), ...new Set(this.violations.map((v) => v.environment))]
      .filter((name, i, all) => all.indexOf(name) === i);
    for (const name of options.violations === false ? [] : environments) {
      const target = this.targets.find((t) => t.name === name);
      const own = this.violations.filter((v) => v.environment === name);
      lines.push('', `${name}${target?.protected ? ' (protected)' : ''}${own.length === 0 ? ': no violations' : ''}`);
      for (const object of [...new Set(own.map((v) => v.object))]) {
        const ofObject = own.filter((v) => v.object === object);
        const path = ofObject.find((v) => v.constructPath)?.constructPath;
        lines.push(`  ${object}${path ? `  (${path})` : ''}`);
        for (const v of ofObject) {
          const label = v.acceptedReason !== undefined ? 'accepted' : v.severity;
          lines.push(`    ${label.padEnd(8)} ${v.rule}: ${v.message}`);
          lines.push(v.acceptedReason !== undefined ? `             reason: ${v.acceptedReason}` : `             fix: ${v.fix}`);
        }
      }
    }
    lines.push(...this.renderSections());
    for (const cluster of this.reachability) {
      lines.push('', ...renderMatrix(cluster));
    }
    return `${lines.join('\n')}\n`;
  }

  /**
   * The report for a terminal after a successful synth: the summary line, the counts per environment and rule, the
   * sections (the capacity table) and the reachability matrices; each violation is in the JSON report
   * (`detailsFile`). After a failure, print {@link toText}: every violation with its fix.
   */
  public toSummary(options: ReportSummaryOptions = {}): string {
    const lines = [this.summaryLine(), '', ...this.countTable()];
    const byRule = (list: Violation[]) => [...new Set(list.map((v) => v.rule))].sort()
      .map((rule) => `${rule} ${list.filter((v) => v.rule === rule).length}`).join(', ');
    if (this.errors.length > 0) lines.push(`  errors: ${byRule(this.errors)}`);
    if (this.warnings.length > 0) lines.push(`  warnings: ${byRule(this.warnings)}`);
    if (this.accepted.length > 0) lines.push(`  accepted: ${byRule(this.accepted)}`);
    lines.push(...this.renderSections());
    for (const cluster of this.reachability) {
      lines.push('', ...renderMatrix(cluster));
    }
    if (options.detailsFile !== undefined) lines.push('', `every violation, with its fix: ${options.detailsFile}`);
    return `${lines.join('\n')}\n`;
  }

  private summaryLine(): string {
    return `guardrails ${this.failed ? 'FAILED' : 'passed'}: ${count(this.errors.length, 'error')}, ${count(this.warnings.length, 'warning')}, `
      + `${this.accepted.length} accepted (${count(this.checks.length, 'check')} over ${count(this.targets.length, 'output')})`;
  }

  /** Errors, warnings and accepted violations per environment and cluster, as a table. */
  private countTable(): string[] {
    const names = [...this.targets.map((t) => t.name), ...new Set(this.violations.map((v) => v.environment))]
      .filter((name, i, all) => all.indexOf(name) === i);
    const rows = names.map((name) => {
      const own = (list: Violation[]) => String(list.filter((v) => v.environment === name).length);
      const target = this.targets.find((t) => t.name === name);
      return [name, target?.protected ? 'yes' : 'no', own(this.errors), own(this.warnings), own(this.accepted)];
    });
    return table(['output', 'protected', 'errors', 'warnings', 'accepted'], rows);
  }

  /** The capacity tables (capacity-table.ts), then the other sections: between the violations or counts and the matrices. */
  private renderSections(): string[] {
    return [...renderCapacityTables(this.capacity), ...this.sections.flatMap((section) => ['', section.title, ...section.lines])];
  }

  /** The report as JSON data (see {@link GuardrailReportJson}). */
  public toJson(): GuardrailReportJson {
    return {
      passed: !this.failed,
      summary: { errors: this.errors.length, warnings: this.warnings.length, accepted: this.accepted.length, checks: this.checks.length },
      environments: this.targets.map((t) => ({ name: t.name, protected: t.protected })),
      violations: this.violations.map((v) => ({
        rule: v.rule,
        severity: v.severity,
        environment: v.environment,
        object: v.object,
        constructPath: v.constructPath ?? null,
        path: v.path ?? null,
        message: v.message,
        fix: v.fix,
        acceptedReason: v.acceptedReason ?? null,
      })),
      reachability: this.reachability,
      capacity: this.capacity,
    };
  }
}

/** A namespace matrix: rows are sources, columns destinations, cells the ports allowed (`-` for none). */
function renderMatrix(cluster: ClusterReachability): string[] {
  const names = cluster.namespaces.map((ns) => `${ns.name}${ns.managed ? '' : '*'}`);
  const cell = (from: string, to: string): ReachabilityCell | undefined => cluster.namespaceMatrix.find((c) => c.from === from && c.to === to);
  const rows = cluster.namespaces.map((from, i) => [names[i], ...cluster.namespaces.map((to) => {
    const c = cell(from.name, to.name);
    return c?.allowed ? c.ports : '-';
  })]);
  const header = ['from \\ to', ...names];
  const widths = header.map((_, col) => Math.max(...[header, ...rows].map((r) => r[col].length)));
  const format = (row: string[]) => `  ${row.map((text, col) => text.padEnd(widths[col])).join('  ').trimEnd()}`;
  return [
    `reachability, cluster ${cluster.cluster} (rows connect to columns; * = not an environment, its own policies unknown and taken as open)`,
    format(header),
    ...rows.map(format),
    '  workloads:',
    ...(cluster.workloadMatrix.length === 0 ? ['    none reach each other'] : cluster.workloadMatrix.map((c) => `    ${c.from} -> ${c.to}: ${c.ports}`)),
  ];
}

/** Columns padded to their widest cell, two spaces apart, indented by two. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((_, col) => Math.max(...[header, ...rows].map((r) => r[col].length)));
  return [header, ...rows].map((row) => `  ${row.map((text, col) => text.padEnd(widths[col])).join('  ').trimEnd()}`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
