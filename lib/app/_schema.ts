/**
 * Schema pieces shared by the app's schema (`app-schema.ts`) and the release strategies' (`release/*.ts`): image tags
 * and digests, version pins, durations in seconds.
 */
import { z } from 'zod';

/** A tag: up to 128 characters of letters, digits, '_', '.', '-', not starting with '.' or '-' (OCI distribution spec). */
export const tag = z.string({ error: 'expected an image tag such as 1.4.2' })
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: 'expected an image tag such as 1.4.2 (letters, digits, "_", ".", "-"; at most 128)' });

/** An image digest: `sha256:` and 64 hex digits. */
export const digest = z.string({ error: 'expected an image digest: "sha256:" and 64 hex digits' })
  .regex(/^sha256:[a-f0-9]{64}$/, { error: 'expected an image digest: "sha256:" and 64 hex digits' });

/** A version pin of a release strategy (a blue-green slot, a canary): a tag, a digest, or both. */
export const versionPin = z.strictObject({ version: tag.optional(), digest: digest.optional() });

/** Whole seconds, at least `min`, named `what` in the errors. */
export const seconds = (what: string, min = 0) => z.number({ error: `expected ${what} in whole seconds` })
  .int({ error: `expected ${what} in whole seconds` }).min(min, { error: `expected ${what} of at least ${min} seconds` });
