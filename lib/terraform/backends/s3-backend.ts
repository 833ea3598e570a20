import { S3Backend, S3BackendConfig, TerraformStack } from 'cdktf';

/** S3 backend with S3-native locking (`use_lockfile`, Terraform ≥ 1.10), which cdktf 0.21's config predates. */
class LockingS3Backend extends S3Backend {
  constructor(stack: TerraformStack, config: S3BackendConfig) {
    super(stack, config);
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { ...super.synthesizeAttributes(), use_lockfile: true };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return { ...super.synthesizeHclAttributes(), use_lockfile: true };
  }
}

/** State at `s3://<bucket>/<keyPrefix>/<stack>/terraform.tfstate`, encrypted, locked with an S3 lock file. */
export function s3Backend(stack: TerraformStack, stackName: string, state: { bucket: string; region: string; keyPrefix: string }): S3Backend {
  return new LockingS3Backend(stack, {
    bucket: state.bucket,
    region: state.region,
    key: `${state.keyPrefix}/${stackName}/terraform.tfstate`,
    encrypt: true,
  });
}
