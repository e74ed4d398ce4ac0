import { AnnotationMetadataEntryType } from 'cdktf';
import { platform } from '../environments';
import { dev } from '../environments/dev';
import { findKubernetesVersion, KUBERNETES_VERSIONS } from '../environments/kubernetes-versions';
import { prod } from '../environments/prod';
import type { ClusterSupportType, EnvironmentConfig } from '../environments/types';
import { validateAll } from '../environments/validate';
import { environmentCost } from '../modules/cost/cost-model';
import { US_EAST_1_PRICES } from '../modules/cost/prices';
import { renderCostReport, reportJson, costReport } from '../modules/cost/report';
import {
  buildTestPlatform,
  onlyResource,
  realStack,
  realSynthesizedPlatform,
  synth,
  TEST_DATE,
  withEnv,
} from './helpers';

const prices = US_EAST_1_PRICES;

/**
 * EKS at the end of standard support (UpgradePolicyRequest, view-upgrade-policy.html): `STANDARD` upgrades the
 * control plane to the next minor, `EXTENDED` keeps the version in extended support at the extended price
 * (aws.amazon.com/eks/pricing: $0.10 + $0.50 per cluster-hour). Returns the version and hourly price on `day`.
 */
function eksOn(day: string, version: string, supportType: ClusterSupportType): { version: string; hourly: number } {
  const entry = findKubernetesVersion(version)!;
  if (day <= entry.endOfStandardSupport) return { version, hourly: 0.1 };
  if (supportType === 'EXTENDED') return { version, hourly: 0.6 };
  const next = KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.indexOf(entry) + 1];
  return { version: next.version, hourly: 0.1 };
}

function clusterOf(env: EnvironmentConfig): Record<string, unknown> {
  const app = buildTestPlatform([env]);
  return onlyResource(synth(app.environments[env.name].eks), 'aws_eks_cluster');
}

describe('explicit cluster policies', () => {
  test('prod: deletion protection on, EXTENDED support (never upgraded by surprise)', () => {
    const cluster = onlyResource(realStack('prod-eks'), 'aws_eks_cluster');
    expect(cluster.deletion_protection).toBe(true);
    expect(cluster.upgrade_policy).toEqual({ support_type: 'EXTENDED' });
  });

  test('dev: no deletion protection, STANDARD support (EKS upgrades it at the end of standard support)', () => {
    const cluster = onlyResource(realStack('dev-eks'), 'aws_eks_cluster');
    expect(cluster.deletion_protection).toBe(false);
    expect(cluster.upgrade_policy).toEqual({ support_type: 'STANDARD' });
  });

  test("an environment that sets neither still synthesizes both, at EKS's defaults", () => {
    const bare = withEnv(dev, e => {
      delete (e.cluster as { supportType?: string }).supportType;
      delete (e.cluster as { deletionProtection?: boolean }).deletionProtection;
    });
    const cluster = clusterOf(bare);
    expect(cluster.upgrade_policy).toEqual({ support_type: 'EXTENDED' });
    expect(cluster.deletion_protection).toBe(false);
  });

  test('the setting follows the environment file', () => {
    const cluster = clusterOf(
      withEnv(dev, e => {
        e.cluster.supportType = 'EXTENDED';
        e.cluster.deletionProtection = true;
      }),
    );
    expect(cluster).toMatchObject({ upgrade_policy: { support_type: 'EXTENDED' }, deletion_protection: true });
  });

  test('an unknown support type is a configuration error naming the field, the value and what is allowed', () => {
    const bad = withEnv(dev, e => {
      (e.cluster as { supportType: string }).supportType = 'LTS';
    });
    expect(() => validateAll(platform, [bad], { today: TEST_DATE })).toThrow(
      'dev.cluster.supportType is "LTS": expected one of STANDARD, EXTENDED',
    );
  });

  test('a version past standard support under STANDARD warns that EKS upgrades it by itself', () => {
    const old = withEnv(dev, e => {
      e.cluster.kubernetesVersion = '1.33';
    });
    const warnings = buildTestPlatform([old])
      .environments.dev.eks.node.metadata.filter(m => m.type === AnnotationMetadataEntryType.WARN)
      .map(m => m.data);
    expect(warnings.filter(w => String(w).includes('kubernetesVersion'))).toEqual([
      'dev.cluster.kubernetesVersion 1.33 left standard support on 2026-07-29: ' +
        'with supportType STANDARD EKS upgrades the control plane to the next minor by itself; upgrade on purpose ' +
        'first',
    ]);
    expect(eksOn('2026-11-26', '1.33', 'STANDARD')).toEqual({ version: '1.34', hourly: 0.1 });
  });
});

describe('npm run cost: the price of each upgrade policy', () => {
  const synthesized = realSynthesizedPlatform(); // dev and prod as shipped: the test run's one synth
  const report = costReport([dev, prod], synthesized, prices, TEST_DATE);

  test.each([
    ['dev', 'STANDARD'],
    ['prod', 'EXTENDED'],
  ] as const)('%s (%s): after standard support it costs what EKS bills', (name, type) => {
    const policy = report.sections[name].supportPolicy!;
    const end = findKubernetesVersion('1.35')!.endOfStandardSupport;
    const after = eksOn('2027-03-28', '1.35', type);
    expect(policy).toEqual({
      supportType: type,
      kubernetesVersion: '1.35',
      endOfStandardSupport: end,
      standardMonthlyUsd: 73,
      afterStandardMonthlyUsd: Math.round(after.hourly * prices.hoursPerMonth * 100) / 100,
    });
    expect(reportJson(report)[name].supportPolicy).toEqual(policy);
  });

  test('the readable report says what each policy does and costs, outside the total', () => {
    const text = renderCostReport(report);
    expect(text).toContain(
      'Upgrade policy STANDARD: after 2027-03-27 EKS upgrades 1.35 to the next minor by itself; ' +
        'the control plane stays at $73.00/month',
    );
    expect(text).toContain(
      'Upgrade policy EXTENDED: after 2027-03-27 1.35 stays in extended support at $438.00/month ' +
        '(+$0.50/cluster-hour) until upgraded',
    );
    const prodCost = environmentCost(prod, synthesized.environments.prod, prices, TEST_DATE);
    expect(prodCost.monthlyUsd).toBe(report.sections.prod.monthlyUsd);
    expect(prodCost.items.some(i => i.name.startsWith('Upgrade policy'))).toBe(false);
  });
});
