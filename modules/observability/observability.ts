import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { ObservabilityConfig } from '../../environments/types';
import { HelmAddon, SystemPodRequest } from '../addons/helm-addon';
import { KubernetesObjects } from '../addons/kubernetes-objects';
import type { KubernetesObject } from '../addons/local-chart';
import { cpuMillis, memoryMiB } from '../addons/schedule-budget';
import { addonIdentity, PodIdentityRole } from '../cluster/pod-identity-role';
import { refuseInvalidProps } from '../config-errors';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { ALLOY_CHART, KUBE_PROMETHEUS_STACK_CHART, LOKI_CHART, PROMETHEUS_OPERATOR_CRDS_CHART } from './charts';
import { ALLOY_CONFIG_RELOADER_REQUESTS, ALLOY_RESOURCES, alloyValues } from './alloy';
import { LOKI_SERVICE_ACCOUNT, lokiBucketPolicy, lokiValues } from './loki';
import { MONITORING_NAMESPACE, MONITORING_RELEASE_NAMESPACE } from './namespaces';
import {
  ALERT_WEBHOOK_SECRET,
  GRAFANA_ADMIN_SECRET,
  PROMETHEUS_STACK_RESOURCES,
  prometheusStackValues,
} from './prometheus-stack';
import { validateObservabilityProps } from './validation';

/** Properties for {@link Observability}. */
export interface ObservabilityProps {
  readonly config: ObservabilityConfig;
  readonly clusterName: string;
  readonly accountId: string;
  readonly region: string;
  /** Name of Loki's IAM role (`environmentRoleNames(env).loki`). */
  readonly lokiRoleName: string;
  readonly permissionsBoundaryArn: string;
  /** The environment's log bucket (`logBucketName`, created by the shared stack). */
  readonly logBucketName: string;
  /** Secrets Manager names of Grafana's login and of the alert webhook URL (`platformSecretNames`). */
  readonly secretNames: { readonly grafanaAdmin: string; readonly alertWebhook?: string };
  /** The ClusterSecretStore that reads the environment's prefixes. */
  readonly secretStoreName: string;
  readonly systemNodeToleration: Readonly<Record<string, string>>;
  /** Ingress class of the environment's edge, for Grafana's hostname. */
  readonly ingressClassName: string;
  /** The NodePool release: everything but the DaemonSets runs on Karpenter capacity. */
  readonly capacity: ITerraformDependable;
  /** The release of the ClusterSecretStore: the login Secrets are ExternalSecrets. */
  readonly secretStore: ITerraformDependable;
  /** The release of the gp3 StorageClass the volumes of Prometheus, Alertmanager and Loki name. */
  readonly storageClass: ITerraformDependable;
}

/** An ExternalSecret copying Secrets Manager values into a Secret of the monitoring namespace. */
function externalSecret(
  name: string,
  store: string,
  data: { secretKey: string; key: string; property?: string }[],
): KubernetesObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: MONITORING_NAMESPACE },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: store },
      target: { name, creationPolicy: 'Owner' },
      data: data.map(d => ({
        secretKey: d.secretKey,
        remoteRef: { key: d.key, ...(d.property ? { property: d.property } : {}) },
      })),
    },
  };
}

/**
 * Metrics, alerting, dashboards and logs of one environment: the Prometheus Operator CRDs (their own release, first),
 * kube-prometheus-stack (Prometheus, Alertmanager, Grafana, kube-state-metrics, node exporter), Loki on S3 and the
 * Alloy log shipper. Helm state lives in `monitoring-releases`, the objects and their Secrets in `monitoring`.
 */
export class Observability extends Construct {
  public readonly crds: HelmAddon;
  /** The monitoring namespace and the ExternalSecrets of Grafana's login (and the alert webhook). */
  public readonly secrets: KubernetesObjects;
  public readonly lokiIdentity: PodIdentityRole;
  public readonly prometheusStack: HelmAddon;
  public readonly loki: HelmAddon;
  public readonly alloy: HelmAddon;
  /** The node exporter and Alloy DaemonSets: they also run on the system nodes. */
  public readonly systemPods: SystemPodRequest[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateObservabilityProps(props.config, `${at}.config`));
    const { config } = props;
    this.crds = new HelmAddon(this, 'crds', {
      releaseName: 'prometheus-operator-crds',
      ...PROMETHEUS_OPERATOR_CRDS_CHART,
      namespace: MONITORING_RELEASE_NAMESPACE,
      // the CRDs are chart templates: without keep, removing or replacing the release deletes every Prometheus,
      // ServiceMonitor and rule of the cluster with them
      values: { crds: { annotations: { 'helm.sh/resource-policy': 'keep' } } },
    });

