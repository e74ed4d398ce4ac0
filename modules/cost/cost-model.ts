import { findKubernetesVersion, supportPhase } from '../../environments/kubernetes-versions';
import type { EnvironmentConfig } from '../../environments/types';
import { LBC_ALB_CONTROLLER_NAME } from '../edge/gateway-objects';
import { ec2HourPrice, findFamilyVcpuHourPrice, PriceTable } from './prices';
import { supportPolicyCost, SupportPolicyCost } from './support-policy';
import type { EnvironmentModel } from '../analysis/platform-model';
import { countOf, objectsOf, resourcesOf, StackModel } from '../analysis/stack-model';
import { block } from '../analysis/synthesized-stack';

/**
 * The baseline monthly cost of one environment, read from its synthesized stacks (what Terraform will create), priced
 * with one dated table. Money is kept in whole cents per line so a total is exactly the sum of its lines.
 */

/** One line of the report. */
export interface CostItem {
  readonly name: string;
  readonly monthlyUsd: number;
  /** How the amount was reached, e.g. `2 x $30.37`. */
  readonly detail: string;
  /** The part of the seed's ~$165 estimate this line corresponds to (0 when the seed leaves it out). */
  readonly seedUsd: number;
}

/** Karpenter capacity: 0 when idle, up to the NodePool CPU limit. Not part of the baseline total. */
export interface KarpenterRange {
  readonly cpuLimit: number;
  readonly families: readonly string[];
  readonly minMonthlyUsd: 0;
  /** At the CPU limit, all spot, in the most expensive configured family. Absent without spot. */
  readonly maxSpotMonthlyUsd?: number;
  /** At the CPU limit, all on-demand, in the most expensive configured family. Absent without on-demand. */
  readonly maxOnDemandMonthlyUsd?: number;
  /**
   * Families validation accepts but the price table has no `.large` price for: left out of the bounds, and named in
   * the report instead of failing it. A pool with no priced family at all leaves its vCPUs out. @default - none
   */
  readonly unpricedFamilies?: readonly string[];
}

export interface EnvironmentCost {
  readonly monthlyUsd: number;
  readonly items: readonly CostItem[];
  readonly karpenter: KarpenterRange;
  /** What the cluster's upgrade policy costs after the end of standard support (not in the total). */
  readonly supportPolicy?: SupportPolicyCost;
}

/** Seed: "Dev: ~$165": control plane + one NAT gateway + 2 x t3.medium, nothing else. */
export const SEED_MONTHLY_ESTIMATE_USD = 165;

const cents = (usd: number): number => Math.round(usd * 100);
const dollars = (c: number): number => c / 100;
const money = (c: number): string => `$${dollars(c).toFixed(2)}`;

interface Line {
  readonly name: string;
  readonly count: number;
  /** Monthly price of one unit, in cents. */
  readonly unitCents: number;
  readonly detail?: string;
  /** How many of these units the seed's estimate includes. */
  readonly seedCount?: number;
  /** Listed although it costs nothing (e.g. the ACM certificate), so the report says so. */
  readonly free?: boolean;
}

function item(line: Line): CostItem {
  const total = line.count * line.unitCents;
  return {
    name: line.name,
    monthlyUsd: dollars(total),
    detail: line.detail ?? `${line.count} x ${money(line.unitCents)}`,
    seedUsd: dollars(Math.min(line.seedCount ?? 0, line.count) * line.unitCents),
  };
}

function controlPlaneLines(eks: StackModel, prices: PriceTable, today: Date): Line[] {
  return Object.values(resourcesOf(eks, 'aws_eks_cluster')).map(cluster => {
    const version = String(cluster.version);
    const entry = findKubernetesVersion(version);
    const phase = entry ? supportPhase(entry, today) : 'standard';
    const hour = phase === 'extended' ? prices.eksClusterHour.extended : prices.eksClusterHour.standard;
    return {
      name: `EKS control plane (${version}, ${phase} support)`,
      count: 1,
      unitCents: cents(hour * prices.hoursPerMonth),
      seedCount: 1,
    };
  });
}

