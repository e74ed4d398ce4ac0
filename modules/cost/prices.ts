/**
 * The one price table of the cost report: AWS list prices (USD, Linux, on-demand) for the platform's region.
 *
 * Source: the public AWS pricing pages for US East (N. Virginia), read 2026-11-26:
 * - EKS: https://aws.amazon.com/eks/pricing/ ($0.10 per cluster-hour in standard support, $0.60 in extended support)
 * - NAT gateway: https://aws.amazon.com/vpc/pricing/ ($0.045 per hour; $0.045 per GB processed is usage, not baseline)
 * - Public IPv4: https://aws.amazon.com/vpc/pricing/ ($0.005 per address-hour since 2024-02-01, attached or not)
 * - ALB: https://aws.amazon.com/elasticloadbalancing/pricing/ ($0.0225 per hour plus $0.008 per LCU-hour)
 * - EC2: https://aws.amazon.com/ec2/pricing/on-demand/
 * - EBS gp3: https://aws.amazon.com/ebs/pricing/ ($0.08 per GB-month, 3000 IOPS / 125 MB/s included)
 * - KMS: https://aws.amazon.com/kms/pricing/ ($1 per customer managed key-month; requests are usage)
 * - CloudWatch Logs: https://aws.amazon.com/cloudwatch/pricing/ ($0.50 per GB ingested, $0.03 per GB-month stored)
 * - Secrets Manager: https://aws.amazon.com/secrets-manager/pricing/ ($0.40 per secret-month)
 * - S3 Standard: https://aws.amazon.com/s3/pricing/ ($0.023 per GB-month for the first 50 TB; requests are usage)
 * Read 2026-12-01 for the edge:
 * - Route 53: https://aws.amazon.com/route53/pricing/ ($0.50 per hosted zone-month for the first 25 zones; $0.40 per
 *   million standard queries for the first billion; queries of alias records to an ELB load balancer are free)
 * - ACM: https://aws.amazon.com/certificate-manager/pricing/ (public certificates used with ELB are free)
 * Spot prices move hourly; the table uses the seed's own assumption (spot about 60% below on-demand) instead of a
 * snapshot that would be stale tomorrow. Re-check the table and its date before budgeting with it.
 */
export interface PriceTable {
  /** Date the prices were read (ISO). */
  readonly asOf: string;
  readonly region: string;
  readonly source: string;
  /** Hours in a billing month, AWS's convention for monthly estimates. */
  readonly hoursPerMonth: number;
  readonly eksClusterHour: { readonly standard: number; readonly extended: number };
  readonly natGatewayHour: number;
  readonly publicIpv4Hour: number;
  readonly albHour: number;
  /** LCU-hours assumed for an idle ALB (at least part of one LCU is billed every hour it runs). */
  readonly albBaselineLcu: number;
  readonly albLcuHour: number;
  readonly kmsKeyMonth: number;
  readonly logsIngestGb: number;
  readonly logsStoredGbMonth: number;
  /** Assumed log volume per log group and month: a baseline, not a measurement. */
  readonly assumedLogGbPerGroupMonth: number;
  readonly ebsGp3GbMonth: number;
  readonly secretMonth: number;
  readonly route53HostedZoneMonth: number;
  readonly route53StandardQueriesPerMillion: number;
  /**
   * Standard (non-alias) queries assumed per zone and month: a baseline, not a measurement. The hostnames are alias
   * records of the ALB, whose queries are free; this covers TXT, CNAME and other names in the zone.
   */
  readonly assumedRoute53MillionQueriesMonth: number;
  /** A public ACM certificate on an ALB. */
  readonly acmPublicCertificateMonth: number;
  readonly s3StandardGbMonth: number;
  /** Assumed compressed log volume Loki writes per environment and day: a baseline, not a measurement. */
  readonly assumedLokiGbPerDay: number;
  /** Fraction of the on-demand price a spot instance costs (the seed: "60% savings"). */
  readonly spotPriceFraction: number;
  /** On-demand price per hour by instance type. */
  readonly ec2Hour: Readonly<Record<string, number>>;
  /** vCPUs by instance type (to price Karpenter's CPU limit per family). */
  readonly ec2Vcpus: Readonly<Record<string, number>>;
}

