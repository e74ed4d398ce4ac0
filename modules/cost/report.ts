import type { EnvironmentConfig } from '../../environments/types';
import {
  CostItem,
  environmentCost,
  EnvironmentCost,
  KarpenterRange,
  SEED_MONTHLY_ESTIMATE_USD,
  sharedCost,
} from './cost-model';
import type { PriceTable } from './prices';
import { renderSupportPolicy, SupportPolicyCost } from './support-policy';
import type { PlatformModel } from '../analysis/platform-model';

/** Name of the section of the shared stack's costs (ECR, secrets, OIDC), beside the environments. */
export const SHARED_SECTION = 'shared';

export interface CostSection {
  readonly monthlyUsd: number;
  readonly items: readonly CostItem[];
  readonly karpenter?: KarpenterRange;
  readonly supportPolicy?: SupportPolicyCost;
}

export interface CostReport {
  readonly prices: PriceTable;
  /** Environments by name, then `shared`. */
  readonly sections: Readonly<Record<string, CostSection>>;
  readonly totalMonthlyUsd: number;
}

const sumUsd = (values: readonly number[]): number => values.reduce((s, v) => s + Math.round(v * 100), 0) / 100;

/** The cost of every environment and of the shared stack, from the synthesized platform. */
export function costReport(
  environments: readonly EnvironmentConfig[],
  synthesized: PlatformModel,
  prices: PriceTable,
  today?: Date,
): CostReport {
  const sections: Record<string, CostSection> = {};
  for (const env of environments) {
    const stacks = synthesized.environments[env.name];
    if (!stacks) throw new Error(`no synthesized stacks for environment "${env.name}"`);
    sections[env.name] = environmentCost(env, stacks, prices, today);
  }
  const shared = sharedCost(synthesized.shared, prices);
  sections[SHARED_SECTION] = { monthlyUsd: sumUsd(shared.map(i => i.monthlyUsd)), items: shared };
  return { prices, sections, totalMonthlyUsd: sumUsd(Object.values(sections).map(s => s.monthlyUsd)) };
}

/** `--json`: `{ "<env>": { "monthlyUsd", "items": [{ "name", "monthlyUsd" }], "karpenter"? }, "shared": {...} }`. */
export function reportJson(report: CostReport): Record<
  string,
  {
    monthlyUsd: number;
    items: Array<{ name: string; monthlyUsd: number }>;
    karpenter?: KarpenterRange;
    supportPolicy?: SupportPolicyCost;
  }
> {
  return Object.fromEntries(
    Object.entries(report.sections).map(([name, s]) => [
      name,
      {
        monthlyUsd: s.monthlyUsd,
        items: s.items.map(i => ({ name: i.name, monthlyUsd: i.monthlyUsd })),
        ...(s.karpenter ? { karpenter: s.karpenter } : {}),
        ...(s.supportPolicy ? { supportPolicy: s.supportPolicy } : {}),
      },
    ]),
  );
}

const usd = (v: number): string => v.toFixed(2);

/** Why an environment's baseline differs from the seed's ~$165 (control plane, one NAT gateway, 2 x t3.medium). */
export function seedComparison(cost: EnvironmentCost): string[] {
  const seedLines = cost.items.filter(i => i.seedUsd > 0);
  const seedPart = sumUsd(seedLines.map(i => i.seedUsd));
  const beyond = cost.items
    .map(i => ({ name: i.name, extra: sumUsd([i.monthlyUsd, -i.seedUsd]) }))
    .filter(i => i.extra !== 0);
  const lines = [
    `vs the design's estimate of ~$${SEED_MONTHLY_ESTIMATE_USD}: its three lines (control plane, 1 NAT gateway, 2 x ` +
      `t3.medium) cost $${usd(seedPart)} at these prices;`,
    `  the baseline adds $${usd(sumUsd(beyond.map(i => i.extra)))} the estimate leaves out or counts differently:`,
    ...beyond.map(i => `    ${i.extra > 0 ? '+' : '-'} ${`$${usd(Math.abs(i.extra))}`.padStart(8)}  ${i.name}`),
    `  Karpenter capacity is in neither figure: it is usage, shown above as a range from $0.`,
  ];
  return lines;
}

function karpenterLine(k: KarpenterRange): string {
  const parts = [
    k.maxSpotMonthlyUsd !== undefined ? `spot $0 .. $${usd(k.maxSpotMonthlyUsd)}` : undefined,
    k.maxOnDemandMonthlyUsd !== undefined ? `on-demand $0 .. $${usd(k.maxOnDemandMonthlyUsd)}` : undefined,
  ].filter(Boolean);
  return (
    `Karpenter capacity (0 .. ${k.cpuLimit} vCPU of ${k.families.join('/')}, not in the total): ` +
    `${parts.join(', ')}`
  );
}

/** One line per family the price table cannot price (the bound above leaves it out). */
export function unpricedLines(k: KarpenterRange, prices: PriceTable): string[] {
  return (k.unpricedFamilies ?? []).map(
    f =>
      `no price for ${f}: modules/cost/prices.ts has no ${f}.large in the ${prices.region} table, so the Karpenter ` +
      `bound leaves it out`,
  );
}

/** The readable report: one table per section, the seed comparison, the total. */
export function renderCostReport(report: CostReport): string {
  const { prices } = report;
  const width = Math.max(40, ...Object.values(report.sections).flatMap(s => s.items.map(i => i.name.length)));
  const out: string[] = [
    `Baseline monthly cost, ${prices.region}, prices of ${prices.asOf} (${prices.hoursPerMonth} h/month; ` +
      `modules/cost/prices.ts).`,
    'Usage (NAT and ALB traffic, log volume above the assumption, requests, ECR storage) is not included.',
  ];
  for (const [name, section] of Object.entries(report.sections)) {
    out.push('', `${name}`, `  ${'item'.padEnd(width)}  ${'USD/month'.padStart(10)}`);
    for (const i of section.items) out.push(`  ${i.name.padEnd(width)}  ${usd(i.monthlyUsd).padStart(10)}`);
    out.push(`  ${'baseline'.padEnd(width)}  ${usd(section.monthlyUsd).padStart(10)}`);
    if (section.karpenter)
      out.push(
        `  ${karpenterLine(section.karpenter)}`,
        ...unpricedLines(section.karpenter, prices).map(l => `  ${l}`),
        ...seedComparison(section as EnvironmentCost).map(l => `  ${l}`),
      );
    if (section.supportPolicy) out.push(`  ${renderSupportPolicy(section.supportPolicy, prices)}`);
  }
  out.push('', `total baseline: $${usd(report.totalMonthlyUsd)} per month`);
  return out.join('\n');
}
