import { Testing } from 'cdk8s';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { RecreateStrategy } from '../../../lib/app/release/recreate';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { appPlatform, devWith, inherited, resolve, resolvedApp, WEB_IMAGE, webApp } from '../fixtures';
import { exactly, Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';
import { promotionOf } from './fixtures';

const STABLE_PODS = { 'app.kubernetes.io/name': 'web', [TRACK_LABEL]: 'stable' };

function web(patch: Loose = {}): App {
  return resolvedApp(appPlatform([webApp({ replicas: 2, strategy: ReleaseStrategy.recreate(), ...patch })]));
}

function synth(app: App): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app });
  return Testing.synth(chart);
}

describe('RecreateStrategy', () => {
  test('resolves a recreate release', () => {
    const app = resolvedApp(devWith({ replicas: 2, strategy: ReleaseStrategy.recreate({ progressDeadlineSeconds: 300 }) }));

    expect(app.release).toEqual({
      kind: 'recreate', progressDeadlineSeconds: 300, revisionHistoryLimit: 5, tracks: [{ image: `${WEB_IMAGE}:1.4.2`, replicas: 2, serving: true }],
    });
  });

  test('plans one workload named after the app, labelled as the stable track, replaced all at once', () => {
    const app = web();

    expect(new RecreateStrategy().workloads(app)).toEqual([{
      name: 'web',
      track: app.release.tracks[0],
      trackLabels: { [TRACK_LABEL]: 'stable' },
      deployment: { strategy: { type: 'Recreate' }, progressDeadlineSeconds: 600, revisionHistoryLimit: 5 },
    }]);
    expect(new RecreateStrategy().services(app)).toEqual([{ name: 'web', trackLabels: {} }]);
  });

  test('renders a Recreate Deployment with the deadline and history given, and no rolling update fields', () => {
    const deployment = findObject(synth(web({ strategy: ReleaseStrategy.recreate({ progressDeadlineSeconds: 300, revisionHistoryLimit: 2 }) })),
      'Deployment', 'web');

    expect(deployment.spec).toEqual({
      replicas: 2,
      selector: { matchLabels: STABLE_PODS },
      strategy: { type: 'Recreate' },
      progressDeadlineSeconds: 300,
      revisionHistoryLimit: 2,
      template: expect.objectContaining({ metadata: { labels: { ...STABLE_PODS, 'app.kubernetes.io/version': '1.4.2' } } }),
    });
  });

  test('renders one Service that selects the app\'s pods, and a budget for them', () => {
    const objects = synth(web());

    expect(ofKind(objects, 'Service').map((s) => [s.metadata.name, s.spec.selector])).toEqual([['web', { 'app.kubernetes.io/name': 'web' }]]);
    expect(findObject(objects, 'PodDisruptionBudget', 'web').spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: STABLE_PODS }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('serves the app\'s own version, and promotion sets it to the version the source serves', () => {
    const strategy = new RecreateStrategy();
    const promotion = promotionOf({ served: { digest: 'sha256:1' }, appPin: { version: '1.4.2' } });

    expect(strategy.servedPin(ReleaseStrategy.recreate(), { version: '1.4.2' })).toEqual({ version: '1.4.2' });
    expect(strategy.promote(ReleaseStrategy.recreate(), promotion.context)).toBe('runs @sha256:1');
    expect(promotion.edits).toEqual([['appPin', { digest: 'sha256:1' }]]);
    expect([strategy.runsAppVersion, strategy.holdsPins, strategy.multiTrack]).toEqual([true, false, false]);
  });

  test('fails when given a release of another kind', () => {
    const app = web({ strategy: ReleaseStrategy.rolling() });

    expect(() => new RecreateStrategy().workloads(app)).toThrow(/^web: expected a recreate release, got rolling$/);
  });

  test('fails when the progress deadline is 0', () => {
    expect(() => resolve(devWith({ strategy: { kind: 'recreate', progressDeadlineSeconds: 0 } }))).toThrow(exactly(
      inherited('strategy.progressDeadlineSeconds', '0', 'expected progressDeadlineSeconds of at least 1 seconds'),
    ));
  });
});
