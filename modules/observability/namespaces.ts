/**
 * Where the observability stack lives, in a file without imports so `modules/naming.ts` can read it (no import cycle).
 */

/** Namespace of Prometheus, Alertmanager, Grafana, Loki, the log shipper and their Secrets (Grafana's admin login). */
export const MONITORING_NAMESPACE = 'monitoring';

/**
 * Helm release namespace of the observability releases: only their Helm state (`sh.helm.release.v1.*`), so the CI
 * plan role can refresh them without reading the Secrets of {@link MONITORING_NAMESPACE}; each chart's
 * `namespaceOverride` puts the objects there (the same split as Argo CD's `argocd-releases`).
 */
export const MONITORING_RELEASE_NAMESPACE = 'monitoring-releases';
