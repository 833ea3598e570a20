import { k8s } from 'cdk8s-plus-27';
import { App, ReleaseTrack } from '../app-model';
import { DEFAULT_LABEL_KEYS } from '../../core/labels';

/**
 * Label that tells the tracks of one app apart (`stable`/`canary`, or the blue-green slot), under the default label
 * domain; an app's own key is `app.labelKeys.track`.
 */
export const TRACK_LABEL = DEFAULT_LABEL_KEYS.track;

/**
 * Track labels of the one workload of a rolling or recreate release: the same as a canary's stable track, because a
 * workload's selector is immutable. Starting a canary (or promoting one back to rolling) keeps workload `<app>` and its
 * selector, so the change applies; were they to differ, the API server would refuse the update of `spec.selector`.
 */
export function singleTrackLabels(app: App): { readonly [key: string]: string } {
  return { [app.labelKeys.track]: 'stable' };
}

/** One workload (Deployment or StatefulSet) of a release, with its autoscaler and disruption budget. */
export interface WorkloadPlan {
  /** Name of the workload, its autoscaler and its disruption budget. */
  readonly name: string;
  /** What the workload runs and how many. */
  readonly track: ReleaseTrack;
  /** Pod labels that select this workload's pods among the app's. */
  readonly trackLabels: { readonly [key: string]: string };
  /** Deployment fields of the strategy (type, surge, deadlines, history); not used for StatefulSets. */
  readonly deployment: Pick<k8s.DeploymentSpec, 'strategy' | 'minReadySeconds' | 'progressDeadlineSeconds' | 'revisionHistoryLimit'>;
}

/** A Service of a release: its name and the track labels it selects (on top of the app label). */
export interface ServicePlan {
  readonly name: string;
  readonly trackLabels: { readonly [key: string]: string };
}

/**
 * How a release strategy shapes an app's objects: which workloads exist and which pods each Service selects. One
 * implementation per strategy (rolling-update.ts, recreate.ts, blue-green.ts, canary.ts); all are plain Kubernetes
 * objects, so no rollout controller is needed.
 */
export interface ReleaseStrategyRenderer {
  /** The workloads, in output order. */
  workloads(app: App): WorkloadPlan[];
  /** The Services that route to the app, the main one (named after the app) first. */
  services(app: App): ServicePlan[];
}
