import { Construct } from 'constructs';
import { Taint } from '../cluster/cluster-types';
import { podSpecOf } from '../core/manifest';

/** A toleration, as in the Kubernetes Pod API. */
export interface Toleration {
  /** The taint key tolerated. */
  readonly key: string;
  /** `Equal` to match the taint's value, `Exists` to match any value of the key. */
  readonly operator: 'Equal' | 'Exists';
  /**
   * The taint value matched with `Equal`.
   * @default - none: any value (with `Exists`)
   */
  readonly value?: string;
  /** The taint effect tolerated, e.g. `NoSchedule`. */
  readonly effect: string;
}

/** Props of {@link NodePlacement}. */
export interface NodePlacementProps {
  /** Node labels every pod must match (the pool's labels). */
  readonly nodeSelector: { readonly [key: string]: string };
  /**
   * Taints of the pool's nodes, which every pod tolerates.
   * @default - none
   */
  readonly taints?: Taint[];
}

/**
 * Pins every workload of an environment to its node pool: the pool's labels join each pod's node selector and each
 * pool taint gets a toleration. Applied to the rendered objects, so it reaches every workload kind whoever created it
 * (cdk8s-plus, low-level or imported); {@link EnvironmentChart} applies it to all its objects.
 */
export class NodePlacement extends Construct {
  /** Node selector added to every pod. */
  public readonly nodeSelector: { readonly [key: string]: string };
  /** Tolerations added to every pod. */
  public readonly tolerations: readonly Toleration[];

  constructor(scope: Construct, id: string, props: NodePlacementProps) {
    super(scope, id);
    this.nodeSelector = { ...props.nodeSelector };
    this.tolerations = (props.taints ?? []).map((taint) => taint.value === undefined
      ? { key: taint.key, operator: 'Exists' as const, effect: taint.effect }
      : { key: taint.key, operator: 'Equal' as const, value: taint.value, effect: taint.effect });
  }

  /** Places one rendered object; objects that run no pods are returned unchanged. */
  public apply(manifest: any): any {
    const podSpec = podSpecOf(manifest);
    if (!podSpec) {
      return manifest;
    }
    podSpec.nodeSelector = { ...podSpec.nodeSelector, ...this.nodeSelector };
    const tolerations: Toleration[] = [...(podSpec.tolerations ?? [])];
    for (const toleration of this.tolerations) {
      if (!tolerations.some((t) => t.key === toleration.key && t.effect === toleration.effect && t.value === toleration.value)) {
        tolerations.push(toleration);
      }
    }
    if (tolerations.length > 0) {
      podSpec.tolerations = tolerations;
    }
    return manifest;
  }
}
