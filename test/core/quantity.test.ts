import { canonicalQuantity, implausibleBytes, isQuantity, parseQuantity } from '../../lib/core/quantity';

describe('parseQuantity', () => {
  test.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['0', 0],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e-3', 0.001],
    ['100k', 100_000],
    ['1M', 1_000_000],
    ['4G', 4e9],
    ['2E', 2e18],
    ['1Ei', 2 ** 60],
    ['250u', 0.00025],
    ['+2', 2],
    ['-1', -1],
  ])('parses %p as %p', (quantity, expected) => {
    expect(parseQuantity(quantity)).toBeCloseTo(expected, 12);
  });

  test.each(['2 cores', 'Mi', '1.2.3', '', ' 1', '1 ', '1mi', '1KI', '1K', '1Gb', 'm', '1e', '0x10'])('refuses %p', (quantity) => {
    expect(parseQuantity(quantity)).toBeUndefined();
  });

  test('orders binary above decimal suffixes of the same letter', () => {
    expect(parseQuantity('1Gi')).toBeGreaterThan(parseQuantity('1G')!);
    expect(parseQuantity('1000m')).toBe(parseQuantity('1'));
  });
});

describe('isQuantity', () => {
  test.each(['500m', '2', '1.5', '512Mi', '1Gi', '1e3', '100k', '0'])('accepts %p', (quantity) => {
    expect(isQuantity(quantity)).toBe(true);
  });

  test.each(['2 cores', 'Mi', '1.2.3', ''])('refuses the malformed %p', (quantity) => {
    expect(isQuantity(quantity)).toBe(false);
  });

  test.each(['-1', '-500m', '-1Gi'])('refuses the negative %p', (quantity) => {
    expect(isQuantity(quantity)).toBe(false);
  });
});

/**
 * Cases from k8s.io/apimachinery pkg/api/resource/quantity_test.go (kubernetes/apimachinery): the `alternate` and
 * `expect` columns of TestQuantityString, the table of TestQuantityParseEmit, and inputs of TestQuantityParse whose
 * rounding and format changes the canonical form shows.
 */
describe('canonicalQuantity', () => {
  test.each([
    // TestQuantityString: alternate → expect
    ['1024Mi', '1Gi'], ['307200Ki', '300Mi'], ['6Ki', '6Ki'], ['1025024Mi', '1001Gi'], ['1024Gi', '1Ti'], ['5000m', '5'], ['0.5', '500m'],
    ['1000M', '1G'], ['0.001T', '1G'], ['1000u', '1m'], ['80m', '80m'], ['1.08', '1080m'], ['1080000000n', '1080m'], ['300M', '300M'],
    ['1T', '1T'], ['1E', '1E'], ['1000E', '1e21'], ['5000E', '5e21'], ['1000000E', '1e24'], ['1234567M', '1234567M'], ['3k', '3k'], ['1025', '1025'],
    ['0', '0'], ['.001e12', '1e9'], ['0.001e0', '1e-3'], ['1000e-12', '1e-9'], ['80e-3', '80e-3'], ['300e6', '300e6'], ['1e12', '1e12'], ['1e3', '1e3'],
    ['3e3', '3e3'], ['00', '0'], ['1n', '1n'], ['80n', '80n'], ['1080n', '1080n'], ['1u', '1u'], ['80u', '80u'], ['1080u', '1080u'],
    // TestQuantityParseEmit
    ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['.001Ki', '1024m'], ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
    // TestQuantityParse: rounding up to a nano-unit, fractional binary quantities, "written by trolls"
    ['3.001n', '4n'], ['1.1E-9', '2e-9'], ['0.0000000001', '1n'], ['0.00000012345', '124n'], ['0.5Mi', '512Ki'], ['100.035Ki', '102435840m'],
    ['.0001k', '100m'], ['1.', '1'], ['1.G', '1G'], ['50k', '50k'], ['8.1k', '8100'], ['1.3E+6', '1300e3'], ['0Mi', '0'],
    // What the issue named, and what definitions commonly hold
    ['0.1', '100m'], ['1000m', '1'], ['1000', '1k'], ['1.5Gi', '1536Mi'], ['2', '2'], ['512Mi', '512Mi'], ['100Gi', '100Gi'], ['-1024Mi', '-1Gi'],
  ])('writes %p as %p', (quantity, canonical) => {
    expect(canonicalQuantity(quantity)).toBe(canonical);
  });

  test('is idempotent: a canonical quantity stays as it is', () => {
    for (const quantity of ['0.1', '1024Mi', '1.5Gi', '1000', '1e3', '3.001n', '0.5Mi', '1000E']) {
      const canonical = canonicalQuantity(quantity);
      expect(canonicalQuantity(canonical)).toBe(canonical);
      expect(parseQuantity(canonical)).toBeCloseTo(parseQuantity(quantity)!, 6);
    }
  });

  test('fails when given no quantity', () => {
    expect(() => canonicalQuantity('2 cores')).toThrow('"2 cores" is not a Kubernetes quantity');
  });
});

describe('implausibleBytes', () => {
  test.each([
    ['128m', '128m is 0.128 bytes (m is milli, a thousandth); did you mean 128Mi?'],
    ['1536m', '1536m is 1.536 bytes (m is milli, a thousandth); did you mean 1536Mi?'],
    ['0.5', '0.5 is 0.5 bytes; write bytes with a binary suffix, such as 512Mi or 2Gi'],
    ['100u', '100u is 0.0001 bytes; write bytes with a binary suffix, such as 512Mi or 2Gi'],
  ])('explains %p', (quantity, why) => {
    expect(implausibleBytes(quantity)).toBe(why);
  });

  test.each(['128Mi', '1Gi', '1000m', '0', '0.5Ki', '1e3', '4G', 'lots', '-1.5'])('accepts %p (a whole number of bytes, or not its concern)', (quantity) => {
    expect(implausibleBytes(quantity)).toBeUndefined();
  });
});
