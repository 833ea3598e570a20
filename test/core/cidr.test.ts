import { BlockList } from 'node:net';
import { AddressRange, cidrContains, cidrsOverlap, clusterExcepts, formatCidr, parseCidr, remainderOverlaps } from '../../lib/core/cidr';

/** Parses a CIDR the test knows to be valid. */
function cidr(text: string): AddressRange {
  const range = parseCidr(text);
  if (!range) throw new Error(`not a CIDR: ${text}`);
  return range;
}

const DEFAULTS = { podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] };

describe('parseCidr', () => {
  test('reads IPv4 and IPv6 ranges as their first and last address', () => {
    expect(cidr('10.244.0.0/16')).toEqual({ family: 4, prefix: 16, first: 0x0af40000n, last: 0x0af4ffffn, hostBitsSet: false });
    expect(cidr('0.0.0.0/0')).toMatchObject({ first: 0n, last: 0xffffffffn });
    expect(cidr('fd00:10:244::/56')).toMatchObject({ family: 6, prefix: 56, first: 0xfd000010024400000000000000000000n });
    expect(cidr('::/0')).toMatchObject({ first: 0n, last: (1n << 128n) - 1n });
  });

  test('reads the IPv6 shorthands: leading, trailing and inner "::", and a trailing dotted IPv4', () => {
    expect(cidr('::1/128').first).toBe(1n);
    expect(cidr('fd00::/8').first).toBe(0xfdn << 120n);
    expect(cidr('2001:db8::8:800:200c:417a/128').first).toBe(0x20010db80000000000080800200c417an);
    expect(cidr('::ffff:10.244.0.0/112').first).toBe(0xffff0af40000n);
  });

  test('clears host bits and says so', () => {
    expect(cidr('10.244.1.7/16')).toMatchObject({ first: 0x0af40000n, hostBitsSet: true });
    expect(formatCidr(cidr('10.244.1.7/16'))).toBe('10.244.0.0/16');
  });

  test.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', '10.0.0/8', 'fd00::/129', 'fe80::1%eth0/64', 'example.com/8', '10.0.0.0/8/8', '10.0.0.0/-1', ''])(
    'refuses %j', (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

  test('agrees with node:net BlockList on which addresses a range holds', () => {
    const cases: Array<[string, string, 'ipv4' | 'ipv6']> = [
      ['10.96.0.0/12', '10.111.255.255', 'ipv4'], ['10.96.0.0/12', '10.112.0.0', 'ipv4'], ['172.16.0.0/12', '172.31.0.1', 'ipv4'],
      ['fd00:10:96::/112', 'fd00:10:96::ffff', 'ipv6'], ['fd00:10:96::/112', 'fd00:10:96::1:0', 'ipv6'], ['2001:db8::/32', '2001:db9::', 'ipv6'],
    ];
    for (const [range, address, family] of cases) {
      const list = new BlockList();
      const parsed = cidr(range);
      list.addSubnet(range.split('/')[0], parsed.prefix, family);
      expect([range, address, cidrContains(parsed, cidr(`${address}/${family === 'ipv4' ? 32 : 128}`))])
        .toEqual([range, address, list.check(address, family)]);
    }
  });
});

describe('formatCidr', () => {
  test('writes IPv6 as RFC 5952 says: lowercase, the longest run of zero groups as "::", the first of equal runs', () => {
    expect(formatCidr(cidr('FD00:0010:0244:0000:0000:0000:0000:0000/56'))).toBe('fd00:10:244::/56');
    expect(formatCidr(cidr('2001:db8:0:0:1:0:0:1/128'))).toBe('2001:db8::1:0:0:1/128');
    expect(formatCidr(cidr('2001:db8:0:1:1:1:1:1/128'))).toBe('2001:db8:0:1:1:1:1:1/128');
    expect(formatCidr(cidr('::/0'))).toBe('::/0');
  });
});

describe('containment and overlap', () => {
  test('a range holds the ranges inside it, itself included; never one of the other family', () => {
    expect(cidrContains(cidr('0.0.0.0/0'), cidr('10.244.0.0/16'))).toBe(true);
    expect(cidrContains(cidr('10.244.0.0/16'), cidr('10.244.0.0/16'))).toBe(true);
    expect(cidrContains(cidr('10.244.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrContains(cidr('::/0'), cidr('10.244.0.0/16'))).toBe(false);
  });

  test('ranges overlap when one holds the other', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('10.96.0.0/12'))).toBe(true);
    expect(cidrsOverlap(cidr('10.96.0.0/12'), cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrsOverlap(cidr('10.96.0.0/12'), cidr('10.244.0.0/16'))).toBe(false);
    expect(cidrsOverlap(cidr('fd00::/8'), cidr('fd00:10:244::/56'))).toBe(true);
  });
});

describe('remainderOverlaps', () => {
  const pods = cidr('10.244.0.0/16');
  const remainder = (block: string, except: string[]) => remainderOverlaps(cidr(block), except.map(cidr), pods);

  test('is whether what the exceptions leave of a block reaches into a range', () => {
    expect(remainder('0.0.0.0/0', [])).toBe(true);
    expect(remainder('0.0.0.0/0', ['10.244.0.0/16'])).toBe(false);
    expect(remainder('0.0.0.0/0', ['10.0.0.0/8'])).toBe(false);
    expect(remainder('10.244.7.0/24', [])).toBe(true);
    expect(remainder('10.244.7.0/24', ['10.244.7.0/25'])).toBe(true);
    expect(remainder('203.0.113.0/24', [])).toBe(false);
    expect(remainder('::/0', [])).toBe(false);
  });

  test('counts exceptions together, in any order, and finds a gap between them', () => {
    expect(remainder('10.0.0.0/8', ['10.244.128.0/17', '10.244.0.0/17'])).toBe(false);
    expect(remainder('10.0.0.0/8', ['10.244.128.0/17', '10.244.0.0/18'])).toBe(true);
    expect(remainder('10.0.0.0/8', ['10.244.0.0/18', '10.244.64.0/18', '10.244.128.0/17', '10.244.0.0/24'])).toBe(false);
    expect(remainder('10.0.0.0/8', ['fd00::/8', '10.244.0.0/17'])).toBe(true);
  });
});

describe('clusterExcepts', () => {
  test('lists the cluster ranges strictly inside a block, pod ranges first', () => {
    expect(clusterExcepts('0.0.0.0/0', [], DEFAULTS)).toEqual(['10.244.0.0/16', '10.96.0.0/12']);
    expect(clusterExcepts('10.0.0.0/8', [], DEFAULTS)).toEqual(['10.244.0.0/16', '10.96.0.0/12']);
    expect(clusterExcepts('10.240.0.0/12', [], DEFAULTS)).toEqual(['10.244.0.0/16']);
    expect(clusterExcepts('203.0.113.0/24', [], DEFAULTS)).toEqual([]);
  });

  test('leaves out a range a declared exception already holds, a range of the other family, and a range holding the block', () => {
    expect(clusterExcepts('0.0.0.0/0', ['10.0.0.0/8'], DEFAULTS)).toEqual([]);
    expect(clusterExcepts('0.0.0.0/0', ['10.96.0.0/12'], DEFAULTS)).toEqual(['10.244.0.0/16']);
    expect(clusterExcepts('::/0', [], { podSubnets: ['10.244.0.0/16', 'fd00:10:244::/56'], serviceSubnets: ['fd00:10:96::/112'] }))
      .toEqual(['fd00:10:244::/56', 'fd00:10:96::/112']);
    expect(clusterExcepts('10.244.0.0/16', [], DEFAULTS)).toEqual([]);
    expect(clusterExcepts('10.244.1.0/24', [], DEFAULTS)).toEqual([]);
  });
});
