import type { PolicyRule, Violation } from '../types';
import { blocks } from '../stack-view';

/** Check 12: no SSH path to nodes (SSM instead): no node-group remote_access, no launch-template key pair. */
export const nodeNoSsh: PolicyRule = {
  name: 'node-no-ssh',
  ruleId: 'CKV_AWS_100|BPG-minimize-node-access',
  priority: 'P0',
  appliesTo: ['aws_eks_node_group', 'aws_launch_template'],
  description: 'Nodes have no SSH access',
  check: view => [
    ...view
      .all('aws_eks_node_group')
      .filter(ng => blocks(ng.body.remote_access).length > 0)
      .map((ng): Violation => ({ address: ng.address, path: 'remote_access', message: 'remove remote_access; use SSM Session Manager' })),
    ...view
      .all('aws_launch_template')
      .filter(lt => lt.body.key_name !== undefined && lt.body.key_name !== '')
      .map((lt): Violation => ({ address: lt.address, path: 'key_name', message: 'remove key_name; use SSM Session Manager' })),
  ],
};
