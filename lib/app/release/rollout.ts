/**
 * How a Deployment replaces its pods: the settings every strategy that runs Deployments rolling takes (rolling, and
 * each blue-green slot and canary track, within which a new version rolls too), their defaults and their checks. One
 * place, so a blue-green or canary workload rolls exactly as a rolling one does, not with Kubernetes' own defaults
 * (25% unavailable, no minimum ready time, ten old ReplicaSets).
 */
import { z } from 'zod';
import { count } from '../../core/schema';
import { seconds } from '../_schema';
import { DEFAULT_PROGRESS_DEADLINE_SECONDS, DEFAULT_REVISION_HISTORY_LIMIT, DeploymentFields, StrategyReport } from './release-strategy';

/** Pods above the desired count during an update: Kubernetes' own default. */
export const DEFAULT_MAX_SURGE = '25%';
/** Pods that may be unavailable during an update: none, so capacity never drops below the desired count. */
export const DEFAULT_MAX_UNAVAILABLE = 0;
/** Seconds a new pod must be ready before it counts as available: long enough to catch a pod that fails soon after starting. */
export const DEFAULT_MIN_READY_SECONDS = 10;

/** How a Deployment replaces its pods. */
export interface RolloutSettings {
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

/** The rollout settings with their defaults applied. */
export interface Rollout {
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  readonly minReadySeconds: number;
  readonly progressDeadlineSeconds: number;
  readonly revisionHistoryLimit: number;
}

// Each option carries the message too: zod reports the issues of the option whose type matched (a string failing the
// pattern), not the union's own message.
const INT_OR_PERCENT_HINT = 'expected a whole number or a percentage such as "25%"';
const intOrPercent = z.union([
  z.number().int({ error: INT_OR_PERCENT_HINT }).min(0, { error: INT_OR_PERCENT_HINT }),
  z.string().regex(/^(100|[1-9]?[0-9])%$/, { error: INT_OR_PERCENT_HINT }),
], { error: INT_OR_PERCENT_HINT });

/** The schema fields of {@link RolloutSettings}, for a strategy's `z.strictObject`. */
export const rolloutShape = {
  maxSurge: intOrPercent.optional(),
  maxUnavailable: intOrPercent.optional(),
  minReadySeconds: seconds('minReadySeconds').optional(),
  progressDeadlineSeconds: seconds('progressDeadlineSeconds', 1).optional(),
  revisionHistoryLimit: count('old ReplicaSets').optional(),
};

/** Applies the defaults and checks what the API server's Deployment validation would refuse; `undefined` after a report. */
export function resolveRollout(settings: RolloutSettings, report: StrategyReport): Rollout | undefined {
  const rollout: Rollout = {
    maxSurge: settings.maxSurge ?? DEFAULT_MAX_SURGE,
    maxUnavailable: settings.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
    minReadySeconds: settings.minReadySeconds ?? DEFAULT_MIN_READY_SECONDS,
    progressDeadlineSeconds: settings.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS,
    revisionHistoryLimit: settings.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
  };
  const isZero = (value: number | string) => value === 0 || value === '0%';
  if (isZero(rollout.maxSurge) && isZero(rollout.maxUnavailable)) {
    report('maxSurge', rollout.maxSurge, `expected more than 0 while maxUnavailable is ${JSON.stringify(rollout.maxUnavailable)}: `
      + 'a rollout could neither add a pod nor remove one');
    return undefined;
  }
  if (rollout.minReadySeconds >= rollout.progressDeadlineSeconds) {
    report('minReadySeconds', rollout.minReadySeconds, `expected less than progressDeadlineSeconds (${rollout.progressDeadlineSeconds}): `
      + 'a pod must be able to count as available before the rollout is reported as failed');
    return undefined;
  }
  return rollout;
}

/** The Deployment fields of a rollout: `RollingUpdate` with its surge and unavailability, and the timing and history. */
export function rollingDeployment(rollout: Rollout): DeploymentFields {
  return {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: rollout.maxSurge, maxUnavailable: rollout.maxUnavailable } },
    minReadySeconds: rollout.minReadySeconds,
    progressDeadlineSeconds: rollout.progressDeadlineSeconds,
    revisionHistoryLimit: rollout.revisionHistoryLimit,
  };
}
