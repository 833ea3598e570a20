/** cdktf entry point (`cdktf synth` / `cdktf deploy`, app of cdktf.json): one stack per environment and per cluster. */
import { App } from 'cdktf';
import { addPlatformStacks } from '../lib';
import { laptopBuild, referenceCharts, run } from './_platform';

run(() => {
  const app = new App();
  addPlatformStacks(app, referenceCharts(), { laptop: laptopBuild() });
  app.synth();
});
