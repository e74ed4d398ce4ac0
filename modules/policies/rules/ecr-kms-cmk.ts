import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, isCustomerManagedKey } from '../util';

/**
 * Check 39 (encryption): KMS with a customer-managed key (ForceNew: decide before the first apply); `alias/aws/ecr`,
 * by alias or alias ARN, is the AWS-managed key (kms_key takes an id, alias or ARN:
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EncryptionConfiguration.html).
 */
export const ecrKmsCmk: PolicyRule = {
  name: 'ecr-kms-cmk',
  ruleId: 'CKV_AWS_136|AVD-AWS-0033',
  priority: 'P0',
  description: 'ECR repositories encrypt with a customer-managed KMS key',
  check: view =>
    view.all('aws_ecr_repository').flatMap(r => {
      const enc = first(r.body.encryption_configuration);
      return enc.encryption_type === 'KMS' && isCustomerManagedKey(enc.kms_key)
        ? [pass(r)]
        : [
            {
              address: r.address,
              path: 'encryption_configuration[0]',
              message: 'set encryption_configuration { encryption_type = "KMS", kms_key = <CMK arn> }',
            },
          ];
    }),
};
