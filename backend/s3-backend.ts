import { S3Backend, TerraformStack } from 'cdktf';
import type { PlatformConfig } from '../environments/types';
import { stateKey } from '../modules/naming';

/** The `terraform.backend.s3` settings of the state kept at `path` (e.g. `dev/vpc`). One place for all of them. */
export interface S3BackendSettings {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly encrypt: true;
  readonly dynamodb_table?: string;
  readonly use_lockfile?: true;
}

/**
 * How a stack locks its state. `table`: the platform's lock table (and S3 lock files with `useLockfile`).
 * `lockfile`: S3 lock files only, for the stacks of an environment in its own account: the backend names the lock
 * table by name, which DynamoDB resolves in the caller's account, so the table of the platform account is out of
 * reach; a lock file is an object under the state prefix, which the bucket policy grants across accounts.
 * https://developer.hashicorp.com/terraform/language/backend/s3#state-locking
 */
export type StateLocking = 'table' | 'lockfile';

export function s3BackendSettings(
  platform: PlatformConfig,
  path: string,
  locking: StateLocking = 'table',
): S3BackendSettings {
  if (locking === 'lockfile') {
    const { bucket } = platform.state;
    return { bucket, key: stateKey(path), region: platform.aws.region, encrypt: true, use_lockfile: true };
  }
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

/** Stores `stack`'s state at `<path>/terraform.tfstate` in the platform's state bucket, locked as `locking` says. */
export function applyS3Backend(
  stack: TerraformStack,
  platform: PlatformConfig,
  path: string,
  locking: StateLocking = 'table',
): S3Backend {
  const settings = s3BackendSettings(platform, path, locking);
  const backend = new S3Backend(stack, {
    bucket: settings.bucket,
    key: settings.key,
    region: settings.region,
    encrypt: settings.encrypt,
    ...(settings.dynamodb_table === undefined ? {} : { dynamodbTable: settings.dynamodb_table }),
  });
  // cdktf 0.21's S3BackendConfig has no typed `useLockfile`.
  if (settings.use_lockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
  return backend;
}
