import { isPlainObject, mergePatch } from '../../lib/core/merge';

describe('mergePatch', () => {
  test('merges objects field by field, recursively', () => {
    const target = { podSecurity: { enforce: 'baseline', audit: 'restricted' }, nodePool: 'general' };
    const patch = { podSecurity: { enforce: 'restricted' }, protected: true };

    expect(mergePatch(target, patch)).toEqual({
      podSecurity: { enforce: 'restricted', audit: 'restricted' },
      nodePool: 'general',
      protected: true,
    });
  });

  test('replaces arrays whole instead of merging them', () => {
    const target = { bindings: [{ group: 'a', role: 'admin' }, { group: 'b', role: 'viewer' }] };
    const patch = { bindings: [{ group: 'c' }] };

    expect(mergePatch(target, patch)).toEqual({ bindings: [{ group: 'c' }] });
  });

  test('removes a field the patch sets to null, at any depth', () => {
    const target = { nodePool: 'general', quota: { storage: '50Gi', pods: 10 } };
    const patch = { nodePool: null, quota: { storage: null } };

    expect(mergePatch(target, patch)).toStrictEqual({ quota: { pods: 10 } });
  });

  test('keeps a field the patch sets to undefined', () => {
    const target = { nodePool: 'general', quota: { pods: 10 } };
    const patch = { nodePool: undefined, quota: { pods: undefined } };

    expect(mergePatch(target, patch)).toStrictEqual({ nodePool: 'general', quota: { pods: 10 } });
  });

  test('replaces scalars, including with falsy values', () => {
    const target = { protected: true, pods: 10, nodePool: 'general' };
    const patch = { protected: false, pods: 0, nodePool: '' };

    expect(mergePatch(target, patch)).toEqual({ protected: false, pods: 0, nodePool: '' });
  });

  test('replaces a scalar or array target field with a patch object, keeping only what the patch sets', () => {
    const target = { state: 'local', labels: ['a'] };
    const patch = { state: { kind: 's3', region: null }, labels: { team: 'x' } };

    expect(mergePatch(target, patch)).toStrictEqual({ state: { kind: 's3' }, labels: { team: 'x' } });
  });

  test('returns a non-object patch as the result', () => {
    const target = { a: 1 };

    expect(mergePatch(target, 'text')).toBe('text');
    expect(mergePatch(target, 3)).toBe(3);
    expect(mergePatch(target, null)).toBeNull();
    expect(mergePatch(target, [1, 2])).toEqual([1, 2]);
  });

  test('starts from an empty object when the target is not an object', () => {
    expect(mergePatch(undefined, { a: 1, b: null })).toStrictEqual({ a: 1 });
    expect(mergePatch([1, 2], { a: 1 })).toStrictEqual({ a: 1 });
  });

  test('leaves the target and the patch unchanged', () => {
    const target = { podSecurity: { enforce: 'baseline' }, nodePool: 'general' };
    const patch = { podSecurity: { enforce: 'restricted' }, nodePool: null };

    mergePatch(target, patch);

    expect(target).toStrictEqual({ podSecurity: { enforce: 'baseline' }, nodePool: 'general' });
    expect(patch).toStrictEqual({ podSecurity: { enforce: 'restricted' }, nodePool: null });
  });

  test('returns the target unchanged in value for an empty patch', () => {
    const target = { a: { b: 1 } };

    expect(mergePatch(target, {})).toStrictEqual({ a: { b: 1 } });
  });
});

describe('isPlainObject', () => {
  test.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    [undefined, false],
    ['text', false],
    [3, false],
  ])('isPlainObject(%p) is %p', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });

  test('replaces an object whole when the patch names another kind (the one extension to RFC 7386)', () => {
    const target = { strategy: { kind: 'rolling', maxSurge: '25%', minReadySeconds: 10 } };
    const patch = { strategy: { kind: 'canary', weight: 10 } };

    expect(mergePatch(target, patch)).toStrictEqual({ strategy: { kind: 'canary', weight: 10 } });
  });

  test('merges objects of the same kind, or where either side names no kind, field by field', () => {
    expect(mergePatch({ s: { kind: 'rolling', maxSurge: 1 } }, { s: { kind: 'rolling', minReadySeconds: 5 } }))
      .toStrictEqual({ s: { kind: 'rolling', maxSurge: 1, minReadySeconds: 5 } });
    expect(mergePatch({ s: { kind: 'rolling', maxSurge: 1 } }, { s: { minReadySeconds: 5 } }))
      .toStrictEqual({ s: { kind: 'rolling', maxSurge: 1, minReadySeconds: 5 } });
  });
});

