import { securityGroupRules } from '../security-group-rules';
import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';

const DEFAULT_DESCRIPTION = 'Managed by Terraform';

function described(d: unknown): boolean {
  return typeof d === 'string' && d.trim() !== '' && d !== DEFAULT_DESCRIPTION;
}

/** Check 26: every security group and rule says what it is for. */
export const sgDescriptions: PolicyRule = {
  name: 'sg-descriptions',
  ruleId: 'CKV_AWS_23|AVD-AWS-0099|AVD-AWS-0124',
  priority: 'P1',
  description: 'Security groups and their rules have descriptions',
  check: view => [
    ...view.all('aws_security_group').map((sg): Verdict =>
      !described(sg.body.description)
        ? {
            address: sg.address,
            path: 'description',
            message: 'describe what the security group is for (the provider default is "Managed by Terraform")',
          }
        : pass(sg),
    ),
    ...securityGroupRules(view).map((r): Verdict =>
      !described(r.description)
        ? {
            address: r.address,
            path: r.path ? `${r.path}.description` : 'description',
            message: 'describe what the rule allows and why',
          }
        : pass(r),
    ),
  ],
};
