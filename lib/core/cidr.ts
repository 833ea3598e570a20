/**
 * CIDR math (parse, contain, overlap; IPv4 and IPv6) and CIDR peers and their ports, checked the way the API server
 * checks NetworkPolicy ipBlocks and ports. Shared by the environments' network settings, the apps' dependencies, the
 * clusters' pod and Service ranges and the reachability guardrail.
 *
 * Addresses are held as bigints: 128 bits is beyond a JavaScript number, and the checks here are a handful of
 * comparisons, so a dependency (ipaddr.js, ip-address) would add more than it saves.
 */
import { isIP } from 'node:net';
import { CidrPeer, Port, CidrPeerSettings, PortSettings, Protocol } from './network';

/** Reports a problem at a path relative to the peer (`cidr`, `except[0]`, `ports[1].endPort`). */
export type PeerIssue = (path: string, value: unknown, allowed: string) => void;

/** A CIDR as a range of addresses of one family. */
export interface AddressRange {
  readonly family: 4 | 6;
  /** Prefix length: 0–32 (IPv4) or 0–128 (IPv6). */
  readonly prefix: number;
  /** The network address (host bits cleared). */
  readonly first: bigint;
  /** The last address of the range. */
  readonly last: bigint;
  /** Whether the text set host bits (`10.0.0.1/8`): a valid range, but not its network address. */
  readonly hostBitsSet: boolean;
}

/**
 * The ranges a cluster gives its own pods and Services. A CIDR peer must not open them: an ipBlock selects the pods
 * whose IPs it holds (see `lib/guardrails/reachability/cluster-network.ts`).
 */
export interface ClusterAddressRanges {
  /** Pod CIDRs, one per IP family. */
  readonly podSubnets: readonly string[];
  /** Service (ClusterIP) CIDRs, one per IP family. */
  readonly serviceSubnets: readonly string[];
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * Parses `address/prefix`, IPv4 or IPv6; `undefined` when it is not one. Host bits are accepted and cleared, as Go's
 * `net.ParseCIDR` (which the API server uses) does; {@link AddressRange.hostBitsSet} tells.
 */
export function parseCidr(text: string): AddressRange | undefined {
  const match = /^([^/%]+)\/(\d{1,3})$/.exec(text);
  if (!match) {
    return undefined;
  }
  const version = isIP(match[1]);
  const prefix = Number(match[2]);
  if ((version !== 4 && version !== 6) || prefix > BITS[version]) {
    return undefined;
  }
  const address = version === 4 ? parseIPv4(match[1]) : parseIPv6(match[1]);
  const hostBits = BigInt(BITS[version] - prefix);
  const first = (address >> hostBits) << hostBits;
  return { family: version, prefix, first, last: first + (1n << hostBits) - 1n, hostBitsSet: first !== address };
}

/** The canonical text of a range: its network address (IPv6 compressed as RFC 5952 says) and prefix. */
export function formatCidr(range: AddressRange): string {
  return `${range.family === 4 ? formatIPv4(range.first) : formatIPv6(range.first)}/${range.prefix}`;
}

/** Whether `outer` holds every address of `inner`. */
export function cidrContains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Whether two ranges share an address (CIDRs either nest or are apart). */
export function cidrsOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/**
 * Whether some address of `cidr` that no range of `except` holds lies in `range`: whether an ipBlock reaches into it.
 * The exceptions may cover the overlap together (two halves) as well as one by one.
 */
export function remainderOverlaps(cidr: AddressRange, except: readonly AddressRange[], range: AddressRange): boolean {
  if (!cidrsOverlap(cidr, range)) {
    return false;
  }
  const low = cidr.first > range.first ? cidr.first : range.first;
  const high = cidr.last < range.last ? cidr.last : range.last;
  let uncovered = low;
  for (const e of [...except].filter((x) => x.family === cidr.family).sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0))) {
    if (e.last < uncovered) continue;
    if (e.first > uncovered) return true;
    uncovered = e.last + 1n;
    if (uncovered > high) return false;
  }
  return uncovered <= high;
}

/**
 * The entries `except` needs so that `cidr` opens none of the cluster's own ranges: each pod and Service range that
 * lies strictly inside `cidr` and that no declared exception already holds, pod ranges first, as declared. A range
 * that holds `cidr` itself cannot be excepted (the API server wants exceptions strictly inside); resolving a peer
 * refuses that case.
 */
