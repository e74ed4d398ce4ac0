import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, isTrue } from '../util';

/** Check 3: the API endpoint is reachable from inside the VPC (nodes never leave it to reach the control plane). */
export const eksPrivateEndpoint: PolicyRule = {
  name: 'eks-private-endpoint',
  ruleId: 'CIS-5.4.1',
  priority: 'P0',
  description: 'EKS private endpoint access is on',
  check: view =>
    view.all('aws_eks_cluster').map(c =>
      !isTrue(first(c.body.vpc_config).endpoint_private_access) // provider default: false
        ? {
            address: c.address,
            path: 'vpc_config[0].endpoint_private_access',
            message: 'set endpoint_private_access = true',
          }
        : pass(c),
    ),
};
