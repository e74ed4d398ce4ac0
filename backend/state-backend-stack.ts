import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import * as bucketEncryption from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { LocalBackend, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { suppress } from '../modules/policies/suppress';
import { PlatformStack } from '../modules/stacks/platform-stack';
import { guardBucket } from '../modules/storage/bucket-guards';
import { STATE_BACKEND_STACK_ID } from '../modules/naming';
import { applyS3Backend } from './s3-backend';
import { crossAccountStateStatements } from './state-bucket-access';

/**
 * The state-backend stack's local state file, relative to the directory Terraform runs in
 * (`cdktf.out/stacks/state-backend`): `terraform.state-backend.tfstate` at the project root, outside `cdktf.out/`
 * (synth may rewrite that folder) and ignored by git (`*.tfstate`). Relative, so no machine's path is synthesized.
 */
export const STATE_BACKEND_LOCAL_PATH = `../../../terraform.${STATE_BACKEND_STACK_ID}.tfstate`;

/** Properties for {@link StateBackendStack}. */
export interface StateBackendStackProps {
  readonly platform: PlatformConfig;
  /**
   * Every environment: the CI roles of those in their own accounts get their state prefix in the bucket policy.
   * @default - none
   */
  readonly environments?: readonly EnvironmentConfig[];
}

/**
 * The S3 bucket and DynamoDB table every other stack keeps its state in. Its own state starts local (it creates the
 * backend) and moves into the bucket when `platform.state.stateBackendInS3` is set; docs/DEPLOYMENT.md section 2.
 */
export class StateBackendStack extends PlatformStack {
  public readonly bucket: S3Bucket;
  public readonly lockTable: DynamodbTable;

  constructor(scope: Construct, props: StateBackendStackProps) {
    super(scope, STATE_BACKEND_STACK_ID, { platform: props.platform, environment: 'shared' });
    const state = props.platform.state;
    if (state.stateBackendInS3) applyS3Backend(this, props.platform, STATE_BACKEND_STACK_ID);
    else new LocalBackend(this, { path: STATE_BACKEND_LOCAL_PATH });

    this.bucket = new S3Bucket(this, 'state-bucket', {
      bucket: state.bucket,
      lifecycle: { preventDestroy: true }, // every stack's state lives here
    });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, 'state-bucket-versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    const encryption = new bucketEncryption.S3BucketServerSideEncryptionConfigurationA(
      this,
      'state-bucket-encryption',
      {
        bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
      },
    );
    suppress(
      encryption,
      's3-bucket-cmk',
      `The design asks for AES-256 server-side encryption of the state bucket. Compensating controls: all four
        public access block flags, BucketOwnerEnforced, TLS-only bucket policy, versioning, access only through the CI
        roles. A CMK would add a key-policy gate and decrypt audit trail: revisit if state must be isolated from
        account admins.`,
    );
    guardBucket(
      this,
      this.bucket,
      {
        publicAccessBlock: 'state-bucket-public-access-block',
        ownership: 'state-bucket-ownership',
        policy: 'state-bucket-policy',
      },
      crossAccountStateStatements(props.platform, props.environments ?? []),
    );
    new S3BucketLifecycleConfiguration(this, 'state-bucket-lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-noncurrent-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: state.noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    this.lockTable = new DynamodbTable(this, 'lock-table', {
      name: state.lockTable,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'LockID', // the S3 backend requires exactly this String key
      attribute: [{ name: 'LockID', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
    suppress(
      this.lockTable,
      'dynamodb-cmk',
      `The lock table holds only lock IDs and state checksums, no state or secrets; it is encrypted at rest
        with the AWS-owned key. DynamoDB locking is deprecated since Terraform 1.11 (platform.state.useLockfile
        replaces it).`,
    );

    new TerraformOutput(this, 'state_bucket', { value: this.bucket.bucket, description: 'Terraform state bucket' });
    new TerraformOutput(this, 'lock_table', { value: this.lockTable.name, description: 'Terraform state lock table' });
  }
}
