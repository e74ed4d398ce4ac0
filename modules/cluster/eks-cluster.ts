import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster as AwsEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';

/** Properties for {@link EksCluster}. */
export interface EksClusterProps {
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly publicAccessCidrs: readonly string[];
  readonly logRetentionDays: number;
  readonly clusterRoleName: string;
  readonly podIdentityAgentVersion: string;
}

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** The EKS control plane: API authentication, private + public endpoint, logs and secrets encryption with a CMK. */
export class EksCluster extends Construct {
  public readonly cluster: AwsEksCluster;
  public readonly kmsKey: KmsKey;
  public readonly nodeSecurityGroup: SecurityGroup;
  public readonly podIdentityAgent: EksAddon;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.kmsKey = new KmsKey(this, 'kms-key', {
      description: `${props.name} secrets envelope encryption`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
    });
    const trust = new DataAwsIamPolicyDocument(this, 'cluster-trust', {
      statement: [
        { actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }] },
      ],
    });
    const role = new IamRole(this, 'cluster-role', { name: props.clusterRoleName, assumeRolePolicy: trust.json });
    const policy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
    });
    this.nodeSecurityGroup = new SecurityGroup(this, 'node-security-group', {
      name: `${props.name}-nodes`,
      description: `Nodes of ${props.name}`,
      vpcId: props.vpcId,
      tags: { 'karpenter.sh/discovery': props.name },
    });
    this.cluster = new AwsEksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      vpcConfig: {
        subnetIds: props.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: [...props.publicAccessCidrs],
      },
      enabledClusterLogTypes: LOG_TYPES,
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.kmsKey.arn } },
      dependsOn: [logGroup, policy],
    });
    this.podIdentityAgent = new EksAddon(this, 'pod-identity-agent', {
      clusterName: this.cluster.name,
      addonName: 'eks-pod-identity-agent',
      addonVersion: props.podIdentityAgentVersion,
    });
  }
}
