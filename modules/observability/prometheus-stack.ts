import type { ObservabilityConfig } from '../../environments/types';
import { DEFAULT_STORAGE_CLASS_NAME } from '../storage/storage-class';
import { MONITORING_NAMESPACE } from './namespaces';
import { PLATFORM_ALERT_GROUPS } from './platform-alerts';
import { memoryCapped } from '../addons/pod-resources';

/** Requests and limits of the stack's workloads (the charts set none): sized for one environment's cluster. */
export const PROMETHEUS_STACK_RESOURCES = {
  prometheus: memoryCapped('200m', '1Gi', '2Gi'),
  alertmanager: memoryCapped('20m', '64Mi', '128Mi'),
  operator: memoryCapped('50m', '128Mi', '256Mi'),
  kubeStateMetrics: memoryCapped('20m', '64Mi', '256Mi'),
  grafana: memoryCapped('50m', '192Mi', '512Mi'),
  /** A DaemonSet: one pod on every node, the two tainted system nodes included (the chart tolerates NoSchedule). */
  nodeExporter: memoryCapped('10m', '32Mi', '64Mi'),
} as const;

/** Persistent volumes (gp3): Prometheus's TSDB and Alertmanager's silences and notification log. */
export const PROMETHEUS_VOLUME_GIB = 20;
export const ALERTMANAGER_VOLUME_GIB = 2;

/** The Secret External Secrets writes Grafana's admin login into (keys `admin-user`, `admin-password`). */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';
/** The Secret holding the alert webhook URL (key `url`), mounted into Alertmanager under /etc/alertmanager/secrets/. */
export const ALERT_WEBHOOK_SECRET = 'alertmanager-webhook';
/** Where the Alertmanager operator mounts `alertmanagerSpec.secrets` (prometheus-operator API, AlertmanagerSpec). */
export const ALERT_WEBHOOK_URL_FILE = `/etc/alertmanager/secrets/${ALERT_WEBHOOK_SECRET}/url`;

/** Loki's HTTP endpoint inside the cluster (SingleBinary mode, no gateway: the Service is the release name). */
export const LOKI_URL = `http://loki.${MONITORING_NAMESPACE}.svc.cluster.local:3100`;

const volume = (gib: number) => ({
  volumeClaimTemplate: {
    spec: {
      storageClassName: DEFAULT_STORAGE_CLASS_NAME,
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: `${gib}Gi` } },
    },
  },
});

/** Alertmanager's routing: everything to the webhook when one is configured; the always-firing Watchdog nowhere. */
function alertmanagerConfig(webhook: boolean): Record<string, unknown> {
  const receiver = webhook ? 'platform-webhook' : 'null';
  const receivers: Record<string, unknown>[] = [{ name: 'null' }];
  if (webhook)
    receivers.push({
      name: 'platform-webhook',
      webhook_configs: [{ url_file: ALERT_WEBHOOK_URL_FILE, send_resolved: true }],
    });
  return {
    route: {
      receiver,
      group_by: ['namespace', 'alertname'],
      routes: [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }],
    },
    receivers,
  };
}

/** Properties of {@link prometheusStackValues}. */
export interface PrometheusStackValuesInput {
  readonly config: ObservabilityConfig;
  /** Ingress class of the environment's edge, used when `config.grafanaHostname` is set. */
  readonly ingressClassName: string;
}

/**
 * Values of kube-prometheus-stack: CRDs from their own release, every object in {@link MONITORING_NAMESPACE}, the
 * control-plane scrapes EKS does not expose switched off, every ServiceMonitor and rule of the cluster selected.
 */
export function prometheusStackValues(input: PrometheusStackValuesInput): Record<string, unknown> {
  const { config } = input;
  const r = PROMETHEUS_STACK_RESOURCES;
  const grafanaIngress =
    config.grafanaHostname === undefined
      ? { enabled: false }
      : { enabled: true, ingressClassName: input.ingressClassName, hosts: [config.grafanaHostname] };
  return {
    namespaceOverride: MONITORING_NAMESPACE,
    crds: { enabled: false },
    defaultRules: { create: true },
    // EKS runs these on the managed control plane: nothing in the cluster can scrape them (EKS best practices,
    // observability); kube-proxy listens for metrics on 127.0.0.1 only
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    prometheusOperator: { resources: r.operator },
    prometheus: {
      prometheusSpec: {
        retention: `${config.metricsRetentionDays}d`,
        // stop before the volume is full: the TSDB needs head room to compact
        retentionSize: `${Math.floor(PROMETHEUS_VOLUME_GIB * 0.85)}GB`,
        storageSpec: volume(PROMETHEUS_VOLUME_GIB),
        resources: r.prometheus,
        // select the monitors and rules of every release (the add-ons' charts), not only this one's
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
      },
    },
    alertmanager: {
      alertmanagerSpec: {
        storage: volume(ALERTMANAGER_VOLUME_GIB),
        resources: r.alertmanager,
        secrets: config.alertWebhookSecret === undefined ? [] : [ALERT_WEBHOOK_SECRET],
      },
      config: alertmanagerConfig(config.alertWebhookSecret !== undefined),
    },
    grafana: {
      namespaceOverride: MONITORING_NAMESPACE,
      // the login comes from Secrets Manager through External Secrets: no password in values, Git or state
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
      additionalDataSources: [{ name: 'Loki', type: 'loki', access: 'proxy', url: LOKI_URL }],
      persistence: { enabled: false }, // dashboards and data sources are provisioned; nothing to keep
      ingress: grafanaIngress,
      resources: r.grafana,
    },
    'kube-state-metrics': { namespaceOverride: MONITORING_NAMESPACE, resources: r.kubeStateMetrics },
    'prometheus-node-exporter': { namespaceOverride: MONITORING_NAMESPACE, resources: r.nodeExporter },
    additionalPrometheusRulesMap: { 'platform-components': { groups: PLATFORM_ALERT_GROUPS } },
  };
}
