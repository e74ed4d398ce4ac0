import type { PolicyRule } from '../types';
import { first, isTrue } from '../util';

/** Check 38 (recovery): point-in-time recovery is on. */
export const dynamodbPitr: PolicyRule = {
  name: 'dynamodb-pitr',
  ruleId: 'CKV_AWS_28|AVD-AWS-0024',
  priority: 'P0',
  appliesTo: ['aws_dynamodb_table'],
  description: 'DynamoDB tables have point-in-time recovery',
  check: view =>
    view
      .all('aws_dynamodb_table')
      .filter(t => !isTrue(first(t.body.point_in_time_recovery).enabled))
      .map(t => ({ address: t.address, path: 'point_in_time_recovery[0].enabled', message: 'set point_in_time_recovery { enabled = true }' })),
};