export const US_EAST_1_PRICES: PriceTable = {
  asOf: '2026-11-26',
  region: 'us-east-1',
  source:
    'aws.amazon.com/{eks,vpc,elasticloadbalancing,ec2,ebs,kms,cloudwatch,secrets-manager,s3}/pricing ' +
    '(us-east-1, Linux, on-demand); ' +
    'aws.amazon.com/{route53,certificate-manager}/pricing (read 2026-12-01)',
  hoursPerMonth: 730,
  eksClusterHour: { standard: 0.1, extended: 0.6 },
  natGatewayHour: 0.045,
  publicIpv4Hour: 0.005,
  albHour: 0.0225,
  albBaselineLcu: 1,
  albLcuHour: 0.008,
  kmsKeyMonth: 1,
  logsIngestGb: 0.5,
  logsStoredGbMonth: 0.03,
  assumedLogGbPerGroupMonth: 1,
  ebsGp3GbMonth: 0.08,
  secretMonth: 0.4,
  route53HostedZoneMonth: 0.5,
  route53StandardQueriesPerMillion: 0.4,
  assumedRoute53MillionQueriesMonth: 1,
  acmPublicCertificateMonth: 0,
  s3StandardGbMonth: 0.023,
  assumedLokiGbPerDay: 1,
  spotPriceFraction: 0.4,
  ec2Hour: {
    't2.medium': 0.0464,
    't2.large': 0.0928,
    't3.small': 0.0208,
    't3.medium': 0.0416,
    't3.large': 0.0832,
    't3.xlarge': 0.1664,
    't3a.medium': 0.0376,
    't3a.large': 0.0752,
    'm5.large': 0.096,
    'm5.xlarge': 0.192,
    'm6i.large': 0.096,
    'm6i.xlarge': 0.192,
    'm7i.large': 0.1008,
    'c5.large': 0.085,
    'c5.xlarge': 0.17,
    'c6i.large': 0.085,
    'r5.large': 0.126,
  },
  ec2Vcpus: {
    't2.medium': 2,
    't2.large': 2,
    't3.small': 2,
    't3.medium': 2,
    't3.large': 2,
    't3.xlarge': 4,
    't3a.medium': 2,
    't3a.large': 2,
    'm5.large': 2,
    'm5.xlarge': 4,
    'm6i.large': 2,
    'm6i.xlarge': 4,
    'm7i.large': 2,
    'c5.large': 2,
    'c5.xlarge': 4,
    'c6i.large': 2,
    'r5.large': 2,
  },
};

/** Price tables by region. Only the platform's region is kept; another region is a clear error, not a guess. */
export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = { 'us-east-1': US_EAST_1_PRICES };

export function priceTableFor(region: string): PriceTable {
  const table = PRICE_TABLES[region];
  if (!table) {
    throw new Error(
      `no price table for region "${region}" in modules/cost/prices.ts (tables: ` +
        `${Object.keys(PRICE_TABLES).join(', ')}); add one from the AWS pricing pages`,
    );
  }
  return table;
}

/** Hourly on-demand price of an instance type; throws naming the type and where it was used. */
export function ec2HourPrice(table: PriceTable, instanceType: string, usedBy: string): number {
  const price = table.ec2Hour[instanceType];
  if (price === undefined) {
    throw new Error(
      `instance type "${instanceType}" (${usedBy}) is not in the ${table.region} price table of ` +
        `modules/cost/prices.ts; known: ${Object.keys(table.ec2Hour).join(', ')}`,
    );
  }
  return price;
}

/** On-demand price of one vCPU-hour in a family, from its `.large` size; undefined when the table has none. */
export function findFamilyVcpuHourPrice(table: PriceTable, family: string): number | undefined {
  const reference = `${family}.large`;
  const price = table.ec2Hour[reference];
  const vcpus = table.ec2Vcpus[reference];
  return price === undefined || vcpus === undefined ? undefined : price / vcpus;
}
