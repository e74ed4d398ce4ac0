import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { first, isTrue } from '../util';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** Check 35: every bucket has a public access block with all four flags and ACLs disabled (BucketOwnerEnforced). */
export const s3PublicAccessBlock: PolicyRule = {
  name: 's3-public-access-block',
  ruleId:
    'CKV2_AWS_6|CKV_AWS_53|CKV_AWS_54|CKV_AWS_55|CKV_AWS_56|' +
    'AVD-AWS-0086|AVD-AWS-0087|AVD-AWS-0091|AVD-AWS-0093|AVD-AWS-0094|CKV2_AWS_65',
  priority: 'P0',
  description: 'S3 buckets block all public access and disable ACLs',
  check: view =>
    view.all('aws_s3_bucket').flatMap((bucket): Verdict[] => {
      const out: Verdict[] = [pass(bucket)];
      const pabs = view.children('aws_s3_bucket_public_access_block', 'bucket', bucket.address);
      if (pabs.length === 0) {
        out.push({
          address: bucket.address,
          path: 'bucket',
          message: 'add an aws_s3_bucket_public_access_block with all four flags true',
        });
      }
      for (const pab of pabs) {
        out.push(pass(pab));
        for (const flag of FLAGS.filter(f => !isTrue(pab.body[f])))
          out.push({ address: pab.address, path: flag, message: `set ${flag} = true` });
      }
      const owned = view
        .children('aws_s3_bucket_ownership_controls', 'bucket', bucket.address)
        .some(o => first(o.body.rule).object_ownership === 'BucketOwnerEnforced');
      if (!owned)
        out.push({
          address: bucket.address,
          path: 'bucket',
          message: 'add aws_s3_bucket_ownership_controls with object_ownership = "BucketOwnerEnforced" (ACLs off)',
        });
      return out;
    }),
};
