import { execFileSync } from 'child_process';
import { ENVIRONMENTS, platform } from '../environments';
import { dev } from '../environments/dev';
import {
  albCount,
  environmentCost,
  EnvironmentCost,
  karpenterRange,
  nodePoolShape,
  nodePoolShapes,
  sharedCost,
} from '../modules/cost/cost-model';
import { priceTableFor, US_EAST_1_PRICES } from '../modules/cost/prices';
import { costReport, renderCostReport, reportJson, seedComparison } from '../modules/cost/report';
import type { KubernetesObject } from '../modules/addons/local-chart';
import type { EnvironmentModel } from '../modules/analysis/platform-model';
import { stackModel, StackModel } from '../modules/analysis/stack-model';
import type { SynthesizedStack } from '../modules/analysis/synthesized-stack';
import { realSynthesizedPlatform, TEST_DATE } from './read-helpers';
import { joinedRegExp } from './regexp';

const prices = US_EAST_1_PRICES;
const cents = (usd: number): number => Math.round(usd * 100);
const sumCents = (values: readonly number[]): number => values.reduce((s, v) => s + cents(v), 0);
/** A hand-made stack whose local charts render `objects`. */
const charts = (objects: ReadonlyArray<Record<string, unknown>>): StackModel =>
  stackModel(
    'test',
    {},
    objects.map(object => ({ installedBy: 'test/chart', object: object as KubernetesObject })),
  );

