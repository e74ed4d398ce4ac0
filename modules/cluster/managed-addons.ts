import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import type { AddonVersions, ManagedAddonName } from './addon-versions';
import { PodIdentityRole } from './pod-identity-role';

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

interface AddonIdentity {
  readonly clusterName: string;
  readonly versions: AddonVersions;
  readonly accountId: string;
  /** The platform region: its partition names the managed policies; the EBS CSI driver is given it (no metadata). */
  readonly region: string;
  /** ARN of the permissions boundary of the add-ons' Pod Identity roles. */
  readonly permissionsBoundaryArn: string;
}

function addon(scope: Construct, name: ManagedAddonName, props: AddonIdentity, extra: {
  configuration?: unknown;
  dependsOn?: ITerraformDependable[];
} = {}): EksAddon {
  return new EksAddon(scope, name, {
    clusterName: props.clusterName,
    addonName: name,
    addonVersion: props.versions[name],
    configurationValues: extra.configuration === undefined ? undefined : JSON.stringify(extra.configuration),
    // Terraform owns the configuration: take over fields another manager set, on create and on update
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'OVERWRITE',
    dependsOn: extra.dependsOn,
  });
}

/** Properties for {@link NodeBootstrapAddons}. */
export interface NodeBootstrapAddonsProps extends AddonIdentity {
  /** Role of the VPC CNI (`kube-system/aws-node`). */
  readonly vpcCniRoleName: string;
}

/**
 * The add-ons a node needs to become Ready, created BEFORE the node group: vpc-cni (pod networking, its
 * permissions through Pod Identity instead of the node role), kube-proxy (aws-node reaches the API through the
 * `kubernetes` service) and the Pod Identity agent (credentials for aws-node and every later add-on).
 */
export class NodeBootstrapAddons extends Construct {
  public readonly vpcCni: EksAddon;
  public readonly kubeProxy: EksAddon;
  public readonly podIdentityAgent: EksAddon;
  public readonly vpcCniRole: PodIdentityRole;

  constructor(scope: Construct, id: string, props: NodeBootstrapAddonsProps) {
    super(scope, id);
    this.vpcCniRole = new PodIdentityRole(this, 'vpc-cni-identity', {
      clusterName: props.clusterName,
      roleName: props.vpcCniRoleName,
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
      managedPolicyArns: [awsManagedPolicyArn('AmazonEKS_CNI_Policy', awsPartition(props.region))],
      accountId: props.accountId,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
    });
    this.podIdentityAgent = addon(this, 'eks-pod-identity-agent', props);
    this.vpcCni = addon(this, 'vpc-cni', props, {
      configuration: VPC_CNI_CONFIGURATION,
      dependsOn: this.vpcCniRole.ready,
    });
    this.kubeProxy = addon(this, 'kube-proxy', props);
  }

  /** Everything the node group must wait for. */
  get all(): ITerraformDependable[] {
    return [this.podIdentityAgent, this.vpcCni, this.kubeProxy];
  }
}

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
export function addonConfigurations(region: string, maxNodeVcpus: number): Partial<Record<ManagedAddonName, Record<string, unknown>>> {
  const tolerations = [CRITICAL_ADDONS_TOLERATION];
  return {
    'vpc-cni': VPC_CNI_CONFIGURATION,
    coredns: { tolerations },
    'metrics-server': { tolerations },
    'aws-ebs-csi-driver': ebsCsiConfiguration(region, maxNodeVcpus),
  };
}

/** Properties for {@link SystemAddons}. */
export interface SystemAddonsProps extends AddonIdentity {
  /** Role of the EBS CSI controller (`kube-system/ebs-csi-controller-sa`). */
  readonly ebsCsiRoleName: string;
  /** The system node group: these add-ons run Deployments, which go DEGRADED with no node (ANCHORS B-10). */
  readonly nodes: ITerraformDependable;
  /** The most vCPUs a node may have (the Karpenter CPU limit): sizes the EBS attachment reservation. */
  readonly maxNodeVcpus: number;
}

/**
 * The add-ons created AFTER the system nodes: CoreDNS, metrics-server (for the HPA) and the EBS CSI driver,
 * each tolerating the `CriticalAddonsOnly` taint so they run on the system nodes before Karpenter exists.
 */
export class SystemAddons extends Construct {
  public readonly coredns: EksAddon;
  public readonly metricsServer: EksAddon;
  public readonly ebsCsiDriver: EksAddon;
  public readonly ebsCsiRole: PodIdentityRole;

  constructor(scope: Construct, id: string, props: SystemAddonsProps) {
    super(scope, id);
    const configurations = addonConfigurations(props.region, props.maxNodeVcpus);
    this.coredns = addon(this, 'coredns', props, { configuration: configurations.coredns, dependsOn: [props.nodes] });
    this.metricsServer = addon(this, 'metrics-server', props, { configuration: configurations['metrics-server'], dependsOn: [props.nodes] });
    this.ebsCsiRole = new PodIdentityRole(this, 'ebs-csi-identity', {
      clusterName: props.clusterName,
      roleName: props.ebsCsiRoleName,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [awsManagedPolicyArn('service-role/AmazonEBSCSIDriverPolicy', awsPartition(props.region))],
      accountId: props.accountId,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
    });
    this.ebsCsiDriver = addon(this, 'aws-ebs-csi-driver', props, {
      configuration: configurations['aws-ebs-csi-driver'],
      dependsOn: [props.nodes, ...this.ebsCsiRole.ready],
    });
  }
}
