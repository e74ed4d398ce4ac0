import { arn } from '../iam/arn';
import type { AwsPartition } from '../iam/partition';
import { policyDocument } from '../iam/render';
import type { PolicyDocument, PolicyStatement } from '../iam/statement';

/**
 * The AWS Load Balancer Controller's IAM policy for app v3.5.0, statement by statement as upstream writes it
 * (kubernetes-sigs/aws-load-balancer-controller `docs/install/iam_policy.json` at v3.5.0: 16 statements, 80
 * actions). Every action, nothing more: bump it together with the chart. Several statements use `Resource: "*"`
 * without a condition because the controller creates resources whose ARNs it cannot know beforehand.
 */

/** The controller's web ACL associations (AWS WAF Classic regional and WAFv2); the workload boundary admits them. */
export const WEB_ACL_ACTIONS: readonly string[] = [
  'waf-regional:GetWebACL',
  'waf-regional:GetWebACLForResource',
  'waf-regional:AssociateWebACL',
  'waf-regional:DisassociateWebACL',
  'wafv2:GetWebACL',
  'wafv2:GetWebACLForResource',
  'wafv2:AssociateWebACL',
  'wafv2:DisassociateWebACL',
];

const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
/** Only resources the controller tagged as its own. */
const OWNED = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' } };
/** Tag changes that keep the ownership tag in place. */
const KEEPS_OWNERSHIP = {
  Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' },
};

/** The statements, with ARN patterns in the partition (upstream keeps a copy per partition: iam_policy_cn.json). */
function statements(partition: AwsPartition): PolicyStatement[] {
  const elb = (resource: string) =>
    arn({ service: 'elasticloadbalancing', region: '*', account: '*', resource }, partition);
  const securityGroups = arn({ service: 'ec2', region: '*', account: '*', resource: 'security-group/*' }, partition);
  const taggableBalancers = [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')];
  return [
    {
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: [
        'cognito-idp:DescribeUserPoolClient',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        ...WEB_ACL_ACTIONS,
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      Resource: '*',
    },
    { Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], Resource: '*' },
    { Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: securityGroups,
      Condition: {
        StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' },
      },
    },
    {
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: securityGroups,
      Condition: KEEPS_OWNERSHIP,
    },
    {
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: '*',
      Condition: OWNED,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: '*',
      Condition: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' } },
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: taggableBalancers,
      Condition: KEEPS_OWNERSHIP,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [
        elb('listener/net/*/*/*'),
        elb('listener/app/*/*/*'),
        elb('listener-rule/net/*/*/*'),
        elb('listener-rule/app/*/*/*'),
      ],
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      Resource: '*',
      Condition: OWNED,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags'],
      Resource: taggableBalancers,
      Condition: {
        StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' },
      },
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: elb('targetgroup/*/*'),
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      Resource: '*',
    },
  ];
}

/** The app version whose policy {@link loadBalancerControllerPolicy} reproduces. */
export const LBC_POLICY_APP_VERSION = 'v3.5.0';

export function loadBalancerControllerPolicy(partition: AwsPartition): PolicyDocument {
  return policyDocument(statements(partition));
}
