import type { PolicyRule, Violation } from '../types';

/** Log groups (control plane, flow logs) are encrypted with a CMK and expire. */
export const logGroupHardening: PolicyRule = {
  name: 'log-group-hardening',
  ruleId: 'CKV_AWS_158|CKV_AWS_66|AVD-AWS-0017',
  priority: 'P1',
  appliesTo: ['aws_cloudwatch_log_group'],
  description: 'CloudWatch log groups have a KMS key and a retention',
  check: view =>
    view.all('aws_cloudwatch_log_group').flatMap((g): Violation[] => [
      ...(g.body.kms_key_id ? [] : [{ address: g.address, path: 'kms_key_id', message: 'set kms_key_id to a CMK whose policy allows logs.<region>.amazonaws.com' }]),
      ...(typeof g.body.retention_in_days === 'number' || typeof g.body.retention_in_days === 'string'
        ? []
        : [{ address: g.address, path: 'retention_in_days', message: 'set retention_in_days (absent means never expire)' }]),
    ]),
};
