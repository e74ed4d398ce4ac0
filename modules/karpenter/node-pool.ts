import type { KarpenterConfig } from '../../environments/types';
import type { KubernetesObject } from '../addons/local-chart';

/**
 * Typed Karpenter v1 objects (`karpenter.sh/v1` NodePool, `karpenter.k8s.aws/v1` EC2NodeClass), only the fields
 * this platform sets. Tests validate the rendered objects against `@kubernetes-models/karpenter`.
 */

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

/** v1 policies; v1beta1's `WhenUnderutilized` is gone (it became `WhenEmptyOrUnderutilized`). */
export const CONSOLIDATION_POLICIES = ['WhenEmpty', 'WhenEmptyOrUnderutilized'] as const;
export type ConsolidationPolicy = (typeof CONSOLIDATION_POLICIES)[number];

export interface NodePool extends KubernetesObject {
  readonly apiVersion: 'karpenter.sh/v1';
  readonly kind: 'NodePool';
  readonly spec: {
    readonly template: {
      readonly metadata?: { readonly labels?: Readonly<Record<string, string>> };
      readonly spec: {
        readonly requirements: readonly NodeSelectorRequirement[];
        readonly nodeClassRef: {
          readonly group: 'karpenter.k8s.aws';
          readonly kind: 'EC2NodeClass';
          readonly name: string;
        };
        readonly expireAfter: string;
        readonly terminationGracePeriod: string;
      };
    };
    readonly weight?: number;
    readonly limits: { readonly cpu: number };
    readonly disruption: {
      readonly consolidationPolicy: ConsolidationPolicy;
      readonly consolidateAfter: string;
      readonly budgets: readonly { readonly nodes: string }[];
    };
  };
}

export interface Ec2NodeClass extends KubernetesObject {
  readonly apiVersion: 'karpenter.k8s.aws/v1';
  readonly kind: 'EC2NodeClass';
  readonly spec: {
    readonly role: string;
    readonly amiSelectorTerms: readonly { readonly alias: string }[];
    readonly subnetSelectorTerms: readonly { readonly tags: Readonly<Record<string, string>> }[];
    readonly securityGroupSelectorTerms: readonly { readonly tags: Readonly<Record<string, string>> }[];
    readonly associatePublicIPAddress: false;
    readonly blockDeviceMappings: readonly {
      readonly deviceName: string;
      readonly ebs: {
        readonly volumeSize: string;
        readonly volumeType: 'gp3';
        readonly encrypted: true;
        readonly deleteOnTermination: true;
      };
    }[];
    readonly metadataOptions: {
      readonly httpEndpoint: 'enabled';
      readonly httpProtocolIPv6: 'disabled';
      readonly httpPutResponseHopLimit: 1;
      readonly httpTokens: 'required';
    };
    readonly kubelet?: { readonly maxPods: number };
    readonly tags: Readonly<Record<string, string>>;
  };
}

/**
 * AL2023 EKS AMI release pinned in the EC2NodeClass (awslabs/amazon-eks-ami release v20260714 ships AMIs for
 * Kubernetes 1.33-1.36). `@latest` would roll every node whenever AWS publishes an AMI; bump this on purpose.
 */
export const AL2023_AMI_ALIAS = 'al2023@v20260714';
export const NODE_CLASS_NAME = 'default';
/** The CPU architectures the NodePools allow (`kubernetes.io/arch`): the images this platform runs are amd64. */
export const NODE_POOL_ARCHITECTURES = ['amd64'] as const;
export const NODE_POOL_NAME = 'default';
/** Root volume of Karpenter nodes. */
export const NODE_ROOT_VOLUME = { deviceName: '/dev/xvda', volumeSize: '50Gi' } as const;
/** Karpenter v1 duration pattern (the CRD's): also used by the environment validation. */
export const KARPENTER_DURATION = /^(([0-9]+(s|m|h))+|Never)$/;
/**
 * How long Karpenter lets a draining node's pods block it (PDBs, do-not-disrupt) before it deletes them anyway. Shorter
 * than every Helm release timeout (300 s at least), so a PDB an application leaves cannot hold a release or a
 * destroy past its timeout. Source: the v1 NodePool CRD, `spec.template.spec.terminationGracePeriod`.
 */
export const NODE_TERMINATION_GRACE_PERIOD = '4m';

