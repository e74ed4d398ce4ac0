import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first } from '../util';

/** Check 36 (versioning): every bucket keeps object versions (state history, recovery from bad writes). */
export const s3BucketVersioning: PolicyRule = {
  name: 's3-bucket-versioning',
  ruleId: 'CKV_AWS_21|AVD-AWS-0090',
  priority: 'P0',
  description: 'S3 buckets have versioning enabled',
  check: view =>
    view
      .all('aws_s3_bucket')
      .map(b =>
        !view
          .children('aws_s3_bucket_versioning', 'bucket', b.address)
          .some(v => first(v.body.versioning_configuration).status === 'Enabled')
          ? { address: b.address, path: 'bucket', message: 'add aws_s3_bucket_versioning with status = "Enabled"' }
          : pass(b),
      ),
};
