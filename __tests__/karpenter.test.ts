import { ENVIRONMENTS, platform } from '../environments';
import { AL2023_AMI_ALIAS, ec2NodeClass, nodePool, validateNodePoolInput } from '../modules/karpenter/node-pool';
import { validateInterruptionQueueProps } from '../modules/karpenter/interruption-queue';
import { capacityGroups } from '../modules/karpenter/pod-density';
import {
  addresses,
  Json,
  onlyAddress,
  ref,
  release,
  releaseValues,
  renderedObjects,
  statements,
  synthesizedApp,
} from './addons-helpers';
import { validateCrds } from './crd-validation';
import { resources } from './read-helpers';
import { joinedRegExp } from './regexp';

/** Every action of the six controller policies of upstream `cloudformation.yaml` v1.14.1 (32). */
const UPSTREAM_CONTROLLER_ACTIONS = [
  'arc-zonal-shift:GetManagedResource',
  'ec2:CreateFleet',
  'ec2:CreateLaunchTemplate',
  'ec2:CreateTags',
  'ec2:DeleteLaunchTemplate',
  'ec2:DescribeCapacityReservations',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceStatus',
  'ec2:DescribeInstanceTypeOfferings',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeInstances',
  'ec2:DescribeLaunchTemplates',
  'ec2:DescribePlacementGroups',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSpotPriceHistory',
  'ec2:DescribeSubnets',
  'ec2:RunInstances',
  'ec2:TerminateInstances',
  'eks:DescribeCluster',
  'iam:AddRoleToInstanceProfile',
  'iam:CreateInstanceProfile',
  'iam:DeleteInstanceProfile',
  'iam:GetInstanceProfile',
  'iam:ListInstanceProfiles',
  'iam:PassRole',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:TagInstanceProfile',
  'pricing:GetProducts',
  'sqs:DeleteMessage',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
  'ssm:GetParameter',
];

const DETAIL_TYPES: Record<string, string> = {
  'AWS Health Event': 'aws.health',
  'EC2 Spot Instance Interruption Warning': 'aws.ec2',
  'EC2 Instance Rebalance Recommendation': 'aws.ec2',
  'EC2 Instance State-change Notification': 'aws.ec2',
  'EC2 Capacity Reservation Instance Interruption Warning': 'aws.ec2',
};

const envOf = (name: string) => ENVIRONMENTS.find(e => e.name === name)!;
const stackOf = (name: string) => synthesizedApp().stack(`${name}-addons`);
const controllerPolicies = (name: string) =>
  Object.values(resources(stackOf(name), 'aws_iam_policy')).filter(p =>
    String(p.name).startsWith(`${envOf(name).cluster.name}-karpenter-`),
  );

