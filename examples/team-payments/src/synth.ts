/**
 * `npm run synth`: manifests (dist/) and Terraform (cdktf.out/) together, checked by the guardrails, and swapped in only
 * when both succeed, so a failed synth leaves the previous output as it was.
 */
import { synthPlatform } from '@platform/multi-env';
import { platform } from './definitions';

try {
  const result = synthPlatform({ definition: platform });
  console.log(result.report.toText());
  console.log(`synthesized ${result.environments.join(', ')} and cluster ${result.clusters.join(', ')}: ${result.objects} objects`);
} catch (error) {
  console.error(`synth failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
