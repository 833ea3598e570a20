/** cdk8s entry point (`cdk8s synth`, app of cdk8s.yaml): writes the manifests under CDK8S_OUTDIR. */
import { referenceCharts, run } from './_platform';

run(() => referenceCharts().synth());
