import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { blocks } from '../stack-view';
import { first, isCustomerManagedKey } from '../util';

/** Check 36 (encryption): default encryption is SSE-KMS with a customer-managed key. */
export const s3BucketCmk: PolicyRule = {
  name: 's3-bucket-cmk',
  ruleId: 'CKV_AWS_145|AVD-AWS-0132|CKV_AWS_19',
  priority: 'P0',
  description: 'S3 buckets encrypt with SSE-KMS and a customer-managed key',
  check: view =>
    view.all('aws_s3_bucket').flatMap(bucket => {
      const configs = view.children('aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket.address);
      const ok = configs.some(c =>
        blocks(c.body.rule).some(r => {
          const d = first(r.apply_server_side_encryption_by_default);
          return d.sse_algorithm === 'aws:kms' && isCustomerManagedKey(d.kms_master_key_id);
        }),
      );
      return ok
        ? [pass(bucket)]
        : [
            {
              address: configs[0]?.address ?? bucket.address,
              path: 'rule[0].apply_server_side_encryption_by_default[0]',
              message: 'set sse_algorithm = "aws:kms" with kms_master_key_id = a CMK (and bucket_key_enabled = true)',
            },
          ];
    }),
};