describe('cost of the real platform', () => {
  // Computed in each test, not once per file: the mutation run then knows which test covers which line.
  const report = () => costReport(ENVIRONMENTS, realSynthesizedPlatform(), prices, TEST_DATE);
  const lines = (env: string) => report().sections[env].items.map(i => [i.name, i.monthlyUsd]);

  // Both environments: 1 cluster, 1 NAT gateway, 2 x t3.medium with 50 GiB, 1 ALB over 3 public subnets, 2 KMS keys,
  // 2 log groups, Prometheus 20 GiB + Alertmanager 2 GiB + Loki 10 GiB. Prices per month: 730 h x the hourly price.
  const COMMON = [
    ['EKS control plane (1.35, standard support)', 73], // 730 x $0.10
    ['NAT gateways', 32.85], // 730 x $0.045
    ['Elastic IPs (public IPv4 of the NAT gateways)', 3.65], // 730 x $0.005
    ['Node group system (2 x t3.medium, on-demand)', 60.74], // 2 x (730 x $0.0416 = $30.368 -> $30.37)
    ['Node group system volumes (2 x 50 GiB gp3)', 8], // 2 x 50 x $0.08
    // 730 x ($0.0225 + 1 LCU x $0.008) = $22.265
    ['Application Load Balancer (from Ingress of class alb in the addons layer)', 22.27],
    ['ALB public IPv4 addresses (one per public subnet)', 10.95], // 3 x $3.65
    ['KMS customer managed keys', 2], // 2 x $1
  ];

  test('dev: every line and the total, priced by hand', () => {
    expect(lines('dev')).toEqual([
      ...COMMON,
      // 1 GB ingested x $0.50 + retained GB x $0.03: cluster 90 days (3 GB) $0.59, flow logs 30 days (1 GB) $0.53
      ['CloudWatch log groups (2, assumed 1 GB/month each)', 1.12],
      ['Observability volumes (32 GiB gp3)', 2.56], // (20 + 2 + 10) x $0.08
      ['Loki log bucket (assumed 1 GB/day kept 14 days)', 0.32], // 14 GB x $0.023 = $0.322
    ]);
    // 73 + 32.85 + 3.65 + 60.74 + 8 + 22.27 + 10.95 + 2 + 1.12 + 2.56 + 0.32
    expect(report().sections.dev.monthlyUsd).toBe(217.46);
    // STANDARD: EKS upgrades the version itself, so the control plane stays at 730 x $0.10 after 2027-03-27
    expect(report().sections.dev.supportPolicy).toEqual({
      supportType: 'STANDARD',
      kubernetesVersion: '1.35',
      endOfStandardSupport: '2027-03-27',
      standardMonthlyUsd: 73,
      afterStandardMonthlyUsd: 73,
    });
  });

  test(
    'prod: every line and the total, priced by hand (the domain adds the zone, its queries and a free ' +
      'certificate)',
    () => {
      expect(lines('prod')).toEqual([
        ...COMMON,
        // cluster 365 days: $0.50 + 365/30 x $0.03 = $0.865 -> $0.87; flow logs 90 days: $0.50 + 3 x $0.03 = $0.59
        ['CloudWatch log groups (2, assumed 1 GB/month each)', 1.46],
        ['Route 53 hosted zone (example.com)', 0.5],
        ['Route 53 standard queries (assumed 1M/month per zone; alias queries to the ALB are free)', 0.4], // 1M x $0.40
        ['ACM public certificates (free on an ALB)', 0],
        ['Observability volumes (32 GiB gp3)', 2.56],
        ['Loki log bucket (assumed 1 GB/day kept 30 days)', 0.69], // 30 GB x $0.023 = $0.69
      ]);
      // 73 + 32.85 + 3.65 + 60.74 + 8 + 22.27 + 10.95 + 2 + 1.46 + 0.5 + 0.4 + 0 + 2.56 + 0.69
      expect(report().sections.prod.monthlyUsd).toBe(219.07);
    },
  );

  test.each(['dev', 'prod'])('%s: the unit prices behind the lines', env => {
    const details = report()
      .sections[env].items.slice(0, 6)
      .map(i => i.detail);
    expect(details).toEqual([
      '1 x $73.00',
      '1 x $32.85',
      '1 x $3.65',
      '2 x $30.37',
      '2 x $4.00',
      '1 x ($0.0225/h + 1 LCU x $0.008/h)',
    ]);
  });

  test('the shared stack: 5 secrets and 3 keys; the report total is the three sections', () => {
    const r = report();
    expect(r.sections.shared.items.map(i => [i.name, i.monthlyUsd, i.detail])).toEqual([
      ['Secrets Manager secrets', 2, '5 x $0.40'],
      ['KMS customer managed keys', 3, '3 x $1.00'],
    ]);
    expect(r.sections.shared.monthlyUsd).toBe(5);
    expect(Object.keys(r.sections)).toEqual(['dev', 'prod', 'shared']);
    expect(r.totalMonthlyUsd).toBe(441.53); // 217.46 + 219.07 + 5.00
  });

  test("the seed comparison accounts for every dollar between the seed's lines and the baseline", () => {
    const cost = report().sections.dev as EnvironmentCost;
    // the seed's lines: control plane $73.00 + 1 NAT gateway $32.85 + 2 x t3.medium $60.74 = $166.59
    expect(cost.items.filter(i => i.seedUsd > 0).map(i => [i.name, i.seedUsd])).toEqual([
      ['EKS control plane (1.35, standard support)', 73],
      ['NAT gateways', 32.85],
      ['Node group system (2 x t3.medium, on-demand)', 60.74],
    ]);
    const text = seedComparison(cost).join('\n');
    expect(text).toContain('cost $166.59 at these prices');
    expect(text).toContain('the baseline adds $50.87'); // 217.46 - 166.59
  });

  test('the readable report has a table per environment, the Karpenter ranges and the total', () => {
    const text = renderCostReport(report());
    expect(text).toMatch(/^dev$/m);
    expect(text).toMatch(/^prod$/m);
    // dev: 14 vCPU at t3 ($0.0832 / 2 per vCPU-hour) = $425.152 -> $425.15, 6 vCPU at t2 ($0.0928 / 2) = $203.232
    // -> $203.23;
    // spot 40% of $628.38 = $251.352
    expect(text).toContain('Karpenter capacity (0 .. 20 vCPU of t3/t3a/t2, not in the total): spot $0 .. $251.35\n');
    // prod: 20 vCPU at m5 ($0.096 / 2) x 730 = $700.80; spot 40% = $280.32
    expect(text).toContain(
      'Karpenter capacity (0 .. 20 vCPU of m5/m6i/c5, not in the total): spot $0 .. $280.32, on-demand $0 .. $700.80',
    );
    expect(text).toContain('total baseline: $441.53 per month');
  });

  test('JSON has monthlyUsd and items of { name, monthlyUsd } per environment', () => {
    const json = reportJson(report());
    expect(json.dev.items.every(i => Object.keys(i).sort().join() === 'monthlyUsd,name')).toBe(true);
    expect(json.dev.items[0]).toEqual({ name: 'EKS control plane (1.35, standard support)', monthlyUsd: 73 });
    expect([json.dev.monthlyUsd, json.prod.monthlyUsd]).toEqual([217.46, 219.07]);
  });
});

