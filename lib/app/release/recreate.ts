import { App } from '../app-model';
import { ReleaseStrategyRenderer, ServicePlan, singleTrackLabels, WorkloadPlan } from './release-strategy';

/** Recreate: every old pod stops before a new one starts — a short outage, for apps that cannot run two versions. */
export class RecreateRenderer implements ReleaseStrategyRenderer {
  public workloads(app: App): WorkloadPlan[] {
    const release = app.release;
    if (release.kind !== 'recreate') throw new Error(`${app.name}: expected a recreate release, got ${release.kind}`);
    return [{
      name: app.name,
      track: release.tracks[0],
      trackLabels: singleTrackLabels(app),
      deployment: {
        strategy: { type: 'Recreate' },
        progressDeadlineSeconds: release.progressDeadlineSeconds,
        revisionHistoryLimit: release.revisionHistoryLimit,
      },
    }];
  }

  public services(app: App): ServicePlan[] {
    return [{ name: app.name, trackLabels: {} }];
  }
}
