import { k8s } from 'cdk8s-plus-27';
import { App } from '../app-model';
import { ReleaseStrategyRenderer, ServicePlan, singleTrackLabels, WorkloadPlan } from './release-strategy';

/**
 * Rolling update: one workload, pods replaced a few at a time. A rollout that makes no progress for
 * `progressDeadlineSeconds` is marked `ProgressDeadlineExceeded`; `kubectl rollout undo` (or reverting the version in
 * the definition) rolls back.
 */
export class RollingUpdateRenderer implements ReleaseStrategyRenderer {
  public workloads(app: App): WorkloadPlan[] {
    const release = app.release;
    if (release.kind !== 'rolling') throw new Error(`${app.name}: expected a rolling release, got ${release.kind}`);
    return [{
      name: app.name,
      track: release.tracks[0],
      trackLabels: singleTrackLabels(app),
      deployment: {
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: intOrString(release.maxSurge), maxUnavailable: intOrString(release.maxUnavailable) },
        },
        minReadySeconds: release.minReadySeconds,
        progressDeadlineSeconds: release.progressDeadlineSeconds,
        revisionHistoryLimit: release.revisionHistoryLimit,
      },
    }];
  }

  public services(app: App): ServicePlan[] {
    return [{ name: app.name, trackLabels: {} }];
  }
}

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}