describe('cost model limits', () => {
  test('fails naming an instance type the price table does not have', () => {
    // Validation already limits the system node types, so the unknown type is put into the synthesized JSON itself.
    const synthesized = structuredClone(realSynthesizedPlatform().environments.dev);
    const eksResources = synthesized.eks.json.resource as Record<string, Record<string, Record<string, unknown>>>;
    for (const template of Object.values(eksResources.aws_launch_template ?? {})) template.instance_type = 'x9.huge';
    for (const group of Object.values(eksResources.aws_eks_node_group))
      if (group.instance_types) group.instance_types = ['x9.huge'];
    expect(() => environmentCost(dev, synthesized, prices, TEST_DATE)).toThrow(
      joinedRegExp(
        /instance type "x9\.huge" \(dev node group aws_eks_node_group\.[^)]+\) is not in the us-east-1 price /,
        /table of modules\/cost\/prices\.ts; known: t2\.medium/,
      ),
    );
  });

  test('fails for a region without a price table', () => {
    expect(() => priceTableFor('eu-west-1')).toThrow(
      'no price table for region "eu-west-1" in modules/cost/prices.ts (tables: us-east-1)',
    );
    expect(priceTableFor(platform.aws.region)).toBe(US_EAST_1_PRICES);
  });

  test('Karpenter: spot-only has no on-demand bound; the bound is the CPU limit at the dearest family', () => {
    const range = karpenterRange({ ...dev.karpenter, from: 'test' }, prices);
    expect(range.maxOnDemandMonthlyUsd).toBeUndefined();
    // dearest of t3 $0.0416, t3a $0.0376, t2 $0.0464 per vCPU-hour: 20 x $0.0464 x 730 = $677.44; spot 40% = $270.976
    expect(range).toEqual({ cpuLimit: 20, families: ['t3', 't3a', 't2'], minMonthlyUsd: 0, maxSpotMonthlyUsd: 270.98 });
  });
});

