import type { PolicyRule } from '../types';
import { pass } from '../verdict';

function networkPolicyOn(configuration: unknown): boolean {
  try {
    // absent (`undefined`) or not JSON: the parse throws, and network policy is off
    const parsed = JSON.parse(String(configuration)) as { enableNetworkPolicy?: unknown };
    return parsed.enableNetworkPolicy === 'true' || parsed.enableNetworkPolicy === true;
  } catch {
    return false;
  }
}

/** Check 18: the VPC CNI enforces Kubernetes NetworkPolicy. */
export const vpcCniNetworkPolicy: PolicyRule = {
  name: 'vpc-cni-network-policy',
  ruleId: 'CIS-5.4.4|CIS-4.3.1',
  priority: 'P1',
  description: 'The vpc-cni add-on enables network policy enforcement',
  check: view =>
    view
      .all('aws_eks_addon')
      .filter(a => a.body.addon_name === 'vpc-cni')
      .map(a =>
        !networkPolicyOn(a.body.configuration_values)
          ? {
              address: a.address,
              path: 'configuration_values',
              message: 'add "enableNetworkPolicy": "true" to the vpc-cni configuration_values',
            }
          : pass(a),
      ),
};
