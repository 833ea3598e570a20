/** The benchmark's table and summary lines: pure formatting, so a test can pin the exact format. */

/** One case at one size, over the measured runs. */
export interface CaseResult {
  readonly apps: number;
  readonly name: string;
  /** Time of the work in each run (ms). */
  readonly ms: readonly number[];
  /** Wall time of the whole process in each run, startup and module loading included (ms). */
  readonly processMs: readonly number[];
  /** Peak resident memory of each run (MiB), when known. */
  readonly maxRssMiB: readonly number[];
}

/** The four figures the issue asks for; `undefined` where a case could not run (e.g. no kubectl). */
export interface Summary {
  readonly overhead?: number;
  readonly versusKustomize?: number;
  readonly scaling?: number;
  readonly peakMemoryMiB?: number;
  /** The size the ratios are taken at and the larger size of the scaling ratio. */
  readonly ratioApps: number;
  readonly largeApps: number;
  /** Why a figure is missing. */
  readonly missing?: { readonly [figure in 'overhead' | 'versusKustomize' | 'scaling' | 'peakMemoryMiB']?: string };
}

/** The median of a list of numbers (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A fixed-width table: one row per size and case, with median work time, median process time and peak memory. */
export function formatTable(results: readonly CaseResult[]): string {
  const header = ['apps/env', 'case', 'runs', 'median ms', 'min–max ms', 'process ms', 'peak MiB'];
  const rows = results.map((r) => [
    `4x${r.apps}`,
    r.name,
    String(r.ms.length),
    r.ms.length > 0 ? median(r.ms).toFixed(0) : '-',
    r.ms.length > 0 ? `${Math.min(...r.ms).toFixed(0)}–${Math.max(...r.ms).toFixed(0)}` : '-',
    r.processMs.length > 0 ? median(r.processMs).toFixed(0) : '-',
    r.maxRssMiB.length > 0 ? Math.max(...r.maxRssMiB).toFixed(0) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** What `npm run synth` costs (both outputs, the guardrails, the atomic swap), measured by the `synth-platform` case. */
export interface FullSynth {
  readonly ratioApps: number;
  readonly largeApps: number;
  /** Median work time at the larger size (ms). */
  readonly ms?: number;
  /** Median over rounds of the time at the larger size over the time at the ratio size. */
  readonly scaling?: number;
  readonly peakMemoryMiB?: number;
}

/** One line on the whole synth, printed before the four closing lines. */
export function fullSynthLine(full: FullSynth): string {
  const figure = (value: number | undefined, format: (v: number) => string) => (value === undefined || !Number.isFinite(value) ? 'not measured' : format(value));
  return `synth with guardrails (npm run synth) 4x${full.largeApps}: ${figure(full.ms, (v) => `${Math.round(v)} ms`)}, `
    + `peak ${figure(full.peakMemoryMiB, (v) => `${Math.round(v)} MiB`)}, scaling ${full.largeApps}/${full.ratioApps} apps `
    + `${full.largeApps === full.ratioApps ? 'skipped (one size only)' : figure(full.scaling, (v) => `${v.toFixed(2)}x`)}`;
}

/** The four closing lines, in the exact form the issue gives. */
export function summaryLines(summary: Summary): string[] {
  const ratio = (value: number | undefined, why?: string) => (value === undefined || !Number.isFinite(value) ? `skipped (${why ?? 'not measured'})` : `${value.toFixed(2)}x`);
  const size = `4x${summary.ratioApps}`;
  return [
    `manifests overhead vs raw cdk8s-plus (${size}): ${ratio(summary.overhead, summary.missing?.overhead)}`,
    `manifests+terraform vs kustomize manifests (${size}): ${ratio(summary.versusKustomize, summary.missing?.versusKustomize)}`,
    `scaling ${summary.largeApps}/${summary.ratioApps} apps: ${ratio(summary.scaling, summary.missing?.scaling)}`,
    `peak memory 4x${summary.largeApps}: ${summary.peakMemoryMiB === undefined ? `skipped (${summary.missing?.peakMemoryMiB ?? 'not measured'})` : `${Math.round(summary.peakMemoryMiB)} MiB`}`,
  ];
}
