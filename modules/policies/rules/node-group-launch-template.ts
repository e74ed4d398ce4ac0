import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first } from '../util';

/**
 * Every managed node group uses a launch template of this stack: without one EKS generates its own (IMDSv1 allowed,
 * hop limit 2, AMI-default volumes) and none of the launch-template rules can see the nodes' settings.
 */
export const nodeGroupLaunchTemplate: PolicyRule = {
  name: 'node-group-launch-template',
  ruleId: 'CIS-5.4.3|BPG-launch-template',
  priority: 'P0',
  description: 'Managed node groups use a launch template declared in the stack',
  check: view =>
    view.all('aws_eks_node_group').map(ng => {
      const lt = first(ng.body.launch_template);
      return view.referenced([lt.id, lt.name], 'aws_launch_template').length === 0
        ? {
            address: ng.address,
            path: 'launch_template',
            message:
              'set launch_template { id, version } to an aws_launch_template of this stack (IMDSv2, hop limit 1, ' +
              'encrypted volumes)',
          }
        : pass(ng);
    }),
};
