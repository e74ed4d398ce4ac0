import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, subnetsArePrivate } from '../util';

/** Check 7: the control-plane ENIs are placed in private subnets. */
export const eksPrivateSubnets: PolicyRule = {
  name: 'eks-private-subnets',
  ruleId: 'CIS-5.4.3',
  priority: 'P1',
  description: 'EKS control-plane ENIs live in private subnets',
  check: view =>
    view.all('aws_eks_cluster').map(c =>
      !subnetsArePrivate(view, first(c.body.vpc_config).subnet_ids)
        ? {
            address: c.address,
            path: 'vpc_config[0].subnet_ids',
            message: "use the vpc layer's private_subnet_ids (or private subnets of this stack)",
          }
        : pass(c),
    ),
};
