import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster as AwsEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument, renderPolicy } from '../iam/render';
import type { ClusterSupportType } from '../../environments/types';
import { LogsKmsKey } from '../network/logs-kms-key';
import { suppress } from '../policies/suppress';
import { refuseInvalidProps } from '../config-errors';
import { validateEksClusterProps } from './validation';

/** Properties for {@link EksCluster}. */
export interface EksClusterProps {
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.35`. */
  readonly kubernetesVersion: string;
  /** Private subnets for the control-plane ENIs. */
  readonly privateSubnetIds: string[];
  /** Additional security group of the control-plane ENIs (see `ClusterSecurityGroups`). */
  readonly controlPlaneSecurityGroupId: string;
  /**
   * CIDRs that may reach the public endpoint. `0.0.0.0/0` (the seed's "deploy from anywhere") exposes the API
   * endpoint to the whole internet, still behind IAM authentication and access entries.
   */
  readonly publicAccessCidrs: readonly string[];
  readonly logRetentionDays: number;
  readonly clusterRoleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  readonly accountId: string;
  readonly region: string;
  /** `upgrade_policy.support_type`: what EKS does when the version leaves standard support (see `ClusterConfig`). */
  readonly supportType: ClusterSupportType;
  /** EKS deletion protection: `DeleteCluster` is refused until it is lifted. */
  readonly deletionProtection: boolean;
}

/** Every control-plane log type (CIS 2.1.1, CKV_AWS_37). */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** The log group EKS writes control-plane logs to; created here first so it has retention and a CMK. */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/**
 * The EKS control plane: authentication through access entries only (`API`), no implicit admin for the creator,
 * public + private endpoint, all control-plane logs into a pre-created encrypted log group, and secrets envelope
 * encryption. One rotating CMK serves both secrets and the log group. The upgrade policy and deletion protection
 * are always explicit.
 */
export class EksCluster extends Construct {
  public readonly cluster: AwsEksCluster;
  public readonly kmsKey: KmsKey;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateEksClusterProps(props, at));
    // not configuration: the VPC stack's subnets (a contract), so a plain guard
    if (props.privateSubnetIds.length === 0) throw new Error(`privateSubnetIds of ${props.name} must not be empty`);
    const logGroupName = controlPlaneLogGroupName(props.name);
    this.kmsKey = new LogsKmsKey(this, 'kms-key', {
      description: `${props.name} secrets envelope encryption and control-plane logs`,
      accountId: props.accountId,
      region: props.region,
      logGroupNames: [logGroupName],
    }).key;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: this.kmsKey.arn,
    });

    const trust = policyDocument([
      { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: ['eks.amazonaws.com'] } },
    ]);
    this.role = new IamRole(this, 'cluster-role', {
      name: props.clusterRoleName,
      assumeRolePolicy: renderPolicy(trust),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: this.role.name,
      policyArn: awsManagedPolicyArn('AmazonEKSClusterPolicy', awsPartition(props.region)),
    });
    // EKS uses the cluster role to wrap secrets with the key; scoped to this one key.
    const useKey = policyDocument([
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
        Resource: [this.kmsKey.arn],
      },
    ]);
    const encryptionPolicy = new IamRolePolicy(this, 'cluster-encryption-policy', {
      role: this.role.id,
      name: 'secrets-encryption',
      policy: renderPolicy(useKey),
    });

    this.cluster = new AwsEksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: this.role.arn,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      // vpc-cni, kube-proxy and coredns come as managed add-ons (managed-addons.ts), not as unmanaged defaults
      bootstrapSelfManagedAddons: false,
      vpcConfig: {
        subnetIds: props.privateSubnetIds,
        securityGroupIds: [props.controlPlaneSecurityGroupId],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: [...props.publicAccessCidrs],
      },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.kmsKey.arn } },
      // written out even where it equals the EKS default, so a plan shows the policy and the cost it implies
      upgradePolicy: { supportType: props.supportType },
      deletionProtection: props.deletionProtection,
      dependsOn: [this.logGroup, clusterPolicy, encryptionPolicy],
    });
    suppress(
      this.cluster,
      'eks-public-endpoint',
      `SECURITY-RULES C1: public + private endpoint is the design (operators and CI deploy from outside the
        VPC); the API stays behind IAM authentication and access entries, and eks-public-access-cidrs judges the
        CIDRs. CIS 5.4.2 accepted.`,
    );
  }
}
