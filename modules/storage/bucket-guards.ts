import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import type { Construct } from 'constructs';
import { policyDocument, renderPolicy } from '../iam/render';
import type { PolicyStatement } from '../iam/statement';

/**
 * The guards every bucket of the platform carries (state, logs): all four public-access blocks, ACLs off (the
 * bucket owner owns every object), and a policy refusing any request not made over TLS (SECURITY-RULES A8; AWS S3
 * user guide, "Security best practices"). The construct ids are the caller's, so existing addresses stay.
 */
export interface BucketGuardIds {
  readonly publicAccessBlock: string;
  readonly ownership: string;
  readonly policy: string;
}

/**
 * @param grants statements appended to the TLS-only policy (the state bucket's cross-account grants).
 * @default - none
 */
export function guardBucket(
  scope: Construct,
  bucket: S3Bucket,
  ids: BucketGuardIds,
  grants: readonly PolicyStatement[] = [],
): S3BucketPolicy {
  new S3BucketPublicAccessBlock(scope, ids.publicAccessBlock, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, ids.ownership, {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: [bucket.arn, `${bucket.arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
    },
    ...grants,
  ];
  return new S3BucketPolicy(scope, ids.policy, { bucket: bucket.id, policy: renderPolicy(policyDocument(statements)) });
}