/** Inputs of {@link nodePool}. */
export interface NodePoolInput extends Omit<KarpenterConfig, 'controllerReplicas'> {
  readonly consolidationPolicy: string;
  /** @default NODE_POOL_NAME */
  readonly name?: string;
  /** @default NODE_CLASS_NAME */
  readonly nodeClassName?: string;
  /** Requirements added to the families, capacity types, arch and OS. @default - none */
  readonly extraRequirements?: readonly NodeSelectorRequirement[];
  /** @default - none (Karpenter's 0) */
  readonly weight?: number;
}

export function validateNodePoolInput(input: NodePoolInput): void {
  if (!(CONSOLIDATION_POLICIES as readonly string[]).includes(input.consolidationPolicy)) {
    throw new Error(
      `consolidationPolicy must be one of ${CONSOLIDATION_POLICIES.join(', ')} (Karpenter v1), got ` +
        `"${input.consolidationPolicy}"` +
        (input.consolidationPolicy === 'WhenUnderutilized'
          ? ': v1 renamed WhenUnderutilized to WhenEmptyOrUnderutilized'
          : ''),
    );
  }
}

/** The environment's NodePool: its families and capacity types, a CPU cap, consolidation and node expiry. */
export function nodePool(input: NodePoolInput): NodePool {
  validateNodePoolInput(input);
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: input.name ?? NODE_POOL_NAME },
    spec: {
      ...(input.weight === undefined ? {} : { weight: input.weight }),
      template: {
        spec: {
          requirements: [
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: [...input.instanceFamilies] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...input.capacityTypes] },
            { key: 'kubernetes.io/arch', operator: 'In', values: [...NODE_POOL_ARCHITECTURES] },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            ...(input.extraRequirements ?? []),
          ],
          nodeClassRef: {
            group: 'karpenter.k8s.aws',
            kind: 'EC2NodeClass',
            name: input.nodeClassName ?? NODE_CLASS_NAME,
          },
          expireAfter: input.expireAfter,
          terminationGracePeriod: NODE_TERMINATION_GRACE_PERIOD,
        },
      },
      limits: { cpu: input.cpuLimit },
      disruption: {
        consolidationPolicy: input.consolidationPolicy as ConsolidationPolicy,
        consolidateAfter: input.consolidateAfter,
        // the CRD default, written out: at most 10% of the nodes are disrupted at once
        budgets: [{ nodes: '10%' }],
      },
    },
  };
}

/** Inputs of {@link ec2NodeClass}. */
export interface Ec2NodeClassInput {
  readonly clusterName: string;
  /** Name (not ARN) of the node IAM role; Karpenter creates the instance profile. */
  readonly nodeRoleName: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** @default NODE_CLASS_NAME */
  readonly name?: string;
  /** `kubelet.maxPods`. @default - Karpenter's ENI-based limit */
  readonly maxPods?: number;
}

/**
 * The EC2NodeClass: pinned AL2023 AMI, private subnets and the node security group found by the
 * `karpenter.sh/discovery` tag, an encrypted gp3 root volume, IMDSv2 only with hop limit 1 (pods cannot reach the
 * node's credentials; add-ons use Pod Identity), no public IP.
 */
export function ec2NodeClass(input: Ec2NodeClassInput): Ec2NodeClass {
  const discovery = { 'karpenter.sh/discovery': input.clusterName };
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: input.name ?? NODE_CLASS_NAME },
    spec: {
      role: input.nodeRoleName,
      amiSelectorTerms: [{ alias: AL2023_AMI_ALIAS }],
      subnetSelectorTerms: [{ tags: discovery }],
      securityGroupSelectorTerms: [{ tags: discovery }],
      associatePublicIPAddress: false,
      blockDeviceMappings: [
        {
          deviceName: NODE_ROOT_VOLUME.deviceName,
          ebs: {
            volumeSize: NODE_ROOT_VOLUME.volumeSize,
            volumeType: 'gp3',
            encrypted: true,
            deleteOnTermination: true,
          },
        },
      ],
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpPutResponseHopLimit: 1,
        httpTokens: 'required',
      },
      ...(input.maxPods === undefined ? {} : { kubelet: { maxPods: input.maxPods } }),
      tags: { ...(input.tags ?? {}) },
    },
  };
}
