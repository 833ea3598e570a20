import { Testing } from 'cdk8s';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { CanaryRenderer } from '../../../lib/app/release/canary';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { appPlatform, resolvedApp, WEB_IMAGE, webApp } from '../fixtures';
import { Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';

const APP_LABEL = 'app.kubernetes.io/name';
const EFFECTIVE_WEIGHT = 'platform.example.com/canary-effective-weight';
const trackPods = (track: string) => ({ [APP_LABEL]: 'web', [TRACK_LABEL]: track });

/** `web` in dev with a canary of 1.5.0 at `weight`; `patch` is spread over the app (10 replicas unless it says). */
function web(weight: number, patch: Loose = { replicas: 10 }): App {
  return resolvedApp(appPlatform([webApp({ ...patch, strategy: ReleaseStrategy.canary({ weight, canary: { version: '1.5.0' }, progressDeadlineSeconds: 300 }) })]));
}

function synth(app: App): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app });
  return Testing.synth(chart);
}

describe('CanaryRenderer', () => {
  const objects = synth(web(30));

  test('renders the stable workload under the app\'s name and the canary beside it, each with its track, image and share', () => {
    const deployments = ofKind(objects, 'Deployment');

    const summary = deployments.map((d) => [d.metadata.name, d.spec.replicas, d.spec.selector.matchLabels, d.spec.template.spec.containers[0].image]);
    expect(summary).toEqual([
      ['web', 7, trackPods('stable'), `${WEB_IMAGE}:1.4.2`],
      ['web-canary', 3, trackPods('canary'), `${WEB_IMAGE}:1.5.0`],
    ]);
    expect(deployments.map((d) => d.spec.template.metadata.labels[TRACK_LABEL])).toEqual(['stable', 'canary']);
    for (const deployment of deployments) {
      expect(deployment.spec).toMatchObject({ strategy: { type: 'RollingUpdate' }, progressDeadlineSeconds: 300 });
    }
  });

  test('writes the effective weight on the canary only', () => {
    expect(findObject(objects, 'Deployment', 'web-canary').metadata.annotations).toEqual({ [EFFECTIVE_WEIGHT]: '30%' });
    expect(findObject(objects, 'Deployment', 'web').metadata.annotations).toBeUndefined();
    // Rounded up to one pod: 1 canary of 3 pods is 33%, not the 10% asked for.
    expect(findObject(synth(web(10, { replicas: 3 })), 'Deployment', 'web-canary').metadata.annotations).toEqual({ [EFFECTIVE_WEIGHT]: '33%' });
  });

  test('puts both tracks behind one Service, whose selector names no track', () => {
    expect(ofKind(objects, 'Service').map((s) => [s.metadata.name, s.spec.selector])).toEqual([['web', { [APP_LABEL]: 'web' }]]);
    expect(new CanaryRenderer().services(web(30))).toEqual([{ name: 'web', trackLabels: {} }]);
  });

  test('budgets each track apart', () => {
    expect(ofKind(objects, 'PodDisruptionBudget').map((b) => [b.metadata.name, b.spec.maxUnavailable, b.spec.selector.matchLabels])).toEqual([
      ['web', 1, trackPods('stable')], ['web-canary', 1, trackPods('canary')],
    ]);
  });

  test('at weight 0 (an abort), runs the canary with 0 replicas and no budget', () => {
    const aborted = synth(web(0));

    expect(ofKind(aborted, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['web', 10], ['web-canary', 0]]);
    expect(findObject(aborted, 'Deployment', 'web-canary').metadata.annotations).toEqual({ [EFFECTIVE_WEIGHT]: '0%' });
    expect(ofKind(aborted, 'PodDisruptionBudget').map((b) => b.metadata.name)).toEqual(['web']);
  });

  test('autoscales the stable track from its share, and runs the canary at a fixed count', () => {
    const autoscaled = synth(web(20, { autoscaling: { minReplicas: 10, maxReplicas: 30 } }));

    expect(ofKind(autoscaled, 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.scaleTargetRef.name, h.spec.minReplicas, h.spec.maxReplicas]))
      .toEqual([['web', 'web', 8, 28]]);
    expect(ofKind(autoscaled, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['web', undefined], ['web-canary', 2]]);
  });

  test('starting a canary, and promoting it back to rolling, keeps workload web and its (immutable) selector', () => {
    const rolling = findObject(synth(resolvedApp(appPlatform([webApp({ replicas: 10 })]))), 'Deployment', 'web');
    const stable = findObject(objects, 'Deployment', 'web');

    expect(stable.spec.selector).toEqual(rolling.spec.selector);
  });

  test('fails when given a release of another kind', () => {
    const rolling = resolvedApp(appPlatform([webApp()]));

    expect(() => new CanaryRenderer().workloads(rolling)).toThrow(/^web: expected a canary release, got rolling$/);
  });
});
