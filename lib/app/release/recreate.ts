/**
 * Recreate: every old pod stops before a new one starts (Deployment `Recreate`) — a short outage, for apps that cannot
 * run two versions at once.
 */
import { z } from 'zod';
import { count } from '../../core/schema';
import { seconds } from '../_schema';
import {
  DEFAULT_PROGRESS_DEADLINE_SECONDS, DEFAULT_REVISION_HISTORY_LIMIT, promoteAppVersion, PromotionContext, ReleaseContext, ReleasedApp, releaseOf,
  ReleaseStrategyPlugin, ReleaseTrack, ServicePlan, singleTrack, singleTrackLabels, WorkloadPlan,
} from './release-strategy';
import { VersionPin } from './version-pin';

/** Recreate. */
export interface RecreateStrategySettings {
  /** `ReleaseStrategyKind.RECREATE`. */
  readonly kind: 'recreate';
  /**
   * Seconds without progress before the rollout is reported as failed.
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
}

/** A resolved recreate release: its settings with the defaults applied, and its one track. */
export interface RecreateRelease {
  readonly kind: 'recreate';
  readonly progressDeadlineSeconds: number;
  readonly revisionHistoryLimit: number;
  readonly tracks: ReleaseTrack[];
}

/** Recreate: one workload `<app>`, Deployment `Recreate`, one Service. */
export class RecreateStrategy implements ReleaseStrategyPlugin<RecreateStrategySettings, RecreateRelease> {
  public readonly kind = 'recreate';
  public readonly schema: z.ZodType<RecreateStrategySettings> = z.strictObject({
    kind: z.literal('recreate'),
    progressDeadlineSeconds: seconds('progressDeadlineSeconds', 1).optional(),
    revisionHistoryLimit: count('old ReplicaSets').optional(),
  }) satisfies z.ZodType<RecreateStrategySettings>;
  public readonly runsAppVersion = true;
  public readonly holdsPins = false;
  public readonly multiTrack = false;

  public resolve(settings: RecreateStrategySettings, context: ReleaseContext): RecreateRelease {
    return {
      kind: 'recreate',
      progressDeadlineSeconds: settings.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS,
      revisionHistoryLimit: settings.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
      tracks: singleTrack(context),
    };
  }

  public workloads(app: ReleasedApp): WorkloadPlan[] {
    const release = releaseOf<RecreateRelease>(app, this.kind);
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

  public services(app: ReleasedApp): ServicePlan[] {
    return [{ name: app.name, trackLabels: {} }];
  }

  /** The app's own version. */
  public servedPin(_settings: RecreateStrategySettings, appPin: VersionPin): VersionPin {
    return appPin;
  }

  /** The app's own version becomes the one the source serves. */
  public promote(_target: RecreateStrategySettings, context: PromotionContext): string {
    return promoteAppVersion(context);
  }
}
