import { DeliveryError } from '../../lib';
import { platform } from '../../environments';
import { referenceDefinition } from '../../stacks/_platform';

const NOW = new Date('2025-01-02T00:00:00Z');

describe('entry points select a preview from the environment', () => {
  test('without PREVIEW_ID: the reference platform as defined', () => {
    expect(referenceDefinition({}, NOW)).toBe(platform);
  });
  test('with PREVIEW_ID and an expiry: the platform plus preview-<id>', () => {
    const definition = referenceDefinition({ PREVIEW_ID: '42', PREVIEW_CREATED: '2025-01-01T00:00:00Z' }, NOW);
    expect(definition.environments.map((e) => e.name)).toEqual(['dev', 'qa', 'staging', 'production', 'preview-42']);
    expect(definition.environments[4].labels!['platform.example.com/preview-expires']).toBe(String(Date.parse('2025-01-04T00:00:00Z') / 1000));
  });
  test('fails when PREVIEW_ID comes without an expiry', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42' }, NOW)).toThrow(DeliveryError);
  });
  test('fails when PREVIEW_EXPIRES rolls over (February 30)', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2030-02-30T10:00:00Z' }, NOW)).toThrow(new DeliveryError(
      'PREVIEW_EXPIRES is "2030-02-30T10:00:00Z"; 2030-02 has 28 days, not 30; expected an RFC 3339 time with a zone, e.g. 2030-01-01T12:00:00Z',
    ));
  });
  test('fails when PREVIEW_EXPIRES is a millisecond timestamp', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '1893456000000' }, NOW)).toThrow(/^PREVIEW_EXPIRES is "1893456000000"; a number is refused/);
  });
  test('fails when PREVIEW_EXPIRES has passed', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42', PREVIEW_EXPIRES: '2025-01-01T00:00:00Z' }, NOW)).toThrow(new DeliveryError(
      'PREVIEW_EXPIRES is "2025-01-01T00:00:00Z", which is not after now (2025-01-02T00:00:00.000Z); preview "42" would be deleted by the janitor '
      + 'on its next run: give an expiry in the future',
    ));
  });
});
