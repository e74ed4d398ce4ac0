import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/**
 * Check 9: `/aws/eks/<name>/cluster` is created by Terraform (with retention and a KMS key, see log-group-hardening)
 * before the cluster; otherwise EKS creates it unencrypted and never expiring.
 */
export const eksLogGroup: PolicyRule = {
  name: 'eks-log-group',
  ruleId: 'CKV_AWS_158|CKV_AWS_66|AVD-AWS-0017',
  priority: 'P1',
  description: 'The control-plane log group is pre-created by Terraform',
  check: view =>
    view.all('aws_eks_cluster').flatMap(c => {
      const name = view.literal(c.body.name);
      const wanted = `/aws/eks/${String(name)}/cluster`;
      const group = view.all('aws_cloudwatch_log_group').find(g => view.literal(g.body.name) === wanted);
      return group !== undefined
        ? [pass(c)]
        : [
            {
              address: c.address,
              path: 'name',
              message:
                `create aws_cloudwatch_log_group "${wanted}" (retention + kms_key_id) and make the cluster ` +
                `depend on it`,
            },
          ];
    }),
};
