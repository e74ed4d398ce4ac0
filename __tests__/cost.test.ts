import { execFileSync } from 'child_process';
import { ENVIRONMENTS, platform } from '../environments';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import type { EnvironmentConfig } from '../environments/types';
import { albCount, environmentCost, EnvironmentCost, karpenterRange, nodePoolShape } from '../modules/cost/cost-model';
import { ec2HourPrice, priceTableFor, US_EAST_1_PRICES } from '../modules/cost/prices';
import { costReport, renderCostReport, reportJson, seedComparison } from '../modules/cost/report';
import { SynthesizedEnvironment, SynthesizedStack, synthesizePlatform } from '../modules/cost/synthesized';
import { realSynthesizedPlatform, TEST_DATE, withEnv } from './helpers';

const prices = US_EAST_1_PRICES;
const cents = (usd: number): number => Math.round(usd * 100);
const sumCents = (values: readonly number[]): number => values.reduce((s, v) => s + cents(v), 0);
/** A monthly unit price in cents, the way the price table is applied. */
const unit = (hourly: number): number => cents(hourly * prices.hoursPerMonth);

function costOf(env: EnvironmentConfig): EnvironmentCost {
  const synthesized = synthesizePlatform(platform, [env], { today: TEST_DATE });
  return environmentCost(env, synthesized.environments[env.name], prices, TEST_DATE);
}

describe('cost of the real platform', () => {
  const synthesized = realSynthesizedPlatform();
  const report = costReport(ENVIRONMENTS, synthesized, prices, TEST_DATE);

  test.each(['dev', 'prod'])('%s: the total equals the sum of its items, each in whole cents', env => {
    const section = report.sections[env];
    expect(section.items.length).toBeGreaterThan(3);
    for (const item of section.items) expect(Number.isInteger(Math.round(item.monthlyUsd * 100 * 1e6) / 1e6)).toBe(true);
    expect(cents(section.monthlyUsd)).toBe(sumCents(section.items.map(i => i.monthlyUsd)));
  });

  test.each(['dev', 'prod'])('%s: the ALB comes from the Ingress the addons layer renders, across the public subnets', env => {
    const items = report.sections[env].items;
    expect(items).toContainEqual(expect.objectContaining({ name: 'Application Load Balancer (from Ingress of class alb in the addons layer)', monthlyUsd: 22.27 }));
    expect(items).toContainEqual(expect.objectContaining({ name: 'ALB public IPv4 addresses (one per public subnet)', monthlyUsd: 3 * 3.65 }));
  });

  test('the report total equals the sum of the sections', () => {
    expect(cents(report.totalMonthlyUsd)).toBe(sumCents(Object.values(report.sections).map(s => s.monthlyUsd)));
    expect(Object.keys(report.sections)).toEqual(['dev', 'prod', 'shared']);
  });

  test.each(['dev', 'prod'])('%s: the seed\'s three lines are priced from the synthesized stacks', env => {
    const names = report.sections[env].items.map(i => ({ name: i.name, monthlyUsd: i.monthlyUsd }));
    expect(names).toEqual(expect.arrayContaining([
      { name: 'EKS control plane (1.35, standard support)', monthlyUsd: 73 },
      { name: 'NAT gateways', monthlyUsd: 32.85 },
      { name: expect.stringMatching(/^Node group .* \(2 x t3\.medium, on-demand\)$/), monthlyUsd: 60.74 },
    ]));
  });

  test('the seed comparison accounts for every dollar between the seed\'s lines and the baseline', () => {
    const cost = report.sections.dev as EnvironmentCost;
    const seedPart = sumCents(cost.items.map(i => i.seedUsd));
    expect(seedPart).toBe(7300 + 3285 + 6074);
    const text = seedComparison(cost).join('\n');
    expect(text).toContain('cost $166.59 at these prices');
    expect(text).toContain(`adds $${((cents(cost.monthlyUsd) - seedPart) / 100).toFixed(2)}`);
  });

  test('the readable report has a table per environment, the Karpenter ranges and the total', () => {
    const text = renderCostReport(report);
    expect(text).toMatch(/^dev$/m);
    expect(text).toMatch(/^prod$/m);
    expect(text).toContain('Karpenter capacity (0 .. 20 vCPU of t3/t3a/t2, not in the total): spot $0 .. $');
    expect(text).toContain('Karpenter capacity (0 .. 20 vCPU of m5/m6i/c5, not in the total): spot $0 .. $280.32, on-demand $0 .. $700.80');
    expect(text).toContain(`total baseline: $${report.totalMonthlyUsd.toFixed(2)} per month`);
  });

  test('JSON has monthlyUsd and items of { name, monthlyUsd } per environment', () => {
    const json = reportJson(report);
    expect(json.dev.items.every(i => Object.keys(i).sort().join() === 'monthlyUsd,name')).toBe(true);
    expect(json.prod.monthlyUsd).toBe(report.sections.prod.monthlyUsd);
  });
});

