import { App } from '../app-model';
import { ReleaseStrategyRenderer, ServicePlan, WorkloadPlan } from './release-strategy';

/**
 * Blue-green: two full workloads, `<app>-blue` and `<app>-green`. The Service `<app>` selects the active slot and
 * `<app>-preview` the idle one, so the new version can be tested before it takes traffic. Switching `active` in the
 * definition changes one selector line in each Service; switching back is the rollback.
 */
export class BlueGreenRenderer implements ReleaseStrategyRenderer {
  public workloads(app: App): WorkloadPlan[] {
    const release = app.release;
    if (release.kind !== 'blue-green') throw new Error(`${app.name}: expected a blue-green release, got ${release.kind}`);
    return release.tracks.map((track) => ({
      name: `${app.name}-${track.name}`,
      track,
      trackLabels: { [app.labelKeys.track]: track.name! },
      deployment: {
        // Within a slot a new version rolls as usual; the switch between slots is the release.
        strategy: { type: 'RollingUpdate' },
        progressDeadlineSeconds: release.progressDeadlineSeconds,
      },
    }));
  }

  public services(app: App): ServicePlan[] {
    const release = app.release;
    if (release.kind !== 'blue-green') throw new Error(`${app.name}: expected a blue-green release, got ${release.kind}`);
    const idle = release.tracks.find((t) => !t.serving)!;
    return [
      { name: app.name, trackLabels: { [app.labelKeys.track]: release.active } },
      { name: `${app.name}-preview`, trackLabels: { [app.labelKeys.track]: idle.name! } },
    ];
  }
}
