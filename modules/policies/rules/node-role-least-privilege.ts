import type { Block } from '../stack-view';
import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { attachedPolicyArns, managedPolicyName, nodeRoles, roleOf } from '../util';

const ALLOWED = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
];

/**
 * Check 16: node roles (managed node groups, EC2_LINUX access entries) carry only the worker, ECR-pull and SSM
 * policies and no inline policy: everything a pod needs comes from its own Pod Identity role.
 */
export const nodeRoleLeastPrivilege: PolicyRule = {
  name: 'node-role-least-privilege',
  ruleId: 'CIS-5.1.3|BPG-least-privilege',
  priority: 'P0',
  description: 'Node roles have only the worker, ECR pull and SSM managed policies',
  check: view =>
    nodeRoles(view).flatMap((role: Block): Verdict[] => [
      pass(role),
      ...attachedPolicyArns(view, role)
        .filter(a => !ALLOWED.some(name => managedPolicyName(a.arn) === name))
        .map(a => ({
          address: a.address,
          path: 'policy_arn',
          message: `${a.arn} on node role ${role.address}: nodes may only have ${ALLOWED.join(', ')}`,
        })),
      ...view
        .all('aws_iam_role_policy')
        .filter(p => roleOf(view, p.body.role)?.address === role.address)
        .map(p => ({
          address: p.address,
          path: 'role',
          message: `inline policy on node role ${role.address}: give the workload its own Pod Identity role`,
        })),
      ...(role.body.inline_policy !== undefined
        ? [{ address: role.address, path: 'inline_policy', message: 'remove inline_policy from the node role' }]
        : []),
    ]),
};
