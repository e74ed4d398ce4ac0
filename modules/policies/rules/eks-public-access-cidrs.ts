import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { strings } from '../stack-view';
import { first, isFalse, prefixLength, WORLD_CIDRS } from '../util';

/**
 * Default smallest prefix allowed on the public endpoint (SECURITY-RULES C1): office and CI egress ranges, not
 * networks.
 */
export const DEFAULT_MIN_PUBLIC_CIDR_PREFIX = 24;

/**
 * Check 4: a public endpoint is restricted to explicit CIDRs (absent endpoint_public_access means true, absent
 * public_access_cidrs means 0.0.0.0/0). Enforcing this CKV_AWS_38 strictly is what lets CKV_AWS_39 / AVD-AWS-0040 /
 * AVD-AWS-0041 (public endpoint at all) be accepted by design (SECURITY-RULES C1).
 */
export const eksPublicAccessCidrs: PolicyRule = {
  name: 'eks-public-access-cidrs',
  ruleId: 'CKV_AWS_38|CIS-5.4.1',
  priority: 'P0',
  description: 'A public EKS endpoint is limited to explicit, narrow CIDRs',
  check: view => {
    const min = view.settings.minPublicCidrPrefix ?? DEFAULT_MIN_PUBLIC_CIDR_PREFIX;
    return view.all('aws_eks_cluster').flatMap((c): Verdict[] => {
      const vpc = first(c.body.vpc_config);
      if (isFalse(vpc.endpoint_public_access)) return [pass(c)];
      const cidrs = strings(vpc.public_access_cidrs);
      const path = 'vpc_config[0].public_access_cidrs';
      if (cidrs.length === 0)
        return [
          {
            address: c.address,
            path,
            message:
              'the public endpoint is open to 0.0.0.0/0 by default: list the office/CI CIDRs or set ' +
              'endpoint_public_access = false',
          },
        ];
      const world = cidrs.filter(x => WORLD_CIDRS.includes(x));
      if (world.length > 0)
        return [
          {
            address: c.address,
            path,
            message: `${world.join(', ')} opens the API endpoint to the internet: list the office/CI CIDRs instead`,
          },
        ];
      const wide = cidrs.filter(x => (prefixLength(x) ?? 0) < min);
      return wide.length === 0
        ? [pass(c)]
        : [
            {
              address: c.address,
              path,
              message: `${wide.join(', ')} wider than /${min}: narrow the public endpoint CIDRs`,
            },
          ];
    });
  },
};
