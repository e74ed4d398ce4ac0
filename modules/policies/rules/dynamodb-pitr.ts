import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, isTrue } from '../util';

/** Check 38 (recovery): point-in-time recovery is on. */
export const dynamodbPitr: PolicyRule = {
  name: 'dynamodb-pitr',
  ruleId: 'CKV_AWS_28|AVD-AWS-0024',
  priority: 'P0',
  description: 'DynamoDB tables have point-in-time recovery',
  check: view =>
    view.all('aws_dynamodb_table').map(t =>
      !isTrue(first(t.body.point_in_time_recovery).enabled)
        ? {
            address: t.address,
            path: 'point_in_time_recovery[0].enabled',
            message: 'set point_in_time_recovery { enabled = true }',
          }
        : pass(t),
    ),
};
