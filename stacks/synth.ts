/**
 * `npm run synth`: both synthesizers for the reference platform, swapped in only when both succeed, so a failed
 * synth leaves dist/ and cdktf.out/ as they were.
 */
import { synthWithSummary } from '../lib';
import { previousOutput, referenceDefinition, run } from './_platform';

run(() => {
  process.stdout.write(synthWithSummary({ definition: referenceDefinition(), previousDir: previousOutput() }).text);
});
