import { Testing } from 'cdk8s';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { RollingStrategy } from '../../../lib/app/release/rolling';
import { appPlatform, devOverriding, devWith, inherited, own, resolve, resolvedApp, WEB_IMAGE, webApp } from '../fixtures';
import { exactly, Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';
import { promotionOf } from './fixtures';

const STABLE_PODS = { 'app.kubernetes.io/name': 'web', [TRACK_LABEL]: 'stable' };

function web(patch: Loose = {}): App {
  return resolvedApp(appPlatform([webApp(patch)]));
}

function synth(app: App): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app });
  return Testing.synth(chart);
}

describe('RollingStrategy', () => {
  test('is the release of an app that names no strategy, with every default filled in', () => {
    expect(web({ replicas: 2 }).release).toEqual({
      kind: 'rolling',
      maxSurge: '25%',
      maxUnavailable: 0,
      minReadySeconds: 10,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 5,
      tracks: [{ image: `${WEB_IMAGE}:1.4.2`, replicas: 2, serving: true }],
    });
    expect(web({ strategy: ReleaseStrategy.rolling() }).release).toEqual(web().release);
  });

  test('plans one workload named after the app, labelled as the stable track, with the rolling update fields', () => {
    const app = web({ replicas: 2 });

    expect(new RollingStrategy().workloads(app)).toEqual([{
      name: 'web',
      track: app.release.tracks[0],
      trackLabels: { [TRACK_LABEL]: 'stable' },
      deployment: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        minReadySeconds: 10,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 5,
      },
    }]);
    expect(new RollingStrategy().services(app)).toEqual([{ name: 'web', trackLabels: {} }]);
  });

  test('renders the Deployment with the strategy given, numbers and percentages alike', () => {
    const objects = synth(web({
      replicas: 4,
      strategy: ReleaseStrategy.rolling({ maxSurge: 1, maxUnavailable: '50%', minReadySeconds: 0, progressDeadlineSeconds: 120, revisionHistoryLimit: 1 }),
    }));
    const deployment = findObject(objects, 'Deployment', 'web');

    expect([deployment.spec.replicas, deployment.spec.selector, deployment.spec.template.metadata.labels]).toEqual([
      4, { matchLabels: STABLE_PODS }, { ...STABLE_PODS, 'app.kubernetes.io/version': '1.4.2' },
    ]);
    expect(deployment.spec).toMatchObject({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '50%' } },
      minReadySeconds: 0,
      progressDeadlineSeconds: 120,
      revisionHistoryLimit: 1,
    });
  });

  test('renders one Service that selects the app\'s pods without a track', () => {
    const services = ofKind(synth(web()), 'Service');

    expect(services.map((s) => [s.metadata.name, s.spec.selector])).toEqual([['web', { 'app.kubernetes.io/name': 'web' }]]);
  });

  test('renders no Service for an app without ports', () => {
    const worker = web({ ports: undefined, probes: { readiness: { exec: { command: ['r'] } }, liveness: { exec: { command: ['l'] } } } });

    expect(ofKind(synth(worker), 'Service')).toEqual([]);
  });

  test('serves the app\'s own version, and promotion sets it to the version the source serves', () => {
    const strategy = new RollingStrategy();
    const promotion = promotionOf({ served: { version: '1.5.0' }, appPin: { version: '1.4.2' } });

    expect(strategy.servedPin(ReleaseStrategy.rolling(), { version: '1.4.2' })).toEqual({ version: '1.4.2' });
    expect(strategy.promote(ReleaseStrategy.rolling(), promotion.context)).toBe('runs 1.5.0');
    expect(promotion.edits).toEqual([['appPin', { version: '1.5.0' }]]);
    expect([strategy.runsAppVersion, strategy.holdsPins, strategy.multiTrack]).toEqual([true, false, false]);
  });

  test('fails when given a release of another kind', () => {
    const app = web({ replicas: 2, strategy: ReleaseStrategy.recreate() });

    expect(() => new RollingStrategy().workloads(app)).toThrow(/^web: expected a rolling release, got recreate$/);
  });

  test('fails when a rolling update could neither add nor remove a pod', () => {
    expect(() => resolve(devOverriding({ strategy: ReleaseStrategy.rolling({ maxSurge: 0, maxUnavailable: 1 }) }))).not.toThrow();
    expect(() => resolve(devOverriding({ strategy: ReleaseStrategy.rolling({ maxSurge: '0%' }) }))).toThrow(exactly(
      own('strategy.maxSurge', '"0%"', 'expected more than 0 while maxUnavailable is 0: a rollout could neither add a pod nor remove one'),
    ));
  });

  test('fails when a pod could not count as available before the progress deadline', () => {
    expect(() => resolve(devWith({ strategy: ReleaseStrategy.rolling({ minReadySeconds: 600 }) }))).toThrow(exactly(
      inherited('strategy.minReadySeconds', '600', 'expected less than progressDeadlineSeconds (600): a pod must be able to count as available before the '
        + 'rollout is reported as failed'),
    ));
  });

  test('fails when an app with storage sets rolling settings a StatefulSet does not have', () => {
    const storage = { size: '10Gi', mountPath: '/data' };
    const strategy = ReleaseStrategy.rolling({ maxSurge: 1, maxUnavailable: '50%', progressDeadlineSeconds: 900, minReadySeconds: 5 });
    const tail = 'remove it (minReadySeconds and revisionHistoryLimit apply)';

    expect(() => resolve(devWith({ storage, strategy }))).toThrow(exactly(
      inherited('strategy.maxSurge', '1', `apps with storage run as a StatefulSet: a StatefulSet never runs an extra pod during an update; ${tail}`),
      inherited('strategy.maxUnavailable', '"50%"', 'apps with storage run as a StatefulSet: a StatefulSet updates one pod at a time (maxUnavailable for '
        + `StatefulSets is alpha in Kubernetes 1.27); ${tail}`),
      inherited('strategy.progressDeadlineSeconds', '900', `apps with storage run as a StatefulSet: a StatefulSet has no progress deadline; ${tail}`),
    ));
    expect(() => resolve(devWith({ storage, strategy: ReleaseStrategy.rolling({ minReadySeconds: 5, revisionHistoryLimit: 3 }) }))).not.toThrow();
  });

  test.each([
    ['a maxSurge that is neither number nor percentage', { kind: 'rolling', maxSurge: 'many' }, 'strategy.maxSurge', '"many"',
      'expected a whole number or a percentage such as "25%"'],
    ['minReadySeconds that are not whole', { kind: 'rolling', minReadySeconds: 2.5 }, 'strategy.minReadySeconds', '2.5',
      'expected minReadySeconds in whole seconds'],
  ])('fails when the settings have %s', (_what, strategy, path, value, allowed) => {
    expect(() => resolve(devWith({ strategy }))).toThrow(exactly(inherited(path, value, allowed)));
  });
});
