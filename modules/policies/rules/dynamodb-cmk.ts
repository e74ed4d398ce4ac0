import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, isCustomerManagedKey, isTrue } from '../util';

/** Check 38 (encryption): the table encrypts with a customer-managed key (absent = AWS-owned key). */
export const dynamodbCmk: PolicyRule = {
  name: 'dynamodb-cmk',
  ruleId: 'CKV_AWS_119|AVD-AWS-0025',
  priority: 'P0',
  description: 'DynamoDB tables encrypt with a customer-managed KMS key',
  check: view =>
    view.all('aws_dynamodb_table').flatMap(t => {
      const sse = first(t.body.server_side_encryption);
      return isTrue(sse.enabled) && isCustomerManagedKey(sse.kms_key_arn)
        ? [pass(t)]
        : [
            {
              address: t.address,
              path: 'server_side_encryption[0].kms_key_arn',
              message: 'set server_side_encryption { enabled = true, kms_key_arn = <CMK> }',
            },
          ];
    }),
};
