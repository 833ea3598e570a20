/**
 * The cdk8s app (cdk8s.yaml `app: node build/k8s.js`): the manifests of every environment and of the cluster, under
 * `CDK8S_OUTDIR` (set by `cdk8s synth`), else dist/. The guardrails run as the cdk8s validation plugin cdk8s.yaml names.
 */
import { PlatformCharts, resolvePlatform } from '@platform/multi-env';
import { platform } from './definitions';

new PlatformCharts({ platform: resolvePlatform(platform) }).synth();
