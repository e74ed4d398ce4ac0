import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { assertScheduleBudget, EKS_MANAGED_SYSTEM_PODS, ScheduleBudget, scheduleBudget } from '../addons/schedule-budget';
import { ArgoCd } from '../argocd/argocd';
import { CRITICAL_ADDONS_TOLERATION } from '../cluster/managed-addons';
import { SYSTEM_NODE_LABELS } from '../cluster/system-node-group';
import { EKS_CONTRACT, EksOutputs } from '../contracts';
import { DEFAULT_CLUSTER_SECRET_STORE_NAME } from '../external-secrets/cluster-secret-store';
import { ExternalSecrets } from '../external-secrets/external-secrets';
import { INGRESS_CLASS, IngressNginx } from '../ingress-nginx/ingress-nginx';
import { Karpenter } from '../karpenter/karpenter';
import { LoadBalancerController } from '../load-balancer-controller/load-balancer-controller';
import { defaultTags, environmentRoleNames, logBucketName, platformSecretNames, stackId, statePath, workloadBoundaryArn } from '../naming';
import { Observability } from '../observability/observability';
import { DefaultStorageClass } from '../storage/storage-class';
import { PlatformStack } from './platform-stack';

/** Properties for {@link AddonsStack}. */
export interface AddonsStackProps {
  readonly platform: PlatformConfig;
  readonly env: EnvironmentConfig;
}

/**
 * The add-ons layer of one environment: `<env>-addons`, state at `<env>/addons`; reads the eks layer's state.
 * The helm and kubernetes providers authenticate with `aws eks get-token` at plan/apply time; nothing connects at
 * synth (decision 10).
 */
export class AddonsStack extends PlatformStack {
  public readonly eks: EksOutputs;
  public readonly storage: DefaultStorageClass;
  public readonly karpenter: Karpenter;
  public readonly loadBalancerController: LoadBalancerController;
  public readonly ingressNginx: IngressNginx;
  /** Requests pinned to the system nodes against their allocatable; synth fails below 20% headroom. */
  public readonly scheduleBudget: ScheduleBudget;

  constructor(scope: Construct, props: AddonsStackProps) {
    const { env, platform } = props;
    super(scope, stackId(env.name, 'addons'), {
      platform,
      environment: env.name,
      statePath: statePath(env.name, 'addons'),
      extraTags: env.tags,
    });
    this.eks = EKS_CONTRACT.read(this, platform, statePath(env.name, 'eks'));
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', env.cluster.name, '--region', platform.aws.region],
    };
    const host = this.eks.clusterEndpoint;
    const clusterCaCertificate = Fn.base64decode(this.eks.clusterCertificateAuthorityData);
    // configured (part of the layer's contract) but used by no resource: every object goes through a Helm release,
    // which a plan refreshes from Helm state the CI plan role may read (no kubernetes_* resource to refresh)
    new KubernetesProvider(this, 'kubernetes', { host, clusterCaCertificate, exec: [exec] });
    new HelmProvider(this, 'helm', { kubernetes: { host, clusterCaCertificate, exec } });

    const roles = environmentRoleNames(env);
    const aws = { clusterName: env.cluster.name, accountId: platform.aws.accountId, region: platform.aws.region };
    // every role of the layer carries the shared stack's boundary (a literal ARN: no cross-stack reference)
    const permissionsBoundaryArn = workloadBoundaryArn(platform);
    const system = { systemNodeToleration: CRITICAL_ADDONS_TOLERATION, systemNodeSelector: SYSTEM_NODE_LABELS };
    this.storage = new DefaultStorageClass(this, 'storage');
    // first apply: Karpenter and its NodePool come first; everything not pinned to the system nodes depends on them
    this.karpenter = new Karpenter(this, 'karpenter', {
      ...aws,
      ...system,
      ...env.karpenter,
      controllerRoleName: roles.karpenterController,
      nodeRoleName: roles.karpenterNode,
      permissionsBoundaryArn,
      nodeTags: defaultTags(platform, env.name, env.tags),
    });
    const capacity = this.karpenter.nodePools.release;
    this.loadBalancerController = new LoadBalancerController(this, 'load-balancer-controller', {
      ...aws,
      ...system,
      vpcId: this.eks.vpcId,
      roleName: roles.loadBalancerController,
      permissionsBoundaryArn,
    });
    this.ingressNginx = new IngressNginx(this, 'ingress-nginx', {
      clusterName: env.cluster.name,
      vpcId: this.eks.vpcId,
      nodeSecurityGroupId: this.eks.nodeSecurityGroupId,
      ingress: env.ingress,
      loadBalancerController: this.loadBalancerController.helm.release,
      capacity,
    });

