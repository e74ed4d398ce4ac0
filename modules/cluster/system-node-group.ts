import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument, renderPolicy } from '../iam/render';
import { refuseInvalidProps } from '../config-errors';
import { CRITICAL_ADDONS_TAINT } from './managed-addons';
import { validateSystemNodeGroupProps } from './validation';

/**
 * The only policies of the node role (CIS EKS 5.1.3, BPG): join the cluster, pull images, SSM instead of SSH.
 * The CNI policy is NOT here: vpc-cni gets it through Pod Identity.
 */
export const NODE_ROLE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
] as const;

/** AL2023: the AL2 AMI is not built for Kubernetes 1.33 and later. */
export const SYSTEM_NODE_AMI_TYPE = 'AL2023_x86_64_STANDARD';

/** Label of the system nodes, for node selectors of components that must run there. */
export const SYSTEM_NODE_LABELS = { 'node-group': 'system' } as const;

/**
 * Pods per node with prefix delegation: 110 is the EKS recommendation for instances under 30 vCPUs; the ENI-based
 * default of a t3.medium (17) would leave the system nodes out of pod slots before their CPU is used.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
 */
export const SYSTEM_NODE_MAX_PODS = 110;

/** AL2023 nodeadm configuration merged by the managed node group into its own user data (MIME part). */
export function systemNodeUserData(maxPods: number): string {
  const boundary = 'SYSTEMNODE';
  const text = [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: application/node.eks.aws',
    '',
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  kubelet:',
    '    config:',
    `      maxPods: ${maxPods}`,
    '',
    `--${boundary}--`,
    '',
  ].join('\n');
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Properties for {@link SystemNodeGroup}. */
export interface SystemNodeGroupProps {
  readonly clusterName: string;
  /** Kubernetes version of the nodes: the cluster's, so the nodes follow a control-plane upgrade. */
  readonly kubernetesVersion: string;
  readonly subnetIds: string[];
  readonly nodeSecurityGroupId: string;
  readonly roleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  /** The platform region: its partition names the managed policies. */
  readonly region: string;
  readonly instanceType: string;
  readonly desiredSize: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** Root volume size (gp3, encrypted). */
  readonly diskSizeGiB: number;
  /** What must exist before the first node boots (vpc-cni, kube-proxy, Pod Identity agent). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The system node group: on-demand AL2023 nodes in the private subnets, tainted `CriticalAddonsOnly=true:NoSchedule`
 * so only critical add-ons run there. Its launch template sets the node security group, an encrypted gp3 root
 * volume and IMDSv2 with hop limit 1 (pods cannot reach the node role's credentials); no SSH key.
 */
export class SystemNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: SystemNodeGroupProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateSystemNodeGroupProps(props, at));
    const name = `${props.clusterName}-system`;
    const trust = policyDocument([
      { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['ec2.amazonaws.com'] } },
    ]);
    this.role = new IamRole(this, 'node-role', {
      name: props.roleName,
      assumeRolePolicy: renderPolicy(trust),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    const partition = awsPartition(props.region);
    const attachments = NODE_ROLE_POLICIES.map(
      name =>
        new IamRolePolicyAttachment(this, name, {
          role: this.role.name,
          policyArn: awsManagedPolicyArn(name, partition),
        }),
    );

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name,
      description: `System nodes of ${props.clusterName}`,
      vpcSecurityGroupIds: [props.nodeSecurityGroupId],
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda', // root device of the EKS AL2023 AMI
          ebs: { volumeSize: props.diskSizeGiB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'disabled',
      },
      userData: systemNodeUserData(SYSTEM_NODE_MAX_PODS),
      tagSpecifications: [
        { resourceType: 'instance', tags: { Name: name } },
        { resourceType: 'volume', tags: { Name: name } },
      ],
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      nodeGroupName: 'system',
      version: props.kubernetesVersion,
      nodeRoleArn: this.role.arn,
      subnetIds: props.subnetIds,
      amiType: SYSTEM_NODE_AMI_TYPE,
      capacityType: 'ON_DEMAND',
      instanceTypes: [props.instanceType],
      scalingConfig: { desiredSize: props.desiredSize, minSize: props.minSize, maxSize: props.maxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      taint: [{ ...CRITICAL_ADDONS_TAINT }],
      labels: { ...SYSTEM_NODE_LABELS },
      dependsOn: [...attachments, ...props.dependsOn],
    });
  }
}
