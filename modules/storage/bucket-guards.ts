import {
  DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import type { Construct } from 'constructs';

/**
 * The guards every bucket of the platform carries (state, logs): all four public-access blocks, ACLs off (the
 * bucket owner owns every object), and a policy refusing any request not made over TLS (SECURITY-RULES A8; AWS S3
 * user guide, "Security best practices"). The construct ids are the caller's, so existing addresses stay.
 */
export interface BucketGuardIds {
  readonly publicAccessBlock: string;
  readonly ownership: string;
  readonly tlsOnlyDocument: string;
  readonly policy: string;
}

/**
 * @param grants statements appended to the TLS-only policy (the state bucket's cross-account grants).
 * @default - none
 */
export function guardBucket(
  scope: Construct, bucket: S3Bucket, ids: BucketGuardIds, grants: readonly DataAwsIamPolicyDocumentStatement[] = [],
): S3BucketPolicy {
  new S3BucketPublicAccessBlock(scope, ids.publicAccessBlock, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, ids.ownership, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  const tlsOnly = new DataAwsIamPolicyDocument(scope, ids.tlsOnlyDocument, {
    statement: [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: [bucket.arn, `${bucket.arn}/*`],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      ...grants,
    ],
  });
  return new S3BucketPolicy(scope, ids.policy, { bucket: bucket.id, policy: tlsOnly.json });
}
