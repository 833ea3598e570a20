/**
 * Canary: the stable workload `<app>` (the app's own version) and the canary workload `<app>-canary` run behind the one
 * Service `<app>`, which selects both; the share of traffic follows the share of ready pods, so the weight becomes
 * replica counts. Promotion sets the app's version to the canary's and the strategy back to rolling; abort sets the
 * weight to 0 (the canary scales to zero).
 */
import { z } from 'zod';
import { DEFAULT_LABEL_KEYS } from '../../core/labels';
import { versionPin } from '../_schema';
import {
  PromotionContext, ReleaseContext, ReleasedApp, releaseOf, ReleaseStrategyPlugin, ReleaseTrack, ServicePlan,
  WorkloadPlan,
} from './release-strategy';
import { resolveRollout, Rollout, rollingDeployment, rolloutShape, RolloutSettings } from './rollout';
import { formatPin, pin, samePin, VersionPin } from './version-pin';

/**
 * Annotation on canary workloads with the share of pods the canary really has after rounding, under the default label
 * domain; an app's own key is `app.labelKeys.canaryEffectiveWeight`.
 */
export const EFFECTIVE_WEIGHT_ANNOTATION = DEFAULT_LABEL_KEYS.canaryEffectiveWeight;

/**
 * Canary: a second track with a new version takes a share of the traffic. Each track's Deployment rolls with the same
 * rollout settings (and defaults) as a rolling release.
 */
export interface CanaryStrategySettings extends RolloutSettings {
  /** `ReleaseStrategyKind.CANARY`. */
  readonly kind: 'canary';
  /** Share of the pods (and so of the traffic) on the canary, in percent; 0 aborts the canary. */
  readonly weight: number;
  /** What the canary runs; the stable track runs the app's own version. */
  readonly canary: VersionPin;
}

/** A resolved canary release: the stable track, then the canary track. */
export interface CanaryRelease extends Rollout {
  readonly kind: 'canary';
  /** The weight asked for, in percent. */
  readonly weight: number;
  /** The share of pods the canary really gets after rounding, in percent. */
  readonly effectiveWeight: number;
  readonly tracks: ReleaseTrack[];
}

const WEIGHT_HINT = 'expected a weight in percent from 0 to 100';

/** Canary: a stable and a canary Deployment, one Service over both. */
export class CanaryStrategy implements ReleaseStrategyPlugin<CanaryStrategySettings, CanaryRelease> {
  public readonly kind = 'canary';
  public readonly schema: z.ZodType<CanaryStrategySettings> = z.strictObject({
    kind: z.literal('canary'),
    weight: z.number({ error: WEIGHT_HINT }).int({ error: 'expected a whole percentage from 0 to 100' })
      .min(0, { error: WEIGHT_HINT }).max(100, { error: WEIGHT_HINT }),
    canary: versionPin,
    ...rolloutShape,
  }) satisfies z.ZodType<CanaryStrategySettings>;
  public readonly runsAppVersion = true;
  public readonly holdsPins = true;
  public readonly multiTrack = true;

  /**
   * Turns the weight into tracks: canary pods = round(N × weight / 100), at least 1 (2 in protected environments) while
   * the weight is above 0, and the stable track keeps N − canary pods, at least 1 (2 in protected environments); N is
   * the replica count or the autoscaler's minimum. The effective weight (canary / all pods) is reported, since it
   * differs from the weight asked for when N is small.
   */
  public resolve(settings: CanaryStrategySettings, context: ReleaseContext): CanaryRelease | undefined {
    if (settings.weight === 100) {
      context.report('weight', 100, 'expected 0 to 99; to give the canary all traffic, promote it: set version to the canary\'s and switch back to rolling');
      return undefined;
    }
    if (settings.canary.version === undefined && settings.canary.digest === undefined) {
      context.report('canary', settings.canary, 'expected version or digest: the canary runs a pinned version');
      return undefined;
    }
    if (context.replicas === 0) {
      // Each track keeps at least one pod, so a canary would scale an app that is meant to be down back up.
      context.report('kind', settings.kind, 'replicas is 0: an app scaled to zero runs no canary (each track keeps at least one pod); '
        + 'set replicas, or release it rolling while it is down');
      return undefined;
    }
    const rollout = resolveRollout(settings, context.report);
    const canaryImage = context.imageOf(settings.canary, 'canary');
    if (!canaryImage || !rollout) return undefined;
    const minTrack = context.protected ? 2 : 1;
    const canaryPods = settings.weight === 0 ? 0 : Math.max(minTrack, Math.round((context.count * settings.weight) / 100));
    const stablePods = Math.max(minTrack, context.count - canaryPods);
    const bounds = context.autoscaling;
    return {
      kind: 'canary',
      weight: settings.weight,
      effectiveWeight: Math.round((100 * canaryPods) / (canaryPods + stablePods)),
      ...rollout,
      tracks: [
        {
          name: 'stable',
          image: context.appImage,
          replicas: bounds ? undefined : stablePods,
          // The stable track scales from its share of the minimum; as it scales out, the canary's share shrinks.
          autoscaling: bounds ? { minReplicas: stablePods, maxReplicas: Math.max(stablePods + 1, bounds.maxReplicas - canaryPods) } : undefined,
          serving: true,
        },
        { name: 'canary', image: canaryImage, replicas: canaryPods, serving: true },
      ],
    };
  }

  /** The stable workload keeps the app's name (and its selector) and the canary's carries its effective weight. */
  public workloads(app: ReleasedApp): WorkloadPlan[] {
    const release = releaseOf<CanaryRelease>(app, this.kind);
    return release.tracks.map((track) => ({
      name: track.name === 'canary' ? `${app.name}-canary` : app.name,
      track,
      trackLabels: { [app.labelKeys.track]: track.name! },
      annotations: track.name === 'canary' ? { [app.labelKeys.canaryEffectiveWeight]: `${release.effectiveWeight}%` } : undefined,
      deployment: rollingDeployment(release),
    }));
  }

  public services(app: ReleasedApp): ServicePlan[] {
    return [{ name: app.name, trackLabels: {} }];
  }

  /** The stable pin, the app's own version: the canary serves only its weight. */
  public servedPin(_settings: CanaryStrategySettings, appPin: VersionPin): VersionPin {
    return appPin;
  }

  /** The canary takes the version; the weight stays: raising it is the release. */
  public promote(target: CanaryStrategySettings, context: PromotionContext): string {
    const { served } = context;
    if (samePin(context.appPin, served)) return `its stable track runs ${formatPin(served)}`;
    context.setPin(['canary'], served, pin(target.canary));
    return `${formatPin(served)} as the canary at weight ${target.weight}% (raising the weight is the release)`;
  }

  /** The stable and the canary pin, as in the source; refused while the source's canary runs no pods. */
  public promoteAlike(source: CanaryStrategySettings, target: CanaryStrategySettings, context: PromotionContext): string {
    const { app, from, served } = context;
    if (source.weight === 0) {
      context.refuse(`app "${app}": the canary of "${from}" (${formatPin(pin(source.canary))}) has weight 0 and runs no pods, so "${from}" `
        + `does not run that version; raise its weight in "${from}" or promote without app "${app}" (--app)`);
    }
    context.setAppPin(served);
    context.setPin(['canary'], pin(source.canary), pin(target.canary));
    return `canary as in "${from}": stable ${formatPin(served)}, canary ${formatPin(pin(source.canary))} (weight stays ${target.weight}%)`;
  }
}