describe('cost model over hand-made stacks', () => {
  const stack = (resource: SynthesizedStack['resource']): StackModel => stackModel('test', { resource });
  const empty: EnvironmentModel = { vpc: stack({}), eks: stack({}), addons: stack({}) };

  test('an ALB per Ingress group of class alb; other Ingresses are not ALBs', () => {
    const addons = stack({
      kubernetes_ingress_v1: {
        a: {
          metadata: { annotations: { 'alb.ingress.kubernetes.io/group.name': 'edge' } },
          spec: { ingress_class_name: 'alb' },
        },
        b: {
          metadata: { annotations: { 'alb.ingress.kubernetes.io/group.name': 'edge' } },
          spec: { ingress_class_name: 'alb' },
        },
        c: { metadata: {}, spec: [{ ingress_class_name: 'alb' }] },
        d: { metadata: {}, spec: { ingress_class_name: 'nginx' } },
      },
    });
    expect(albCount(addons)).toEqual({ count: 2, from: 'Ingress of class alb in the addons layer' });
    expect(albCount(stack({}))).toEqual({ count: 1, from: 'the ingress config: one ALB in front of ingress-nginx' });
  });

  test('an ALB per Ingress of class alb rendered into a local chart', () => {
    const ingress = (name: string, ingressClassName: string) => ({
      kind: 'Ingress',
      metadata: { name, namespace: 'ingress-nginx' },
      spec: { ingressClassName },
    });
    const addons = charts([
      ingress('a', 'alb'),
      ingress('b', 'alb'),
      ingress('c', 'nginx'),
      { kind: 'Service', spec: { ingressClassName: 'alb' } },
    ]);
    expect(albCount(addons)).toEqual({ count: 2, from: 'Ingress of class alb in the addons layer' });
  });

  test('a node group priced from its launch template, with count and volume', () => {
    const eks = stack({
      aws_launch_template: { lt: { instance_type: 'm5.large', block_device_mappings: [{ ebs: { volume_size: 30 } }] } },
      aws_eks_node_group: {
        ng: {
          node_group_name: 'sys',
          scaling_config: { desired_size: 3 },
          launch_template: { id: '${aws_launch_template.lt.id}' },
        },
      },
    });
    const cost = environmentCost(dev, { ...empty, eks }, prices, TEST_DATE);
    expect(cost.items.filter(i => i.name.startsWith('Node group'))).toEqual([
      { name: 'Node group sys (3 x m5.large, on-demand)', monthlyUsd: 210.24, detail: '3 x $70.08', seedUsd: 0 },
      { name: 'Node group sys volumes (3 x 30 GiB gp3)', monthlyUsd: 7.2, detail: '3 x $2.40', seedUsd: 0 },
    ]);
  });

  test('resources with a numeric count are counted that many times', () => {
    const vpc = stack({ aws_nat_gateway: { nat: { count: 3 } } });
    const cost = environmentCost(dev, { ...empty, vpc }, prices, TEST_DATE);
    expect(cost.items.find(i => i.name === 'NAT gateways')?.monthlyUsd).toBe(98.55);
  });

  // without the ALB line every hand-made environment has (ingress-nginx is always fronted by one ALB)
  const itemsOf = (stacks: Partial<EnvironmentModel>, withAlb = false) =>
    environmentCost(dev, { ...empty, ...stacks }, prices, TEST_DATE)
      .items.filter(i => withAlb || !i.name.startsWith('Application Load Balancer'))
      .map(i => [i.name, i.monthlyUsd, i.detail]);

  test('a control plane of a version outside the lifecycle table is priced at the standard rate', () => {
    const eks = stack({ aws_eks_cluster: { c: { version: '1.99' } } });
    expect(itemsOf({ eks })).toEqual([['EKS control plane (1.99, standard support)', 73, '1 x $73.00']]); // 730 x $0.10
  });

  test('a control plane in extended support on the day is priced at the extended rate', () => {
    // 1.33 left standard support on 2026-07-29, before the test date: 730 x $0.60 = $438
    const eks = stack({ aws_eks_cluster: { c: { version: '1.33' } } });
    expect(itemsOf({ eks })).toEqual([['EKS control plane (1.33, extended support)', 438, '1 x $438.00']]);
  });

  test('a node group with instance_types and disk_size, named after its resource without node_group_name', () => {
    const eks = stack({
      aws_eks_node_group: {
        workers: { scaling_config: [{ desired_size: 2 }], instance_types: ['c5.large'], disk_size: 100 },
      },
    });
    expect(itemsOf({ eks })).toEqual([
      ['Node group workers (2 x c5.large, on-demand)', 124.1, '2 x $62.05'], // 730 x $0.085 = $62.05
      ['Node group workers volumes (2 x 100 GiB gp3)', 16, '2 x $8.00'], // 100 x $0.08
    ]);
  });

  test(
    "a node group whose launch template is referenced by name and has one mapping; EKS's 20 GiB without a " + 'size',
    () => {
      const eks = stack({
        aws_launch_template: {
          byname: { instance_type: 't3.large', block_device_mappings: { ebs: { volume_size: 40 } } },
          nosize: { instance_type: 't3.large' },
        },
        aws_eks_node_group: {
          a: { scaling_config: { desired_size: 1 }, launch_template: { name: '${aws_launch_template.byname.name}' } },
          b: { scaling_config: { desired_size: 1 }, launch_template: { id: '${aws_launch_template.nosize.id}' } },
        },
      });
      expect(itemsOf({ eks })).toEqual([
        ['Node group a (1 x t3.large, on-demand)', 60.74, '1 x $60.74'], // 730 x $0.0832 = $60.736
        ['Node group a volumes (1 x 40 GiB gp3)', 3.2, '1 x $3.20'],
        ['Node group b (1 x t3.large, on-demand)', 60.74, '1 x $60.74'],
        ['Node group b volumes (1 x 20 GiB gp3)', 1.6, '1 x $1.60'],
      ]);
    },
  );

  test('a node group without a desired size costs nothing and is left out', () => {
    const eks = stack({ aws_eks_node_group: { idle: { scaling_config: {}, instance_types: ['t3.medium'] } } });
    expect(itemsOf({ eks })).toEqual([]);
  });

  test('the seed counts at most 2 x t3.medium; other types are not in it', () => {
    const eks = stack({
      aws_eks_node_group: {
        sys: { scaling_config: { desired_size: 3 }, instance_types: ['t3.medium'] },
        big: { scaling_config: { desired_size: 1 }, instance_types: ['m5.large'] },
      },
    });
    const cost = environmentCost(dev, { ...empty, eks }, prices, TEST_DATE);
    expect(cost.items.filter(i => i.name.startsWith('Node group')).map(i => [i.name, i.seedUsd])).toEqual([
      ['Node group sys (3 x t3.medium, on-demand)', 60.74], // 2 of the 3 x $30.37
      ['Node group sys volumes (3 x 20 GiB gp3)', 0],
      ['Node group big (1 x m5.large, on-demand)', 0],
      ['Node group big volumes (1 x 20 GiB gp3)', 0],
    ]);
  });

  test('ALB public addresses: one per subnet tagged for internet-facing load balancers or mapping public IPs', () => {
    const vpc = stack({
      aws_subnet: {
        a: { tags: { 'kubernetes.io/role/elb': '1' } },
        b: { map_public_ip_on_launch: true },
        c: { tags: { 'kubernetes.io/role/internal-elb': '1' }, map_public_ip_on_launch: false },
      },
    });
    expect(itemsOf({ vpc }, true)).toEqual([
      [
        'Application Load Balancer (from the ingress config: one ALB in front of ingress-nginx)',
        22.27,
        '1 x ($0.0225/h + 1 LCU x $0.008/h)',
      ],
      ['ALB public IPv4 addresses (one per public subnet)', 7.3, '2 x $3.65'],
    ]);
  });

  test('log groups: a year of storage without retention; retention in days otherwise', () => {
    const vpc = stack({
      aws_cloudwatch_log_group: { forever: {}, zero: { retention_in_days: 0 }, month: { retention_in_days: 60 } },
    });
    // no or zero retention: $0.50 + 12 x $0.03 = $0.86 each; 60 days: $0.50 + 2 x $0.03 = $0.56; $2.28 in all
    expect(itemsOf({ vpc })).toContainEqual([
      'CloudWatch log groups (3, assumed 1 GB/month each)',
      2.28,
      '1 GB x $0.5/GB ingested + retained GB x $0.03/GB-month',
    ]);
  });

  test('two Route 53 zones: both named, each with its queries; a certificate is listed at $0', () => {
    const addons = stackModel('test', {
      data: { aws_route53_zone: { a: { name: 'example.com' }, b: { name: 'example.org' } } },
      resource: { aws_acm_certificate: { cert: {} } },
    });
    expect(itemsOf({ addons })).toEqual([
      ['Route 53 hosted zone (example.com, example.org)', 1, '2 x $0.50'],
      [
        'Route 53 standard queries (assumed 1M/month per zone; alias queries to the ALB are free)',
        0.8,
        '2 x 1M x $0.4/million',
      ],
      ['ACM public certificates (free on an ALB)', 0, '1 x $0.00'],
    ]);
  });

  test('a line that costs nothing and is not marked free is left out', () => {
    const free = { ...prices, kmsKeyMonth: 0 };
    const vpc = stack({ aws_kms_key: { k: {} } });
    expect(environmentCost(dev, { ...empty, vpc }, free, TEST_DATE).items.map(i => i.name)).not.toContain(
      'KMS customer managed keys',
    );
    expect(environmentCost(dev, { ...empty, vpc }, prices, TEST_DATE).items.map(i => i.name)).toContain(
      'KMS customer managed keys',
    );
  });

  test('observability: volumes from the chart values, Loki chunks for the retention; none without sizes', () => {
    const release = (chart: string, values: unknown) => ({ chart, values: [JSON.stringify(values)] });
    const claim = (storage: string) => ({ volumeClaimTemplate: { spec: { resources: { requests: { storage } } } } });
    const addons = stack({
      helm_release: {
        kps: release('kube-prometheus-stack', {
          prometheus: { prometheusSpec: { storageSpec: claim('50Gi') } },
          alertmanager: { alertmanagerSpec: { storage: claim('1G') } }, // not in Gi: not counted
        }),
        loki: release('loki', {
          singleBinary: { persistence: { size: '25Gi' } },
          loki: { limits_config: { retention_period: '168h' } },
        }),
      },
    });
    expect(itemsOf({ addons })).toEqual([
      ['Observability volumes (75 GiB gp3)', 6, 'Prometheus 50 GiB + Loki 25 GiB x $0.08/GB-month'], // 75 x $0.08
      ['Loki log bucket (assumed 1 GB/day kept 7 days)', 0.16, '7 GB x $0.023/GB-month'], // 168 h = 7 days; $0.161
    ]);
    const bare = stack({
      helm_release: { loki: release('loki', { loki: { limits_config: { retention_period: '7d' } } }) },
    });
    expect(itemsOf({ addons: bare })).toEqual([]);
  });

  test("Gateways of the load balancer controller's class are ALBs; other classes are not", () => {
    const gatewayClass = (name: string, controllerName: string) => ({
      kind: 'GatewayClass',
      metadata: { name },
      spec: { controllerName },
    });
    const gateway = (name: string, gatewayClassName: string) => ({
      kind: 'Gateway',
      metadata: { name, namespace: 'edge' },
      spec: { gatewayClassName },
    });
    const objects = [
      gatewayClass('alb', 'gateway.k8s.aws/alb'),
      gatewayClass('nlb', 'gateway.k8s.aws/nlb'),
      gateway('public', 'alb'),
      gateway('internal', 'alb'),
      gateway('tcp', 'nlb'),
    ];
    expect(albCount(charts(objects))).toEqual({
      count: 2,
      from: 'Gateways of the load balancer controller in the addons layer',
    });
    const ingress = { kind: 'Ingress', metadata: { name: 'web', namespace: 'app' }, spec: { ingressClassName: 'alb' } };
    expect(albCount(charts([...objects, ingress]))).toEqual({
      count: 3,
      from: 'Ingress of class alb and Gateways of the load balancer controller in the addons layer',
    });
  });

  test('an Ingress with the legacy class annotation is an ALB; without a group it is its own', () => {
    const addons = stack({
      kubernetes_ingress_v1: {
        legacy: { metadata: { annotations: { 'kubernetes.io/ingress.class': 'alb' } }, spec: {} },
        other: { metadata: { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }, spec: {} },
      },
    });
    expect(albCount(addons)).toEqual({ count: 1, from: 'Ingress of class alb in the addons layer' });
  });

  test('the shared stack: only what it creates is listed', () => {
    expect(sharedCost(stack({}), prices)).toEqual([]);
    expect(sharedCost(stack({ aws_secretsmanager_secret: { a: {}, b: { count: 2 } } }), prices)).toEqual([
      { name: 'Secrets Manager secrets', monthlyUsd: 1.2, detail: '3 x $0.40', seedUsd: 0 }, // 1 + 2 secrets x $0.40
    ]);
  });

  test('fails naming a node group without an instance type', () => {
    const eks = stack({ aws_eks_node_group: { bare: { scaling_config: { desired_size: 1 } } } });
    expect(() => environmentCost(dev, { ...empty, eks }, prices, TEST_DATE)).toThrow(
      'aws_eks_node_group.bare has no instance type',
    );
  });
});

