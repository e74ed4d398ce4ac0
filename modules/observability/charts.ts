/**
 * The observability charts, exact versions (checked 2026-11-26; each chart's values keys used here were read at that
 * version's values.yaml).
 */

/**
 * kube-prometheus-stack 88.5.3 (2026-08-22), Prometheus Operator v0.93.1: Prometheus, Alertmanager, Grafana,
 * kube-state-metrics, the node exporter and the default alerting rules.
 * @see
 * https://github.com/prometheus-community/helm-charts/tree/kube-prometheus-stack-88.5.3/charts/kube-prometheus-stack
 */
export const KUBE_PROMETHEUS_STACK_CHART = {
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'kube-prometheus-stack',
  version: '88.5.3',
} as const;

/**
 * The Prometheus Operator CRDs as their own release, at the operator version of {@link KUBE_PROMETHEUS_STACK_CHART}
 * (31.0.1 = v0.93.1): Helm installs a chart's `crds/` folder once and never upgrades it, so the stack's chart runs
 * with `crds.enabled: false` and this release carries (and upgrades) them, as `karpenter-crd` does for Karpenter.
 * @see https://github.com/prometheus-community/helm-charts/tree/main/charts/prometheus-operator-crds
 */
export const PROMETHEUS_OPERATOR_CRDS_CHART = {
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'prometheus-operator-crds',
  version: '31.0.1',
} as const;

/**
 * Loki 3.7 (chart 18.11.0): the chart moved to the grafana-community repository in 2026.
 * @see https://github.com/grafana-community/helm-charts/tree/main/charts/loki
 */
export const LOKI_CHART = {
  repository: 'https://grafana-community.github.io/helm-charts',
  chart: 'loki',
  version: '18.11.0',
} as const;

/**
 * Grafana Alloy 1.18.1 (chart 1.11.1), the maintained log shipper: Promtail is deprecated in its favour (end of
 * life 2026-03-02).
 * @see https://github.com/grafana/alloy/tree/main/operations/helm/charts/alloy
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/
 */
export const ALLOY_CHART = {
  repository: 'https://grafana.github.io/helm-charts',
  chart: 'alloy',
  version: '1.11.1',
} as const;
