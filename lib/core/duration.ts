/**
 * Durations in whole hours or days, as the preview settings and `PREVIEW_TTL` take them (`72h`, `3d`): what a person
 * means by how long a preview lives, without minutes, months or time zones.
 */

/** A duration in whole hours or days: `72h`, `3d` (no zero, no leading zero). */
export const HOURS_OR_DAYS = /^([1-9]\d*)(h|d)$/;

/** The hours of a duration written `72h` or `3d`; `undefined` when it is written otherwise. */
export function hoursOf(text: string): number | undefined {
  const match = HOURS_OR_DAYS.exec(text);
  return match ? Number(match[1]) * (match[2] === 'd' ? 24 : 1) : undefined;
}
