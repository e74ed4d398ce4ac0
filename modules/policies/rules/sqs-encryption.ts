import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { isTrue } from '../util';

/** Check 40 (encryption): queues are encrypted explicitly (SQS-managed SSE or a CMK, never alias/aws/sqs). */
export const sqsEncryption: PolicyRule = {
  name: 'sqs-encryption',
  ruleId: 'CKV_AWS_27|AVD-AWS-0096|AVD-AWS-0135|CKV2_AWS_73',
  priority: 'P0',
  description: 'SQS queues are encrypted at rest',
  check: view =>
    view.all('aws_sqs_queue').flatMap(q => {
      const key = q.body.kms_master_key_id;
      if (key === 'alias/aws/sqs')
        return [
          {
            address: q.address,
            path: 'kms_master_key_id',
            message: 'use a CMK or sqs_managed_sse_enabled = true, not alias/aws/sqs',
          },
        ];
      return isTrue(q.body.sqs_managed_sse_enabled) || (typeof key === 'string' && key !== '')
        ? [pass(q)]
        : [
            {
              address: q.address,
              path: 'sqs_managed_sse_enabled',
              message: 'set sqs_managed_sse_enabled = true (or kms_master_key_id = <CMK>)',
            },
          ];
    }),
};
