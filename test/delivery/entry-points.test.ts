import { DeliveryError } from '../../lib';
import { platform } from '../../environments';
import { referenceDefinition } from '../../stacks/_platform';

describe('entry points select a preview from the environment', () => {
  test('without PREVIEW_ID: the reference platform as defined', () => {
    expect(referenceDefinition({})).toBe(platform);
  });
  test('with PREVIEW_ID and an expiry: the platform plus preview-<id>', () => {
    const definition = referenceDefinition({ PREVIEW_ID: '42', PREVIEW_CREATED: '2025-01-01T00:00:00Z' });
    expect(definition.environments.map((e) => e.name)).toEqual([...platform.environments.map((e) => e.name), 'preview-42']);
    expect(definition.environments[platform.environments.length].labels!['platform.example.com/preview-expires']).toBe(String(Date.parse('2025-01-04T00:00:00Z') / 1000));
  });
  test('fails when PREVIEW_ID comes without an expiry', () => {
    expect(() => referenceDefinition({ PREVIEW_ID: '42' })).toThrow(DeliveryError);
  });
});
