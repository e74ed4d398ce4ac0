import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { roleOf } from '../util';

/** The cluster-admin access policy in any partition (`arn:aws-cn:eks::aws:…` in China). */
const ADMIN_POLICY = /^arn:aws(-cn|-us-gov)?:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/;

/**
 * Check 19: cluster-admin goes only to allow-listed principals (the environment's admins and the CI apply role),
 * and node access entries carry no access policy.
 */
export const eksAdminAccessAllowlisted: PolicyRule = {
  name: 'eks-admin-access-allowlisted',
  ruleId: 'CIS-4.1.1|BPG-access-entries',
  priority: 'P1',
  description: 'Cluster-admin access policy associations name allow-listed principals only',
  check: view => {
    const allowed = new Set<unknown>(view.settings.clusterAdminPrincipalArns);
    const out: Verdict[] = [];
    for (const assoc of view.all('aws_eks_access_policy_association')) {
      out.push(pass(assoc));
      const principal = view.literal(assoc.body.principal_arn);
      if (ADMIN_POLICY.test(String(assoc.body.policy_arn)) && !allowed.has(principal)) {
        out.push({
          address: assoc.address,
          path: 'principal_arn',
          message: `cluster-admin for ${String(
            principal ?? assoc.body.principal_arn,
          )}, which is not allow-listed: add it to the environment's adminPrincipalArns or grant a narrower policy`,
        });
      }
      const entry = view.referenced(assoc.body.principal_arn, 'aws_eks_access_entry')[0];
      if (entry?.body.type === 'EC2_LINUX')
        out.push({
          address: assoc.address,
          path: 'policy_arn',
          message: 'node access entries (EC2_LINUX) take no access policy',
        });
    }
    for (const entry of view.all('aws_eks_access_entry').filter(e => e.body.type === 'EC2_LINUX')) {
      out.push(pass(entry));
      const role = roleOf(view, entry.body.principal_arn);
      const associated = view
        .all('aws_eks_access_policy_association')
        .some(
          a =>
            a.body.principal_arn === entry.body.principal_arn ||
            (role !== undefined && view.refersTo(a.body.principal_arn, role.address)),
        );
      if (associated)
        out.push({
          address: entry.address,
          path: 'principal_arn',
          message:
            'remove the access policy association of this node role (EC2_LINUX entries get node permissions from EKS)',
        });
    }
    return out;
  },
};