/** The instance type and root volume of a managed node group, from `instance_types` or its launch template. */
function nodeGroupShape(
  eks: StackModel,
  name: string,
  group: Readonly<Record<string, unknown>>,
): { instanceType: string; diskGiB: number } {
  const templates = resourcesOf(eks, 'aws_launch_template');
  const ref = String(block(group.launch_template)?.id ?? block(group.launch_template)?.name ?? '');
  const templateName = /aws_launch_template\.([^.]+)\./.exec(ref)?.[1];
  const template = templateName ? templates[templateName] : undefined;
  const types = Array.isArray(group.instance_types) ? (group.instance_types as unknown[]) : [];
  const instanceType = String(types[0] ?? template?.instance_type ?? '');
  if (!instanceType)
    throw new Error(`aws_eks_node_group.${name} has no instance type in instance_types or its launch template`);
  const mappings = Array.isArray(template?.block_device_mappings)
    ? (template?.block_device_mappings as unknown[])
    : [template?.block_device_mappings];
  const volume = mappings.map(m => block(block(m)?.ebs)?.volume_size).find(v => typeof v === 'number');
  // 20 GiB is EKS's default root volume for managed node groups.
  const diskGiB = typeof group.disk_size === 'number' ? group.disk_size : typeof volume === 'number' ? volume : 20;
  return { instanceType, diskGiB };
}

function nodeGroupLines(env: string, eks: StackModel, prices: PriceTable): Line[] {
  return Object.entries(resourcesOf(eks, 'aws_eks_node_group')).flatMap(([name, group]) => {
    const desired = Number(block(group.scaling_config)?.desired_size ?? 0);
    const { instanceType, diskGiB } = nodeGroupShape(eks, name, group);
    const label = typeof group.node_group_name === 'string' ? group.node_group_name : name;
    const hour = ec2HourPrice(prices, instanceType, `${env} node group aws_eks_node_group.${name}`);
    // The seed counts 2 x t3.medium; its estimate says nothing of their disks.
    const seedCount = instanceType === 't3.medium' ? 2 : 0;
    return [
      {
        name: `Node group ${label} (${desired} x ${instanceType}, on-demand)`,
        count: desired,
        unitCents: cents(hour * prices.hoursPerMonth),
        seedCount,
      },
      {
        name: `Node group ${label} volumes (${desired} x ${diskGiB} GiB gp3)`,
        count: desired,
        unitCents: cents(diskGiB * prices.ebsGp3GbMonth),
      },
    ];
  });
}

/**
 * ALBs the addons layer asks for: Ingresses of class `alb` (one per `group.name`); else the one ALB of the ingress
 * config.
 */
export function albCount(addons: StackModel): { count: number; from: string } {
  const groups = new Set<string>();
  for (const [name, ingress] of Object.entries(resourcesOf(addons, 'kubernetes_ingress_v1'))) {
    const spec = block(ingress.spec);
    const metadata = block(ingress.metadata);
    const annotations = (metadata?.annotations ?? {}) as Record<string, unknown>;
    if (spec?.ingress_class_name !== 'alb' && annotations['kubernetes.io/ingress.class'] !== 'alb') continue;
    groups.add(String(annotations['alb.ingress.kubernetes.io/group.name'] ?? name));
  }
  for (const object of objectsOf(addons)) {
    const metadata = block(object.metadata);
    const annotations = (metadata?.annotations ?? {}) as Record<string, unknown>;
    if (object.kind !== 'Ingress' || block(object.spec)?.ingressClassName !== 'alb') continue;
    groups.add(
      String(
        annotations['alb.ingress.kubernetes.io/group.name'] ??
          `${String(metadata?.namespace)}/${String(metadata?.name)}`,
      ),
    );
  }
  // Gateway API edge: one ALB per Gateway of a class the load balancer controller's ALB controller serves
  const objects = objectsOf(addons);
  const albClasses = new Set(
    objects
      .filter(o => o.kind === 'GatewayClass' && block(o.spec)?.controllerName === LBC_ALB_CONTROLLER_NAME)
      .map(o => String(block(o.metadata)?.name)),
  );
  const gateways = objects.filter(o => o.kind === 'Gateway' && albClasses.has(String(block(o.spec)?.gatewayClassName)));
  const ingresses = groups.size;
  for (const g of gateways) {
    groups.add(`gateway ${String(block(g.metadata)?.namespace)}/${String(block(g.metadata)?.name)}`);
  }
  const sources = [
    ...(ingresses > 0 ? ['Ingress of class alb'] : []),
    ...(gateways.length > 0 ? ['Gateways of the load balancer controller'] : []),
  ];
  if (groups.size > 0) return { count: groups.size, from: `${sources.join(' and ')} in the addons layer` };
  // ingress-nginx is always fronted by one internet-facing ALB (environment's `ingress` settings).
  return { count: 1, from: 'the ingress config: one ALB in front of ingress-nginx' };
}

