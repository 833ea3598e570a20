/**
 * Rolling update, the default release: one workload, pods replaced a few at a time. A rollout that makes no progress
 * for `progressDeadlineSeconds` is marked `ProgressDeadlineExceeded`; `kubectl rollout undo` (or reverting the version
 * in the definition) rolls back. The only strategy an app with storage (a StatefulSet) can use.
 */
import { z } from 'zod';
import { count } from '../../core/schema';
import { seconds } from '../_schema';
import {
  DEFAULT_PROGRESS_DEADLINE_SECONDS, DEFAULT_REVISION_HISTORY_LIMIT, promoteAppVersion, PromotionContext, ReleaseContext, ReleasedApp, releaseOf,
  ReleaseStrategyPlugin, ReleaseTrack, ServicePlan, singleTrack, singleTrackLabels, StrategyReport, WorkloadPlan,
} from './release-strategy';
import { VersionPin } from './version-pin';

/** Pods above the desired count during an update: Kubernetes' own default. */
export const DEFAULT_MAX_SURGE = '25%';
/** Pods that may be unavailable during an update: none, so capacity never drops below the desired count. */
export const DEFAULT_MAX_UNAVAILABLE = 0;
/** Seconds a new pod must be ready before it counts as available: long enough to catch a pod that fails soon after starting. */
export const DEFAULT_MIN_READY_SECONDS = 10;

/** Rolling update. */
export interface RollingStrategySettings {
  /** `ReleaseStrategyKind.ROLLING`. */
  readonly kind: 'rolling';
  /**
   * Pods above the desired count during an update (number or percentage).
   * @default '25%'
   */
  readonly maxSurge?: number | string;
  /**
   * Pods that may be unavailable during an update (number or percentage).
   * @default 0 - capacity never drops below the desired count
   */
  readonly maxUnavailable?: number | string;
  /**
   * Seconds a new pod must be ready before it counts as available.
   * @default 10
   */
  readonly minReadySeconds?: number;
  /**
   * Seconds without progress before the rollout is reported as failed (`ProgressDeadlineExceeded`).
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
}

/** A resolved rolling release: its settings with the defaults applied, and its one track. */
export interface RollingRelease {
  readonly kind: 'rolling';
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  readonly minReadySeconds: number;
  readonly progressDeadlineSeconds: number;
  readonly revisionHistoryLimit: number;
  readonly tracks: ReleaseTrack[];
}

// Each option carries the message too: zod reports the issues of the option whose type matched (a string failing the
// pattern), not the union's own message.
const INT_OR_PERCENT_HINT = 'expected a whole number or a percentage such as "25%"';
const intOrPercent = z.union([
  z.number().int({ error: INT_OR_PERCENT_HINT }).min(0, { error: INT_OR_PERCENT_HINT }),
  z.string().regex(/^(100|[1-9]?[0-9])%$/, { error: INT_OR_PERCENT_HINT }),
], { error: INT_OR_PERCENT_HINT });

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
    maxSurge: intOrPercent.optional(),
    maxUnavailable: intOrPercent.optional(),
    minReadySeconds: seconds('minReadySeconds').optional(),
    progressDeadlineSeconds: seconds('progressDeadlineSeconds', 1).optional(),
    revisionHistoryLimit: count('old ReplicaSets').optional(),
  }) satisfies z.ZodType<RollingStrategySettings>;
  public readonly runsAppVersion = true;
  public readonly holdsPins = false;
  public readonly multiTrack = false;

  public resolve(settings: RollingStrategySettings, context: ReleaseContext): RollingRelease | undefined {
    const release: RollingRelease = {
      kind: 'rolling',
      maxSurge: settings.maxSurge ?? DEFAULT_MAX_SURGE,
      maxUnavailable: settings.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
      minReadySeconds: settings.minReadySeconds ?? DEFAULT_MIN_READY_SECONDS,
      progressDeadlineSeconds: settings.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS,
      revisionHistoryLimit: settings.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
      tracks: singleTrack(context),
    };
    // Both are refused by the API server's Deployment validation.
    const isZero = (value: number | string) => value === 0 || value === '0%';
    if (isZero(release.maxSurge) && isZero(release.maxUnavailable)) {
      context.report('maxSurge', release.maxSurge, `expected more than 0 while maxUnavailable is ${JSON.stringify(release.maxUnavailable)}: `
        + 'a rollout could neither add a pod nor remove one');
      return undefined;
    }
    if (release.minReadySeconds >= release.progressDeadlineSeconds) {
      context.report('minReadySeconds', release.minReadySeconds, `expected less than progressDeadlineSeconds (${release.progressDeadlineSeconds}): `
        + 'a pod must be able to count as available before the rollout is reported as failed');
      return undefined;
    }
    return release;
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
      deployment: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: release.maxSurge, maxUnavailable: release.maxUnavailable } },
        minReadySeconds: release.minReadySeconds,
        progressDeadlineSeconds: release.progressDeadlineSeconds,
        revisionHistoryLimit: release.revisionHistoryLimit,
      },
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
