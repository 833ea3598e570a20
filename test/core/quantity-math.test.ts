/** Whole units as the API server counts them, and amounts as people read them. */
import { QuantityUnit, formatAmount, quantityAmount } from '../../lib/core/quantity-math';

test('counts CPU in millicores and memory in bytes, rounding real fractions up and float noise not', () => {
  expect(quantityAmount('0.1', QuantityUnit.MILLICORES)).toBe(100);
  expect(quantityAmount('250m', QuantityUnit.MILLICORES)).toBe(250);
  expect(quantityAmount('1.0005', QuantityUnit.MILLICORES)).toBe(1001);
  expect(quantityAmount('128Mi', QuantityUnit.BYTES)).toBe(128 * 2 ** 20);
  expect(quantityAmount('1e3', QuantityUnit.BYTES)).toBe(1000);
  // 128m of memory is 0.128 bytes, which the API server counts as 1.
  expect(quantityAmount('128m', QuantityUnit.BYTES)).toBe(1);
  expect(quantityAmount(22, QuantityUnit.COUNT)).toBe(22);
  expect(quantityAmount('lots', QuantityUnit.BYTES)).toBeUndefined();
});

test('formats cores whole or in millicores, bytes in the largest binary unit that divides them with an approximation above it', () => {
  expect([4000, 3650, 0].map((m) => formatAmount(m, QuantityUnit.MILLICORES))).toEqual(['4', '3650m', '0']);
  expect([64 * 2 ** 30, 5248 * 2 ** 20, 512 * 2 ** 20, 1536 * 2 ** 20, 1500, 1].map((b) => formatAmount(b, QuantityUnit.BYTES)))
    .toEqual(['64Gi', '5248Mi (5.13Gi)', '512Mi', '1536Mi (1.5Gi)', '1500 (1.46Ki)', '1']);
  expect(formatAmount(22, QuantityUnit.COUNT)).toBe('22');
});
