import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { arn } from '../iam/arn';
import { WEB_ACL_ACTIONS } from '../load-balancer-controller/iam-policy';
import { awsPartition, globalServiceRegion } from '../iam/partition';
import { policyDocument } from '../iam/render';
import type { PolicyDocument, PolicyStatement } from '../iam/statement';
import { logBucketPattern, roleArn } from '../naming';

/**
 * The permissions boundary of every role an environment stack creates (`<project>-workload-boundary`, owned by the
 * shared stack). A role's effective permissions are its policies AND this document, so whatever an environment's CI
 * apply role writes into a role's policies, the role can never do more than this: no IAM administration, no
 * Organizations or account settings. The apply roles may only create or change roles that carry it (ci-policies.ts).
 *
 * The Allow statements are per service and broad on purpose (verb wildcards, not the roles' exact actions), so an
 * AWS managed policy gaining an action does not break a workload; they never name a whole service (`ec2:*`), which
 * check 29 forbids, and are tied to the platform region or to resources, as check 30 asks for Resource "*".
 */

/** Regional actions of the environments' roles, by the roles that need them. */
export const BOUNDARY_REGIONAL_ACTIONS: readonly string[] = [
  // EKS cluster role (AmazonEKSClusterPolicy), node roles, vpc-cni (AmazonEKS_CNI_Policy), EBS CSI
  // (AmazonEBSCSIDriverPolicy), Karpenter controller (fleet, launch templates), load balancer controller (security
  // groups)
  'ec2:Describe*',
  'ec2:Get*',
  'ec2:Create*',
  'ec2:Delete*',
  'ec2:Modify*',
  'ec2:Attach*',
  'ec2:Detach*',
  'ec2:Assign*',
  'ec2:Unassign*',
  'ec2:Associate*',
  'ec2:Disassociate*',
  'ec2:Authorize*',
  'ec2:Revoke*',
  'ec2:RunInstances',
  'ec2:TerminateInstances',
  'ec2:EnableFastSnapshotRestores',
  'ec2:CopySnapshot',
  'ec2:CopyVolumes',
  'ec2:LockSnapshot',
  'ec2:UnlockSnapshot',
  // EKS cluster role (AmazonEKSClusterPolicy)
  'autoscaling:Describe*',
  'autoscaling:UpdateAutoScalingGroup',
  // load balancer controller; the cluster role (AmazonEKSClusterPolicy)
  'elasticloadbalancing:Describe*',
  'elasticloadbalancing:Create*',
  'elasticloadbalancing:Delete*',
  'elasticloadbalancing:Modify*',
  'elasticloadbalancing:Add*',
  'elasticloadbalancing:Remove*',
  'elasticloadbalancing:Register*',
  'elasticloadbalancing:Deregister*',
  'elasticloadbalancing:Set*',
  'elasticloadbalancing:Apply*',
  'elasticloadbalancing:Attach*',
  'elasticloadbalancing:Detach*',
  'elasticloadbalancing:Configure*',
  'acm:DescribeCertificate',
  'acm:ListCertificates',
  'cognito-idp:DescribeUserPoolClient',
  ...WEB_ACL_ACTIONS,
  'tag:GetResources',
  // node roles (AmazonEKSWorkerNodePolicy: join the cluster, Pod Identity agent), Karpenter controller
  // (DescribeCluster)
  'eks:DescribeCluster',
  'eks-auth:AssumeRoleForPodIdentity',
  // node roles (AmazonEC2ContainerRegistryPullOnly)
  'ecr:GetAuthorizationToken',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchImportUpstreamImage',
  // node roles (AmazonSSMManagedInstanceCore); Karpenter controller (ssm:GetParameter of the EKS AMI ids)
  'ssm:Describe*',
  'ssm:Get*',
  'ssm:List*',
  'ssm:PutInventory',
  'ssm:PutComplianceItems',
  'ssm:PutConfigurePackageResult',
  'ssm:UpdateAssociationStatus',
  'ssm:UpdateInstanceAssociationStatus',
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'ec2messages:AcknowledgeMessage',
  'ec2messages:DeleteMessage',
  'ec2messages:FailMessage',
  'ec2messages:GetEndpoint',
  'ec2messages:GetMessages',
  'ec2messages:SendReply',
  // VPC flow-log role (writes to its log group)
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  // Karpenter controller (interruption queue; listed, as check 29 forbids sqs:*)
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueUrl',
  'sqs:GetQueueAttributes',
  // Karpenter controller (zonal shift awareness)
  'arc-zonal-shift:GetManagedResource',
  'arc-zonal-shift:ListManagedResources',
  'arc-zonal-shift:ListZonalShifts',
  // External Secrets (read only)
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecretVersionIds',
  'secretsmanager:GetResourcePolicy',
  // cluster role (secrets envelope encryption), EBS CSI (encrypted volumes), External Secrets (kms:Decrypt of the CMK)
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
  'kms:CreateGrant',
  'kms:ListGrants',
];

