import { allPorts, securityGroupRules } from '../security-group-rules';
import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { WORLD_CIDRS } from '../util';

/**
 * Check 24: egress to the internet is a reasoned exception (node SGs reach ECR/STS/EC2 through NAT, C2): every
 * such rule must be suppressed by address, so a new one is seen.
 */
export const sgWorldEgress: PolicyRule = {
  name: 'sg-world-egress',
  ruleId: 'AVD-AWS-0104|CKV_AWS_382',
  priority: 'P1',
  description: 'Security group egress to 0.0.0.0/0 or ::/0 only where justified',
  check: view =>
    securityGroupRules(view)
      .filter(r => r.direction === 'egress')
      .map(r =>
        r.cidrs.some(c => WORLD_CIDRS.includes(c))
          ? {
              address: r.address,
              path: r.path || 'cidr',
              message: allPorts(r)
                ? 'all-protocol egress to the internet: narrow it to tcp/443 (and DNS/NTP) or VPC endpoints, or ' +
                  'suppress it with a reason'
                : // an open end of the range is read as allPorts reads it: 0 or 65535
                  `egress to the internet on ${r.protocol} ${r.fromPort ?? 0}-${r.toPort ?? 65535}: ` +
                  'use VPC endpoints or suppress it with a reason',
            }
          : pass(r),
      ),
};
