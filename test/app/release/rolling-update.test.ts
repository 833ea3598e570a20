import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { RollingUpdateRenderer } from '../../../lib/app/release/rolling-update';
import { appPlatform, resolvedApp, webApp } from '../fixtures';
import { Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';

const STABLE_PODS = { 'app.kubernetes.io/name': 'web', [TRACK_LABEL]: 'stable' };

function web(patch: Loose = {}): App {
  return resolvedApp(appPlatform([webApp(patch)]));
}

function synth(app: App): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app });
  return Testing.synth(chart);
}

describe('RollingUpdateRenderer', () => {
  test('plans one workload named after the app, labelled as the stable track, with the rolling update fields', () => {
    const app = web({ replicas: 2 });

    expect(new RollingUpdateRenderer().workloads(app)).toEqual([{
      name: 'web',
      track: app.release.tracks[0],
      trackLabels: { [TRACK_LABEL]: 'stable' },
      deployment: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        minReadySeconds: 10,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 5,
      },
    }]);
    expect(new RollingUpdateRenderer().services(app)).toEqual([{ name: 'web', trackLabels: {} }]);
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

  test('fails when given a release of another kind', () => {
    const app = web({ replicas: 2, strategy: ReleaseStrategy.recreate() });

    expect(() => new RollingUpdateRenderer().workloads(app)).toThrow(/^web: expected a rolling release, got recreate$/);
  });
});
