/**
 * Rolling update, the default release: one workload, pods replaced a few at a time. A rollout that makes no progress
 * for `progressDeadlineSeconds` is marked `ProgressDeadlineExceeded`; `kubectl rollout undo` (or reverting the version
 * in the definition) rolls back. The only strategy an app with storage (a StatefulSet) can use.
 */
import { z } from 'zod';
import {
  promoteAppVersion, PromotionContext, ReleaseContext, ReleasedApp, releaseOf, ReleaseStrategyPlugin, ReleaseTrack, ServicePlan, singleTrack,
  singleTrackLabels, StrategyReport, WorkloadPlan,
} from './release-strategy';
import { resolveRollout, Rollout, rollingDeployment, rolloutShape, RolloutSettings } from './rollout';
import { VersionPin } from './version-pin';

export { DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE, DEFAULT_MIN_READY_SECONDS } from './rollout';

/** Rolling update: the rollout settings every Deployment of the platform takes (see rollout.ts). */
export interface RollingStrategySettings extends RolloutSettings {
  /** `ReleaseStrategyKind.ROLLING`. */
  readonly kind: 'rolling';
}

/** A resolved rolling release: its settings with the defaults applied, and its one track. */
export interface RollingRelease extends Rollout {
  readonly kind: 'rolling';
  readonly tracks: ReleaseTrack[];
}

/** What a StatefulSet lacks of the rolling settings, and why: it replaces its pods one at a time, in order. */
const NOT_FOR_STATEFUL_SETS: ReadonlyArray<['maxSurge' | 'maxUnavailable' | 'progressDeadlineSeconds', string]> = [
  ['maxSurge', 'a StatefulSet never runs an extra pod during an update'],
  ['maxUnavailable', 'a StatefulSet updates one pod at a time (maxUnavailable for StatefulSets is alpha in Kubernetes 1.27)'],
  ['progressDeadlineSeconds', 'a StatefulSet has no progress deadline'],
];

/** Rolling update: one workload `<app>`, Deployment `RollingUpdate` (or a StatefulSet's), one Service. */
export class RollingStrategy implements ReleaseStrategyPlugin<RollingStrategySettings, RollingRelease> {
  public readonly kind = 'rolling';
  public readonly schema: z.ZodType<RollingStrategySettings> = z.strictObject({
    kind: z.literal('rolling'),
    ...rolloutShape,
  }) satisfies z.ZodType<RollingStrategySettings>;
  public readonly runsAppVersion = true;
  public readonly holdsPins = false;
  public readonly multiTrack = false;

  public resolve(settings: RollingStrategySettings, context: ReleaseContext): RollingRelease | undefined {
    // What the API server's Deployment validation refuses is refused here (rollout.ts).
    const rollout = resolveRollout(settings, context.report);
    return rollout && { kind: 'rolling', ...rollout, tracks: singleTrack(context) };
  }

  /** A StatefulSet takes `minReadySeconds` and `revisionHistoryLimit`; the Deployment-only settings would be dropped without a word. */
  public checkStatefulSet(settings: RollingStrategySettings, report: StrategyReport): void {
    for (const [field, why] of NOT_FOR_STATEFUL_SETS) {
      if (settings[field] !== undefined) {
        report(field, settings[field], `apps with storage run as a StatefulSet: ${why}; remove it (minReadySeconds and revisionHistoryLimit apply)`);
      }
    }
  }

  public workloads(app: ReleasedApp): WorkloadPlan[] {
    const release = releaseOf<RollingRelease>(app, this.kind);
    return [{
      name: app.name,
      track: release.tracks[0],
      trackLabels: singleTrackLabels(app),
      deployment: rollingDeployment(release),
    }];
  }

  public services(app: ReleasedApp): ServicePlan[] {
    return [{ name: app.name, trackLabels: {} }];
  }

  /** The app's own version. */
  public servedPin(_settings: RollingStrategySettings, appPin: VersionPin): VersionPin {
    return appPin;
  }

  /** The app's own version becomes the one the source serves. */
  public promote(_target: RollingStrategySettings, context: PromotionContext): string {
    return promoteAppVersion(context);
  }
}
