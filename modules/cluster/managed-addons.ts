import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { addonConfigurations, VPC_CNI_CONFIGURATION } from './addon-configurations';
import type { AddonVersions, ManagedAddonName } from './addon-versions';
import { PodIdentityRole } from './pod-identity-role';

export {
  addonConfigurations,
  CRITICAL_ADDONS_TAINT,
  CRITICAL_ADDONS_TOLERATION,
  ebsCsiConfiguration,
  ebsReservedAttachments,
  maxEnisForVcpus,
  VPC_CNI_CONFIGURATION,
} from './addon-configurations';

interface AddonIdentity {
  readonly clusterName: string;
  readonly versions: AddonVersions;
  readonly accountId: string;
  /** The platform region: its partition names the managed policies; the EBS CSI driver is given it (no metadata). */
  readonly region: string;
  /** ARN of the permissions boundary of the add-ons' Pod Identity roles. */
  readonly permissionsBoundaryArn: string;
}

function addon(
  scope: Construct,
  name: ManagedAddonName,
  props: AddonIdentity,
  extra: {
    configuration?: unknown;
    dependsOn?: ITerraformDependable[];
  } = {},
): EksAddon {
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
    this.metricsServer = addon(this, 'metrics-server', props, {
      configuration: configurations['metrics-server'],
      dependsOn: [props.nodes],
    });
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