/** Public subnets the ALB spans (one public IPv4 address each). */
function publicSubnetCount(vpc: StackModel): number {
  return Object.values(resourcesOf(vpc, 'aws_subnet')).filter(s => {
    const tags = (s.tags ?? {}) as Record<string, unknown>;
    return tags['kubernetes.io/role/elb'] !== undefined || s.map_public_ip_on_launch === true;
  }).length;
}

/** The environment's Route 53 zone (looked up: it exists, but it is this edge's cost), its queries, the certificate. */
function edgeDnsLines(addons: StackModel, prices: PriceTable): Line[] {
  const data = (addons.json.data ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const zones = Object.values(data.aws_route53_zone ?? {});
  const names = zones.map(z => String(z.name)).join(', ');
  const queries = prices.assumedRoute53MillionQueriesMonth;
  return [
    { name: `Route 53 hosted zone (${names})`, count: zones.length, unitCents: cents(prices.route53HostedZoneMonth) },
    {
      name: `Route 53 standard queries (assumed ${queries}M/month per zone; alias queries to the ALB are free)`,
      count: zones.length,
      unitCents: cents(queries * prices.route53StandardQueriesPerMillion),
      detail: `${zones.length} x ${queries}M x $${prices.route53StandardQueriesPerMillion}/million`,
    },
    {
      name: 'ACM public certificates (free on an ALB)',
      count: countOf(addons, 'aws_acm_certificate'),
      unitCents: cents(prices.acmPublicCertificateMonth),
      free: true,
    },
  ];
}

function logGroupLine(stacks: readonly StackModel[], prices: PriceTable): Line[] {
  const groups = stacks.flatMap(s => Object.values(resourcesOf(s, 'aws_cloudwatch_log_group')));
  if (groups.length === 0) return [];
  const gb = prices.assumedLogGbPerGroupMonth;
  // Steady state: a group keeps `retention` days of its monthly volume; no retention is priced as a year.
  const totalCents = groups.reduce((sum, g) => {
    const months = typeof g.retention_in_days === 'number' && g.retention_in_days > 0 ? g.retention_in_days / 30 : 12;
    return sum + cents(gb * prices.logsIngestGb + gb * months * prices.logsStoredGbMonth);
  }, 0);
  return [
    {
      name: `CloudWatch log groups (${groups.length}, assumed ${gb} GB/month each)`,
      count: 1,
      unitCents: totalCents,
      detail: `${gb} GB x $${prices.logsIngestGb}/GB ingested + retained GB x $${prices.logsStoredGbMonth}/GB-month`,
    },
  ];
}

/** The values of the release of `chart` in a stack, parsed (one JSON document), or undefined without one. */
function chartValues(stack: StackModel, chart: string): Record<string, unknown> | undefined {
  const release = Object.values(resourcesOf(stack, 'helm_release')).find(r => r.chart === chart);
  const values = Array.isArray(release?.values) ? release.values : [];
  return release === undefined ? undefined : (JSON.parse(String(values[0] ?? '{}')) as Record<string, unknown>);
}

/** `20Gi` -> 20; anything else (a missing size) -> 0. */
const gibOf = (quantity: unknown): number => Number(/^(\d+)Gi$/.exec(String(quantity))?.[1] ?? 0);
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );

/**
 * The observability stack's fixed costs, read from the releases' values: the gp3 volumes of Prometheus,
 * Alertmanager and Loki, and Loki's chunks in S3 at the assumed daily volume kept for the retention.
 */
