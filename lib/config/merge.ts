/**
 * JSON merge patch (RFC 7386), the rule that turns the base plus an environment's definition into its settings:
 * objects merge field by field, arrays and scalars replace, and `null` removes an inherited value. A field that is
 * `undefined` (left out) keeps the inherited value.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7386
 */
export function mergePatch<T>(target: unknown, patch: unknown): T {
  if (!isPlainObject(patch)) {
    return patch as T;
  }
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
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
