/**
 * `npm run synth`: both synthesizers for the reference platform, swapped in only when both succeed, so a failed
 * synth leaves dist/ and cdktf.out/ as they were.
 */
import * as path from 'node:path';
import { GUARDRAIL_REPORT_FILE, GUARDRAIL_SARIF_FILE, KUBECONFIG_DIR, resolvePlatform, synthPlatform, writeKubeconfigs } from '../lib';
import { referenceDefinition, run } from './_platform';

run(() => {
  const started = process.hrtime.bigint();
  const definition = referenceDefinition();
  const result = synthPlatform({ definition });
  // After the swap: the kubeconfig fragments are derived from the same definition (dist/kubeconfig/<environment>.yaml).
  const platform = resolvePlatform(definition);
  writeKubeconfigs(platform, path.join(result.manifestsDir, KUBECONFIG_DIR));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rel = (dir: string) => path.relative(process.cwd(), dir) || '.';
  // The short report; every violation with its fix is in guardrails.json (and printed in full when synth fails).
  process.stdout.write(`${result.report.toSummary({ detailsFile: `${rel(result.manifestsDir)}/${GUARDRAIL_REPORT_FILE}` })}\n`);
  process.stdout.write(
    `synthesized ${result.environments.length} environments (${result.environments.join(', ')}) and ${result.clusters.length} clusters `
    + `(${result.clusters.join(', ')}): ${result.objects} objects in ${ms.toFixed(0)} ms\n`
    + `  manifests: ${rel(result.manifestsDir)}/<environment>/, ${rel(result.manifestsDir)}/clusters/<cluster>/\n`
    + `  terraform: ${rel(result.terraformDir)}/stacks/<environment>/cdk.tf.json (deployer), ${rel(result.terraformDir)}/stacks/governance-<environment>/cdk.tf.json `
    + `and ${rel(result.terraformDir)}/stacks/cluster-<cluster>/cdk.tf.json (platform)\n`
    + `  guardrails: ${rel(result.manifestsDir)}/${GUARDRAIL_REPORT_FILE}, ${rel(result.manifestsDir)}/${GUARDRAIL_SARIF_FILE} (SARIF 2.1.0)\n`
    + `  kubeconfig: ${rel(result.manifestsDir)}/${KUBECONFIG_DIR}/<environment>.yaml\n`,
  );
  for (const preview of platform.environments.filter((e) => e.labels[e.cluster.labelKeys.preview] === 'true')) {
    const keys = preview.cluster.labelKeys;
    const expires = new Date(Number(preview.labels[keys.previewExpires]) * 1000).toISOString();
    process.stdout.write(`preview ${preview.name} of ${preview.labels[keys.previewOf]} on cluster ${preview.cluster.name}, expires ${expires}: `
      + `npx cdktf deploy ${preview.name} / npx cdktf destroy ${preview.name}\n`);
  }
});
