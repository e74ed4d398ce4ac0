import { ENVIRONMENTS, platform } from '../environments';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import type { EnvironmentConfig } from '../environments/types';
import { environmentCost, EnvironmentCost } from '../modules/cost/cost-model';
import { US_EAST_1_PRICES } from '../modules/cost/prices';
import { costReport, renderCostReport } from '../modules/cost/report';
import { synthesizeModel } from '../modules/analysis/platform-model';
import { realSynthesizedPlatform, TEST_DATE, withEnv } from './read-helpers';

/**
 * The cost of configuration variants, each synthesized anew (seconds per test, so not in the cost-model mutation
 * area: the hand-made stacks of cost.test.ts exercise the same branches).
 */
const prices = US_EAST_1_PRICES;

function costOf(env: EnvironmentConfig): EnvironmentCost {
  const synthesized = synthesizeModel(platform, [env], { today: TEST_DATE });
  return environmentCost(env, synthesized.environments[env.name], prices, TEST_DATE);
}

describe('cost follows the configuration', () => {
  const line = (cost: EnvironmentCost, name: string) => cost.items.find(i => i.name === name);

  test('one more system node adds exactly one instance and its root volume', () => {
    const more = costOf(
      withEnv(dev, e => {
        e.cluster.systemNodeGroup.desiredSize = 3;
      }),
    );
    expect(line(more, 'Node group system (3 x t3.medium, on-demand)')).toMatchObject({
      monthlyUsd: 91.11,
      detail: '3 x $30.37',
    });
    expect(line(more, 'Node group system volumes (3 x 50 GiB gp3)')).toMatchObject({
      monthlyUsd: 12,
      detail: '3 x $4.00',
    });
    expect(more.monthlyUsd).toBe(251.83); // dev's $217.46 + $30.37 + $4.00
  });

  test('a NAT gateway per zone adds exactly the extra gateways and their Elastic IPs', () => {
    const perAz = costOf(
      withEnv(dev, e => {
        e.network.natGateways = 'per-az';
      }),
    );
    expect(line(perAz, 'NAT gateways')).toMatchObject({ monthlyUsd: 98.55, detail: '3 x $32.85', seedUsd: 32.85 });
    expect(line(perAz, 'Elastic IPs (public IPv4 of the NAT gateways)')?.monthlyUsd).toBe(10.95);
    expect(perAz.monthlyUsd).toBe(290.46); // dev's $217.46 + 2 x ($32.85 + $3.65)
  });

  test('a version in extended support costs the extended control-plane price', () => {
    const old = costOf(
      withEnv(dev, e => {
        e.cluster.kubernetesVersion = '1.33';
      }),
    );
    expect(old.items[0]).toMatchObject({ name: 'EKS control plane (1.33, extended support)', monthlyUsd: 438 });
  });

  test(
    'a family validation accepts but the table cannot price is reported, not a crash (npm run cost code ' + 'path)',
    () => {
      // z1d is a real x86_64 family (validation accepts it) without a row in prices.ts
      const odd = withEnv(prod, e => {
        e.karpenter.instanceFamilies = ['m5', 'z1d'];
      });
      const synthesized = synthesizeModel(platform, [dev, odd], { today: TEST_DATE });
      const text = renderCostReport(costReport([dev, odd], synthesized, prices, TEST_DATE));
      expect(text).toContain(
        'no price for z1d: modules/cost/prices.ts has no z1d.large in the us-east-1 table, so the Karpenter bound ' +
          'leaves it out',
      );
      expect(text).toContain('Karpenter capacity (0 .. 20 vCPU of m5/z1d, not in the total)');
      expect(costOf(odd).karpenter).toMatchObject({ unpricedFamilies: ['z1d'], maxOnDemandMonthlyUsd: 700.8 });
    },
  );

  test('every family of the shipped configuration is priced (no "no price" line in the real report)', () => {
    const synthesized = realSynthesizedPlatform(); // the test run's one synth of the shipped configuration
    expect(renderCostReport(costReport(ENVIRONMENTS, synthesized, prices, TEST_DATE))).not.toContain('no price for');
  });

  test("Karpenter is priced per NodePool: dev's Nitro and non-Nitro pools add up to the configured limit", () => {
    const k = costOf(dev).karpenter;
    expect(k.cpuLimit).toBe(dev.karpenter.cpuLimit);
    expect([...k.families].sort()).toEqual([...dev.karpenter.instanceFamilies].sort());
    // each pool at its own dearest family: 14 vCPU x $0.0416 (t3) x 730 = $425.15, 6 x $0.0464 (t2) x 730 = $203.23;
    // spot 40% of $628.38 = $251.35 (one pool of 20 vCPU at t2 would be $270.98)
    expect(k.maxSpotMonthlyUsd).toBe(251.35);
  });

  test('Karpenter is priced from the NodePool the addons layer renders', () => {
    const bigger = costOf(
      withEnv(prod, e => {
        e.karpenter.cpuLimit = 40;
        e.karpenter.capacityTypes = ['on-demand'];
      }),
    );
    expect(bigger.karpenter).toEqual({
      cpuLimit: 40,
      families: ['m5', 'm6i', 'c5'],
      minMonthlyUsd: 0,
      maxOnDemandMonthlyUsd: 1401.6,
    });
  });
});
