import type { PolicyRule, Verdict } from '../types';
import { judge } from '../verdict';
import { isFalse, isTrue } from '../util';

/** Check 42: symmetric keys rotate, have an explicit policy and stay enabled. */
export const kmsKeyHardening: PolicyRule = {
  name: 'kms-key-hardening',
  ruleId: 'CKV_AWS_7|AVD-AWS-0065|CKV2_AWS_64|CKV_AWS_227',
  priority: 'P1',
  description: 'KMS keys rotate, have a key policy and are enabled',
  check: view =>
    view.all('aws_kms_key').flatMap((k): Verdict[] => {
      const symmetric =
        k.body.customer_master_key_spec === undefined || k.body.customer_master_key_spec === 'SYMMETRIC_DEFAULT';
      const hasPolicy =
        k.body.policy !== undefined || view.children('aws_kms_key_policy', 'key_id', k.address).length > 0;
      return judge(k, [
        ...(symmetric && !isTrue(k.body.enable_key_rotation)
          ? [{ address: k.address, path: 'enable_key_rotation', message: 'set enable_key_rotation = true' }]
          : []),
        ...(hasPolicy
          ? []
          : [
              {
                address: k.address,
                path: 'policy',
                message: 'write the key policy (least privilege per service) instead of the default account-wide one',
              },
            ]),
        ...(isFalse(k.body.is_enabled)
          ? [{ address: k.address, path: 'is_enabled', message: 'a disabled key breaks everything encrypted with it' }]
          : []),
      ]);
    }),
};
