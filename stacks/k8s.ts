/** cdk8s entry point (`cdk8s synth`, app of cdk8s.yaml): writes the manifests under CDK8S_OUTDIR. */
import * as path from 'node:path';
import { KUBECONFIG_DIR, writeKubeconfigs } from '../lib';
import { referenceCharts, run } from './_platform';

run(() => {
  const charts = referenceCharts();
  charts.synth();
  writeKubeconfigs(charts.platform, path.join(charts.outdir, KUBECONFIG_DIR));
});
