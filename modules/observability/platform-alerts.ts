/**
 * Alerting rules for the platform's own components, beside kube-prometheus-stack's default rules (which cover the
 * Kubernetes components, nodes and Prometheus itself: a node not Ready is their `KubeNodeNotReady`). Each metric
 * comes from the component's own exporter, scraped
 * through the ServiceMonitor its chart creates.
 */

import { KARPENTER_NAMESPACE, LBC_NAMESPACE } from '../addons/namespaces';

/** One Prometheus alerting rule. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold, e.g. `15m`. */
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: { readonly summary: string; readonly description: string };
}

export interface AlertGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

const rule = (
  alert: string,
  expr: string,
  duration: string,
  severity: 'warning' | 'critical',
  summary: string,
  description: string,
): AlertRule => ({
  alert,
  expr,
  for: duration,
  labels: { severity },
  annotations: { summary, description },
});

/** The groups rendered into `additionalPrometheusRulesMap.platform-components` (a PrometheusRule of the stack). */
export const PLATFORM_ALERT_GROUPS: readonly AlertGroup[] = [
  {
    name: 'karpenter',
    rules: [
      // controller-runtime's reconcile error counter, per controller (karpenter-provider-aws website, metrics.md)
      rule(
        'KarpenterReconcileErrors',
        'sum by (controller) (rate(controller_runtime_reconcile_errors_total{job=~".*karpenter.*"}[10m])) > 0',
        '15m',
        'warning',
        'Karpenter controller {{ $labels.controller }} keeps failing',
        `Reconcile errors for 15 minutes: nodes may not launch or drain. kubectl logs -n ${KARPENTER_NAMESPACE} ` +
          `deploy/karpenter.`,
      ),
      rule(
        'KarpenterCloudProviderErrors',
        'sum by (method, error) ' +
          '(rate(karpenter_cloudprovider_errors_total' +
          '{error!~"InsufficientCapacityError|NodeClaimNotFoundError"}[10m])) > 0',
        '15m',
        'warning',
        'Karpenter cannot call EC2 ({{ $labels.method }}: {{ $labels.error }})',
        "The controller's AWS calls fail: check its Pod Identity role and the EC2 quotas (scripts/preflight.sh).",
      ),
      // time interruption messages wait in the SQS queue before Karpenter handles them (interruption controller)
      rule(
        'KarpenterInterruptionBacklog',
        'histogram_quantile(0.9, sum by (le) ' +
          '(rate(karpenter_interruption_message_queue_duration_seconds_bucket[10m]))) > 60',
        '10m',
        'critical',
        'Spot interruption warnings wait more than a minute in the queue',
        'A spot node gets two minutes of notice: with this backlog pods are killed before they are drained.',
      ),
    ],
  },
  {
    name: 'aws-load-balancer-controller',
    rules: [
      rule(
        'LoadBalancerControllerReconcileErrors',
        'sum by (controller) ' +
          '(rate(controller_runtime_reconcile_errors_total{job=~".*aws-load-balancer-controller.*"}[10m])) > 0',
        '15m',
        'warning',
        'The AWS Load Balancer Controller keeps failing to reconcile {{ $labels.controller }}',
        `ALBs, listeners or target groups may be out of date: kubectl logs -n ${LBC_NAMESPACE} ` +
          `deploy/aws-load-balancer-controller.`,
      ),
    ],
  },
  {
    name: 'external-secrets',
    rules: [
      // the controller's Ready condition per ExternalSecret (external-secrets docs, api/metrics)
      rule(
        'ExternalSecretNotSynced',
        'max by (namespace, name) (externalsecret_status_condition{condition="Ready", status="False"}) == 1',
        '15m',
        'warning',
        'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} does not sync',
        'Its Kubernetes Secret is stale or missing: kubectl describe externalsecret -n {{ $labels.namespace }} {{ ' +
          '$labels.name }}.',
      ),
    ],
  },
  {
    name: 'argo-cd',
    rules: [
      rule(
        'ArgoCdApplicationOutOfSync',
        'max by (name, dest_namespace) (argocd_app_info{sync_status!="Synced"}) == 1',
        '30m',
        'warning',
        'Argo CD application {{ $labels.name }} is out of sync',
        'Git and the cluster differ for 30 minutes (production syncs by hand: this may be a pending promotion).',
      ),
    ],
  },
];
