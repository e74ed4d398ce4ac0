import { MONITORING_NAMESPACE } from './namespaces';
import { LOKI_URL } from './prometheus-stack';
import { memoryCapped } from '../addons/pod-resources';

/**
 * The log shipper's requests: one pod per node, the system nodes included; the chart's config reloader adds
 * 10m/50Mi.
 */
export const ALLOY_RESOURCES = memoryCapped('50m', '128Mi', '256Mi');
export const ALLOY_CONFIG_RELOADER_REQUESTS = { cpu: '10m', memory: '50Mi' } as const;

/**
 * Alloy's pipeline: the pods of its own node (the chart sets HOSTNAME to `spec.nodeName`), their logs read through
 * the Kubernetes API (no host mounts), labelled by namespace, pod, container and node, pushed to Loki.
 * @see https://grafana.com/docs/alloy/latest/reference/components/loki/loki.source.kubernetes/
 */
export function alloyPipeline(clusterName: string): string {
  return `discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("HOSTNAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_node_name"]
    target_label  = "node"
  }
}

loki.source.kubernetes "pods" {
  targets    = discovery.relabel.pods.output
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "${LOKI_URL}/loki/api/v1/push"
  }
  external_labels = { cluster = "${clusterName}" }
}
`;
}

/** Properties of {@link alloyValues}. */
export interface AlloyValuesInput {
  readonly clusterName: string;
  /** The system nodes' taint: the shipper runs there too, so system pods' logs are kept. */
  readonly systemNodeToleration: Readonly<Record<string, string>>;
}

/** Values of the Alloy chart: a DaemonSet on every node with the pipeline above and its own ServiceMonitor. */
export function alloyValues(input: AlloyValuesInput): Record<string, unknown> {
  return {
    namespaceOverride: MONITORING_NAMESPACE,
    controller: { type: 'daemonset', tolerations: [input.systemNodeToleration] },
    alloy: { configMap: { create: true, content: alloyPipeline(input.clusterName) }, resources: ALLOY_RESOURCES },
    configReloader: { resources: { requests: ALLOY_CONFIG_RELOADER_REQUESTS } },
    serviceMonitor: { enabled: true },
    // only what the pipeline reads: the chart's default role also reads every Secret and ConfigMap of the cluster
    rbac: {
      create: true,
      rules: [{ apiGroups: [''], resources: ['pods', 'pods/log', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
      clusterRules: [],
    },
  };
}
