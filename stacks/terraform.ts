/**
 * cdktf entry point (`cdktf synth` / `cdktf deploy`, app of cdktf.json): per environment, what governs it
 * (`governance-<environment>`) and what it runs (`<environment>`); per cluster, `cluster-<cluster>`.
 */
import { laptopBuild, referenceCharts, run, synthTerraform } from './_platform';

run(() => synthTerraform(referenceCharts(), laptopBuild()));
