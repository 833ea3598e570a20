import { App } from '../app-model';
import { ReleaseStrategyRenderer, ServicePlan, WorkloadPlan } from './release-strategy';

/**
 * Canary: the stable workload `<app>` and the canary workload `<app>-canary` run behind the one Service `<app>`, which
 * selects both; the share of traffic follows the share of ready pods. Promotion sets the app's version to the
 * canary's and the strategy back to rolling; abort sets the weight to 0 (the canary scales to zero).
 */
export class CanaryRenderer implements ReleaseStrategyRenderer {
  public workloads(app: App): WorkloadPlan[] {
    const release = app.release;
    if (release.kind !== 'canary') throw new Error(`${app.name}: expected a canary release, got ${release.kind}`);
    return release.tracks.map((track) => ({
      name: track.name === 'canary' ? `${app.name}-canary` : app.name,
      track,
      trackLabels: { [app.labelKeys.track]: track.name! },
      deployment: { strategy: { type: 'RollingUpdate' }, progressDeadlineSeconds: release.progressDeadlineSeconds },
    }));
  }

  public services(app: App): ServicePlan[] {
    return [{ name: app.name, trackLabels: {} }];
  }
}
