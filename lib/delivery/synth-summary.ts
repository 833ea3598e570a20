/**
 * The whole synth a person or a pipeline runs, as `npm run synth` in this repository and `platform synth` in a team's:
 * both outputs swapped in together (or nothing), the kubeconfig fragments beside them, and the short report.
 */
import * as path from 'node:path';
import { KUBECONFIG_DIR, writeKubeconfigs } from './kubeconfig';
import { PlatformDefinition } from '../platform/platform-definition';
import { GUARDRAIL_REPORT_FILE, GUARDRAIL_SARIF_FILE } from '../platform/report-files';
import { resolvePlatform } from '../platform/resolve-platform';
import { SynthPlatformResult, synthPlatform } from '../platform/synth-platform';

/** Options of {@link synthWithSummary}. */
export interface SynthWithSummaryOptions {
  /** The platform definition. */
  readonly definition: PlatformDefinition;
  /**
   * Folder of the manifests.
   * @default 'dist'
   */
  readonly manifestsDir?: string;
  /**
   * Folder of the Terraform (cdktf's outdir).
   * @default 'cdktf.out'
   */
  readonly terraformDir?: string;
  /**
   * Folder of the output the workload changes are checked against (the `previousDir` of {@link synthPlatform}).
   * @default - the manifests folder, before this synth replaces it
   */
  readonly previousDir?: string;
  /**
   * Folder the paths of the summary are relative to.
   * @default - the working directory
   */
  readonly cwd?: string;
}

/** What {@link synthWithSummary} wrote, and what to print. */
export interface SynthWithSummary {
  /** What the synth wrote. */
  readonly result: SynthPlatformResult;
  /** The short guardrail report, the outputs written and each preview's deploy commands, for a terminal. */
  readonly text: string;
}

/**
 * Synthesises both outputs (`synthPlatform`: nothing is written unless both succeed and the guardrails pass), writes
 * `<manifests>/kubeconfig/<environment>.yaml` after the swap, and returns the summary to print.
 *
 * @throws what `synthPlatform` throws: a definition error or a guardrail failure, with nothing written
 */
export function synthWithSummary(options: SynthWithSummaryOptions): SynthWithSummary {
  const started = process.hrtime.bigint();
  const cwd = options.cwd ?? process.cwd();
  const result = synthPlatform({
    definition: options.definition, manifestsDir: options.manifestsDir, terraformDir: options.terraformDir, previousDir: options.previousDir,
  });
  // After the swap: the kubeconfig fragments are derived from the same definition.
  const platform = resolvePlatform(options.definition);
  writeKubeconfigs(platform, path.join(result.manifestsDir, KUBECONFIG_DIR));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rel = (dir: string) => path.relative(cwd, dir) || '.';
  const manifests = rel(result.manifestsDir);
  const terraform = rel(result.terraformDir);
  const lines = [
    // The short report; every violation with its fix is in guardrails.json (and printed in full when synth fails).
    result.report.toSummary({ detailsFile: `${manifests}/${GUARDRAIL_REPORT_FILE}` }),
    `synthesized ${result.environments.length} environments (${result.environments.join(', ')}) and ${result.clusters.length} clusters `
      + `(${result.clusters.join(', ')}): ${result.objects} objects in ${ms.toFixed(0)} ms`,
    `  manifests: ${manifests}/<environment>/, ${manifests}/clusters/<cluster>/`,
    `  terraform: ${terraform}/stacks/<environment>/cdk.tf.json (deployer), ${terraform}/stacks/governance-<environment>/cdk.tf.json `
      + `and ${terraform}/stacks/cluster-<cluster>/cdk.tf.json (platform)`,
    `  guardrails: ${manifests}/${GUARDRAIL_REPORT_FILE}, ${manifests}/${GUARDRAIL_SARIF_FILE} (SARIF 2.1.0)`,
    `  kubeconfig: ${manifests}/${KUBECONFIG_DIR}/<environment>.yaml`,
  ];
  for (const preview of platform.environments.filter((e) => e.labels[e.cluster.labelKeys.preview] === 'true')) {
    const keys = preview.cluster.labelKeys;
    const expires = new Date(Number(preview.labels[keys.previewExpires]) * 1000).toISOString();
    lines.push(`preview ${preview.name} of ${preview.labels[keys.previewOf]} on cluster ${preview.cluster.name}, expires ${expires}: `
      + `npx cdktf deploy ${preview.name} / npx cdktf destroy ${preview.name}`);
  }
  return { result, text: `${lines.join('\n')}\n` };
}
