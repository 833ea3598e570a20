/**
 * The cdktf app (cdktf.json `app: node build/tf.js`): one Terraform stack per environment (named after it) and one per
 * cluster (`cluster-<cluster>`), under `CDKTF_OUTDIR` (set by `cdktf synth`), else cdktf.out/.
 */
import { App } from 'cdktf';
import { addPlatformStacks, PlatformCharts, resolvePlatform } from '@platform/multi-env';
import { platform } from './definitions';

const app = new App();
addPlatformStacks(app, new PlatformCharts({ platform: resolvePlatform(platform) }));
app.synth();