describe('cost follows the configuration', () => {
  const base = environmentCost(dev, realSynthesizedPlatform().environments.dev, prices, TEST_DATE);

  test('one more system node adds exactly one instance and its root volume', () => {
    const more = costOf(withEnv(dev, e => { e.cluster.systemNodeGroup.desiredSize = 3; }));
    const perNode = unit(ec2HourPrice(prices, 't3.medium', 'test')) + cents(dev.cluster.systemNodeGroup.diskSizeGiB * prices.ebsGp3GbMonth);
    expect(perNode).toBe(3037 + 400);
    expect(cents(more.monthlyUsd) - cents(base.monthlyUsd)).toBe(perNode);
  });

  test('a NAT gateway per zone adds exactly the extra gateways and their Elastic IPs', () => {
    const perAz = costOf(withEnv(dev, e => { e.network.natGateways = 'per-az'; }));
    const extra = dev.network.azCount - 1;
    expect(cents(perAz.monthlyUsd) - cents(base.monthlyUsd)).toBe(extra * (unit(prices.natGatewayHour) + unit(prices.publicIpv4Hour)));
    expect(perAz.items.find(i => i.name === 'NAT gateways')?.monthlyUsd).toBe(98.55);
  });

  test('a version in extended support costs the extended control-plane price', () => {
    const old = costOf(withEnv(dev, e => { e.cluster.kubernetesVersion = '1.33'; }));
    expect(old.items[0]).toMatchObject({ name: 'EKS control plane (1.33, extended support)', monthlyUsd: 438 });
  });

  test('fails naming an instance type the price table does not have', () => {
    // Validation already limits the system node types, so the unknown type is put into the synthesized JSON itself.
    const synthesized = structuredClone(realSynthesizedPlatform().environments.dev);
    const eksResources = synthesized.eks.resource as Record<string, Record<string, Record<string, unknown>>>;
    for (const template of Object.values(eksResources.aws_launch_template ?? {})) template.instance_type = 'x9.huge';
    for (const group of Object.values(eksResources.aws_eks_node_group)) if (group.instance_types) group.instance_types = ['x9.huge'];
    expect(() => environmentCost(dev, synthesized, prices, TEST_DATE)).toThrow(/instance type "x9\.huge" \(dev node group aws_eks_node_group\.[^)]+\) is not in the us-east-1 price table of modules\/cost\/prices\.ts; known: t2\.medium/);
  });

  test('a family validation accepts but the table cannot price is reported, not a crash (npm run cost code path)', () => {
    // z1d is a real x86_64 family (validation accepts it) without a row in prices.ts
    const odd = withEnv(prod, e => { e.karpenter.instanceFamilies = ['m5', 'z1d']; });
    const synthesized = synthesizePlatform(platform, [dev, odd], { today: TEST_DATE });
    const text = renderCostReport(costReport([dev, odd], synthesized, prices, TEST_DATE));
    expect(text).toContain('no price for z1d: modules/cost/prices.ts has no z1d.large in the us-east-1 table, so the Karpenter bound leaves it out');
    expect(text).toContain('Karpenter capacity (0 .. 20 vCPU of m5/z1d, not in the total)');
    expect(costOf(odd).karpenter).toMatchObject({ unpricedFamilies: ['z1d'], maxOnDemandMonthlyUsd: 700.8 });
  });

  test('every family of the shipped configuration is priced (no "no price" line in the real report)', () => {
    const synthesized = synthesizePlatform(platform, ENVIRONMENTS, { today: TEST_DATE });
    expect(renderCostReport(costReport(ENVIRONMENTS, synthesized, prices, TEST_DATE))).not.toContain('no price for');
  });

  test('Karpenter is priced per NodePool: dev\'s Nitro and non-Nitro pools add up to the configured limit', () => {
    const k = costOf(dev).karpenter;
    expect(k.cpuLimit).toBe(dev.karpenter.cpuLimit);
    expect([...k.families].sort()).toEqual([...dev.karpenter.instanceFamilies].sort());
    // each pool at its own dearest family (t3 $0.0832 / 2 vCPU for t3/t3a, t2 $0.0928 / 2), spot at 40%
    const onDemandCents = cents(14 * (0.0832 / 2) * 730) + cents(6 * (0.0928 / 2) * 730);
    expect(k.maxSpotMonthlyUsd).toBe(cents((onDemandCents / 100) * prices.spotPriceFraction) / 100);
  });

  test('Karpenter is priced from the NodePool the addons layer renders', () => {
    const bigger = costOf(withEnv(prod, e => { e.karpenter.cpuLimit = 40; e.karpenter.capacityTypes = ['on-demand']; }));
    expect(bigger.karpenter).toEqual({ cpuLimit: 40, families: ['m5', 'm6i', 'c5'], minMonthlyUsd: 0, maxOnDemandMonthlyUsd: 1401.6 });
  });

  test('fails for a region without a price table', () => {
    expect(() => priceTableFor('eu-west-1')).toThrow('no price table for region "eu-west-1" in modules/cost/prices.ts (tables: us-east-1)');
    expect(priceTableFor(platform.aws.region)).toBe(US_EAST_1_PRICES);
  });

  test('Karpenter: spot-only has no on-demand bound; the bound is the CPU limit at the dearest family', () => {
    const range = karpenterRange({ ...dev.karpenter, from: 'test' }, prices);
    expect(range.maxOnDemandMonthlyUsd).toBeUndefined();
    const dearest = Math.max(0.0832 / 2, 0.0752 / 2, 0.0928 / 2); // t3, t3a, t2 .large per vCPU
    expect(cents(range.maxSpotMonthlyUsd ?? 0)).toBe(cents((cents(20 * dearest * 730) / 100) * prices.spotPriceFraction));
  });
});