/** IAM and Shield actions: global services, signed in us-east-1 whatever the platform region. */
export const BOUNDARY_GLOBAL_ACTIONS: readonly string[] = [
  // Karpenter controller: the instance profiles of its node role
  'iam:GetInstanceProfile',
  'iam:ListInstanceProfiles',
  'iam:CreateInstanceProfile',
  'iam:DeleteInstanceProfile',
  'iam:AddRoleToInstanceProfile',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:TagInstanceProfile',
  // load balancer controller (service-linked role of ELB, HTTPS listeners); cluster role (AmazonEKSClusterPolicy)
  'iam:CreateServiceLinkedRole',
  'iam:GetServerCertificate',
  'iam:ListServerCertificates',
  // load balancer controller (Shield Advanced protection of ALBs)
  'shield:GetSubscriptionState',
  'shield:DescribeProtection',
  'shield:CreateProtection',
  'shield:DeleteProtection',
  // external-dns (its own policy limits the changes to the environment's one zone)
  'route53:ChangeResourceRecordSets',
  'route53:ListResourceRecordSets',
  'route53:ListTagsForResources',
  'route53:ListHostedZones',
];

/**
 * The IAM actions the boundary never allows: every write except the ones of {@link BOUNDARY_GLOBAL_ACTIONS} and
 * PassRole.
 */
export const BOUNDARY_DENIED_IAM_ACTIONS: readonly string[] = [
  'iam:Create*',
  'iam:Delete*',
  'iam:Put*',
  'iam:Attach*',
  'iam:Detach*',
  'iam:Update*',
  'iam:Add*',
  'iam:Remove*',
  'iam:Set*',
  'iam:Tag*',
  'iam:Untag*',
  'iam:Upload*',
  'iam:Change*',
  'iam:Enable*',
  'iam:Disable*',
  'iam:Deactivate*',
  'iam:Resync*',
  'iam:Reset*',
];

/** Every environment's Karpenter node role (`<cluster>-karpenter-node`, environmentRoleNames). */
export function karpenterNodeRolePattern(platform: PlatformConfig): string {
  return roleArn(platform, `*${KARPENTER_NODE_ROLE_SUFFIX}`);
}

export const KARPENTER_NODE_ROLE_SUFFIX = '-karpenter-node';
/** The store roles of External Secrets (secrets-policy.ts storeRoleName). */
export const SECRET_STORE_ROLE_INFIX = '-eso-';

/**
 * Loki's objects in the environments' log buckets, by the buckets' name pattern (`logBucketName`): a new environment
 * needs no change to this policy, like the node roles above.
 */
function logBucketStatements(platform: PlatformConfig): PolicyStatement[] {
  const buckets = arn({ service: 's3', resource: logBucketPattern(platform) }, awsPartition(platform.aws.region));
  return [
    { Sid: 'LokiListLogBuckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [buckets] },
    {
      Sid: 'LokiLogObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: [`${buckets}/*`],
    },
  ];
}

/** Properties of {@link workloadBoundaryDocument}. */
export interface WorkloadBoundaryInput {
  readonly platform: PlatformConfig;
  /** Every environment (the node roles a workload may pass are matched by name suffix, so none is listed). */
  readonly environments: readonly EnvironmentConfig[];
}

/** The boundary policy document (pure: tests read it without synthesizing). */
export function workloadBoundaryDocument(input: WorkloadBoundaryInput): PolicyDocument {
  const { platform } = input;
  const accountId = platform.aws.accountId;
  const region = platform.aws.region;
  const iamGlobalRegions = [...new Set([region, globalServiceRegion(awsPartition(region))])];
  const iam = (resource: string) => arn({ service: 'iam', account: accountId, resource }, awsPartition(region));
  return policyDocument([
    {
      // every environment role: the services listed above, in the platform region only
      Sid: 'WorkloadServicesInRegion',
      Effect: 'Allow',
      Action: BOUNDARY_REGIONAL_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': [region] } },
    },
    {
      // Karpenter controller (instance profiles), load balancer controller (service-linked role, certificates, Shield)
      Sid: 'GlobalServiceActions',
      Effect: 'Allow',
      Action: BOUNDARY_GLOBAL_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': iamGlobalRegions } },
    },
    {
      // Karpenter controller: on-demand and spot prices; its Price List endpoint may be in another region, and
      // pricing:GetProducts has no resource type
      Sid: 'KarpenterPricing',
      Effect: 'Allow',
      Action: ['pricing:GetProducts'],
      Resource: '*',
    },
    ...logBucketStatements(platform),
    {
      // Karpenter controller: hands its node role (and no other role) to the instances it launches
      Sid: 'PassNodeRolesToEc2',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      // every environment's node role by its suffix, so a new environment needs no change to this policy (a boundary
      // change is an administrator's apply); the CI boundary denies any CI-bounded role a name with this suffix
      Resource: [karpenterNodeRolePattern(platform)],
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    },
    {
      // External Secrets controller: assumes the role of each ClusterSecretStore (`<cluster>-eso-<prefix>`)
      Sid: 'AssumeSecretStoreRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: [roleArn(platform, `*${SECRET_STORE_ROLE_INFIX}*`)],
      Condition: { StringEquals: { 'aws:RequestedRegion': iamGlobalRegions } },
    },
    {
      // every role: no IAM administration (roles, users, policies, boundaries, credentials), whatever a future
      // Allow above might grant; only instance profiles (Karpenter) and service-linked roles (ELB) stay possible
      Sid: 'DenyIamAdministration',
      Effect: 'Deny',
      Action: BOUNDARY_DENIED_IAM_ACTIONS,
      NotResource: [iam('instance-profile/*'), iam('role/aws-service-role/*')],
    },
    {
      // every role: no Organizations or account settings
      Sid: 'DenyOrganizationsAndAccount',
      Effect: 'Deny',
      Action: ['organizations:*', 'account:*'],
      Resource: '*',
    },
  ]);
}
