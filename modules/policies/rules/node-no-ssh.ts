import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { blocks } from '../stack-view';

/** Check 12: no SSH path to nodes (SSM instead): no node-group remote_access, no launch-template key pair. */
export const nodeNoSsh: PolicyRule = {
  name: 'node-no-ssh',
  ruleId: 'CKV_AWS_100|BPG-minimize-node-access',
  priority: 'P0',
  description: 'Nodes have no SSH access',
  check: view => [
    ...view
      .all('aws_eks_node_group')
      .map((ng): Verdict =>
        blocks(ng.body.remote_access).length > 0
          ? { address: ng.address, path: 'remote_access', message: 'remove remote_access; use SSM Session Manager' }
          : pass(ng),
      ),
    ...view
      .all('aws_launch_template')
      .map((lt): Verdict =>
        lt.body.key_name !== undefined && lt.body.key_name !== ''
          ? { address: lt.address, path: 'key_name', message: 'remove key_name; use SSM Session Manager' }
          : pass(lt),
      ),
  ],
};
