/**
 * `npm run synth`: both synthesizers for the reference platform, swapped in only when both succeed, so a failed
 * synth leaves dist/ and cdktf.out/ as they were.
 */
import * as path from 'node:path';
import { synthPlatform } from '../lib';
import { platform } from '../environments';
import { run } from './_platform';

run(() => {
  const started = process.hrtime.bigint();
  const result = synthPlatform({ definition: platform });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${result.report.toText()}\n`);
  const rel = (dir: string) => path.relative(process.cwd(), dir) || '.';
  process.stdout.write(
    `synthesized ${result.environments.length} environments (${result.environments.join(', ')}) and ${result.clusters.length} clusters `
    + `(${result.clusters.join(', ')}): ${result.objects} objects in ${ms.toFixed(0)} ms\n`
    + `  manifests: ${rel(result.manifestsDir)}/<environment>/, ${rel(result.manifestsDir)}/clusters/<cluster>/\n`
    + `  terraform: ${rel(result.terraformDir)}/stacks/<environment>/cdk.tf.json, ${rel(result.terraformDir)}/stacks/cluster-<cluster>/cdk.tf.json\n`
    + `  guardrails: ${rel(result.manifestsDir)}/guardrails.json\n`,
  );
});
