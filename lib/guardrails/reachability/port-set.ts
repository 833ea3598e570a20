/** Sets of ports per protocol, as NetworkPolicy rules open them: single ports, ranges (`endPort`), or all. */

/** Protocols a NetworkPolicy port can name. */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** A protocol a NetworkPolicy port can name. */
export type PortProtocol = typeof PROTOCOLS[number];

const FIRST_PORT = 1;
const LAST_PORT = 65535;

type Range = readonly [number, number];

/** An immutable set of (protocol, port) pairs. */
export class PortSet {
  /** No port. */
  public static readonly NONE = new PortSet(new Map());
  /** Every port of every protocol. */
  public static readonly ALL = new PortSet(new Map(PROTOCOLS.map((p) => [p, [[FIRST_PORT, LAST_PORT] as Range]])));

  /** Ports `from`..`to` of one protocol. */
  public static of(protocol: PortProtocol, from: number, to: number = from): PortSet {
    return new PortSet(new Map([[protocol, normalize([[Math.max(from, FIRST_PORT), Math.min(to, LAST_PORT)]])]]));
  }

  /** Every port of one protocol. */
  public static allOf(protocol: PortProtocol): PortSet {
    return PortSet.of(protocol, FIRST_PORT, LAST_PORT);
  }

  private constructor(private readonly ranges: ReadonlyMap<PortProtocol, readonly Range[]>) {}

  /** Whether it holds no port. */
  public get isEmpty(): boolean {
    return [...this.ranges.values()].every((r) => r.length === 0);
  }

  /** Whether it holds every port of every protocol. */
  public get isAll(): boolean {
    return PROTOCOLS.every((p) => isFull(this.ranges.get(p) ?? []));
  }

  /** Ports in this set or the other. */
  public union(other: PortSet): PortSet {
    return new PortSet(new Map(PROTOCOLS.map((p) => [p, normalize([...(this.ranges.get(p) ?? []), ...(other.ranges.get(p) ?? [])])])));
  }

  /** Ports in both sets. */
  public intersect(other: PortSet): PortSet {
    return new PortSet(new Map(PROTOCOLS.map((p) => {
      const out: Range[] = [];
      for (const [a1, a2] of this.ranges.get(p) ?? []) {
        for (const [b1, b2] of other.ranges.get(p) ?? []) {
          if (Math.max(a1, b1) <= Math.min(a2, b2)) out.push([Math.max(a1, b1), Math.min(a2, b2)]);
        }
      }
      return [p, normalize(out)];
    })));
  }

  /** `all`, `none`, or e.g. `TCP/53, TCP/8000-8080, UDP/53, SCTP/all`. */
  public toString(): string {
    if (this.isAll) return 'all';
    if (this.isEmpty) return 'none';
    return PROTOCOLS.flatMap((p) => {
      const ranges = this.ranges.get(p) ?? [];
      if (isFull(ranges)) return [`${p}/all`];
      return ranges.map(([from, to]) => (from === to ? `${p}/${from}` : `${p}/${from}-${to}`));
    }).join(', ');
  }
}

/** Sorted, merged ranges (adjacent ranges join). */
function normalize(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([a, b]) => a <= b).map((r) => [...r] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else out.push(range);
  }
  return out;
}

function isFull(ranges: readonly Range[]): boolean {
  return ranges.length === 1 && ranges[0][0] === FIRST_PORT && ranges[0][1] === LAST_PORT;
}
