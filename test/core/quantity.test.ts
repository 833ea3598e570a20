import { isQuantity, parseQuantity } from '../../lib/core/quantity';

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
