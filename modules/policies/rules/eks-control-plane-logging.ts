import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { strings } from '../stack-view';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** Check 1: every control-plane log type is sent to CloudWatch (exact case, as EKS spells them). */
export const eksControlPlaneLogging: PolicyRule = {
  name: 'eks-control-plane-logging',
  ruleId: 'CKV_AWS_37|AVD-AWS-0038|CIS-2.1.1',
  priority: 'P0',
  description: 'EKS clusters send all five control-plane log types to CloudWatch',
  check: view =>
    view.all('aws_eks_cluster').flatMap(c => {
      const enabled = strings(c.body.enabled_cluster_log_types);
      const missing = LOG_TYPES.filter(t => !enabled.includes(t));
      return missing.length === 0
        ? [pass(c)]
        : [
            {
              address: c.address,
              path: 'enabled_cluster_log_types',
              message: `add the missing log types ${missing.join(', ')} (all five are required)`,
            },
          ];
    }),
};
