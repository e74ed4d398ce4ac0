import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first } from '../util';

/**
 * Check 5: access is managed with access entries only; the aws-auth ConfigMap is off (provider default:
 * CONFIG_MAP).
 */
export const eksAccessEntriesOnly: PolicyRule = {
  name: 'eks-access-entries-only',
  ruleId: 'CIS-4.1.7',
  priority: 'P0',
  description: 'EKS authentication mode is API (access entries only)',
  check: view =>
    view.all('aws_eks_cluster').map(c =>
      first(c.body.access_config).authentication_mode !== 'API'
        ? {
            address: c.address,
            path: 'access_config[0].authentication_mode',
            message: 'set access_config { authentication_mode = "API" } (no aws-auth ConfigMap)',
          }
        : pass(c),
    ),
};
