import { formatPin, hasPin, pin, samePin } from '../../../lib/app/release/version-pin';

const DIGEST = `sha256:${'b2'.repeat(32)}`;

describe('version pins', () => {
  test('keep only the version fields, and compare by them', () => {
    expect(pin({ version: '1.4.2', image: 'web', replicas: 2 } as never)).toEqual({ version: '1.4.2' });
    expect(pin(undefined)).toEqual({});
    expect(samePin(pin({ version: '1', digest: DIGEST }), { digest: DIGEST, version: '1' })).toBe(true);
    expect(samePin({ version: '1' }, { version: '1', digest: DIGEST })).toBe(false);
  });

  test('tell whether they pin anything', () => {
    expect([hasPin({}), hasPin({ version: '1' }), hasPin({ digest: DIGEST })]).toEqual([false, true, true]);
  });

  test('read as a tag, a digest, or both', () => {
    expect([formatPin({ version: '1.4.2' }), formatPin({ digest: DIGEST }), formatPin({ version: '1.4.2', digest: DIGEST }), formatPin({})])
      .toEqual(['1.4.2', `@${DIGEST}`, `1.4.2@${DIGEST}`, '(no pin)']);
  });
});
