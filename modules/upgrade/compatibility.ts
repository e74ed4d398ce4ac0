/**
 * Dated compatibility facts the upgrade planner reads: the Kubernetes minors each pinned chart is supported or tested
 * on, and the Kubernetes minors each AL2023 EKS AMI release ships AMIs for. Each row names its source; a pinned
 * version with no row is reported as unknown, never assumed compatible. Re-check a row when its chart is bumped.
 */

/** The Kubernetes range of one chart version, as its project states it. */
export interface ChartCompatibility {
  /** Component name in the plan, e.g. `Karpenter`. */
  readonly component: string;
  readonly chart: string;
  /** The chart version this row is about. */
  readonly version: string;
  /** The application version the chart ships. */
  readonly appVersion: string;
  /** Lowest and highest Kubernetes minor supported or tested (inclusive). */
  readonly kubernetes: { readonly min: string; readonly max: string };
  /** Where the range comes from (repository file or release note). */
  readonly source: string;
  /** When the source was read (ISO date). */
  readonly checked: string;
}

export const CHART_COMPATIBILITY: readonly ChartCompatibility[] = [
  {
    component: 'Karpenter',
    chart: 'karpenter',
    version: '1.14.1',
    appVersion: '1.14.1',
    kubernetes: { min: '1.26', max: '1.36' },
    source: 'aws/karpenter-provider-aws website/content/en/docs/upgrading/compatibility.md at v1.14.1 ' +
      '(1.36 needs >= 1.13)',
    checked: '2026-12-01',
  },
  {
    component: 'AWS Load Balancer Controller',
    chart: 'aws-load-balancer-controller',
    version: '3.5.0',
    appVersion: 'v3.5.0',
    // the project states only a minimum (docs/deploy/installation.md: Kubernetes 1.22+); 1.36 is the newest minor a
    // published validation of v3.5.0 covers (sighupio/module-aws v5.4.0 release notes, "compatibility with 1.36")
    kubernetes: { min: '1.22', max: '1.36' },
    source: 'kubernetes-sigs/aws-load-balancer-controller docs/deploy/installation.md; ' +
      'sighupio/module-aws v5.4.0 release',
    checked: '2026-12-01',
  },
  {
    component: 'External Secrets',
    chart: 'external-secrets',
    version: '2.9.0',
    appVersion: 'v2.9.0',
    // upstream tests one Kubernetes minor per ESO minor (2.8: 1.35-1.36, 2.9: 1.36)
    kubernetes: { min: '1.36', max: '1.36' },
    source: 'external-secrets/external-secrets docs/introduction/stability-support.md (2026-08)',
    checked: '2026-12-01',
  },
  {
    component: 'Argo CD',
    chart: 'argo-cd',
    version: '10.1.1',
    appVersion: 'v3.4.4',
    // Argo CD's tested versions: the e2e matrix of its CI at the tag
    kubernetes: { min: '1.32', max: '1.35' },
    source: 'argoproj/argo-cd .github/workflows/ci-build.yaml at v3.4.4 (tested versions); argo-helm argo-cd-10.1.1',
    checked: '2026-12-01',
  },
];

/** The Kubernetes minors one amazon-eks-ami AL2023 release ships AMIs for (Karpenter's `al2023@vYYYYMMDD` alias). */
export interface AmiReleaseCoverage {
  /** Release tag, e.g. `v20260714`. */
  readonly release: string;
  readonly kubernetes: readonly string[];
  readonly source: string;
}

export const AL2023_AMI_RELEASES: readonly AmiReleaseCoverage[] = [
  {
    release: 'v20260714',
    kubernetes: ['1.33', '1.34', '1.35', '1.36'],
    source: 'awslabs/amazon-eks-ami release v20260714 (AMIs for Kubernetes 1.33-1.36)',
  },
];
