/**
 * Blue-green: two full workloads, `<app>-blue` and `<app>-green`, each running the version pinned for its slot. The
 * Service `<app>` selects the active slot and `<app>-preview` the idle one, so the new version can be tested before it
 * takes traffic (a published app routes its preview host there). Switching `active` in the definition changes one
 * selector line in each Service; switching back is the rollback.
 */
import { z } from 'zod';
import { count } from '../../core/schema';
import { versionPin } from '../_schema';
import {
  PromotionContext, ReleaseContext, ReleasedApp, releaseOf, ReleaseStrategyPlugin, ReleaseTrack, ServicePlan,
  WorkloadPlan,
} from './release-strategy';
import { resolveRollout, Rollout, rollingDeployment, rolloutShape, RolloutSettings } from './rollout';
import { formatPin, pin, samePin, VersionPin } from './version-pin';

/** A slot of a blue-green release. */
export enum Slot {
  /** The blue slot: its Deployment and Service are suffixed `-blue`. */
  BLUE = 'blue',
  /** The green slot: its Deployment and Service are suffixed `-green`. */
  GREEN = 'green',
}

/**
 * Blue-green: switching `active` is the release (and the rollback). Within a slot, a new version rolls with the same
 * rollout settings (and defaults) as a rolling release.
 */
export interface BlueGreenStrategySettings extends RolloutSettings {
  /** `ReleaseStrategyKind.BLUE_GREEN`. */
  readonly kind: 'blue-green';
  /** The slot the Service sends traffic to. */
  readonly active: Slot;
  /** What the blue slot runs. */
  readonly blue: VersionPin;
  /** What the green slot runs. */
  readonly green: VersionPin;
  /**
   * Replicas of the idle slot.
   * @default - as many as the active slot, so a switch needs no scale-up
   */
  readonly idleReplicas?: number;
}

/** A resolved blue-green release: a track per slot (named after it), the active one serving. */
export interface BlueGreenRelease extends Rollout {
  readonly kind: 'blue-green';
  readonly active: Slot;
  readonly tracks: ReleaseTrack[];
}

const SLOTS = [Slot.BLUE, Slot.GREEN];

/** Blue-green: a Deployment per slot, the Service on the active one, a preview Service on the idle one. */
export class BlueGreenStrategy implements ReleaseStrategyPlugin<BlueGreenStrategySettings, BlueGreenRelease> {
  public readonly kind = 'blue-green';
  public readonly schema: z.ZodType<BlueGreenStrategySettings> = z.strictObject({
    kind: z.literal('blue-green'),
    active: z.enum(Slot),
    blue: versionPin,
    green: versionPin,
    idleReplicas: count('replicas').optional(),
    ...rolloutShape,
  }) satisfies z.ZodType<BlueGreenStrategySettings>;
  /** The slots carry the versions; the app's image is the active slot's. */
  public readonly runsAppVersion = false;
  public readonly holdsPins = true;
  public readonly multiTrack = true;

  /** Each slot runs its own pin, in any environment; the idle slot runs `idleReplicas` when given, without an autoscaler. */
  public resolve(settings: BlueGreenStrategySettings, context: ReleaseContext): BlueGreenRelease | undefined {
    const rollout = resolveRollout(settings, context.report);
    const tracks = SLOTS.map((slot): ReleaseTrack | undefined => {
      const image = context.imageOf(settings[slot], slot);
      if (settings[slot].version === undefined && settings[slot].digest === undefined && !context.protected) {
        context.report(slot, settings[slot], 'expected version or digest: each slot runs a pinned version');
        return undefined;
      }
      const active = slot === settings.active;
      const idleFixed = settings.idleReplicas;
      return {
        name: slot,
        image: image ?? '',
        replicas: active || idleFixed === undefined ? context.replicas : idleFixed,
        autoscaling: active || idleFixed === undefined ? context.autoscaling : undefined,
        serving: active,
      };
    });
    if (!rollout || tracks.some((t) => t === undefined || t.image === '')) return undefined;
    return { kind: 'blue-green', active: settings.active, ...rollout, tracks: tracks as ReleaseTrack[] };
  }

  public workloads(app: ReleasedApp): WorkloadPlan[] {
    const release = releaseOf<BlueGreenRelease>(app, this.kind);
    return release.tracks.map((track) => ({
      name: `${app.name}-${track.name}`,
      track,
      trackLabels: { [app.labelKeys.track]: track.name! },
      // Within a slot a new version rolls as a rolling release does; the switch between slots is the release.
      deployment: rollingDeployment(release),
    }));
  }

  public services(app: ReleasedApp): ServicePlan[] {
    const release = releaseOf<BlueGreenRelease>(app, this.kind);
    const idle = release.tracks.find((t) => !t.serving)!;
    return [
      { name: app.name, trackLabels: { [app.labelKeys.track]: release.active } },
      { name: `${app.name}-preview`, trackLabels: { [app.labelKeys.track]: idle.name! }, preview: true },
    ];
  }

  /** The active slot's pin: the idle slot runs pods too, but serves only `<app>-preview`. */
  public servedPin(settings: BlueGreenStrategySettings, _appPin: VersionPin): VersionPin {
    return pin(settings[settings.active]);
  }

  /** The idle slot takes the version (reachable through `<app>-preview`); `active` stays: switching it is the release. */
  public promote(target: BlueGreenStrategySettings, context: PromotionContext): string {
    const { served } = context;
    const idle = target.active === Slot.BLUE ? Slot.GREEN : Slot.BLUE;
    if (samePin(pin(target[target.active]), served)) return `serves ${formatPin(served)} in its active slot ${target.active}`;
    context.setPin([idle], served, pin(target[idle]));
    return `${formatPin(served)} in the idle slot ${idle} (reachable through ${context.app}-preview); active stays ${target.active}: switching it is the `
      + 'release';
  }

  /** Both slot pins and `active`, as in the source. */
  public promoteAlike(source: BlueGreenStrategySettings, target: BlueGreenStrategySettings, context: PromotionContext): string {
    for (const slot of SLOTS) context.setPin([slot], pin(source[slot]), pin(target[slot]));
    context.setField('active', source.active, target.active);
    return `blue-green as in "${context.from}": blue ${formatPin(pin(source.blue))}, green ${formatPin(pin(source.green))}, active ${source.active}`;
  }
}
