import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first, isFalse } from '../util';

/** Check 6: the identity that creates the cluster gets no hidden admin entry (provider default: true). */
export const eksNoCreatorAdmin: PolicyRule = {
  name: 'eks-no-creator-admin',
  ruleId: 'BPG-creator-admin',
  priority: 'P1',
  description: 'The cluster creator gets no implicit cluster-admin',
  check: view =>
    view.all('aws_eks_cluster').map(c =>
      !isFalse(first(c.body.access_config).bootstrap_cluster_creator_admin_permissions)
        ? {
            address: c.address,
            path: 'access_config[0].bootstrap_cluster_creator_admin_permissions',
            message: 'set bootstrap_cluster_creator_admin_permissions = false and grant admins explicit access entries',
          }
        : pass(c),
    ),
};
