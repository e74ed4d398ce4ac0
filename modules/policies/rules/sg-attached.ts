import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/**
 * Check 28: every security group is used by something Terraform creates (Karpenter-discovered ones are suppressed,
 * C9).
 */
export const sgAttached: PolicyRule = {
  name: 'sg-attached',
  ruleId: 'CKV2_AWS_5',
  priority: 'P2',
  description: 'Security groups are attached to a resource',
  check: view => {
    const all = [
      'aws_eks_cluster',
      'aws_launch_template',
      'aws_vpc_endpoint',
      'aws_lb',
      'aws_network_interface',
      'aws_instance',
      'aws_eks_node_group',
    ];
    const referrers = all.flatMap(t => view.all(t));
    return view.all('aws_security_group').map(sg =>
      !referrers.some(r => view.refersTo(r.body, sg.address))
        ? {
            address: sg.address,
            path: 'id',
            message:
              'attach it (launch template, cluster, endpoint) or remove it; a Karpenter-discovered group is ' +
              'suppressed with that reason',
          }
        : pass(sg),
    );
  },
};
