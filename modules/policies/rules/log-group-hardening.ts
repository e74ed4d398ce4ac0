import type { Normalized, PolicyStatement } from '../../iam/statement';
import { parseDocument } from '../iam';
import type { StackView } from '../stack-view';
import type { PolicyRule, Verdict } from '../types';
import { judge } from '../verdict';

/** Whether a KMS key of the stack lets CloudWatch Logs use it (otherwise creating the encrypted group fails). */
function keyAllowsLogs(view: StackView, keyRef: unknown): boolean {
  const key = view.referenced(keyRef, 'aws_kms_key')[0];
  if (key === undefined) return true; // an external key: its policy is not visible here
  const policies = [
    key.body.policy,
    ...view.children('aws_kms_key_policy', 'key_id', key.address).map(p => p.body.policy),
  ];
  // logs.amazonaws.com or logs.<region>.amazonaws.com, the region possibly an interpolation
  const admitsLogs = (s: Normalized<PolicyStatement>) =>
    s.effect === 'Allow' && s.principals.Service?.some(x => x.startsWith('logs.')) === true;
  return policies.some(p => parseDocument(view, p)?.some(admitsLogs) === true);
}

/** Log groups (control plane, flow logs) are encrypted with a CMK whose policy admits CloudWatch Logs, and expire. */
export const logGroupHardening: PolicyRule = {
  name: 'log-group-hardening',
  ruleId: 'CKV_AWS_158|CKV_AWS_66|AVD-AWS-0017',
  priority: 'P1',
  description: 'CloudWatch log groups have a KMS key usable by CloudWatch Logs and a retention',
  check: view =>
    view.all('aws_cloudwatch_log_group').flatMap((g): Verdict[] =>
      judge(g, [
        ...(!g.body.kms_key_id
          ? [
              {
                address: g.address,
                path: 'kms_key_id',
                message: 'set kms_key_id to a CMK whose policy allows logs.<region>.amazonaws.com',
              },
            ]
          : keyAllowsLogs(view, g.body.kms_key_id)
            ? []
            : [
                {
                  address: g.address,
                  path: 'kms_key_id',
                  message:
                    'the key policy must allow Service logs.<region>.amazonaws.com (kms:Encrypt*, Decrypt*, ' +
                    'GenerateDataKey*, Describe*)',
                },
              ]),
        ...(typeof g.body.retention_in_days === 'number' || typeof g.body.retention_in_days === 'string'
          ? []
          : [
              {
                address: g.address,
                path: 'retention_in_days',
                message: 'set retention_in_days (absent means never expire)',
              },
            ]),
      ]),
    ),
};
