import { securityGroupRules } from '../security-group-rules';
import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { WORLD_CIDRS } from '../util';

/** Check 23: no security group accepts traffic from the whole internet (the ALB's own SG is managed by the LBC). */
export const sgNoWorldIngress: PolicyRule = {
  name: 'sg-no-world-ingress',
  ruleId: 'CKV_AWS_24|CKV_AWS_25|CKV_AWS_260|CKV_AWS_277|AVD-AWS-0107',
  priority: 'P0',
  description: 'No security group ingress from 0.0.0.0/0 or ::/0',
  check: view =>
    securityGroupRules(view)
      .filter(r => r.direction === 'ingress')
      .map(r =>
        r.cidrs.some(c => WORLD_CIDRS.includes(c))
          ? {
              address: r.address,
              path: r.path || 'cidr',
              message:
                `ingress from ${r.cidrs.filter(c => WORLD_CIDRS.includes(c)).join(', ')}: allow a security ` +
                `group or a narrow CIDR instead`,
            }
          : pass(r),
      ),
};
