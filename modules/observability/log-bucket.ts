import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import * as bucketEncryption from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { refuseInvalidProps } from '../config-errors';
import { guardBucket } from '../storage/bucket-guards';
import { validateLogBucketProps } from './validation';

/** Properties for {@link LogBucket}. */
export interface LogBucketProps {
  readonly bucketName: string;
  /** The CMK objects are encrypted with. */
  readonly kmsKeyArn: string;
  /** Days after which log chunks expire: the environment's Loki retention. */
  readonly retentionDays: number;
}

/** Days an overwritten or deleted chunk stays recoverable before S3 removes it for good. */
export const NONCURRENT_LOG_DAYS = 7;

/**
 * The S3 bucket Loki keeps one environment's log chunks and index in: SSE-KMS with a CMK, TLS only, no public
 * access, versioned, and expiring objects at the retention (Loki's compactor deletes them first; the lifecycle rule
 * is the backstop). `prevent_destroy`: logs are evidence, so deleting them takes a deliberate edit.
 */
export class LogBucket extends Construct {
  public readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateLogBucketProps(props, at));
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, lifecycle: { preventDestroy: true } });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new bucketEncryption.S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    guardBucket(this, this.bucket, {
      publicAccessBlock: 'public-access-block',
      ownership: 'ownership',
      policy: 'policy',
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-logs-after-retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_LOG_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
  }
}
