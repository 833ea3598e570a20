import { z } from 'zod';
import { BackendBlock, StateBackendPlugin } from './state-backend';

/** Prefix of S3 state keys. */
export const DEFAULT_STATE_KEY_PREFIX = 'platform';

const BUCKET_HINT = 'expected an S3 bucket name (3 to 63 characters)';
const REGION_HINT = 'expected an AWS region such as eu-west-1';

/** Terraform state in S3, locked with an S3 lock file (Terraform ≥ 1.10). */
export interface S3StateSettings {
  /** Selects state in S3. */
  readonly kind: 's3';
  /** Bucket name. */
  readonly bucket: string;
  /** Bucket region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * Prefix of the state keys; the key of a stack is `<prefix>/<stack>/terraform.tfstate`.
   * @default 'platform'
   */
  readonly keyPrefix?: string;
}

/** S3 state with its defaults applied. */
export interface S3StateBackend {
  readonly kind: 's3';
  readonly bucket: string;
  readonly region: string;
  readonly keyPrefix: string;
}

/**
 * State at `s3://<bucket>/<keyPrefix>/<stack>/terraform.tfstate`, encrypted, locked with an S3 lock file
 * (`use_lockfile`, Terraform ≥ 1.10, which cdktf 0.21's S3BackendConfig predates).
 *
 * The block is what cdktf's `S3Backend` wrote for `{ bucket, region, key, encrypt: true }` (its synthesizeAttributes
 * is `keysToSnakeCase(props)`, node_modules/cdktf/lib/backends/s3-backend.js) with `use_lockfile: true` after it.
 */
export const s3State: StateBackendPlugin<S3StateSettings, S3StateBackend> = {
  kind: 's3',
  shared: true,
  schema: z.strictObject({
    kind: z.literal('s3'),
    bucket: z.string({ error: 'expected the S3 bucket name' }).min(3, { error: BUCKET_HINT }).max(63, { error: BUCKET_HINT }),
    region: z.string({ error: REGION_HINT }).regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: REGION_HINT }),
    keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]+$/, { error: 'expected an S3 key prefix without spaces' }).optional(),
  }),
  resolve: (settings) => ({
    kind: 's3', bucket: settings.bucket, region: settings.region, keyPrefix: settings.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX,
  }),
  block: (state, stackName): BackendBlock => ({
    name: 's3',
    config: { bucket: state.bucket, region: state.region, key: `${state.keyPrefix}/${stackName}/terraform.tfstate`, encrypt: true, use_lockfile: true },
  }),
};
