import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, isFalse } from '../util';

/**
 * The API endpoint is private only. The design keeps a public endpoint (behind IAM and eks-public-access-cidrs),
 * so this finding is suppressed per cluster with that reason (SECURITY-RULES C1); a private-only variant passes.
 */
export const eksPublicEndpoint: PolicyRule = {
  name: 'eks-public-endpoint',
  ruleId: 'CKV_AWS_39|AVD-AWS-0040|AVD-AWS-0041|CIS-5.4.2',
  priority: 'P1',
  description: 'EKS public endpoint access is off',
  check: view =>
    view.all('aws_eks_cluster').map(c =>
      !isFalse(first(c.body.vpc_config).endpoint_public_access) // provider default: true
        ? {
            address: c.address,
            path: 'vpc_config[0].endpoint_public_access',
            message: 'set endpoint_public_access = false (reach the API through the VPC, a VPN or SSM)',
          }
        : pass(c),
    ),
};