export function clusterExcepts(cidr: string, except: readonly string[], cluster: ClusterAddressRanges): string[] {
  const network = parseCidr(cidr);
  if (!network) {
    return [];
  }
  const declared = except.map(parseCidr).filter((e): e is AddressRange => e !== undefined);
  return [...cluster.podSubnets, ...cluster.serviceSubnets].filter((text, i, all) => {
    const range = parseCidr(text);
    return range !== undefined && all.indexOf(text) === i && cidrContains(network, range) && range.prefix > network.prefix
      && !declared.some((e) => cidrContains(e, range));
  });
}

/**
 * Resolves a CIDR peer: the range, its exceptions strictly inside it, and its ports; `undefined` when the range is
 * invalid. With the cluster's ranges, a peer inside one of them is refused (it could only reach the cluster's own pods
 * or Services), and the ranges inside the peer are added to its exceptions, after the declared ones.
 *
 * @param cluster the pod and Service ranges of the cluster the peer's pods run on, and its name for messages
 */
export function resolveCidrPeer(
  peer: CidrPeerSettings, issue: PeerIssue, cluster?: ClusterAddressRanges & { readonly name: string },
): CidrPeer | undefined {
  const ports = resolvePorts(peer.ports, issue);
  const network = parseCidr(peer.cidr);
  if (!network) {
    issue('cidr', peer.cidr, 'expected an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8');
    return undefined;
  }
  const except = peer.except ?? [];
  except.forEach((inner, i) => {
    const parsed = parseCidr(inner);
    // The API server wants a strict subset: same family, inside the range, and a longer prefix (an equal one closes all of it).
    if (!parsed || parsed.prefix <= network.prefix || !cidrContains(network, parsed)) {
      issue(`except[${i}]`, inner, `expected a CIDR strictly inside ${peer.cidr} (a prefix longer than /${network.prefix})`);
    }
  });
  if (!cluster) {
    return { cidr: peer.cidr, except: [...except], ports };
  }
  const inside = (field: 'podSubnets' | 'serviceSubnets') => cluster[field].find((text) => {
    const range = parseCidr(text);
    return range !== undefined && cidrContains(range, network);
  });
  const podRange = inside('podSubnets');
  const serviceRange = inside('serviceSubnets');
  if (podRange !== undefined || serviceRange !== undefined) {
    const [what, range, field] = podRange !== undefined
      ? ['pod', podRange, 'podSubnets'] : ['Service', serviceRange, 'serviceSubnets'];
    issue('cidr', peer.cidr, `expected an address range outside the cluster: it lies inside the ${what} range ${range} of cluster `
      + `"${cluster.name}" (networking.${field}) and could only reach the cluster's own ${what === 'pod' ? 'pods' : 'Services'}; open paths inside `
      + 'the cluster with an environment or namespace peer, or an app dependency');
    return undefined;
  }
  return { cidr: peer.cidr, except: [...except, ...clusterExcepts(peer.cidr, except, cluster)], ports };
}

/** Resolves ports: TCP by default, a range's end not before its start. */
export function resolvePorts(ports: PortSettings[] | undefined, issue: PeerIssue): Port[] {
  return (ports ?? []).map((port, i) => {
    if (port.endPort !== undefined && port.endPort < port.port) {
      issue(`ports[${i}].endPort`, port.endPort, `expected at least port (${port.port})`);
    }
    return { port: port.port, endPort: port.endPort, protocol: port.protocol ?? Protocol.TCP };
  });
}

/** An IPv4 address `isIP` accepted, as a number. */
function parseIPv4(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** An IPv6 address `isIP` accepted (`::` shorthand and a trailing dotted IPv4 included), as a number. */
function parseIPv6(address: string): bigint {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIPv4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const known = [...groups(head), ...(tail === undefined ? [] : groups(tail))].length;
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - known).fill('0'), ...groups(tail)];
  return all.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function formatIPv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
}

/** RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups (the first of equals) as `::`. */
function formatIPv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  return best.start < 0 ? hex(groups) : `${hex(groups.slice(0, best.start))}::${hex(groups.slice(best.start + best.length))}`;
}
