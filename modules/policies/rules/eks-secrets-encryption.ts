import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { strings } from '../stack-view';
import { first } from '../util';

/** Check 2: Kubernetes secrets are envelope-encrypted with a customer-managed KMS key of the stack. */
export const eksSecretsEncryption: PolicyRule = {
  name: 'eks-secrets-encryption',
  ruleId: 'CKV_AWS_58|AVD-AWS-0039|CIS-5.3.1',
  priority: 'P0',
  description: 'EKS secrets envelope encryption uses a customer-managed KMS key',
  check: view =>
    view.all('aws_eks_cluster').flatMap(c => {
      const config = first(c.body.encryption_config);
      if (!strings(config.resources).includes('secrets')) {
        return [
          {
            address: c.address,
            path: 'encryption_config[0].resources',
            message: 'set encryption_config { resources = ["secrets"] } with a KMS key',
          },
        ];
      }
      const keyArn = first(config.provider).key_arn;
      return view.referenced(keyArn, 'aws_kms_key').length > 0
        ? [pass(c)]
        : [
            {
              address: c.address,
              path: 'encryption_config[0].provider[0].key_arn',
              message:
                'reference an aws_kms_key created in this stack (a CMK with rotation), not an external or ' +
                'AWS-managed key',
            },
          ];
    }),
};
