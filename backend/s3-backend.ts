import { S3Backend, TerraformStack } from 'cdktf';
import type { PlatformConfig } from '../environments/types';
import { stateKey } from '../modules/naming';

/** The `terraform.backend.s3` settings of the state kept at `path` (e.g. `dev/vpc`). One place for all of them. */
export interface S3BackendSettings {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly encrypt: true;
  readonly dynamodb_table: string;
  readonly use_lockfile?: true;
}

export function s3BackendSettings(platform: PlatformConfig, path: string): S3BackendSettings {
  return {
    bucket: platform.state.bucket,
    key: stateKey(path),
    region: platform.aws.region,
    encrypt: true,
    dynamodb_table: platform.state.lockTable,
    // Terraform 1.11 deprecates DynamoDB locking in favour of S3 lock files; with both set it takes both locks.
    ...(platform.state.useLockfile ? { use_lockfile: true as const } : {}),
  };
}

/** Stores `stack`'s state at `<path>/terraform.tfstate` in the platform's state bucket, locked by DynamoDB. */
export function applyS3Backend(stack: TerraformStack, platform: PlatformConfig, path: string): S3Backend {
  const settings = s3BackendSettings(platform, path);
  const backend = new S3Backend(stack, {
    bucket: settings.bucket,
    key: settings.key,
    region: settings.region,
    encrypt: settings.encrypt,
    dynamodbTable: settings.dynamodb_table,
  });
  // cdktf 0.21's S3BackendConfig has no typed `useLockfile`.
  if (settings.use_lockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
  return backend;
}
