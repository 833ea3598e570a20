import { Testing, Yaml } from 'cdk8s';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy, Slot } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { BlueGreenRenderer } from '../../../lib/app/release/blue-green';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { appPlatform, DIGEST, resolvedApp, WEB_IMAGE, webApp } from '../fixtures';
import { Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';

const APP_LABEL = 'app.kubernetes.io/name';
const slotPods = (slot: string) => ({ [APP_LABEL]: 'web', [TRACK_LABEL]: slot });

/** `web` released blue-green in dev: blue runs 1.4.1, green the digest; `options` are spread over the strategy. */
function web(active: Slot, options: Loose = {}, patch: Loose = { replicas: 3 }): App {
  const strategy = ReleaseStrategy.blueGreen({ active, blue: { version: '1.4.1' }, green: { digest: DIGEST }, ...options });
  return resolvedApp(appPlatform([webApp({ ...patch, strategy })]));
}

function synth(app: App): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app });
  return Testing.synth(chart);
}

describe('BlueGreenRenderer', () => {
  const objects = synth(web(Slot.BLUE));

  test('renders one Deployment per slot, each with its own image, track label and budget', () => {
    const deployments = ofKind(objects, 'Deployment');

    const summary = deployments.map((d) => [d.metadata.name, d.spec.replicas, d.spec.selector.matchLabels, d.spec.template.spec.containers[0].image]);
    expect(summary).toEqual([
      ['web-blue', 3, slotPods('blue'), `${WEB_IMAGE}:1.4.1`],
      ['web-green', 3, slotPods('green'), `${WEB_IMAGE}@${DIGEST}`],
    ]);
    expect(deployments.map((d) => d.spec.template.metadata.labels)).toEqual([
      { ...slotPods('blue'), 'app.kubernetes.io/version': '1.4.1' },
      { ...slotPods('green'), 'app.kubernetes.io/version': `sha256-${DIGEST.slice(7, 63)}` },
    ]);
    expect(ofKind(objects, 'PodDisruptionBudget').map((b) => [b.metadata.name, b.spec.selector.matchLabels])).toEqual([
      ['web-blue', slotPods('blue')], ['web-green', slotPods('green')],
    ]);
  });

  test('rolls within a slot, with the progress deadline of the release', () => {
    const deployment = findObject(synth(web(Slot.BLUE, { progressDeadlineSeconds: 300 })), 'Deployment', 'web-green');

    expect(deployment.spec).toMatchObject({ strategy: { type: 'RollingUpdate' }, progressDeadlineSeconds: 300 });
    expect([deployment.spec.minReadySeconds, deployment.spec.revisionHistoryLimit]).toEqual([undefined, undefined]);
  });

  test('the Service selects the active slot and the preview Service the idle one', () => {
    const services = ofKind(objects, 'Service');

    expect(services.map((s) => [s.metadata.name, s.spec.selector])).toEqual([['web', slotPods('blue')], ['web-preview', slotPods('green')]]);
    expect(new BlueGreenRenderer().services(web(Slot.GREEN))).toEqual([
      { name: 'web', trackLabels: { [TRACK_LABEL]: 'green' } },
      { name: 'web-preview', trackLabels: { [TRACK_LABEL]: 'blue' } },
    ]);
  });

  test('switching the active slot changes exactly the two selector lines of the output', () => {
    const yamlOf = (app: App) => new Map(synth(app).map((o) => [`${o.kind}/${o.metadata.name}`, Yaml.stringify(o).split('\n')]));
    const blue = yamlOf(web(Slot.BLUE));
    const green = yamlOf(web(Slot.GREEN));

    expect([...green.keys()]).toEqual([...blue.keys()]);
    const changes: Array<[string, string, string]> = [];
    for (const [key, before] of blue) {
      const after = green.get(key)!;
      expect([key, after.length]).toEqual([key, before.length]);
      before.forEach((line, i) => {
        if (line !== after[i]) changes.push([key, line.trim(), after[i].trim()]);
      });
    }
    expect(changes).toEqual([
      ['Service/web', `${TRACK_LABEL}: blue`, `${TRACK_LABEL}: green`],
      ['Service/web-preview', `${TRACK_LABEL}: green`, `${TRACK_LABEL}: blue`],
    ]);
  });

  test('runs the idle slot with idleReplicas, and budgets nothing for an idle slot scaled to zero', () => {
    const objects = synth(web(Slot.GREEN, { idleReplicas: 0 }));

    expect(ofKind(objects, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['web-blue', 0], ['web-green', 3]]);
    expect(ofKind(objects, 'PodDisruptionBudget').map((b) => b.metadata.name)).toEqual(['web-green']);
  });

  test('autoscales the active slot, and the idle one alike unless idleReplicas is given', () => {
    const autoscaled = { autoscaling: { minReplicas: 2, maxReplicas: 6 } };
    const both = synth(web(Slot.BLUE, {}, autoscaled));
    const activeOnly = synth(web(Slot.BLUE, { idleReplicas: 1 }, autoscaled));

    expect(ofKind(both, 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, h.spec.scaleTargetRef.name, h.spec.minReplicas, h.spec.maxReplicas]))
      .toEqual([['web-blue', 'web-blue', 2, 6], ['web-green', 'web-green', 2, 6]]);
    expect(ofKind(activeOnly, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).toEqual(['web-blue']);
    expect(ofKind(activeOnly, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['web-blue', undefined], ['web-green', 1]]);
  });

  test('publishes the Service of the active slot only', () => {
    const app = web(Slot.BLUE, {}, { replicas: 2, ingress: { port: 'http', host: 'shop.dev.example.com' } });

    expect(ofKind(synth(app), 'Ingress').map((i) => i.spec.rules[0].http.paths[0].backend.service.name)).toEqual(['web']);
  });

  test('fails when given a release of another kind', () => {
    const rolling = resolvedApp(appPlatform([webApp()]));

    expect(() => new BlueGreenRenderer().workloads(rolling)).toThrow(/^web: expected a blue-green release, got rolling$/);
    expect(() => new BlueGreenRenderer().services(rolling)).toThrow(/^web: expected a blue-green release, got rolling$/);
  });
});
