import { findKubernetesVersion } from '../../environments/kubernetes-versions';
import type { PriceTable } from './prices';
import { resourcesOf, StackModel } from '../analysis/stack-model';
import { block } from '../analysis/synthesized-stack';

/**
 * What the cluster's `upgrade_policy.support_type` costs once its version leaves standard support: `EXTENDED` keeps
 * the version at the extended price ($0.10 + $0.50 per cluster-hour) until it is upgraded; `STANDARD` lets EKS
 * upgrade the control plane to the next minor at the standard price.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html
 * @see https://aws.amazon.com/eks/pricing/
 */
export interface SupportPolicyCost {
  readonly supportType: 'STANDARD' | 'EXTENDED';
  readonly kubernetesVersion: string;
  /** Last day of standard support of the version (absent when the version is not in the lifecycle table). */
  readonly endOfStandardSupport?: string;
  readonly standardMonthlyUsd: number;
  /** What the control plane costs per month after the end of standard support under this policy. */
  readonly afterStandardMonthlyUsd: number;
}

const monthly = (hour: number, prices: PriceTable): number => Math.round(hour * prices.hoursPerMonth * 100) / 100;

/** The policy of the stack's one EKS cluster, read from the synthesized JSON; `undefined` when it has no cluster. */
export function supportPolicyCost(eks: StackModel, prices: PriceTable): SupportPolicyCost | undefined {
  const cluster = Object.values(resourcesOf(eks, 'aws_eks_cluster'))[0];
  if (!cluster) return undefined;
  const declared = block(cluster.upgrade_policy)?.support_type;
  // EKS's own default when no policy is set (UpgradePolicyRequest: "The default value is EXTENDED")
  const supportType = declared === 'STANDARD' ? 'STANDARD' : 'EXTENDED';
  const version = String(cluster.version);
  const standardMonthlyUsd = monthly(prices.eksClusterHour.standard, prices);
  return {
    supportType,
    kubernetesVersion: version,
    endOfStandardSupport: findKubernetesVersion(version)?.endOfStandardSupport,
    standardMonthlyUsd,
    afterStandardMonthlyUsd:
      supportType === 'EXTENDED' ? monthly(prices.eksClusterHour.extended, prices) : standardMonthlyUsd,
  };
}

/** One line for the readable report. */
export function renderSupportPolicy(p: SupportPolicyCost, prices: PriceTable): string {
  const from = p.endOfStandardSupport ? `after ${p.endOfStandardSupport}` : 'after the end of standard support';
  if (p.supportType === 'STANDARD') {
    return (
      `Upgrade policy STANDARD: ${from} EKS upgrades ${p.kubernetesVersion} to the next minor by itself; ` +
      `the control plane stays at $${p.standardMonthlyUsd.toFixed(2)}/month`
    );
  }
  const extra = prices.eksClusterHour.extended - prices.eksClusterHour.standard;
  return (
    `Upgrade policy EXTENDED: ${from} ${p.kubernetesVersion} stays in extended support at ` +
    `$${p.afterStandardMonthlyUsd.toFixed(2)}/month (+$${extra.toFixed(2)}/cluster-hour) until upgraded`
  );
}
