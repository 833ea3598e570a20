import { Testing } from 'cdk8s';
import { App } from '../../../lib/app/app-model';
import { ReleaseStrategy } from '../../../lib/app/app-types';
import { Application } from '../../../lib/app/application';
import { RecreateRenderer } from '../../../lib/app/release/recreate';
import { TRACK_LABEL } from '../../../lib/app/release/release-strategy';
import { appPlatform, resolvedApp, webApp } from '../fixtures';
import { Loose } from '../../platform/fixtures';
import { findObject, ofKind } from '../../builders';

const STABLE_PODS = { 'app.kubernetes.io/name': 'web', [TRACK_LABEL]: 'stable' };

function web(patch: Loose = {}): App {
  return resolvedApp(appPlatform([webApp({ replicas: 2, strategy: ReleaseStrategy.recreate(), ...patch })]));
}

function synth(app: App): any[] {
  const chart = Testing.chart();
  new Application(chart, 'web', { app });
  return Testing.synth(chart);
}

describe('RecreateRenderer', () => {
  test('plans one workload named after the app, labelled as the stable track, replaced all at once', () => {
    const app = web();

    expect(new RecreateRenderer().workloads(app)).toEqual([{
      name: 'web',
      track: app.release.tracks[0],
      trackLabels: { [TRACK_LABEL]: 'stable' },
      deployment: { strategy: { type: 'Recreate' }, progressDeadlineSeconds: 600, revisionHistoryLimit: 5 },
    }]);
    expect(new RecreateRenderer().services(app)).toEqual([{ name: 'web', trackLabels: {} }]);
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
    expect(findObject(objects, 'PodDisruptionBudget', 'web').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: STABLE_PODS } });
  });

  test('fails when given a release of another kind', () => {
    const app = web({ strategy: ReleaseStrategy.rolling() });

    expect(() => new RecreateRenderer().workloads(app)).toThrow(/^web: expected a recreate release, got rolling$/);
  });
});
