import { blocks } from '../stack-view';
import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';

/** Check 22: every VPC's default security group is adopted by Terraform and stripped of all rules. */
export const vpcDefaultSgLocked: PolicyRule = {
  name: 'vpc-default-sg-locked',
  ruleId: 'CKV2_AWS_12|AVD-AWS-0173',
  priority: 'P0',
  description: "Every VPC's default security group has no rules",
  check: view =>
    view.all('aws_vpc').flatMap((vpc): Verdict[] => {
      const defaults = view.children('aws_default_security_group', 'vpc_id', vpc.address);
      if (defaults.length === 0) {
        return [
          {
            address: vpc.address,
            path: 'id',
            message:
              'declare aws_default_security_group with vpc_id = this VPC and no ingress/egress (it allows all ' +
              'traffic between members by default)',
          },
        ];
      }
      return [
        pass(vpc),
        ...defaults.flatMap((d): Verdict[] => {
          const inline = ['ingress', 'egress'].filter(k => blocks(d.body[k]).length > 0);
          const attached = [
            'aws_security_group_rule',
            'aws_vpc_security_group_ingress_rule',
            'aws_vpc_security_group_egress_rule',
          ].flatMap(t => view.children(t, 'security_group_id', d.address));
          return [
            pass(d),
            ...inline.map(k => ({
              address: d.address,
              path: k,
              message: `remove the ${k} rules of the default security group`,
            })),
            ...attached.map(r => ({
              address: r.address,
              path: 'security_group_id',
              message: 'attach no rules to the default security group',
            })),
          ];
        }),
      ];
    }),
};
