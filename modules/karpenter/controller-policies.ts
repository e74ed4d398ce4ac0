import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument } from '../iam/render';
import type { PolicyDocument } from '../iam/statement';

/**
 * The Karpenter v1 controller permissions, written after the six managed policies of the upstream getting-started
 * CloudFormation template (aws/karpenter-provider-aws v1.14.1, `cloudformation.yaml`): same statements, same tag and
 * region conditions, same resource scoping. `iam:PassRole` is only allowed on the node role, only towards EC2.
 */

/** What the statements are scoped to. */
export interface KarpenterPolicyScope {
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  /** ARN of the Karpenter node role (may be a token). */
  readonly nodeRoleArn: string;
  /** ARN of the interruption queue (may be a token). */
  readonly queueArn: string;
}

/** The upstream policy names without their `-${ClusterName}` suffix, in upstream order. */
export const KARPENTER_CONTROLLER_POLICIES = [
  'node-lifecycle',
  'iam-integration',
  'eks-integration',
  'interruption',
  'zonal-shift',
  'resource-discovery',
] as const;
export type KarpenterControllerPolicy = (typeof KARPENTER_CONTROLLER_POLICIES)[number];

/** Every controller policy document, keyed by {@link KarpenterControllerPolicy}. */
export function karpenterControllerPolicies(
  s: KarpenterPolicyScope,
): Record<KarpenterControllerPolicy, PolicyDocument> {
  const partition = awsPartition(s.region);
  const { region, accountId } = s;
  const ec2 = (type: string) => arn({ service: 'ec2', region, account: '*', resource: `${type}/*` }, partition);
  // AMIs and snapshots are owned by other accounts (the EKS AMI's): an empty account field
  const shared = (type: string) => arn({ service: 'ec2', region: s.region, resource: `${type}/*` }, partition);
  const instanceProfiles = arn({ service: 'iam', account: s.accountId, resource: 'instance-profile/*' }, partition);
  const clusterArn = arn(
    { service: 'eks', region, account: accountId, resource: `cluster/${s.clusterName}` },
    partition,
  );
  const owned = `kubernetes.io/cluster/${s.clusterName}`;
  const taggedResources = [
    'fleet',
    'instance',
    'volume',
    'network-interface',
    'launch-template',
    'spot-instances-request',
  ].map(ec2);
  const ownedByNodePool = {
    StringEquals: { [`aws:ResourceTag/${owned}`]: 'owned' },
    StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
  };
  const requestTags = {
    [`aws:RequestTag/${owned}`]: 'owned',
    'aws:RequestTag/eks:eks-cluster-name': s.clusterName,
  };
  return {
    'node-lifecycle': policyDocument([
      {
        Sid: 'AllowScopedEC2InstanceAccessActions',
        Effect: 'Allow',
        Resource: [
          shared('image'),
          shared('snapshot'),
          ...['security-group', 'subnet', 'capacity-reservation', 'placement-group'].map(ec2),
        ],
        Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      },
      {
        Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
        Effect: 'Allow',
        Resource: ec2('launch-template'),
        Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
        Condition: ownedByNodePool,
      },
      {
        Sid: 'AllowScopedEC2InstanceActionsWithTags',
        Effect: 'Allow',
        Resource: taggedResources,
        Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
        Condition: { StringEquals: requestTags, StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' } },
      },
      {
        Sid: 'AllowScopedResourceCreationTagging',
        Effect: 'Allow',
        Resource: taggedResources,
        Action: 'ec2:CreateTags',
        Condition: {
          StringEquals: { ...requestTags, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
          StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
        },
      },
      {
        Sid: 'AllowScopedResourceTagging',
        Effect: 'Allow',
        Resource: ec2('instance'),
        Action: 'ec2:CreateTags',
        Condition: {
          ...ownedByNodePool,
          StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': s.clusterName },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
        },
      },
      {
        Sid: 'AllowScopedDeletion',
        Effect: 'Allow',
        Resource: [ec2('instance'), ec2('launch-template')],
        Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        Condition: ownedByNodePool,
      },
    ]),
    'iam-integration': policyDocument([
      {
        Sid: 'AllowPassingInstanceRole',
        Effect: 'Allow',
        Resource: s.nodeRoleArn,
        Action: 'iam:PassRole',
        // upstream also lists ec2.amazonaws.com.cn (China); the service principals here are the aws partition's
        Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      },
      {
        Sid: 'AllowScopedInstanceProfileCreationActions',
        Effect: 'Allow',
        Resource: instanceProfiles,
        Action: ['iam:CreateInstanceProfile'],
        Condition: {
          StringEquals: { ...requestTags, 'aws:RequestTag/topology.kubernetes.io/region': s.region },
          StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
      {
        Sid: 'AllowScopedInstanceProfileTagActions',
        Effect: 'Allow',
        Resource: instanceProfiles,
        Action: ['iam:TagInstanceProfile'],
        Condition: {
          StringEquals: {
            [`aws:ResourceTag/${owned}`]: 'owned',
            'aws:ResourceTag/topology.kubernetes.io/region': s.region,
            ...requestTags,
            'aws:RequestTag/topology.kubernetes.io/region': s.region,
          },
          StringLike: {
            'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*',
            'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*',
          },
        },
      },
      {
        Sid: 'AllowScopedInstanceProfileActions',
        Effect: 'Allow',
        Resource: instanceProfiles,
        Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
        Condition: {
          StringEquals: {
            [`aws:ResourceTag/${owned}`]: 'owned',
            'aws:ResourceTag/topology.kubernetes.io/region': s.region,
          },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
    ]),
    'eks-integration': policyDocument([
      { Sid: 'AllowAPIServerEndpointDiscovery', Effect: 'Allow', Resource: clusterArn, Action: 'eks:DescribeCluster' },
    ]),
    interruption: policyDocument([
      {
        Sid: 'AllowInterruptionQueueActions',
        Effect: 'Allow',
        Resource: s.queueArn,
        Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      },
    ]),
    'zonal-shift': policyDocument([
      {
        Sid: 'AllowZonalShiftStatusReadOnly',
        Effect: 'Allow',
        Resource: '*',
        Action: ['arc-zonal-shift:GetManagedResource'],
        Condition: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': clusterArn } },
      },
    ]),
    'resource-discovery': policyDocument([
      {
        Sid: 'AllowRegionalReadActions',
        Effect: 'Allow',
        Resource: '*',
        Action: [
          'ec2:DescribeCapacityReservations',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceStatus',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribePlacementGroups',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSpotPriceHistory',
          'ec2:DescribeSubnets',
        ],
        Condition: { StringEquals: { 'aws:RequestedRegion': s.region } },
      },
      {
        Sid: 'AllowSSMReadActions',
        Effect: 'Allow',
        Resource: arn({ service: 'ssm', region: s.region, resource: 'parameter/aws/service/*' }, partition),
        Action: 'ssm:GetParameter',
      },
      { Sid: 'AllowPricingReadActions', Effect: 'Allow', Resource: '*', Action: 'pricing:GetProducts' },
      {
        Sid: 'AllowUnscopedInstanceProfileListAction',
        Effect: 'Allow',
        Resource: '*',
        Action: 'iam:ListInstanceProfiles',
      },
      {
        Sid: 'AllowInstanceProfileReadActions',
        Effect: 'Allow',
        Resource: instanceProfiles,
        Action: 'iam:GetInstanceProfile',
      },
    ]),
  };
}
