import { Testing, Yaml } from 'cdk8s';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy, Slot } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { BlueGreenStrategy } from '../../../lib/app/release/blue-green';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { appPlatform, devOverriding, devWith, DIGEST, inherited, own, PINNED, productionWith, resolve, resolvedApp, WEB_IMAGE, webApp } from '../fixtures';
import { exactly, Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';
import { promotionOf } from './fixtures';

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

describe('BlueGreenStrategy', () => {
  const objects = synth(web(Slot.BLUE));

  describe('resolution', () => {
    test('runs both slots, each with its pin; the active one serves and gives the app its image', () => {
      const app = resolvedApp(devWith({
        replicas: 3,
        strategy: ReleaseStrategy.blueGreen({ active: Slot.GREEN, blue: { version: '1.4.1' }, green: { digest: DIGEST }, progressDeadlineSeconds: 300 }),
      }));

      expect(app.release).toEqual({
        kind: 'blue-green',
        active: 'green',
        maxSurge: '25%',
        maxUnavailable: 0,
        minReadySeconds: 10,
        progressDeadlineSeconds: 300,
        revisionHistoryLimit: 5,
        tracks: [
          { name: 'blue', image: `${WEB_IMAGE}:1.4.1`, replicas: 3, serving: false },
          { name: 'green', image: `${WEB_IMAGE}@${DIGEST}`, replicas: 3, serving: true },
        ],
      });
      expect(app.image).toBe(`${WEB_IMAGE}@${DIGEST}`);
    });

    test('gives the idle slot idleReplicas, fixed, and leaves the autoscaler to the active one', () => {
      const app = resolvedApp(devWith({
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.4.1' }, green: { version: '1.4.2' }, idleReplicas: 1 }),
      }));

      expect(app.release.tracks).toEqual([
        { name: 'blue', image: `${WEB_IMAGE}:1.4.1`, autoscaling: { minReplicas: 2, maxReplicas: 6 }, serving: true },
        { name: 'green', image: `${WEB_IMAGE}:1.4.2`, replicas: 1, serving: false },
      ]);
      expect(app.image).toBe(`${WEB_IMAGE}:1.4.1`);
    });

    test('autoscales both slots alike without idleReplicas, so a switch needs no scale-up', () => {
      const app = resolvedApp(devWith({
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        strategy: ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.4.1' }, green: { version: '1.4.2' } }),
      }));

      expect(app.release.tracks.map((t) => [t.name, t.replicas, t.autoscaling])).toEqual([
        ['blue', undefined, { minReplicas: 2, maxReplicas: 6 }],
        ['green', undefined, { minReplicas: 2, maxReplicas: 6 }],
      ]);
    });

    test('neither checks nor runs the app\'s own version, even where images must be pinned', () => {
      const strategy = ReleaseStrategy.blueGreen({ active: Slot.GREEN, blue: { version: '1.4.1' }, green: { version: '1.4.2' } });
      const app = resolvedApp(productionWith({ replicas: 2, strategy }, { version: 'latest' }), 'production');

      expect([app.image, app.release.tracks.map((t) => t.image)]).toEqual([`${WEB_IMAGE}:1.4.2`, [`${WEB_IMAGE}:1.4.1`, `${WEB_IMAGE}:1.4.2`]]);
    });
  });


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

  test('rolls within each slot with the rolling defaults, not Kubernetes\' own (25% unavailable, no minimum ready time, 10 ReplicaSets)', () => {
    for (const deployment of ofKind(objects, 'Deployment')) {
      expect(deployment.spec).toMatchObject({
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        minReadySeconds: 10,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 5,
      });
    }
  });

  test('rolls within a slot with the rollout settings given, as a rolling release takes them', () => {
    const settings = { maxSurge: 1, maxUnavailable: '10%', minReadySeconds: 30, progressDeadlineSeconds: 300, revisionHistoryLimit: 2 };
    const deployment = findObject(synth(web(Slot.BLUE, settings)), 'Deployment', 'web-green');

    expect(deployment.spec).toMatchObject({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } },
      minReadySeconds: 30,
      progressDeadlineSeconds: 300,
      revisionHistoryLimit: 2,
    });
  });

  test('the Service selects the active slot and the preview Service the idle one', () => {
    const services = ofKind(objects, 'Service');

    expect(services.map((s) => [s.metadata.name, s.spec.selector])).toEqual([['web', slotPods('blue')], ['web-preview', slotPods('green')]]);
    expect(new BlueGreenStrategy().services(web(Slot.GREEN))).toEqual([
      { name: 'web', trackLabels: { [TRACK_LABEL]: 'green' } },
      { name: 'web-preview', trackLabels: { [TRACK_LABEL]: 'blue' }, preview: true },
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

  describe('promotion', () => {
    const strategy = new BlueGreenStrategy();
    const target = ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.4.1' }, green: { version: '1.4.2' } });

    test('serves the active slot\'s pin, not the app\'s own version', () => {
      expect(strategy.servedPin(target, { version: '9.9.9' })).toEqual({ version: '1.4.1' });
      expect(strategy.servedPin({ ...target, active: Slot.GREEN }, {})).toEqual({ version: '1.4.2' });
      expect([strategy.runsAppVersion, strategy.holdsPins, strategy.multiTrack]).toEqual([false, true, true]);
    });

    test('puts the version the source serves in the idle slot, and leaves active as it is', () => {
      const promotion = promotionOf({ served: { version: '1.5.0' } });

      expect(strategy.promote(target, promotion.context))
        .toBe('1.5.0 in the idle slot green (reachable through web-preview); active stays blue: switching it is the release');
      expect(promotion.edits).toEqual([['pin', ['green'], { version: '1.5.0' }, { version: '1.4.2' }]]);
    });

    test('changes nothing when the active slot serves the version already', () => {
      const promotion = promotionOf({ served: { version: '1.4.1' } });

      expect(strategy.promote(target, promotion.context)).toBe('serves 1.4.1 in its active slot blue');
      expect(promotion.edits).toEqual([]);
    });

    test('from a blue-green source, copies both slots and the active one', () => {
      const source = ReleaseStrategy.blueGreen({ active: Slot.GREEN, blue: { version: '1.4.2' }, green: { digest: DIGEST } });
      const promotion = promotionOf({ served: { digest: DIGEST } });

      expect(strategy.promoteAlike(source, target, promotion.context)).toBe(`blue-green as in "staging": blue 1.4.2, green @${DIGEST}, active green`);
      expect(promotion.edits).toEqual([
        ['pin', ['blue'], { version: '1.4.2' }, { version: '1.4.1' }],
        ['pin', ['green'], { digest: DIGEST }, { version: '1.4.2' }],
        ['field', 'active', 'green', 'blue'],
      ]);
    });
  });

  test('fails when given a release of another kind', () => {
    const rolling = resolvedApp(appPlatform([webApp()]));

    expect(() => new BlueGreenStrategy().workloads(rolling)).toThrow(/^web: expected a blue-green release, got rolling$/);
    expect(() => new BlueGreenStrategy().services(rolling)).toThrow(/^web: expected a blue-green release, got rolling$/);
  });

  test('fails when a protected environment runs a slot at latest or without a pin', () => {
    const strategy = ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: 'latest' }, green: {} });

    expect(() => resolve(productionWith({ replicas: 2, strategy }))).toThrow(exactly(
      own('strategy.blue.version', '"latest"', PINNED, 'production'),
      own('strategy.green.version', 'missing', PINNED, 'production'),
    ));
  });

  test('fails when a blue-green slot has no pin in an environment that is not protected', () => {
    const strategy = ReleaseStrategy.blueGreen({ active: Slot.BLUE, blue: { version: '1.4.1' }, green: {} });

    expect(() => resolve(devOverriding({ strategy }))).toThrow(exactly(own('strategy.green', '{}', 'expected version or digest: each slot runs a pinned version')));
  });

  test('fails when a slot\'s rollout could neither add nor remove a pod, or a pod could not count as available in time', () => {
    const slots = { active: Slot.BLUE, blue: { version: '1.4.1' }, green: { version: '1.4.2' } };

    expect(() => resolve(devOverriding({ strategy: ReleaseStrategy.blueGreen({ ...slots, maxSurge: '0%', maxUnavailable: 0 }) }))).toThrow(exactly(
      own('strategy.maxSurge', '"0%"', 'expected more than 0 while maxUnavailable is 0: a rollout could neither add a pod nor remove one'),
    ));
    const slow = ReleaseStrategy.blueGreen({ ...slots, minReadySeconds: 120, progressDeadlineSeconds: 60 });
    expect(() => resolve(devOverriding({ strategy: slow }))).toThrow(exactly(
      own('strategy.minReadySeconds', '120', 'expected less than progressDeadlineSeconds (60): a pod must be able to count as available before the '
        + 'rollout is reported as failed'),
    ));
  });

  test('fails when the active slot is not a slot', () => {
    expect(() => resolve(devWith({ strategy: { kind: 'blue-green', active: 'red', blue: {}, green: {} } }))).toThrow(exactly(
      inherited('strategy.active', '"red"', 'expected one of "blue", "green"'),
    ));
  });
});
