import { conditionValues, isPublicPrincipal, parseDocument, statementGrants } from '../iam';
import { arn } from '../../iam/arn';
import { AWS_PARTITIONS } from '../../iam/partition';
import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/**
 * Check 37: the bucket policy denies every request not made over TLS, on the bucket and its objects
 * (FSBP S3.5, AWS Config s3-bucket-ssl-requests-only).
 */
export const s3TlsOnly: PolicyRule = {
  name: 's3-tls-only',
  ruleId: 'FSBP-S3.5|CIS-AWS-2.1.1|CKV_AWS_379',
  priority: 'P0',
  description: 'S3 bucket policies deny non-TLS requests',
  check: view =>
    view.all('aws_s3_bucket').flatMap(bucket => {
      const name = view.literal(bucket.body.bucket);
      // the bucket ARN as a reference or, for a literal bucket name, as text in any partition (`arn:aws-cn:s3:::`
      // in China): the whole name (`logs` is not `logs-archive`), then nothing (the bucket) or `/*` (its objects)
      const arns = typeof name === 'string' ? AWS_PARTITIONS.map(p => arn({ service: 's3', resource: name }, p)) : [];
      const isBucket = (r: string) => view.refersTo(r, bucket.address) || arns.some(a => r === a || r === `${a}/*`);
      const ok = view
        .children('aws_s3_bucket_policy', 'bucket', bucket.address)
        .some(
          p =>
            parseDocument(view, p.body.policy)?.some(
              s =>
                s.effect === 'Deny' &&
                isPublicPrincipal(s) &&
                statementGrants(s, 's3:GetObject') &&
                statementGrants(s, 's3:PutObject') &&
                s.resources.some(r => isBucket(r) && !r.endsWith('/*')) &&
                s.resources.some(r => isBucket(r) && r.endsWith('/*')) &&
                conditionValues(s, 'aws:SecureTransport', 'Bool').includes('false'),
            ) === true,
        );
      return ok
        ? [pass(bucket)]
        : [
            {
              address: bucket.address,
              path: 'policy',
              message:
                'add an aws_s3_bucket_policy statement: Deny s3:* to "*" on the bucket and bucket/* when ' +
                'aws:SecureTransport is false',
            },
          ];
    }),
};
