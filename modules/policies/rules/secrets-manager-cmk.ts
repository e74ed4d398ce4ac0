import type { PolicyRule } from '../types';

/** Check 41 (encryption): secrets encrypt with a customer-managed key (absent = aws/secretsmanager). */
export const secretsManagerCmk: PolicyRule = {
  name: 'secrets-manager-cmk',
  ruleId: 'CKV_AWS_149|AVD-AWS-0098',
  priority: 'P1',
  appliesTo: ['aws_secretsmanager_secret'],
  description: 'Secrets Manager secrets use a customer-managed KMS key',
  check: view =>
    view
      .all('aws_secretsmanager_secret')
      .filter(s => typeof s.body.kms_key_id !== 'string' || s.body.kms_key_id === '' || s.body.kms_key_id.includes('aws/'))
      .map(s => ({
        address: s.address,
        path: 'kms_key_id',
        message: 'set kms_key_id to a CMK (its policy must let External Secrets decrypt via Secrets Manager)',
      })),
};