    const loginSecrets = [
      externalSecret(GRAFANA_ADMIN_SECRET, props.secretStoreName, [
        { secretKey: 'admin-user', key: props.secretNames.grafanaAdmin, property: 'username' },
        { secretKey: 'admin-password', key: props.secretNames.grafanaAdmin, property: 'password' },
      ]),
    ];
    if (props.secretNames.alertWebhook !== undefined) {
      loginSecrets.push(
        externalSecret(ALERT_WEBHOOK_SECRET, props.secretStoreName, [
          { secretKey: 'url', key: props.secretNames.alertWebhook },
        ]),
      );
    }
    this.secrets = new KubernetesObjects(this, 'secrets', {
      name: 'monitoring-secrets',
      description: `The ${MONITORING_NAMESPACE} namespace and the Secrets its releases read from AWS Secrets Manager`,
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: MONITORING_NAMESPACE } }, ...loginSecrets],
      namespace: MONITORING_RELEASE_NAMESPACE,
      timeoutSeconds: 300,
      dependsOn: [props.secretStore],
    });

    const bucketArn = arn({ service: 's3', resource: props.logBucketName }, awsPartition(props.region));
    this.lokiIdentity = addonIdentity(this, 'loki-identity', props, {
      roleName: props.lokiRoleName,
      purpose: `Loki writing ${props.logBucketName}`,
      namespace: MONITORING_NAMESPACE,
      serviceAccount: LOKI_SERVICE_ACCOUNT,
      inlinePolicies: {
        'log-bucket': { name: 'log-bucket', document: lokiBucketPolicy(bucketArn, props.region, props.accountId) },
      },
    });

    const onCapacity = [this.crds.release, this.secrets.release, props.capacity, props.storageClass];
    this.prometheusStack = new HelmAddon(this, 'prometheus-stack', {
      releaseName: 'kube-prometheus-stack',
      ...KUBE_PROMETHEUS_STACK_CHART,
      namespace: MONITORING_RELEASE_NAMESPACE,
      values: prometheusStackValues({ config, ingressClassName: props.ingressClassName }),
      timeoutSeconds: 900, // Prometheus's first start replays nothing but waits for its volume and Karpenter capacity
      dependsOn: onCapacity,
    });
    this.loki = new HelmAddon(this, 'loki', {
      releaseName: 'loki',
      ...LOKI_CHART,
      namespace: MONITORING_RELEASE_NAMESPACE,
      values: lokiValues({ config, bucketName: props.logBucketName, region: props.region }),
      // Pod Identity injects credentials when a pod starts: the association and its permissions must exist first.
      dependsOn: [...this.lokiIdentity.ready, ...onCapacity],
    });
    this.alloy = new HelmAddon(this, 'alloy', {
      releaseName: 'alloy',
      ...ALLOY_CHART,
      namespace: MONITORING_RELEASE_NAMESPACE,
      values: alloyValues({ clusterName: props.clusterName, systemNodeToleration: props.systemNodeToleration }),
      dependsOn: [this.crds.release, this.secrets.release, this.loki.release],
    });

    const exporter = PROMETHEUS_STACK_RESOURCES.nodeExporter.requests;
    this.systemPods = [
      {
        name: 'prometheus-node-exporter',
        replicas: 1,
        daemonSet: true,
        cpuMillis: cpuMillis(exporter.cpu),
        memoryMiB: memoryMiB(exporter.memory),
      },
      {
        name: 'alloy',
        replicas: 1,
        daemonSet: true,
        cpuMillis: cpuMillis(ALLOY_RESOURCES.requests.cpu) + cpuMillis(ALLOY_CONFIG_RELOADER_REQUESTS.cpu),
        memoryMiB: memoryMiB(ALLOY_RESOURCES.requests.memory) + memoryMiB(ALLOY_CONFIG_RELOADER_REQUESTS.memory),
      },
    ];
  }

  /**
   * Switches on the ServiceMonitor (and metrics) an add-on's own chart offers; the release then waits for the
   * Prometheus Operator CRDs: without them Helm refuses a ServiceMonitor ("no matches for kind"), or charts that test
   * `.Capabilities` (karpenter, argo-cd, External Secrets' default) skip it silently.
   */
  public monitor(addon: HelmAddon, values: Readonly<Record<string, unknown>>): void {
    addon.addValues(values, [this.crds.release]);
  }
}