function observabilityLines(addons: StackModel, prices: PriceTable): Line[] {
  const stack = chartValues(addons, 'kube-prometheus-stack');
  const loki = chartValues(addons, 'loki');
  const claim = (spec: unknown) => gibOf(at(spec, 'volumeClaimTemplate', 'spec', 'resources', 'requests', 'storage'));
  const volumes = [
    ['Prometheus', claim(at(stack, 'prometheus', 'prometheusSpec', 'storageSpec'))],
    ['Alertmanager', claim(at(stack, 'alertmanager', 'alertmanagerSpec', 'storage'))],
    ['Loki', gibOf(at(loki, 'singleBinary', 'persistence', 'size'))],
  ].filter((v): v is [string, number] => Number(v[1]) > 0);
  const lines: Line[] = [];
  if (volumes.length > 0) {
    const gib = volumes.reduce((n, [, size]) => n + size, 0);
    const detail =
      `${volumes.map(([name, size]) => `${name} ${size} GiB`).join(' + ')} x ` + `$${prices.ebsGp3GbMonth}/GB-month`;
    lines.push({
      name: `Observability volumes (${gib} GiB gp3)`,
      count: 1,
      unitCents: cents(gib * prices.ebsGp3GbMonth),
      detail,
    });
  }
  const retentionHours = Number(
    /^(\d+)h$/.exec(String(at(loki, 'loki', 'limits_config', 'retention_period')))?.[1] ?? 0,
  );
  if (retentionHours > 0) {
    const gb = prices.assumedLokiGbPerDay * (retentionHours / 24);
    lines.push({
      name: `Loki log bucket (assumed ${prices.assumedLokiGbPerDay} GB/day kept ${retentionHours / 24} days)`,
      count: 1,
      unitCents: cents(gb * prices.s3StandardGbMonth),
      detail: `${gb} GB x $${prices.s3StandardGbMonth}/GB-month`,
    });
  }
  return lines;
}

/** What prices Karpenter's capacity: the CPU cap, the instance families and the capacity types of a NodePool. */
export interface NodePoolShape {
  readonly cpuLimit: number;
  readonly instanceFamilies: readonly string[];
  readonly capacityTypes: readonly string[];
  /** Where the shape was read, for messages. */
  readonly from: string;
}

/**
 * The NodePools the addons layer installs (read from its local chart: one per pod-density group), or the
 * environment's `karpenter` settings when the stack renders none (e.g. Karpenter not built yet).
 */
export function nodePoolShapes(env: EnvironmentConfig, addons: StackModel): NodePoolShape[] {
  const pools = objectsOf(addons, 'NodePool');
  if (pools.length === 0) return [{ ...env.karpenter, from: `${env.name}.karpenter` }];
  return pools.map(pool => shapeOf(env, pool));
}

/** The first NodePool's shape (see {@link nodePoolShapes}). */
export function nodePoolShape(env: EnvironmentConfig, addons: StackModel): NodePoolShape {
  return nodePoolShapes(env, addons)[0];
}

function shapeOf(env: EnvironmentConfig, pool: Record<string, unknown>): NodePoolShape {
  const spec = block(pool.spec);
  const requirements = (block(block(spec?.template)?.spec)?.requirements ?? []) as Array<{
    key?: string;
    values?: string[];
  }>;
  const values = (key: string): string[] => requirements.find(r => r.key === key)?.values ?? [];
  const name = String(block(pool.metadata)?.name);
  const cpu = Number(block(spec?.limits)?.cpu);
  if (!(cpu > 0))
    throw new Error(
      `NodePool ${name} of ${env.name}-addons has no numeric spec.limits.cpu (got ` +
        `${JSON.stringify(block(spec?.limits)?.cpu)}): the capacity range needs it`,
    );
  return {
    cpuLimit: cpu,
    instanceFamilies: values('karpenter.k8s.aws/instance-family'),
    capacityTypes: values('karpenter.sh/capacity-type'),
    from: `NodePool ${name} of ${env.name}-addons`,
  };
}

/**
 * Karpenter's range: $0 when idle, up to each pool's CPU cap in its dearest priced family, per allowed capacity type.
 * Families without a price are listed in `unpricedFamilies` (the report names them) instead of failing the report.
 */
