/**
 * Dated compatibility facts the upgrade planner reads: the Kubernetes minors each pinned chart is supported or tested
 * on, and the Kubernetes minors each AL2023 EKS AMI release ships AMIs for. Each row names its source; a pinned
 * version with no row, or a row with no upper bound, is reported as unknown, never assumed compatible. Re-check a row
 * when its chart is bumped.
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
  /**
   * Lowest and highest Kubernetes minor supported or tested (inclusive). Either is absent when the project does not
   * state it (a chart's `kubeVersion` is usually a minimum only): no `max` makes every newer target unknown.
   */
  readonly kubernetes: { readonly min?: string; readonly max?: string };
  /** Said with the verdict when the target is outside the range, e.g. that no later release exists. */
  readonly note?: string;
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
    source:
      'aws/karpenter-provider-aws website/content/en/docs/upgrading/compatibility.md at v1.14.1 ' +
      '(1.36 needs >= 1.13)',
    checked: '2026-12-01',
  },
  {
    component: 'Karpenter CRDs',
    chart: 'karpenter-crd',
    version: '1.14.1',
    appVersion: '1.14.1',
    // the CRDs of the same Karpenter release, versioned with it
    kubernetes: { min: '1.26', max: '1.36' },
    source: 'aws/karpenter-provider-aws website/content/en/docs/upgrading/compatibility.md at v1.14.1',
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
    source:
      'kubernetes-sigs/aws-load-balancer-controller docs/deploy/installation.md; ' +
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
  {
    component: 'ingress-nginx',
    chart: 'ingress-nginx',
    version: '4.15.1',
    appVersion: 'v1.15.1',
    // "Supported versions ... mean that we have completed E2E tests": 1.35, 1.34, 1.33, 1.32, 1.31
    kubernetes: { min: '1.31', max: '1.35' },
    source: 'kubernetes/ingress-nginx README.md "Supported Versions table" at controller-v1.15.1',
    note:
      'it is the final release (the project is retired), so no later chart exists: move the edge to ' +
      "ingress.controller 'gateway-api' instead",
    checked: '2026-12-01',
  },
  {
    component: 'external-dns',
    chart: 'external-dns',
    version: '1.21.1',
    appVersion: '0.21.0',
    // app >= 0.18 needs Kubernetes >= 1.21 (discovery.k8s.io EndpointSlices); no upper bound or tested minor is
    // stated, and the chart has no kubeVersion
    kubernetes: { min: '1.21' },
    source:
      'kubernetes-sigs/external-dns README.md "Kubernetes version compatibility" ' +
      'at external-dns-helm-chart-1.21.1',
    checked: '2026-12-01',
  },
  {
    component: 'Prometheus Operator CRDs',
    chart: 'prometheus-operator-crds',
    version: '31.0.1',
    appVersion: 'v0.93.1',
    // the CRDs use CEL (>= 1.25); the operator's e2e suite runs on kindest/node:v1.36.1 (.github/env) with client-go
    // v0.36.3; read at v0.93.0, of which v0.93.1 is a patch release
    kubernetes: { min: '1.25', max: '1.36' },
    source:
      'prometheus-operator/prometheus-operator Documentation/getting-started/compatibility.md and .github/env ' +
      'at v0.93.0',
    checked: '2026-12-01',
  },
  {
    component: 'kube-prometheus-stack',
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
    appVersion: 'v0.93.1',
    // Chart.yaml kubeVersion ">=1.25.0-0", no upper bound; the operator is e2e-tested on 1.36, but that says nothing
    // of the kube-state-metrics, node exporter and Grafana the chart also installs
    kubernetes: { min: '1.25' },
    source: 'prometheus-community/helm-charts charts/kube-prometheus-stack/Chart.yaml at kube-prometheus-stack-88.5.3',
    checked: '2026-12-01',
  },
  {
    component: 'Loki',
    chart: 'loki',
    version: '18.11.0',
    appVersion: '3.7.6',
    // Chart.yaml kubeVersion ">=1.25.0-0", no upper bound
    kubernetes: { min: '1.25' },
    source: 'grafana-community/helm-charts charts/loki/Chart.yaml at loki-18.11.0',
    checked: '2026-12-01',
  },
  {
    component: 'Alloy',
    chart: 'alloy',
    version: '1.11.1',
    appVersion: 'v1.18.1',
    // the chart has no kubeVersion and the project states no supported Kubernetes range
    kubernetes: {},
    source: 'grafana/alloy operations/helm/charts/alloy/Chart.yaml at helm-chart/1.11.1',
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
