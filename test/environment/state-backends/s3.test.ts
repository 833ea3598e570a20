import { parseWith } from '../../../lib/core/schema';
import { DEFAULT_STATE_KEY_PREFIX, s3State } from '../../../lib/environment/state-backends/s3';
import { StateBackendKind } from '../../../lib/environment/state-backends/registry';
import { testCluster } from '../../cluster/util';

const S3 = { kind: StateBackendKind.S3, bucket: 'example-state', region: 'eu-west-1' } as const;

/** The messages of `settings` against the S3 schema, as `field: allowed`. */
function issues(settings: unknown): string[] {
  return parseWith(s3State.schema, settings, 'test').issues.map((i) => `${i.path}: ${i.allowed}`);
}

describe('s3State', () => {
  test('accepts a bucket, a region and a key prefix', () => {
    expect(issues({ ...S3, keyPrefix: 'teams/a' })).toEqual([]);
  });

  test('fails when the bucket is missing, too short or too long', () => {
    expect(issues({ kind: 's3', region: 'eu-west-1' })).toEqual(['bucket: expected the S3 bucket name']);
    expect(issues({ ...S3, bucket: 'tf' })).toEqual(['bucket: expected an S3 bucket name (3 to 63 characters)']);
    expect(issues({ ...S3, bucket: 'b'.repeat(64) })).toEqual(['bucket: expected an S3 bucket name (3 to 63 characters)']);
  });

  test('fails when the region is not an AWS region', () => {
    expect(issues({ ...S3, region: 'EU-WEST-1' })).toEqual(['region: expected an AWS region such as eu-west-1']);
  });

  test('fails when the key prefix has a space', () => {
    expect(issues({ ...S3, keyPrefix: 'my prefix' })).toEqual(['keyPrefix: expected an S3 key prefix without spaces']);
  });

  test('defaults the key prefix to "platform" and keeps one that is given', () => {
    const context = { cluster: testCluster() };
    expect(DEFAULT_STATE_KEY_PREFIX).toBe('platform');
    expect(s3State.resolve(S3, context)).toStrictEqual({ kind: 's3', bucket: 'example-state', region: 'eu-west-1', keyPrefix: 'platform' });
    expect(s3State.resolve({ ...S3, keyPrefix: 'teams/a' }, context).keyPrefix).toBe('teams/a');
  });

  test('keeps state at <prefix>/<stack>/terraform.tfstate, encrypted and locked with a lock file', () => {
    expect(s3State.block({ ...S3, keyPrefix: 'platform' }, 'production')).toStrictEqual({
      name: 's3',
      config: { bucket: 'example-state', region: 'eu-west-1', key: 'platform/production/terraform.tfstate', encrypt: true, use_lockfile: true },
    });
  });

  test('uses the key prefix', () => {
    expect(s3State.block({ ...S3, keyPrefix: 'teams/a' }, 'qa').config.key).toBe('teams/a/qa/terraform.tfstate');
  });
});