    // External Secrets and Argo CD run on Karpenter capacity (not the system nodes), so they wait for the NodePool
    const externalSecrets = new ExternalSecrets(this, 'external-secrets', {
      ...aws,
      roleName: roles.externalSecrets,
      permissionsBoundaryArn,
      readablePrefixes: env.secrets.readablePrefixes,
      dependsOn: [capacity],
    });
    const argocd = new ArgoCd(this, 'argocd', { ...env.argocd, dependsOn: [capacity] });

    const observability = env.observability.enabled
      ? this.observe(props, { capacity, secretStore: externalSecrets.store.release, permissionsBoundaryArn, argocd, externalSecrets })
      : undefined;

    const systemPods = [
      ...EKS_MANAGED_SYSTEM_PODS,
      ...this.karpenter.systemPods,
      ...this.loadBalancerController.systemPods,
      ...this.ingressNginx.systemPods,
      ...externalSecrets.systemPods,
      ...argocd.systemPods,
      ...(observability?.systemPods ?? []),
    ];
    const nodeGroup = env.cluster.systemNodeGroup;
    // the node group's minimum is what is always there; a scale-up is not capacity to plan on
    this.scheduleBudget = scheduleBudget(nodeGroup.instanceType, nodeGroup.minSize, systemPods);
    assertScheduleBudget(env.name, this.scheduleBudget);
  }

  /** Prometheus, Grafana, Loki and Alloy, and the ServiceMonitors of the add-ons' own charts. */
  private observe(props: AddonsStackProps, deps: ObservedAddons): Observability {
    const { env, platform } = props;
    const grafanaAdmin = platformSecretNames(env).grafanaAdmin!;
    const observability = new Observability(this, 'observability', {
      config: env.observability,
      clusterName: env.cluster.name,
      accountId: platform.aws.accountId,
      region: platform.aws.region,
      lokiRoleName: environmentRoleNames(env).loki,
      permissionsBoundaryArn: deps.permissionsBoundaryArn,
      logBucketName: logBucketName(platform, env.name),
      secretNames: { grafanaAdmin, alertWebhook: env.observability.alertWebhookSecret },
      secretStoreName: DEFAULT_CLUSTER_SECRET_STORE_NAME,
      systemNodeToleration: CRITICAL_ADDONS_TOLERATION,
      ingressClassName: INGRESS_CLASS,
      capacity: deps.capacity,
      secretStore: deps.secretStore,
    });
    const serviceMonitor = { serviceMonitor: { enabled: true } };
    const metrics = { metrics: { enabled: true, serviceMonitor: { enabled: true } } };
    observability.monitor(this.karpenter.controller, serviceMonitor);
    observability.monitor(this.loadBalancerController.helm, serviceMonitor);
    observability.monitor(this.ingressNginx.helm, { controller: metrics });
    // honorLabels: the metrics carry the ExternalSecret's own namespace, which Prometheus would otherwise rename to
    // exported_namespace; failIfMissing: the chart skips the monitor silently without the CRDs (renderMode default)
    observability.monitor(deps.externalSecrets.operator, {
      serviceMonitor: { enabled: true, honorLabels: true, renderMode: 'failIfMissing' },
    });
    observability.monitor(deps.argocd.release, { controller: metrics, server: metrics, repoServer: metrics, applicationSet: metrics });
    return observability;
  }
}

interface ObservedAddons {
  readonly capacity: ITerraformDependable;
  readonly secretStore: ITerraformDependable;
  readonly permissionsBoundaryArn: string;
  readonly argocd: ArgoCd;
  readonly externalSecrets: ExternalSecrets;
}