describe('cost model over hand-made stacks', () => {
  const stack = (resource: SynthesizedStack['resource']): SynthesizedStack => ({ resource });
  const empty: SynthesizedEnvironment = { vpc: stack({}), eks: stack({}), addons: stack({}) };

  test('an ALB per Ingress group of class alb; other Ingresses are not ALBs', () => {
    const addons = stack({
      kubernetes_ingress_v1: {
        a: { metadata: { annotations: { 'alb.ingress.kubernetes.io/group.name': 'edge' } }, spec: { ingress_class_name: 'alb' } },
        b: { metadata: { annotations: { 'alb.ingress.kubernetes.io/group.name': 'edge' } }, spec: { ingress_class_name: 'alb' } },
        c: { metadata: {}, spec: [{ ingress_class_name: 'alb' }] },
        d: { metadata: {}, spec: { ingress_class_name: 'nginx' } },
      },
    });
    expect(albCount(addons)).toEqual({ count: 2, from: 'Ingress of class alb in the addons layer' });
    expect(albCount(stack({}))).toEqual({ count: 1, from: 'the ingress config: one ALB in front of ingress-nginx' });
  });

  test('an ALB per Ingress of class alb rendered into a local chart', () => {
    const ingress = (name: string, ingressClassName: string) => ({ kind: 'Ingress', metadata: { name, namespace: 'ingress-nginx' }, spec: { ingressClassName } });
    const addons: SynthesizedStack = { localChartObjects: [ingress('a', 'alb'), ingress('b', 'alb'), ingress('c', 'nginx'), { kind: 'Service', spec: { ingressClassName: 'alb' } }] };
    expect(albCount(addons)).toEqual({ count: 2, from: 'Ingress of class alb in the addons layer' });
  });

  test('a node group priced from its launch template, with count and volume', () => {
    const eks = stack({
      aws_launch_template: { lt: { instance_type: 'm5.large', block_device_mappings: [{ ebs: { volume_size: 30 } }] } },
      aws_eks_node_group: { ng: { node_group_name: 'sys', scaling_config: { desired_size: 3 }, launch_template: { id: '${aws_launch_template.lt.id}' } } },
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

  test('fails naming a node group without an instance type', () => {
    const eks = stack({ aws_eks_node_group: { bare: { scaling_config: { desired_size: 1 } } } });
    expect(() => environmentCost(dev, { ...empty, eks }, prices, TEST_DATE)).toThrow('aws_eks_node_group.bare has no instance type');
  });
});

describe('Karpenter shape', () => {
  const pool = (limits: unknown) => ({
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      limits,
      template: { spec: { requirements: [
        { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['c5'] },
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
      ] } },
    },
  });

  test('read from a NodePool object, else from the environment settings', () => {
    expect(nodePoolShape(dev, { localChartObjects: [pool({ cpu: 8 })] })).toEqual({ cpuLimit: 8, instanceFamilies: ['c5'], capacityTypes: ['spot'], from: 'NodePool default of dev-addons' });
    expect(nodePoolShape(dev, {})).toMatchObject({ cpuLimit: 20, instanceFamilies: ['t3', 't3a', 't2'], from: 'dev.karpenter' });
  });

  test('fails naming the NodePool when it has no CPU limit', () => {
    expect(() => nodePoolShape(dev, { localChartObjects: [pool({})] })).toThrow('NodePool default of dev-addons has no numeric spec.limits.cpu (got undefined)');
  });

  test('fails when no instance family is allowed', () => {
    expect(() => karpenterRange({ cpuLimit: 4, instanceFamilies: [], capacityTypes: ['spot'], from: 'NodePool x' }, prices)).toThrow('NodePool x names no instance family');
  });
});

describe('npm run cost', () => {
  test('--json parses and covers dev and prod with numeric totals', () => {
    const out = execFileSync('npm', ['run', '--silent', 'cost', '--', '--json'], { cwd: `${__dirname}/..`, encoding: 'utf8' });
    const json = JSON.parse(out) as Record<string, { monthlyUsd: number; items: Array<{ name: string; monthlyUsd: number }> }>;
    for (const env of ['dev', 'prod']) {
      expect(typeof json[env].monthlyUsd).toBe('number');
      expect(cents(json[env].monthlyUsd)).toBe(sumCents(json[env].items.map(i => i.monthlyUsd)));
    }
  });

  test('fails on an unknown argument', () => {
    expect(() => execFileSync('npm', ['run', '--silent', 'cost', '--', '--yaml'], { cwd: `${__dirname}/..`, stdio: 'pipe' })).toThrow(/unknown argument --yaml/);
  });
});
