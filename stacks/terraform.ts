/** cdktf entry point (`cdktf synth` / `cdktf deploy`, app of cdktf.json): one stack per environment and per cluster. */
import { App } from 'cdktf';
import { laptopBuild, referenceCharts, run, synthTerraform } from './_platform';

run(() => synthTerraform(new App(), referenceCharts(), laptopBuild()));
