/**
 * Items (pods, workloads) by namespace and by pod label, so that what a label selector selects is found among the
 * items carrying one of the labels it requires rather than by testing every item: rules and the reachability check
 * look selectors up once per policy, Service or budget, and an environment can hold thousands of workloads.
 */
import { Labels } from './_selector';

export class LabelIndex<T> {
  private readonly byNamespace = new Map<string, T[]>();
  private readonly byLabel = new Map<string, T[]>();

  /** Adds an item of a namespace with its pod labels; items keep the order they are added in. */
  public add(namespace: string | undefined, labels: Labels, item: T): void {
    push(this.byNamespace, namespace ?? '', item);
    for (const [key, value] of Object.entries(labels)) push(this.byLabel, labelKey(namespace, key, value), item);
  }

  /** The items of a namespace, in the order they were added. */
  public inNamespace(namespace: string | undefined): readonly T[] {
    return this.byNamespace.get(namespace ?? '') ?? [];
  }

  /**
   * The items a selector requiring the labels `required` (its matchLabels, or a map selector) can select: those of
   * the namespace carrying the rarest of them, or all of the namespace when it requires none. Test each with the
   * selector itself; the order is the order of adding.
   */
  public candidates(namespace: string | undefined, required: { readonly [key: string]: string }): readonly T[] {
    let candidates = this.inNamespace(namespace);
    for (const [key, value] of Object.entries(required)) {
      const carrying = this.byLabel.get(labelKey(namespace, key, value)) ?? [];
      if (carrying.length < candidates.length) candidates = carrying;
    }
    return candidates;
  }
}

/** Appends to the list of a key. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function labelKey(namespace: string | undefined, key: string, value: string): string {
  return `${namespace ?? ''}\u0000${key}\u0000${value}`;
}
