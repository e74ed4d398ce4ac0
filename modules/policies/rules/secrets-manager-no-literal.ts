import type { PolicyRule } from '../types';

/** Check 41 (values): no secret value in Terraform (it lands in state and Git); populate out of band or write-only. */
export const secretsManagerNoLiteral: PolicyRule = {
  name: 'secrets-manager-no-literal',
  ruleId: 'CKV_SECRET|CKV_AWS_149',
  priority: 'P1',
  appliesTo: ['aws_secretsmanager_secret_version'],
  description: 'No literal secret_string or secret_binary in Terraform',
  check: view =>
    view
      .all('aws_secretsmanager_secret_version')
      .filter(v => v.body.secret_string !== undefined || v.body.secret_binary !== undefined)
      .map(v => ({
        address: v.address,
        path: v.body.secret_string !== undefined ? 'secret_string' : 'secret_binary',
        message: 'do not store secret values in Terraform: create the container only, set the value out of band (or secret_string_wo)',
      })),
};
