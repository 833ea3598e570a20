import { Testing } from 'cdk8s';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { PlatformDefinition } from '../../../lib/platform/platform-definition';
import { CanaryStrategy, EFFECTIVE_WEIGHT_ANNOTATION } from '../../../lib/app/release/canary';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { appPlatform, devOverriding, devWith, DIGEST, inherited, own, PINNED, productionWith, resolve, resolvedApp, WEB_IMAGE, webApp } from '../fixtures';
import { exactly, Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';
import { promotionOf } from './fixtures';

const APP_LABEL = 'app.kubernetes.io/name';
const EFFECTIVE_WEIGHT = 'platform.example.com/canary-effective-weight';
const trackPods = (track: string) => ({ [APP_LABEL]: 'web', [TRACK_LABEL]: track });

/** `web` in dev with a canary of 1.5.0 at `weight`; `patch` is spread over the app (10 replicas unless it says). */
function web(weight: number, patch: Loose = { replicas: 10 }): App {
  return resolvedApp(appPlatform([webApp({ ...patch, strategy: ReleaseStrategy.canary({ weight, canary: { version: '1.5.0' }, progressDeadlineSeconds: 300 }) })]));
}

/** The canary and stable tracks of `web` under a canary release. */
function canaryOf(definition: PlatformDefinition, env = 'dev') {
  const release = resolvedApp(definition, env).release;
  if (release.kind !== 'canary') {
    throw new Error(`expected a canary release, got ${release.kind}`);
  }
  const [stable, canary] = release.tracks;
  return { release, stable, canary };
}

function synth(app: App): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app });
  return Testing.synth(chart);
}

