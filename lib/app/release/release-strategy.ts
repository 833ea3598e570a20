/**
 * The contract of a release strategy. A strategy is one file (rolling.ts, recreate.ts, blue-green.ts, canary.ts) that
 * holds everything about it: its settings and their schema, their resolution into tracks of pods, the workloads and
 * Services it shapes (as plans: data, not cdk8s objects), the version it serves, and how promotion moves it. The
 * strategies are listed in `registry.ts`; nothing else switches on a strategy's kind.
 *
 * Loading a strategy loads no renderer (cdk8s, cdk8s-plus-27, cdktf, constructs): definitions reach them through the
 * `ReleaseStrategy` factories.
 */
import type { z } from 'zod';
import { DEFAULT_LABEL_KEYS, LabelKeys } from '../../core/labels';
import { formatPin, VersionPin } from './version-pin';

/** Seconds without progress before a rollout is reported as failed (`ProgressDeadlineExceeded`): Kubernetes' own default. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** Old ReplicaSets kept for `kubectl rollout undo`. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 5;

/**
 * Label that tells the tracks of one app apart (`stable`/`canary`, or the blue-green slot), under the default label
 * domain; an app's own key is `app.labelKeys.track`.
 */
export const TRACK_LABEL = DEFAULT_LABEL_KEYS.track;

/** What the settings of every strategy have: the kind that picks the strategy, lowercase words joined by `-`. */
export interface StrategySettings {
  readonly kind: string;
}

/** One set of pods of a release: the only one (rolling, recreate), a blue-green slot, or a canary track. */
export interface ReleaseTrack {
  /** Track name, `undefined` for a single-track release; it becomes the `<labelDomain>/track` label. */
  readonly name?: string;
  /** Full image reference. */
  readonly image: string;
  /** Fixed replicas; `undefined` when an autoscaler owns the count. */
  readonly replicas?: number;
  /** The track's autoscaler bounds, when an autoscaler owns the count. */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number };
  /** Whether the app's main Service sends traffic here. */
  readonly serving: boolean;
}

/** What every resolved release has: the strategy's kind and the tracks, the serving one(s) first. */
export interface ResolvedRelease {
  readonly kind: string;
  readonly tracks: ReleaseTrack[];
}

/** Reports a problem of a field of the strategy's settings: `at` is the path under `strategy` (`maxSurge`, `canary`, `kind`). */
export type StrategyReport = (at: string, value: unknown, allowed: string) => void;

/** What a strategy resolves its settings against: the app in its environment, already checked. */
export interface ReleaseContext {
  /**
   * The image of the app's own version (`version` / `digest`) when the strategy runs it
   * ({@link ReleaseStrategyPlugin.runsAppVersion}); else the bare repository.
   */
  readonly appImage: string;
  /** The pods the release is sized for: the fixed replica count, or the autoscaler's minimum. */
  readonly count: number;
  /** The fixed replica count; `undefined` when an autoscaler owns the count. */
  readonly replicas?: number;
  /** The autoscaler's bounds, when the app has one. */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number };
  /** Whether the environment is protected: images pinned, at least two pods per track. */
  readonly protected: boolean;
  /**
   * The image reference of a pin of the strategy (`at`: its path under `strategy`, e.g. `canary`); reports an unpinned
   * one in a protected environment and gives `undefined` then.
   */
  imageOf(pin: VersionPin, at: string): string | undefined;
  /** Reports a problem of the strategy's settings. */
  readonly report: StrategyReport;
}

/** What a strategy renders for: an app's name, its label keys and its resolved release. */
export interface ReleasedApp {
  readonly name: string;
  readonly labelKeys: LabelKeys;
  readonly release: ResolvedRelease;
}