describe.each(['dev', 'prod'])('%s Karpenter', name => {
  const env = envOf(name);
  const cluster = env.cluster.name;

  test(
    'CRD chart and controller chart: oci repository, exact version 1.14.1, atomic, timeout; CRDs owned by ' +
      'karpenter-crd',
    () => {
      const stack = stackOf(name);
      const crd = release(stack, 'karpenter-crd');
      const controller = release(stack, 'karpenter');
      // the CRD chart is cluster-scoped (Helm state only); the controller's chart names .Release.Namespace everywhere
      for (const [rel, chart, namespace] of [
        [crd, 'karpenter-crd', 'addon-releases'],
        [controller, 'karpenter', 'karpenter'],
      ] as const) {
        expect(rel).toMatchObject({
          chart,
          repository: 'oci://public.ecr.aws/karpenter',
          version: '1.14.1',
          namespace,
          atomic: true,
        });
        expect(rel.timeout).toBeGreaterThan(0);
      }
      expect(controller.skip_crds).toBe(true);
      expect(crd.skip_crds).toBeUndefined();
      expect(controller.depends_on).toContain(onlyAddress(stack, 'helm_release', r => r.name === 'karpenter-crd'));
    },
  );

  test('values: cluster, interruption queue by name, replicas, system-node placement, explicit resources', () => {
    const stack = stackOf(name);
    const values = releaseValues(release(stack, 'karpenter'));
    const queue = Object.values(resources(stack, 'aws_sqs_queue'))[0];
    expect(values.settings).toEqual({ clusterName: cluster, interruptionQueue: queue.name });
    expect(queue.name).toBe(cluster);
    expect(values.replicas).toBe(env.karpenter.controllerReplicas);
    expect(values.tolerations).toContainEqual({ key: 'CriticalAddonsOnly', operator: 'Exists' });
    expect(values.nodeSelector).toMatchObject({ 'node-group': 'system' });
    expect((values.controller as Json).resources).toEqual({
      requests: { cpu: '200m', memory: '512Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    });
  });

  test(
    'gets its region from values: with IMDS hop limit 1 the controller cannot read it from instance ' + 'metadata',
    () => {
      const values = releaseValues(release(stackOf(name), 'karpenter'));
      expect((values.controller as Json).env).toEqual([{ name: 'AWS_REGION', value: platform.aws.region }]);
    },
  );

  test("the chart's service account is the Pod Identity association's, with the controller role", () => {
    const stack = stackOf(name);
    const values = releaseValues(release(stack, 'karpenter'));
    const role = onlyAddress(stack, 'aws_iam_role', r => r.name === `${cluster}-karpenter`);
    const association = Object.values(resources(stack, 'aws_eks_pod_identity_association')).find(
      a => a.role_arn === ref(role, 'arn'),
    )!;
    expect(association).toMatchObject({ cluster_name: cluster, namespace: 'karpenter', service_account: 'karpenter' });
    expect(values.serviceAccount).toEqual({ create: true, name: association.service_account });
    expect(release(stack, 'karpenter').namespace).toBe(association.namespace);
  });

  test('controller role is trusted by EKS Pod Identity only (AssumeRole + TagSession)', () => {
    const stack = stackOf(name);
    const role = Object.values(resources(stack, 'aws_iam_role')).find(r => r.name === `${cluster}-karpenter`)!;
    const [trust] = statements(stack, role.assume_role_policy as string);
    expect(trust.Action.sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trust.Principal).toEqual({ Service: ['pods.eks.amazonaws.com'] });
  });

  test('controller policies: exactly the upstream v1 action set, six policies attached to the controller role', () => {
    const stack = stackOf(name);
    const policies = controllerPolicies(name);
    expect(policies).toHaveLength(6);
    const actions = new Set(policies.flatMap(p => statements(stack, p.policy as string).flatMap(s => s.Action)));
    expect([...actions].sort()).toEqual([...UPSTREAM_CONTROLLER_ACTIONS].sort());
    const role = onlyAddress(stack, 'aws_iam_role', r => r.name === `${cluster}-karpenter`);
    const attached = Object.values(resources(stack, 'aws_iam_role_policy_attachment')).filter(
      a => a.role === ref(role, 'name'),
    );
    expect(attached).toHaveLength(6);
  });

  test('iam:PassRole only on the node role, only to EC2', () => {
    const stack = stackOf(name);
    const nodeRole = onlyAddress(stack, 'aws_iam_role', r => r.name === `${cluster}-karpenter-node`);
    const passRole = controllerPolicies(name)
      .flatMap(p => statements(stack, p.policy as string))
      .filter(s => s.Action.includes('iam:PassRole'));
    expect(passRole).toEqual([
      expect.objectContaining({
        Action: ['iam:PassRole'],
        Resource: [ref(nodeRole, 'arn')],
        Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      }),
    ]);
  });

  test('write and tagging actions are scoped to this cluster by tag conditions', () => {
    const stack = stackOf(name);
    const all = controllerPolicies(name).flatMap(p => statements(stack, p.policy as string));
    for (const action of [
      'ec2:CreateTags',
      'ec2:TerminateInstances',
      'ec2:DeleteLaunchTemplate',
      'iam:CreateInstanceProfile',
      'iam:DeleteInstanceProfile',
    ]) {
      for (const s of all.filter(x => x.Action.includes(action))) {
        expect(JSON.stringify(s.Condition)).toContain(`kubernetes.io/cluster/${cluster}`);
      }
    }
    // Resource "*" only with a condition, or for actions that cannot be scoped (pricing, instance-profile listing)
    for (const s of all.filter(x => x.Resource.includes('*') && x.Condition === undefined)) {
      expect(s.Action).toEqual([expect.stringMatching(/^(pricing:GetProducts|iam:ListInstanceProfiles)$/)]);
    }
  });

  test(
    'node role: trusted by EC2, worker + ECR pull + SSM policies only (no CNI policy), EC2_LINUX access entry ' +
      'without policy',
    () => {
      const stack = stackOf(name);
      const nodeRole = onlyAddress(stack, 'aws_iam_role', r => r.name === `${cluster}-karpenter-node`);
      const role = resources(stack, 'aws_iam_role')[nodeRole.split('.')[1]];
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
      const attached = Object.values(resources(stack, 'aws_iam_role_policy_attachment')).filter(
        a => a.role === ref(nodeRole, 'name'),
      );
      expect(attached.map(a => a.policy_arn).sort()).toEqual([
        'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
        'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      ]);
      const entries = Object.values(resources(stack, 'aws_eks_access_entry'));
      expect(entries).toEqual([
        expect.objectContaining({ cluster_name: cluster, principal_arn: ref(nodeRole, 'arn'), type: 'EC2_LINUX' }),
      ]);
      expect(entries[0].kubernetes_groups).toBeUndefined();
      const associations = Object.values(resources(stack, 'aws_eks_access_policy_association'));
      expect(associations.filter(a => a.principal_arn === ref(nodeRole, 'arn'))).toEqual([]);
    },
  );

  test('interruption queue: SSE, 300 s retention, only EventBridge/SQS may send, TLS only', () => {
    const stack = stackOf(name);
    const queue = onlyAddress(stack, 'aws_sqs_queue');
    expect(resources(stack, 'aws_sqs_queue')[queue.split('.')[1]]).toMatchObject({
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 300,
    });
    const policy = Object.values(resources(stack, 'aws_sqs_queue_policy'))[0];
    expect(policy.queue_url).toBe(ref(queue, 'url'));
    const doc = JSON.parse(policy.policy as string) as { Statement: Json[] };
    expect(doc.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
        Action: 'sqs:SendMessage',
        Resource: ref(queue, 'arn'),
      }),
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: ref(queue, 'arn'),
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
  });

  test('the five EventBridge rules with their exact detail-types all target the queue', () => {
    const stack = stackOf(name);
    const queue = onlyAddress(stack, 'aws_sqs_queue');
    const rules = resources(stack, 'aws_cloudwatch_event_rule');
    const patterns = Object.values(rules).map(
      r => JSON.parse(r.event_pattern as string) as { source: string[]; 'detail-type': string[] },
    );
    expect(Object.fromEntries(patterns.map(p => [p['detail-type'][0], p.source[0]]))).toEqual(DETAIL_TYPES);
    expect(patterns.every(p => p.source.length === 1 && p['detail-type'].length === 1)).toBe(true);
    const targets = Object.values(resources(stack, 'aws_cloudwatch_event_target'));
    expect(targets).toHaveLength(5);
    expect(targets.map(t => t.rule).sort()).toEqual(
      Object.keys(rules)
        .map(r => ref(`aws_cloudwatch_event_rule.${r}`, 'name'))
        .sort(),
    );
    for (const t of targets) expect(t.arn).toBe(ref(queue, 'arn'));
  });

  test('NodePool and EC2NodeClass render into a local chart installed after the controller', () => {
    const stack = stackOf(name);
    const pools = release(stack, 'karpenter-nodepools');
    expect(pools.repository).toBeUndefined();
    expect(pools).toMatchObject({ atomic: true, namespace: 'addon-releases' });
    expect(pools.depends_on).toContain(onlyAddress(stack, 'helm_release', r => r.name === 'karpenter'));
    // one EC2NodeClass + NodePool per pod-density group (pod-density.ts): dev's t2 is not Nitro
    const pairs = capacityGroups(env.karpenter.instanceFamilies, env.karpenter.cpuLimit).flatMap(() => [
      'EC2NodeClass',
      'NodePool',
    ]);
    expect(renderedObjects(`${name}-addons`, 'karpenter-nodepools').map(o => o.kind)).toEqual(pairs);
  });

  test(
    'the rendered NodePools: families, capacity types, cpu limit, v1 consolidation, expiry under ' + 'template.spec',
    () => {
      const pools = renderedObjects(`${name}-addons`, 'karpenter-nodepools').filter(
        o => o.kind === 'NodePool',
      ) as Array<Json & { spec: Json }>;
      const specs = pools.map(p => p.spec as { template: { spec: Json }; limits: { cpu: number }; disruption: Json });
      const families = specs.flatMap(s =>
        (s.template.spec.requirements as Array<{ key: string; values: string[] }>)
          .filter(r => r.key === 'karpenter.k8s.aws/instance-family')
          .flatMap(r => r.values),
      );
      expect(families.sort()).toEqual([...env.karpenter.instanceFamilies].sort());
      expect(specs.reduce((sum, s) => sum + s.limits.cpu, 0)).toBe(20);
      const spec = specs[0];
      for (const s of specs) {
        expect(s.template.spec.requirements).toContainEqual({
          key: 'karpenter.sh/capacity-type',
          operator: 'In',
          values: [...env.karpenter.capacityTypes],
        });
      }
      expect(spec.disruption).toMatchObject({
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: env.karpenter.consolidateAfter,
      });
      expect(spec.template.spec.expireAfter).toBe('720h');
      expect(spec.template.spec.nodeClassRef).toEqual({
        group: 'karpenter.k8s.aws',
        kind: 'EC2NodeClass',
        name: 'default',
      });
    },
  );

  test(
    'the rendered EC2NodeClass: node role, pinned AL2023, discovery selectors, encrypted gp3, IMDSv2 hop limit ' + '1',
    () => {
      const nodeClass = renderedObjects(`${name}-addons`, 'karpenter-nodepools').find(
        o => o.kind === 'EC2NodeClass',
      ) as {
        spec: Json;
      };
      const discovery = [{ tags: { 'karpenter.sh/discovery': cluster } }];
      expect(nodeClass.spec).toMatchObject({
        role: `${cluster}-karpenter-node`,
        amiSelectorTerms: [{ alias: AL2023_AMI_ALIAS }],
        subnetSelectorTerms: discovery,
        securityGroupSelectorTerms: discovery,
        associatePublicIPAddress: false,
        blockDeviceMappings: [
          { deviceName: '/dev/xvda', ebs: expect.objectContaining({ volumeType: 'gp3', encrypted: true }) },
        ],
        metadataOptions: {
          httpEndpoint: 'enabled',
          httpProtocolIPv6: 'disabled',
          httpTokens: 'required',
          httpPutResponseHopLimit: 1,
        },
      });
      expect(AL2023_AMI_ALIAS).toMatch(/^al2023@v\d{8}$/);
    },
  );

  test('the rendered NodePool and EC2NodeClass validate against @kubernetes-models/karpenter v1', () => {
    const groups = capacityGroups(env.karpenter.instanceFamilies, env.karpenter.cpuLimit);
    expect(validateCrds(renderedObjects(`${name}-addons`, 'karpenter-nodepools'))).toEqual(
      groups.flatMap(g => [
        { kind: 'EC2NodeClass', name: g.name, valid: true },
        { kind: 'NodePool', name: g.name, valid: true },
      ]),
    );
  });
});

describe('Karpenter objects and inputs', () => {
  const input = { ...ENVIRONMENTS[0].karpenter, consolidationPolicy: 'WhenEmptyOrUnderutilized' };

  test('fails: a NodePool with the v1beta1 policy WhenUnderutilized is rejected by the v1 schema', () => {
    const pool = nodePool(input);
    const broken = {
      ...pool,
      spec: { ...pool.spec, disruption: { ...pool.spec.disruption, consolidationPolicy: 'WhenUnderutilized' } },
    };
    const [result] = validateCrds([broken]);
    expect(result).toMatchObject({
      kind: 'NodePool',
      valid: false,
      error: expect.stringMatching(/consolidationPolicy/),
    });
  });

  test('fails: the builder refuses WhenUnderutilized and names the v1 replacement', () => {
    expect(() => validateNodePoolInput({ ...input, consolidationPolicy: 'WhenUnderutilized' })).toThrow(
      joinedRegExp(
        /consolidationPolicy must be one of WhenEmpty, WhenEmptyOrUnderutilized .*got /,
        /"WhenUnderutilized".*WhenEmptyOrUnderutilized/,
      ),
    );
  });

  test(
    'fails: an EC2NodeClass with an unknown httpTokens value is rejected by the schema; ours requires ' + 'IMDSv2',
    () => {
      const nodeClass = ec2NodeClass({ clusterName: 'c', nodeRoleName: 'r' });
      expect(nodeClass.spec.metadataOptions).toEqual({
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpPutResponseHopLimit: 1,
        httpTokens: 'required',
      });
      const [result] = validateCrds([
        { ...nodeClass, spec: { ...nodeClass.spec, metadataOptions: { httpTokens: 'sometimes' } } },
      ]);
      expect(result.valid).toBe(false);
    },
  );

  test('fails: a queue name SQS refuses', () => {
    expect(() => validateInterruptionQueueProps({ queueName: 'my queue', rulePrefix: 'c' })).toThrow(
      /queueName must be 1-80 .*"my queue"/,
    );
  });

  test('no kubernetes_manifest in any addons stack', () => {
    for (const env of ENVIRONMENTS) expect(addresses(stackOf(env.name), 'kubernetes_manifest')).toEqual([]);
  });
});