describe('CanaryStrategy', () => {
  const objects = synth(web(30));

  describe('canary rounding', () => {
    // canary = round(N × weight / 100), at least 1 (2 protected) unless the weight is 0; stable = N − canary, at least 1 (2 protected).
    // N = 0 is refused (see 'fails when a canary runs on an app scaled to zero').
    test.each([
      // N, weight, protected → canary, stable, effective weight
      [10, 20, false, 2, 8, 20],
      [10, 0, false, 0, 10, 0],
      [4, 10, false, 1, 3, 25],
      [1, 50, false, 1, 1, 50],
      [3, 50, false, 2, 1, 67],
      [2, 99, false, 2, 1, 67],
      [10, 20, true, 2, 8, 20],
      [10, 50, true, 5, 5, 50],
      [5, 10, true, 2, 3, 40],
      [2, 10, true, 2, 2, 50],
      [3, 0, true, 0, 3, 0],
    ])('%i replicas at weight %i (protected: %s) → %i canary, %i stable, %i%%', (replicas, weight, isProtected, canaryPods, stablePods, effective) => {
      const env = isProtected ? 'production' : 'dev';
      const definition = appPlatform([webApp()], {
        [env]: { apps: { web: { replicas, strategy: ReleaseStrategy.canary({ weight, canary: { version: '1.5.0' } }) } } },
      });
      const { release, stable, canary } = canaryOf(definition, env);

      expect([canary.replicas, stable.replicas, release.effectiveWeight, release.weight]).toEqual([canaryPods, stablePods, effective, weight]);
      expect(stable).toEqual({ name: 'stable', image: `${WEB_IMAGE}:1.4.2`, replicas: stablePods, serving: true });
      expect(canary).toEqual({ name: 'canary', image: `${WEB_IMAGE}:1.5.0`, replicas: canaryPods, serving: true });
    });

    test.each([
      // min, max, weight, protected → canary, stable autoscaler bounds, effective weight
      [4, 10, 25, false, 1, { minReplicas: 3, maxReplicas: 9 }, 25],
      [10, 30, 20, true, 2, { minReplicas: 8, maxReplicas: 28 }, 20],
      [2, 2, 50, false, 1, { minReplicas: 1, maxReplicas: 2 }, 50],
      [2, 3, 50, true, 2, { minReplicas: 2, maxReplicas: 3 }, 50],
      [4, 10, 0, false, 0, { minReplicas: 4, maxReplicas: 10 }, 0],
    ])('autoscaled %i–%i at weight %i (protected: %s) → %i canary, stable %o, %i%%', (min, max, weight, isProtected, canaryPods, bounds, effective) => {
      const env = isProtected ? 'production' : 'dev';
      const strategy = ReleaseStrategy.canary({ weight, canary: { digest: DIGEST } });
      const definition = appPlatform([webApp()], { [env]: { apps: { web: { autoscaling: { minReplicas: min, maxReplicas: max }, strategy } } } });
      const { release, stable, canary } = canaryOf(definition, env);

      // The stable track scales from its share of the minimum up to what leaves room for the canary under the maximum.
      expect(stable).toEqual({ name: 'stable', image: `${WEB_IMAGE}:1.4.2`, autoscaling: bounds, serving: true });
      expect(canary).toEqual({ name: 'canary', image: `${WEB_IMAGE}@${DIGEST}`, replicas: canaryPods, serving: true });
      expect(release.effectiveWeight).toBe(effective);
    });

    test('keeps the progress deadline given', () => {
      const definition = devWith({ replicas: 4, strategy: ReleaseStrategy.canary({ weight: 50, canary: { version: '1.5.0' }, progressDeadlineSeconds: 90 }) });

      expect(canaryOf(definition).release.progressDeadlineSeconds).toBe(90);
    });
  });


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
    expect(EFFECTIVE_WEIGHT_ANNOTATION).toBe(EFFECTIVE_WEIGHT);
    expect(findObject(objects, 'Deployment', 'web').metadata.annotations).toBeUndefined();
    // Rounded up to one pod: 1 canary of 3 pods is 33%, not the 10% asked for.
    expect(findObject(synth(web(10, { replicas: 3 })), 'Deployment', 'web-canary').metadata.annotations).toEqual({ [EFFECTIVE_WEIGHT]: '33%' });
  });

  test('puts both tracks behind one Service, whose selector names no track', () => {
    expect(ofKind(objects, 'Service').map((s) => [s.metadata.name, s.spec.selector])).toEqual([['web', { [APP_LABEL]: 'web' }]]);
    expect(new CanaryStrategy().services(web(30))).toEqual([{ name: 'web', trackLabels: {} }]);
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

  describe('promotion', () => {
    const strategy = new CanaryStrategy();
    const target = ReleaseStrategy.canary({ weight: 20, canary: { version: '1.4.3' } });

    test('serves the stable track, the app\'s own version', () => {
      expect(strategy.servedPin(target, { version: '1.4.2' })).toEqual({ version: '1.4.2' });
      expect([strategy.runsAppVersion, strategy.holdsPins, strategy.multiTrack]).toEqual([true, true, true]);
    });

    test('makes the version the source serves the canary, and leaves the weight as it is', () => {
      const promotion = promotionOf({ served: { version: '1.5.0' }, appPin: { version: '1.4.2' } });

      expect(strategy.promote(target, promotion.context)).toBe('1.5.0 as the canary at weight 20% (raising the weight is the release)');
      expect(promotion.edits).toEqual([['pin', ['canary'], { version: '1.5.0' }, { version: '1.4.3' }]]);
    });

    test('changes nothing when the stable track runs the version already', () => {
      const promotion = promotionOf({ served: { version: '1.4.2' }, appPin: { version: '1.4.2' } });

      expect(strategy.promote(target, promotion.context)).toBe('its stable track runs 1.4.2');
      expect(promotion.edits).toEqual([]);
    });

    test('from a canary source, copies the stable and the canary pin, and leaves the weight as it is', () => {
      const source = ReleaseStrategy.canary({ weight: 50, canary: { digest: DIGEST } });
      const promotion = promotionOf({ served: { version: '1.4.9' }, appPin: { version: '1.4.2' } });

      expect(strategy.promoteAlike(source, target, promotion.context)).toBe(`canary as in "staging": stable 1.4.9, canary @${DIGEST} (weight stays 20%)`);
      expect(promotion.edits).toEqual([['appPin', { version: '1.4.9' }], ['pin', ['canary'], { digest: DIGEST }, { version: '1.4.3' }]]);
    });

    test('fails when the source\'s canary runs no pods', () => {
      const source = ReleaseStrategy.canary({ weight: 0, canary: { version: '1.6.0' } });
      const promotion = promotionOf({ served: { version: '1.4.9' } });

      expect(() => strategy.promoteAlike(source, target, promotion.context)).toThrow(new Error('app "web": the canary of "staging" (1.6.0) has weight 0 '
        + 'and runs no pods, so "staging" does not run that version; raise its weight in "staging" or promote without app "web" (--app)'));
      expect(promotion.edits).toEqual([]);
    });
  });

  test('fails when given a release of another kind', () => {
    const rolling = resolvedApp(appPlatform([webApp()]));

    expect(() => new CanaryStrategy().workloads(rolling)).toThrow(/^web: expected a canary release, got rolling$/);
  });

  test('fails when a protected environment runs a canary at latest', () => {
    const strategy = ReleaseStrategy.canary({ weight: 20, canary: { version: 'latest' } });

    expect(() => resolve(productionWith({ replicas: 4, strategy }))).toThrow(exactly(own('strategy.canary.version', '"latest"', PINNED, 'production')));
  });

  test('fails when a canary asks for all the traffic', () => {
    expect(() => resolve(devOverriding({ strategy: ReleaseStrategy.canary({ weight: 100, canary: { version: '1.5.0' } }) }))).toThrow(exactly(
      own('strategy.weight', '100', 'expected 0 to 99; to give the canary all traffic, promote it: set version to the canary\'s and switch back to rolling'),
    ));
  });

  test('fails when a canary runs on an app scaled to zero, at any weight', () => {
    const zero = 'replicas is 0: an app scaled to zero runs no canary (each track keeps at least one pod); set replicas, or release it rolling while it is down';
    for (const weight of [0, 20]) {
      expect(() => resolve(devOverriding({ replicas: 0, strategy: ReleaseStrategy.canary({ weight, canary: { version: '1.5.0' } }) }))).toThrow(exactly(
        own('strategy.kind', '"canary"', zero),
      ));
    }
    expect(resolvedApp(devOverriding({ replicas: 0 })).release.tracks[0].replicas).toBe(0);
  });

  test('fails when a canary has no pin, in any environment', () => {
    expect(() => resolve(devOverriding({ strategy: ReleaseStrategy.canary({ weight: 10, canary: {} }) }))).toThrow(exactly(
      own('strategy.canary', '{}', 'expected version or digest: the canary runs a pinned version'),
    ));
  });

  test.each([
    ['a weight above 100', { weight: 120 }, '120', 'expected a weight in percent from 0 to 100'],
    ['a weight below 0', { weight: -5 }, '-5', 'expected a weight in percent from 0 to 100'],
    ['a weight that is not whole', { weight: 12.5 }, '12.5', 'expected a whole percentage from 0 to 100'],
    ['a weight that is not a number', { weight: 'ten' }, '"ten"', 'expected a weight in percent from 0 to 100'],
  ])('fails when the settings have %s', (_what, patch, value, allowed) => {
    expect(() => resolve(devWith({ strategy: { kind: 'canary', canary: { version: '2' }, ...patch } }))).toThrow(exactly(
      inherited('strategy.weight', value, allowed),
    ));
  });

  test('fails when an environment adds an unknown field to a strategy, listing the fields of that strategy', () => {
    expect(() => resolve(devOverriding({ strategy: { kind: 'canary', weight: 10, canary: { version: '2' }, surge: 1 } }))).toThrow(exactly(
      own('strategy.surge', '1', 'unknown field; allowed fields here: kind, weight, canary, maxSurge, maxUnavailable, minReadySeconds, '
        + 'progressDeadlineSeconds, revisionHistoryLimit'),
    ));
  });

  test('rolls each track with the rolling defaults, and with the rollout settings given', () => {
    const defaults = synth(resolvedApp(appPlatform([webApp({ replicas: 4, strategy: ReleaseStrategy.canary({ weight: 25, canary: { version: '1.5.0' } }) })])));
    for (const deployment of ofKind(defaults, 'Deployment')) {
      expect(deployment.spec).toMatchObject({
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        minReadySeconds: 10,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 5,
      });
    }
    const strategy = ReleaseStrategy.canary({ weight: 25, canary: { version: '1.5.0' }, maxSurge: 2, maxUnavailable: 1, minReadySeconds: 0, revisionHistoryLimit: 3 });
    const given = synth(resolvedApp(appPlatform([webApp({ replicas: 4, strategy })])));
    expect(ofKind(given, 'Deployment').map((d) => [d.metadata.name, d.spec.strategy.rollingUpdate, d.spec.minReadySeconds, d.spec.revisionHistoryLimit]))
      .toEqual([['web', { maxSurge: 2, maxUnavailable: 1 }, 0, 3], ['web-canary', { maxSurge: 2, maxUnavailable: 1 }, 0, 3]]);
  });

  test('fails when a track\'s rollout could neither add nor remove a pod', () => {
    expect(() => resolve(devOverriding({ strategy: ReleaseStrategy.canary({ weight: 10, canary: { version: '2' }, maxSurge: 0 }) }))).toThrow(exactly(
      own('strategy.maxSurge', '0', 'expected more than 0 while maxUnavailable is 0: a rollout could neither add a pod nor remove one'),
    ));
  });
});
