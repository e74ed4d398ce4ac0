import type { PolicyRule } from '../types';
import { first } from '../util';

/** Check 36 (versioning): every bucket keeps object versions (state history, recovery from bad writes). */
export const s3BucketVersioning: PolicyRule = {
  name: 's3-bucket-versioning',
  ruleId: 'CKV_AWS_21|AVD-AWS-0090',
  priority: 'P0',
  appliesTo: ['aws_s3_bucket'],
  description: 'S3 buckets have versioning enabled',
  check: view =>
    view
      .all('aws_s3_bucket')
      .filter(
        b => !view.children('aws_s3_bucket_versioning', 'bucket', b.address).some(v => first(v.body.versioning_configuration).status === 'Enabled')
      )
      .map(b => ({ address: b.address, path: 'bucket', message: 'add aws_s3_bucket_versioning with status = "Enabled"' })),
};
