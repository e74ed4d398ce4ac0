import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { isCustomerManagedKey } from '../util';

/** Check 41 (encryption): secrets encrypt with a customer-managed key (absent = aws/secretsmanager). */
export const secretsManagerCmk: PolicyRule = {
  name: 'secrets-manager-cmk',
  ruleId: 'CKV_AWS_149|AVD-AWS-0098',
  priority: 'P1',
  description: 'Secrets Manager secrets use a customer-managed KMS key',
  check: view =>
    view.all('aws_secretsmanager_secret').map(s =>
      !isCustomerManagedKey(s.body.kms_key_id)
        ? {
            address: s.address,
            path: 'kms_key_id',
            message: 'set kms_key_id to a CMK (its policy must let External Secrets decrypt via Secrets Manager)',
          }
        : pass(s),
    ),
};
