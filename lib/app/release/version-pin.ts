/**
 * Version pins: what an app, a blue-green slot or a canary runs, as a tag, a digest or both, and how pins compare and
 * read. Release strategies say which pin an app serves; promotion copies pins from one environment to the next.
 */

/** An image version: a tag or a digest (a digest wins when both are given). */
export interface VersionPin {
  /**
   * Image tag, e.g. `1.4.2`.
   * @default - none (then a digest is needed; an untagged image runs `latest`, refused in protected environments)
   */
  readonly version?: string;
  /**
   * Image digest, e.g. `sha256:…` (64 hex digits); pins the exact image.
   * @default - none
   */
  readonly digest?: string;
}

/** Only the version fields of a pin, so two pins compare by what they pin. */
export function pin(value: VersionPin | undefined): VersionPin {
  return {
    ...(value?.version !== undefined ? { version: value.version } : {}),
    ...(value?.digest !== undefined ? { digest: value.digest } : {}),
  };
}

/** Whether a pin names a version at all (a tag or a digest). */
export function hasPin(value: VersionPin): boolean {
  return value.version !== undefined || value.digest !== undefined;
}

/** Whether two pins are the same. */
export function samePin(a: VersionPin, b: VersionPin): boolean {
  return a.version === b.version && a.digest === b.digest;
}

/** `1.4.2`, `@sha256:…` or `1.4.2@sha256:…`: a pin as people read it. */
export function formatPin(value: VersionPin): string {
  if (!hasPin(value)) return '(no pin)';
  return `${value.version ?? ''}${value.digest !== undefined ? `@${value.digest}` : ''}`;
}
