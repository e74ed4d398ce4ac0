import type { ManagedAddonName } from './addon-versions';

// The add-ons' configuration values, apart from the constructs that send them (managed-addons.ts): the preflight
// reads them too, and its facts script must not load cdktf for them.

/** The taint of the system node group; everything that must run before Karpenter capacity exists tolerates it. */
export const CRITICAL_ADDONS_TAINT = { key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' } as const;

/** Kubernetes toleration of {@link CRITICAL_ADDONS_TAINT} (any value, any effect). */
export const CRITICAL_ADDONS_TOLERATION = { key: 'CriticalAddonsOnly', operator: 'Exists' } as const;

/**
 * vpc-cni configuration: prefix delegation (a /28 per ENI slot, many more pods per node; the env values are
 * strings in the add-on schema) and the network policy agent (CIS EKS 5.4.4 / 4.3.1).
 */
export const VPC_CNI_CONFIGURATION = {
  env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
  enableNetworkPolicy: 'true',
} as const;

/**
 * Most ENIs one node can hold, by its vCPUs (EC2 network specifications of the m5/c5/m6i/t3 families: up to 2 vCPUs
 * 3 ENIs, up to 8 vCPUs 4, up to 48 vCPUs 8, more 15). A node is never larger than its NodePool's CPU limit.
 */
export function maxEnisForVcpus(vcpus: number): number {
  if (vcpus <= 2) return 3;
  if (vcpus <= 8) return 4;
  if (vcpus <= 48) return 8;
  return 15;
}

/**
 * `node.reservedVolumeAttachments` of the EBS CSI driver. With IMDS hop limit 1 its node plugin reads Kubernetes
 * metadata, which knows neither the ENIs nor the block devices, so on Nitro (ENIs and volumes share one attachment
 * pool) it counts 1 ENI and no root volume and reports too many attachable volumes (aws-ebs-csi-driver issues 2031,
 * 2262; docs/install.md "Kubernetes metadata"). Reserving the root volume and every ENI beyond the one it counts keeps
 * the reported limit at or below what the node can attach, also once the VPC CNI has attached all its ENIs.
 */
export function ebsReservedAttachments(maxNodeVcpus: number): number {
  return 1 + (maxEnisForVcpus(maxNodeVcpus) - 1);
}

/** The EBS CSI add-on configuration: region and attach reservation given, not read from instance metadata. */
export function ebsCsiConfiguration(region: string, maxNodeVcpus: number): Record<string, unknown> {
  // the driver's documented fallback when no metadata service gives the region (issue 2031's error message)
  const env = [{ name: 'AWS_REGION', value: region }];
  return {
    // the addons layer creates the default gp3 StorageClass; two default classes would be ambiguous
    defaultStorageClass: { enabled: false },
    controller: {
      env,
      tolerations: [CRITICAL_ADDONS_TOLERATION, { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    node: { env, reservedVolumeAttachments: ebsReservedAttachments(maxNodeVcpus) },
  };
}

/** The configuration values of every configured add-on, by name: what the stacks send, what the preflight checks. */
export function addonConfigurations(
  region: string,
  maxNodeVcpus: number,
): Partial<Record<ManagedAddonName, Record<string, unknown>>> {
  const tolerations = [CRITICAL_ADDONS_TOLERATION];
  return {
    'vpc-cni': VPC_CNI_CONFIGURATION,
    coredns: { tolerations },
    'metrics-server': { tolerations },
    'aws-ebs-csi-driver': ebsCsiConfiguration(region, maxNodeVcpus),
  };
}
