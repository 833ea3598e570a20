import { GuardrailReport } from './guardrail-report';

/** Synth stops: the guardrails found errors that no exception accepts. `report` holds everything they found. */
export class GuardrailError extends Error {
  /** The whole report, warnings, accepted violations and matrices included. */
  public readonly report: GuardrailReport;

  constructor(report: GuardrailReport) {
    const errors = report.errors;
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    const lines = errors.map((v) => `  - ${v.environment}: ${v.object}${v.constructPath ? ` (${v.constructPath})` : ''}: ${v.rule}: ${v.message}; ${v.fix}`);
    super(`guardrails failed (${count}):\n${lines.join('\n')}`);
    this.name = 'GuardrailError';
    this.report = report;
  }
}