export function karpenterRange(shapes: NodePoolShape | readonly NodePoolShape[], prices: PriceTable): KarpenterRange {
  const pools = Array.isArray(shapes) ? (shapes as readonly NodePoolShape[]) : [shapes as NodePoolShape];
  let onDemand = 0;
  const unpriced: string[] = [];
  for (const pool of pools) {
    if (pool.instanceFamilies.length === 0)
      throw new Error(`${pool.from} names no instance family; the capacity range needs at least one`);
    const priced = pool.instanceFamilies
      .map(f => findFamilyVcpuHourPrice(prices, f))
      .filter((p): p is number => p !== undefined);
    unpriced.push(...pool.instanceFamilies.filter(f => findFamilyVcpuHourPrice(prices, f) === undefined));
    if (priced.length > 0) onDemand += cents(pool.cpuLimit * Math.max(...priced) * prices.hoursPerMonth);
  }
  const capacityTypes = new Set(pools.flatMap(p => p.capacityTypes));
  return {
    cpuLimit: pools.reduce((sum, p) => sum + p.cpuLimit, 0),
    families: pools.flatMap(p => p.instanceFamilies),
    minMonthlyUsd: 0,
    ...(capacityTypes.has('spot')
      ? { maxSpotMonthlyUsd: dollars(cents(dollars(onDemand) * prices.spotPriceFraction)) }
      : {}),
    ...(capacityTypes.has('on-demand') ? { maxOnDemandMonthlyUsd: dollars(onDemand) } : {}),
    ...(unpriced.length > 0 ? { unpricedFamilies: unpriced } : {}),
  };
}

/** The baseline monthly cost of one environment from its synthesized stacks. */
export function environmentCost(
  env: EnvironmentConfig,
  stacks: EnvironmentModel,
  prices: PriceTable,
  today: Date = new Date(),
): EnvironmentCost {
  const all = [stacks.vpc, stacks.eks, stacks.addons];
  const month = (hour: number): number => cents(hour * prices.hoursPerMonth);
  const alb = albCount(stacks.addons);
  const lines: Line[] = [
    ...controlPlaneLines(stacks.eks, prices, today),
    {
      name: 'NAT gateways',
      count: countOf(stacks.vpc, 'aws_nat_gateway'),
      unitCents: month(prices.natGatewayHour),
      seedCount: 1,
    },
    {
      name: 'Elastic IPs (public IPv4 of the NAT gateways)',
      count: countOf(stacks.vpc, 'aws_eip'),
      unitCents: month(prices.publicIpv4Hour),
    },
    ...nodeGroupLines(env.name, stacks.eks, prices),
    {
      name: `Application Load Balancer (from ${alb.from})`,
      count: alb.count,
      unitCents: month(prices.albHour + prices.albBaselineLcu * prices.albLcuHour),
      detail: `${alb.count} x ($${prices.albHour}/h + ${prices.albBaselineLcu} LCU x $${prices.albLcuHour}/h)`,
    },
    {
      name: 'ALB public IPv4 addresses (one per public subnet)',
      count: alb.count * publicSubnetCount(stacks.vpc),
      unitCents: month(prices.publicIpv4Hour),
    },
    {
      name: 'KMS customer managed keys',
      count: all.reduce((n, s) => n + countOf(s, 'aws_kms_key'), 0),
      unitCents: cents(prices.kmsKeyMonth),
    },
    ...logGroupLine(all, prices),
    ...edgeDnsLines(stacks.addons, prices),
    ...observabilityLines(stacks.addons, prices),
  ];
  const items = lines.filter(l => l.count > 0 && (l.unitCents > 0 || l.free === true)).map(item);
  const supportPolicy = supportPolicyCost(stacks.eks, prices);
  return {
    monthlyUsd: dollars(items.reduce((sum, i) => sum + cents(i.monthlyUsd), 0)),
    items,
    karpenter: karpenterRange(nodePoolShapes(env, stacks.addons), prices),
    ...(supportPolicy ? { supportPolicy } : {}),
  };
}

/** Costs of the shared stack that grow with the platform (secrets); ECR storage and state files are usage, left out. */
export function sharedCost(shared: StackModel, prices: PriceTable): EnvironmentCost['items'] {
  const lines: Line[] = [
    {
      name: 'Secrets Manager secrets',
      count: countOf(shared, 'aws_secretsmanager_secret'),
      unitCents: cents(prices.secretMonth),
    },
    { name: 'KMS customer managed keys', count: countOf(shared, 'aws_kms_key'), unitCents: cents(prices.kmsKeyMonth) },
  ];
  return lines.filter(l => l.count > 0).map(item);
}
