import { platform } from '../environments';
import { loadBalancerControllerPolicy } from '../modules/load-balancer-controller/iam-policy';
import { Json, onlyAddress, ref, release, releaseValues, statements } from './addons-helpers';
import { realStack, resources } from './read-helpers';

/**
 * The 80 unique actions of kubernetes-sigs/aws-load-balancer-controller `docs/install/iam_policy.json` at v3.5.0
 * (16 statements, 86 action entries), copied here so the test does not read reference files.
 */
const UPSTREAM_LBC_ACTIONS = [
  'acm:DescribeCertificate',
  'acm:ListCertificates',
  'cognito-idp:DescribeUserPoolClient',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteTags',
  'ec2:DescribeAccountAttributes',
  'ec2:DescribeAddresses',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeCoipPools',
  'ec2:DescribeInstances',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeIpamPools',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeTags',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeVpcs',
  'ec2:GetCoipPoolUsage',
  'ec2:GetSecurityGroupsForVpc',
  'ec2:RevokeSecurityGroupIngress',
  'elasticloadbalancing:AddListenerCertificates',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:DeleteRule',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:DescribeCapacityReservation',
  'elasticloadbalancing:DescribeListenerAttributes',
  'elasticloadbalancing:DescribeListenerCertificates',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeSSLPolicies',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:DescribeTrustStores',
  'elasticloadbalancing:ModifyCapacityReservation',
  'elasticloadbalancing:ModifyIpPools',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyListenerAttributes',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:ModifyRule',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:ModifyTargetGroupAttributes',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:RemoveListenerCertificates',
  'elasticloadbalancing:RemoveTags',
  'elasticloadbalancing:SetIpAddressType',
  'elasticloadbalancing:SetRulePriorities',
  'elasticloadbalancing:SetSecurityGroups',
  'elasticloadbalancing:SetSubnets',
  'elasticloadbalancing:SetWebAcl',
  'iam:CreateServiceLinkedRole',
  'iam:GetServerCertificate',
  'iam:ListServerCertificates',
  'shield:CreateProtection',
  'shield:DeleteProtection',
  'shield:DescribeProtection',
  'shield:GetSubscriptionState',
  'waf-regional:AssociateWebACL',
  'waf-regional:DisassociateWebACL',
  'waf-regional:GetWebACL',
  'waf-regional:GetWebACLForResource',
  'wafv2:AssociateWebACL',
  'wafv2:DisassociateWebACL',
  'wafv2:GetWebACL',
  'wafv2:GetWebACLForResource',
];

describe('the load balancer controller policy document', () => {
  const doc = loadBalancerControllerPolicy('aws');

  test('has the 80 upstream v3.5.0 actions in 16 statements (86 entries), every one Allow', () => {
    expect(UPSTREAM_LBC_ACTIONS).toHaveLength(80);
    expect(doc.Statement).toHaveLength(16);
    const entries = doc.Statement.flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[]);
    expect(entries).toHaveLength(86);
    expect([...new Set(entries)].sort()).toEqual([...UPSTREAM_LBC_ACTIONS].sort());
    expect(doc.Statement.every(s => s.Effect === 'Allow')).toBe(true);
  });

  test('keeps upstream conditions: ownership tag on deletes and modifies, service-linked role only for ELB', () => {
    const withAction = (a: string) => doc.Statement.filter(s => (s.Action as readonly string[]).includes(a));
    for (const s of withAction('ec2:DeleteSecurityGroup'))
      expect(s.Condition).toEqual({ Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } });
    for (const s of withAction('elasticloadbalancing:DeleteLoadBalancer'))
      expect(s.Condition).toEqual({ Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } });
    expect(withAction('iam:CreateServiceLinkedRole')[0].Condition).toEqual({
      StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' },
    });
  });
});

describe.each(['dev', 'prod'])('%s load balancer controller', env => {
  const stack = () => realStack(`${env}-addons`);
  const cluster = `myapp-${env}`;
  const roleName = `${cluster}-aws-load-balancer-controller`;

  test(
    'release: eks-charts repository, chart aws-load-balancer-controller 3.5.0, its own namespace, atomic, ' + 'timeout',
    () => {
      const rel = release(stack(), 'aws-load-balancer-controller');
      expect(rel).toMatchObject({
        repository: 'https://aws.github.io/eks-charts',
        chart: 'aws-load-balancer-controller',
        version: '3.5.0',
        namespace: 'aws-load-balancer-controller',
        atomic: true,
      });
      expect(rel.timeout).toBeGreaterThan(0);
    },
  );

  test(
    'values: 2 replicas, clusterName, region and the VPC from the eks contract, system nodes, explicit ' + 'resources',
    () => {
      const values = releaseValues(release(stack(), 'aws-load-balancer-controller'));
      expect(values).toMatchObject({ clusterName: cluster, region: platform.aws.region, replicaCount: 2 });
      expect(values.vpcId).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.vpc_id\}$/);
      expect(values.tolerations).toContainEqual({ key: 'CriticalAddonsOnly', operator: 'Exists' });
      expect(values.nodeSelector).toMatchObject({ 'node-group': 'system' });
      expect(values.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    },
  );

  test(
    'turns the Service mutating webhook off: nothing uses LoadBalancer Services and it would block Services at ' +
      'first apply',
    () => {
      expect(releaseValues(release(stack(), 'aws-load-balancer-controller')).enableServiceMutatorWebhook).toBe(false);
    },
  );

  test("the chart's service account is the Pod Identity association's", () => {
    const values = releaseValues(release(stack(), 'aws-load-balancer-controller'));
    const role = onlyAddress(stack(), 'aws_iam_role', r => r.name === roleName);
    const association = Object.values(resources(stack(), 'aws_eks_pod_identity_association')).find(
      a => a.role_arn === ref(role, 'arn'),
    )!;
    expect(association).toMatchObject({
      cluster_name: cluster,
      namespace: 'aws-load-balancer-controller',
      service_account: 'aws-load-balancer-controller',
    });
    expect((values.serviceAccount as Json).name).toBe(association.service_account);
    expect(release(stack(), 'aws-load-balancer-controller').namespace).toBe(association.namespace);
  });

  test('the role: Pod Identity trust, exactly the upstream action set attached, nothing else', () => {
    const role = onlyAddress(stack(), 'aws_iam_role', r => r.name === roleName);
    const roleJson = resources(stack(), 'aws_iam_role')[role.split('.')[1]];
    const [trust] = statements(stack(), roleJson.assume_role_policy as string);
    expect(trust.Principal).toEqual({ Service: ['pods.eks.amazonaws.com'] });
    expect(trust.Action.sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    const attachments = Object.values(resources(stack(), 'aws_iam_role_policy_attachment')).filter(
      a => a.role === ref(role, 'name'),
    );
    expect(attachments).toHaveLength(1);
    const policy = Object.entries(resources(stack(), 'aws_iam_policy')).find(
      ([n]) => attachments[0].policy_arn === ref(`aws_iam_policy.${n}`, 'arn'),
    )![1];
    const actions = new Set(statements(stack(), policy.policy as string).flatMap(s => s.Action));
    expect([...actions].sort()).toEqual([...UPSTREAM_LBC_ACTIONS].sort());
    expect(Object.values(resources(stack(), 'aws_iam_role_policy')).filter(p => p.role === ref(role, 'name'))).toEqual(
      [],
    );
  });

  test('the policy fits the managed-policy size limit (6144 characters without whitespace)', () => {
    const policy = Object.values(resources(stack(), 'aws_iam_policy')).find(p => p.name === roleName)!;
    expect((policy.policy as string).replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
  });
});
