/**
 * How many pods a Karpenter node may run. The VPC CNI runs with prefix delegation (managed-addons.ts), which only
 * Nitro instances support: each ENI slot holds a /28 prefix (16 addresses). Without `kubelet.maxPods` Karpenter
 * gives every node the ENI limit (a t3.medium: 17 pods), so Nitro families get the prefix-delegation limit in their
 * own EC2NodeClass, and non-Nitro families a second NodeClass/NodePool left at the ENI limit.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
 */

/** EKS's recommended maximum with prefix delegation for instances under 30 vCPUs (the cap of this platform). */
export const PREFIX_DELEGATION_MAX_PODS = 110;

/**
 * Families built on the Xen hypervisor, i.e. not Nitro (prefix delegation unsupported): the EC2 instance-types guide,
 * "Instances built on the AWS Nitro System", previous-generation list of Xen-based instances. The EC2 instance-type
 * list of the SDK does not say the hypervisor, hence this short list. `i3` counts as Xen (only i3.metal is Nitro).
 * @see https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-nitro-instances.html
 */
export const NON_NITRO_FAMILIES: readonly string[] = [
  'm1',
  'm2',
  'm3',
  'm4',
  't1',
  't2',
  'c1',
  'c3',
  'c4',
  'r3',
  'r4',
  'x1',
  'x1e',
  'd2',
  'h1',
  'i2',
  'i3',
  'f1',
  'g3',
  'p2',
  'p3',
];

export function isNitroFamily(family: string): boolean {
  return !NON_NITRO_FAMILIES.includes(family);
}

/**
 * Sizes kept out of the Nitro pool: with prefix delegation a node serves ENIs x (IPv4 per ENI - 1) x 16 + 2 pods,
 * below 110 for nano/micro/small (e.g. t3a.small: 2 ENIs x 4 addresses = 98) and the 1-vCPU mediums (c7a.medium: 98).
 * Every size left has at least 3 ENIs with 6 addresses (t3.medium: 242), so 110 is always servable.
 */
export const NITRO_EXCLUDED_SIZES = ['nano', 'micro', 'small'] as const;
export const NITRO_MIN_VCPUS = 2;

/** One NodeClass + NodePool pair: its families, its share of the CPU limit and its pod limit. */
export interface CapacityGroup {
  /** NodePool and EC2NodeClass name. */
  readonly name: string;
  readonly instanceFamilies: readonly string[];
  readonly cpuLimit: number;
  /** `kubelet.maxPods` of the EC2NodeClass. @default - Karpenter's ENI-based limit */
  readonly maxPods?: number;
  /** Karpenter tries pools of higher weight first: Nitro capacity is preferred. */
  readonly weight: number;
  readonly nitro: boolean;
}

export const NITRO_GROUP_NAME = 'default';
export const NON_NITRO_GROUP_NAME = 'non-nitro';

/**
 * Splits the environment's families into a Nitro and a non-Nitro group. The CPU limit is split in proportion to
 * the number of families (each group at least 1 vCPU), so the pools together never exceed `cpuLimit`.
 */
export function capacityGroups(instanceFamilies: readonly string[], cpuLimit: number): CapacityGroup[] {
  const nitro = instanceFamilies.filter(isNitroFamily);
  const other = instanceFamilies.filter(f => !isNitroFamily(f));
  if (other.length === 0)
    return [
      {
        name: NITRO_GROUP_NAME,
        instanceFamilies: nitro,
        cpuLimit,
        maxPods: PREFIX_DELEGATION_MAX_PODS,
        weight: 50,
        nitro: true,
      },
    ];
  if (nitro.length === 0)
    return [{ name: NON_NITRO_GROUP_NAME, instanceFamilies: other, cpuLimit, weight: 10, nitro: false }];
  const otherShare = Math.max(1, Math.floor((cpuLimit * other.length) / instanceFamilies.length));
  return [
    {
      name: NITRO_GROUP_NAME,
      instanceFamilies: nitro,
      cpuLimit: cpuLimit - otherShare,
      maxPods: PREFIX_DELEGATION_MAX_PODS,
      weight: 50,
      nitro: true,
    },
    { name: NON_NITRO_GROUP_NAME, instanceFamilies: other, cpuLimit: otherShare, weight: 10, nitro: false },
  ];
}