/** The Deployment fields a strategy sets (plain values; `Application` turns them into the Kubernetes types). */
export interface DeploymentFields {
  readonly strategy: {
    readonly type: 'RollingUpdate' | 'Recreate';
    /**
     * Surge and unavailability, numbers or percentages.
     * @default - Kubernetes' defaults (25% each)
     */
    readonly rollingUpdate?: { readonly maxSurge: number | string; readonly maxUnavailable: number | string };
  };
  /**
   * Seconds a new pod must be ready before it counts as available; for StatefulSets too.
   * @default - Kubernetes' default, 0
   */
  readonly minReadySeconds?: number;
  /**
   * Seconds without progress before the rollout is reported as failed.
   * @default - Kubernetes' default, 600
   */
  readonly progressDeadlineSeconds?: number;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`; for StatefulSets too.
   * @default - Kubernetes' default, 10
   */
  readonly revisionHistoryLimit?: number;
}

/** One workload (Deployment or StatefulSet) of a release, with its autoscaler and disruption budget. */
export interface WorkloadPlan {
  /** Name of the workload, its autoscaler and its disruption budget. */
  readonly name: string;
  /** What the workload runs and how many. */
  readonly track: ReleaseTrack;
  /** Pod labels that select this workload's pods among the app's. */
  readonly trackLabels: { readonly [key: string]: string };
  /**
   * Annotations of the workload itself.
   * @default - none
   */
  readonly annotations?: { readonly [key: string]: string };
  /** Deployment fields of the strategy (type, surge, deadlines, history); of these a StatefulSet takes the last two only. */
  readonly deployment: DeploymentFields;
}

/** A Service of a release: its name and the track labels it selects (on top of the app label). */
export interface ServicePlan {
  readonly name: string;
  readonly trackLabels: { readonly [key: string]: string };
  /**
   * Whether the Service serves a version that does not take the app's traffic yet (blue-green's idle slot): a
   * published app routes its preview host to it.
   * @default false
   */
  readonly preview?: boolean;
}

/**
 * How a release strategy shapes an app's objects: which workloads exist and which pods each Service selects. All are
 * plain Kubernetes objects, so no rollout controller is needed.
 */
export interface ReleaseStrategyRenderer {
  /** The workloads, in output order. */
  workloads(app: ReleasedApp): WorkloadPlan[];
  /** The Services that route to the app, the main one (named after the app) first. */
  services(app: ReleasedApp): ServicePlan[];
}

/** What promotion gives a strategy: the version to promote, and edits of the target environment's definition. */
export interface PromotionContext {
  /** The app. */
  readonly app: string;
  /** The source environment. */
  readonly from: string;
  /** The version the source serves ({@link ReleaseStrategyPlugin.servedPin} of the source's strategy). */
  readonly served: VersionPin;
  /** The target app's own pin (its `version` / `digest`). */
  readonly appPin: VersionPin;
  /** Makes the target app's own `version` / `digest` equal `desired`. */
  setAppPin(desired: VersionPin): void;
  /** Makes the pin at `at` under the target's `strategy` (e.g. `['canary']`) equal `desired`. */
  setPin(at: readonly string[], desired: VersionPin, current: VersionPin): void;
  /** Sets the field `at` of the target's `strategy` (e.g. `active`) to `desired`, when it differs. */
  setField(at: string, desired: string, current: string): void;
  /** Refuses to promote the app, saying why and how to go on. */
  refuse(message: string): never;
}

/**
 * A release strategy: its settings `S` resolve into a release `R`, which it renders. One class per strategy, listed
 * once in `registry.ts`, which derives `ReleaseStrategyKind.<KIND>` and `ReleaseStrategy.<kind>()` from {@link kind}.
 */
export interface ReleaseStrategyPlugin<S extends StrategySettings = StrategySettings, R extends ResolvedRelease = ResolvedRelease>
  extends ReleaseStrategyRenderer {
  /** The kind that names the strategy in settings and in the resolved release, e.g. `blue-green`. */
  readonly kind: S['kind'];
  /** The shape of the settings, checked field by field (relations between fields are checked by {@link resolve}). */
  readonly schema: z.ZodType<S>;
  /**
   * Whether the app's own `version` / `digest` is a version the release runs (its only or its stable track); `false`
   * where the settings carry every version (blue-green's slots): the app's own pin is then neither checked nor run.
   */
  readonly runsAppVersion: boolean;
  /**
   * Whether the settings hold version pins of their own (slots, a canary). Promotion edits them in the target
   * environment's definition, so there the strategy must be declared, not inherited.
   */
  readonly holdsPins: boolean;
  /**
   * Whether the release runs more than one set of pods (slots, tracks). A preview, which runs one pod per app, releases
   * such an app rolling, with the version it serves.
   */
  readonly multiTrack: boolean;
  /** Resolves the settings into tracks, reporting every problem; `undefined` when there is one. */
  resolve(settings: S, context: ReleaseContext): R | undefined;
  /**
   * Checks the settings of an app with storage, which runs as a StatefulSet (released one pod at a time, in order).
   * Absent where the strategy cannot release a StatefulSet: such apps are refused.
   * @default - the strategy releases no StatefulSet
   */
  checkStatefulSet?(settings: S, report: StrategyReport): void;
  /** The pin of the version the app serves (the one promotion and previews take), given the app's own pin. */
  servedPin(settings: S, appPin: VersionPin): VersionPin;
  /**
   * Promotion into an app released with this strategy from one released otherwise: the target takes the version the
   * source serves the way this strategy releases a new version. Returns one line for people.
   */
  promote(target: S, context: PromotionContext): string;
  /**
   * Promotion between two apps released with this strategy: the target runs what the source runs.
   * @default - as {@link promote}
   */
  promoteAlike?(source: S, target: S, context: PromotionContext): string;
}

/** The app's release, checked to be of `kind`: a strategy renders only its own. */
export function releaseOf<R extends ResolvedRelease>(app: ReleasedApp, kind: R['kind']): R {
  if (app.release.kind !== kind) {
    throw new Error(`${app.name}: expected a ${kind} release, got ${app.release.kind}`);
  }
  return app.release as R;
}

/**
 * Track labels of the one workload of a rolling or recreate release: the same as a canary's stable track, because a
 * workload's selector is immutable. Starting a canary (or promoting one back to rolling) keeps workload `<app>` and its
 * selector, so the change applies; were they to differ, the API server would refuse the update of `spec.selector`.
 */
export function singleTrackLabels(app: ReleasedApp): { readonly [key: string]: string } {
  return { [app.labelKeys.track]: 'stable' };
}

/** The one track of a single-track release (rolling, recreate): the app's own version, sized as the app. */
export function singleTrack(context: ReleaseContext): ReleaseTrack[] {
  return [{ image: context.appImage, replicas: context.replicas, autoscaling: context.autoscaling, serving: true }];
}

/** Promotion into a single-track release: the app's own version becomes the one the source serves. */
export function promoteAppVersion(context: PromotionContext): string {
  context.setAppPin(context.served);
  return `runs ${formatPin(context.served)}`;
}
