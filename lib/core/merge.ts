/**
 * JSON merge patch (RFC 7386), the rule that turns the base plus an environment's definition into its settings:
 * objects merge field by field, arrays and scalars replace, and `null` removes an inherited value. A field that is
 * `undefined` (left out) keeps the inherited value.
 *
 * One extension: an object whose `kind` differs from the inherited object's `kind` replaces it whole. `kind` is the
 * discriminator of the definitions' unions (a release strategy, a state backend), and the fields of one variant mean
 * nothing in another: switching `strategy` from rolling to canary must not carry `maxSurge` along.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7386
 */
export function mergePatch<T>(target: unknown, patch: unknown): T {
  if (!isPlainObject(patch)) {
    return patch as T;
  }
  const sameVariant = isPlainObject(target) && (patch.kind === undefined || target.kind === undefined || patch.kind === target.kind);
  const result: Record<string, unknown> = isPlainObject(target) && sameVariant ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else if (value !== undefined) {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result as T;
}

/** Whether a value is a plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Composes two merge patches into one that has the effect of applying `first`, then `second`: unlike
 * {@link mergePatch}, a `null` of `second` stays `null`, so it still removes the value when the composed patch is
 * applied. Used for app overrides, which the base and an environment both patch before they patch the app.
 */
export function composePatches<T>(first: unknown, second: unknown): T {
  if (!isPlainObject(second)) {
    return (second === undefined ? first : second) as T;
  }
  if (!isPlainObject(first) || (second.kind !== undefined && first.kind !== undefined && second.kind !== first.kind)) {
    return second as T;
  }
  const result: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(second)) {
    if (value !== undefined) {
      result[key] = value === null ? null : composePatches(first[key], value);
    }
  }
  return result as T;
}

/**
 * Whether a patch sets a path itself (or an array above it, which replaces whole), as opposed to inheriting the
 * value: what decides "(inherited from …)" in validation messages.
 */
export function patchSets(patch: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let current: unknown = patch;
  for (const key of path) {
    if (Array.isArray(current)) return true;
    if (!isPlainObject(current) || current[String(key)] === undefined) return false;
    current = current[String(key)];
  }
  return current !== undefined;
}


/**
 * A JSON merge patch (RFC 7386) of `T`: every field optional, objects merged field by field, arrays replaced
 * whole, and `null` removing an inherited value.
 */
export type MergePatch<T> = {
  readonly [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[]
    ? T[K] | null
    : NonNullable<T[K]> extends object
      ? MergePatch<NonNullable<T[K]>> | null
      : T[K] | null;
};
