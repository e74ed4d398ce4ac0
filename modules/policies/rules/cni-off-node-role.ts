import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { attachedPolicyArns, managedPolicyName, serviceAccountRoles } from '../util';

const CNI_POLICY = 'AmazonEKS_CNI_Policy';

/**
 * Check 17: the VPC CNI's ENI permissions belong to kube-system/aws-node (Pod Identity or IRSA), never to a role
 * that every pod on the node can reach.
 */
export const cniOffNodeRole: PolicyRule = {
  name: 'cni-off-node-role',
  ruleId: 'BPG-aws-node-irsa',
  priority: 'P1',
  description: 'AmazonEKS_CNI_Policy is attached only to the aws-node service account role',
  check: view => {
    const awsNodeRoles = new Set(
      serviceAccountRoles(view)
        .filter(b => b.serviceAccount === 'kube-system/aws-node')
        .map(b => b.role.address),
    );
    const out: Verdict[] = [];
    for (const role of view.all('aws_iam_role')) {
      for (const a of attachedPolicyArns(view, role)) {
        if (managedPolicyName(a.arn) === CNI_POLICY && !awsNodeRoles.has(role.address)) {
          out.push({
            address: a.address,
            path: 'policy_arn',
            message:
              `${CNI_POLICY} on ${role.address}, which is not bound to kube-system/aws-node: move it to the ` +
              `vpc-cni add-on's Pod Identity role`,
          });
        } else out.push(pass(a));
      }
    }
    for (const addon of view.all('aws_eks_addon').filter(a => a.body.addon_name === 'vpc-cni')) {
      if (awsNodeRoles.size === 0) {
        out.push({
          address: addon.address,
          path: 'pod_identity_association',
          message:
            'bind kube-system/aws-node to a role with AmazonEKS_CNI_Policy (pod_identity_association or ' +
            'service_account_role_arn)',
        });
      } else out.push(pass(addon));
    }
    return out;
  },
};
