import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/** Check 41 (values): no secret value in Terraform (it lands in state and Git); populate out of band or write-only. */
export const secretsManagerNoLiteral: PolicyRule = {
  name: 'secrets-manager-no-literal',
  ruleId: 'CKV_SECRET|CKV_AWS_149',
  priority: 'P1',
  description: 'No literal secret_string or secret_binary in Terraform',
  check: view =>
    view.all('aws_secretsmanager_secret_version').map(v =>
      v.body.secret_string !== undefined || v.body.secret_binary !== undefined
        ? {
            address: v.address,
            path: v.body.secret_string !== undefined ? 'secret_string' : 'secret_binary',
            message:
              'do not store secret values in Terraform: create the container only, set the value out of band (or ' +
              'secret_string_wo)',
          }
        : pass(v),
    ),
};