describe('Karpenter shape', () => {
  const pool = (limits: unknown) => ({
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      limits,
      template: {
        spec: {
          requirements: [
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['c5'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
          ],
        },
      },
    },
  });

  test('read from a NodePool object, else from the environment settings', () => {
    expect(nodePoolShape(dev, charts([pool({ cpu: 8 })]))).toEqual({
      cpuLimit: 8,
      instanceFamilies: ['c5'],
      capacityTypes: ['spot'],
      from: 'NodePool default of dev-addons',
    });
    expect(nodePoolShape(dev, charts([]))).toMatchObject({
      cpuLimit: 20,
      instanceFamilies: ['t3', 't3a', 't2'],
      from: 'dev.karpenter',
    });
  });

  test('every NodePool is read; the range sums their limits and joins their families', () => {
    const pools = [pool({ cpu: 8 }), { ...pool({ cpu: '4' }), metadata: { name: 'second' } }];
    expect(nodePoolShapes(dev, charts(pools)).map(p => [p.cpuLimit, p.from])).toEqual([
      [8, 'NodePool default of dev-addons'],
      [4, 'NodePool second of dev-addons'],
    ]);
    // 12 vCPU of c5 ($0.085 / 2 = $0.0425 per vCPU-hour) x 730 = $372.30; spot 40% = $148.92
    expect(karpenterRange(nodePoolShapes(dev, charts(pools)), prices)).toEqual({
      cpuLimit: 12,
      families: ['c5', 'c5'],
      minMonthlyUsd: 0,
      maxSpotMonthlyUsd: 148.92,
    });
  });

  test('a pool with no priced family adds its vCPUs to the limit but nothing to the bounds', () => {
    const range = karpenterRange(
      [
        { cpuLimit: 10, instanceFamilies: ['m5'], capacityTypes: ['on-demand'], from: 'a' },
        { cpuLimit: 6, instanceFamilies: ['z1d', 'x2iedn'], capacityTypes: ['on-demand'], from: 'b' },
      ],
      prices,
    );
    // 10 x $0.048 (m5) x 730 = $350.40
    expect(range).toEqual({
      cpuLimit: 16,
      families: ['m5', 'z1d', 'x2iedn'],
      minMonthlyUsd: 0,
      maxOnDemandMonthlyUsd: 350.4,
      unpricedFamilies: ['z1d', 'x2iedn'],
    });
  });

  test('fails naming the NodePool when its CPU limit is 0', () => {
    expect(() => nodePoolShape(dev, charts([pool({ cpu: 0 })]))).toThrow(
      'NodePool default of dev-addons has no numeric spec.limits.cpu (got 0)',
    );
  });

  test('fails naming the NodePool when it has no CPU limit', () => {
    expect(() => nodePoolShape(dev, charts([pool({})]))).toThrow(
      'NodePool default of dev-addons has no numeric spec.limits.cpu (got undefined)',
    );
  });

  test('fails when no instance family is allowed', () => {
    expect(() =>
      karpenterRange({ cpuLimit: 4, instanceFamilies: [], capacityTypes: ['spot'], from: 'NodePool x' }, prices),
    ).toThrow('NodePool x names no instance family');
  });
});

describe('npm run cost', () => {
  test('--json parses and covers dev and prod with numeric totals', () => {
    const out = execFileSync('npm', ['run', '--silent', 'cost', '--', '--json'], {
      cwd: `${__dirname}/..`,
      encoding: 'utf8',
    });
    const json = JSON.parse(out) as Record<
      string,
      { monthlyUsd: number; items: Array<{ name: string; monthlyUsd: number }> }
    >;
    for (const env of ['dev', 'prod']) {
      expect(typeof json[env].monthlyUsd).toBe('number');
      expect(cents(json[env].monthlyUsd)).toBe(sumCents(json[env].items.map(i => i.monthlyUsd)));
    }
  });

  test('fails on an unknown argument', () => {
    expect(() =>
      execFileSync('npm', ['run', '--silent', 'cost', '--', '--yaml'], { cwd: `${__dirname}/..`, stdio: 'pipe' }),
    ).toThrow(/unknown argument --yaml/);
  });
});
