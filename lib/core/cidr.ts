/**
 * CIDR peers and their ports, checked the way the API server checks NetworkPolicy ipBlocks and ports. Shared by the
 * environments' network settings and the apps' dependencies.
 */
import { BlockList, isIP } from 'node:net';
import { CidrPeer, Port, CidrPeerSettings, PortSettings, Protocol } from './network';

/** Reports a problem at a path relative to the peer (`cidr`, `except[0]`, `ports[1].endPort`). */
export type PeerIssue = (path: string, value: unknown, allowed: string) => void;

/** Resolves a CIDR peer: the range, its exceptions strictly inside it, and its ports; `undefined` when the range is invalid. */
export function resolveCidrPeer(peer: CidrPeerSettings, issue: PeerIssue): CidrPeer | undefined {
  const ports = resolvePorts(peer.ports, issue);
  const network = parseCidr(peer.cidr);
  if (!network) {
    issue('cidr', peer.cidr, 'expected an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8');
    return undefined;
  }
  const block = new BlockList();
  block.addSubnet(network.address, network.prefix, network.family);
  const except = peer.except ?? [];
  except.forEach((inner, i) => {
    const parsed = parseCidr(inner);
    // The API server wants a strict subset: same family, inside the range, and a longer prefix (an equal one closes all of it).
    if (!parsed || parsed.family !== network.family || parsed.prefix <= network.prefix || !block.check(parsed.address, parsed.family)) {
      issue(`except[${i}]`, inner, `expected a CIDR strictly inside ${peer.cidr} (a prefix longer than /${network.prefix})`);
    }
  });
  return { cidr: peer.cidr, except: [...except], ports };
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

function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) {
    return undefined;
  }
  const version = isIP(match[1]);
  const prefix = Number(match[2]);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) {
    return undefined;
  }
  return { address: match[1], prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
