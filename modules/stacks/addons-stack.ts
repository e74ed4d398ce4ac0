import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import {
  assertScheduleBudget,
  EKS_MANAGED_SYSTEM_PODS,
  ScheduleBudget,
  scheduleBudget,
} from '../addons/schedule-budget';
import { ArgoCd } from '../argocd/argocd';
import { ARGO_CD_NAMESPACE } from '../argocd/namespaces';
import { CRITICAL_ADDONS_TOLERATION } from '../cluster/managed-addons';
import { SYSTEM_NODE_LABELS } from '../cluster/system-node-group';
import { EKS_CONTRACT, EksOutputs } from '../contracts';
import { DEFAULT_CLUSTER_SECRET_STORE_NAME } from '../external-secrets/cluster-secret-store';
import { ExternalSecrets } from '../external-secrets/external-secrets';
import { DomainCertificate } from '../edge/domain-certificate';
import { dnsFollowsGateway, edgeController, runsIngressNginx } from '../edge/edge-config';
import { ExternalDns } from '../edge/external-dns';
import { GatewayApiCrds } from '../edge/gateway-api-crds';
import { GatewayApiEdge } from '../edge/gateway-api-edge';
import { GATEWAY_NAMESPACE } from '../edge/gateway-objects';
import { HostedZone } from '../edge/hosted-zone';
import { INGRESS_CLASS, IngressNginx } from '../ingress-nginx/ingress-nginx';
import { Karpenter } from '../karpenter/karpenter';
import { LoadBalancerController } from '../load-balancer-controller/load-balancer-controller';
import {
  defaultTags,
  environmentRoleNames,
  logBucketName,
  platformSecretNames,
  statePath,
  workloadBoundaryArn,
} from '../naming';
import { MONITORING_NAMESPACE } from '../observability/namespaces';
import { Observability } from '../observability/observability';
import { DefaultStorageClass } from '../storage/storage-class';
import { EnvironmentStack } from './environment-stack';

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
export class AddonsStack extends EnvironmentStack {
  public readonly eks: EksOutputs;
  public readonly storage: DefaultStorageClass;
  public readonly karpenter: Karpenter;
  public readonly loadBalancerController: LoadBalancerController;
  /** Absent with `ingress.controller: 'gateway-api'` (unless `keepIngressNginx` during a migration). */
  public readonly ingressNginx?: IngressNginx;
  /** With `ingress.controller: 'gateway-api'`. */
  public readonly gatewayApiCrds?: GatewayApiCrds;
  public readonly gatewayApi?: GatewayApiEdge;
  /** With `ingress.domain`: the zone, external-dns and (unless `certificateArn` is set) the validated certificate. */
  public readonly hostedZone?: HostedZone;
  public readonly domainCertificate?: DomainCertificate;
  public readonly externalDns?: ExternalDns;
  /** Requests pinned to the system nodes against their allocatable; synth fails below 20% headroom. */
  public readonly scheduleBudget: ScheduleBudget;

  constructor(scope: Construct, props: AddonsStackProps) {
    const { env, platform } = props;
    super(scope, platform, env, 'addons');
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
    const gatewayMode = edgeController(env.ingress) === 'gateway-api';
    // the CRDs first: the controller enables the Gateway API only when it finds them at start
    if (gatewayMode) this.gatewayApiCrds = new GatewayApiCrds(this, 'gateway-api-crds', aws);
    this.loadBalancerController = new LoadBalancerController(this, 'load-balancer-controller', {
      ...aws,
      ...system,
      vpcId: this.eks.vpcId,
      roleName: roles.loadBalancerController,
      permissionsBoundaryArn,
      gatewayApi: gatewayMode,
      gatewayApiCrds: this.gatewayApiCrds?.install,
    });
    const domain = env.ingress.domain;
    if (domain !== undefined) {
      this.hostedZone = new HostedZone(this, 'domain-zone', { zoneName: domain.zoneName, region: platform.aws.region });
    }
    // an explicit certificate wins: no certificate of our own then
    if (this.hostedZone !== undefined && env.ingress.certificateArn === undefined) {
      const hostnames = domain!.hostnames;
      this.domainCertificate = new DomainCertificate(this, 'domain', { zone: this.hostedZone, hostnames });
    }
    const certificateArn = env.ingress.certificateArn ?? this.domainCertificate?.certificateArn;
    const dnsOnGateway = dnsFollowsGateway(env.ingress);
    const certificateReady = this.domainCertificate !== undefined ? [this.domainCertificate.validation] : [];
    if (runsIngressNginx(env.ingress)) {
      this.ingressNginx = new IngressNginx(this, 'ingress-nginx', {
        clusterName: env.cluster.name,
        vpcId: this.eks.vpcId,
        nodeSecurityGroupId: this.eks.nodeSecurityGroupId,
        ingress: env.ingress,
        vpcCidr: env.network.cidr,
        loadBalancerController: this.loadBalancerController.helm.release,
        capacity,
        certificateArn,
        hostnames: dnsOnGateway ? undefined : domain?.hostnames,
        albDependsOn: certificateReady,
      });
    }
    if (gatewayMode) {
      this.gatewayApi = new GatewayApiEdge(this, 'gateway-api', {
        clusterName: env.cluster.name,
        vpcId: this.eks.vpcId,
        nodeSecurityGroupId: this.eks.nodeSecurityGroupId,
        appNamespaces: env.argocd.project.namespaces,
        certificateArn,
        hostnames: dnsOnGateway ? domain?.hostnames : undefined,
        wafAclArn: env.ingress.wafAclArn,
        dependsOn: [this.gatewayApiCrds!.install, this.loadBalancerController.helm.release, ...certificateReady],
      });
    }
    if (domain !== undefined && this.hostedZone !== undefined) {
      this.externalDns = new ExternalDns(this, 'external-dns', {
        ...aws,
        roleName: roles.externalDns,
        permissionsBoundaryArn,
        zoneName: domain.zoneName,
        zoneId: this.hostedZone.zone.zoneId,
        zoneArn: this.hostedZone.zoneArn,
        source: dnsOnGateway ? 'gateway-httproute' : 'ingress',
        gatewayNamespace: dnsOnGateway ? GATEWAY_NAMESPACE : undefined,
        dependsOn: [capacity, ...(this.gatewayApiCrds ? [this.gatewayApiCrds.install] : [])],
      });
    }

    // External Secrets and Argo CD run on Karpenter capacity (not the system nodes), so they wait for the NodePool
    const externalSecrets = new ExternalSecrets(this, 'external-secrets', {
      ...aws,
      roleName: roles.externalSecrets,
      permissionsBoundaryArn,
      readablePrefixes: env.secrets.readablePrefixes,
      dependsOn: [capacity],
      platformNamespaces: [ARGO_CD_NAMESPACE, ...(env.observability.enabled ? [MONITORING_NAMESPACE] : [])],
    });
    const argocd = new ArgoCd(this, 'argocd', { ...env.argocd, dependsOn: [capacity] });

    const observability = env.observability.enabled
      ? this.observe(props, {
          capacity,
          secretStore: externalSecrets.store.release,
          permissionsBoundaryArn,
          argocd,
          externalSecrets,
        })
      : undefined;

    const systemPods = [
      ...EKS_MANAGED_SYSTEM_PODS,
      ...this.karpenter.systemPods,
      ...this.loadBalancerController.systemPods,
      ...(this.ingressNginx?.systemPods ?? []),
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
      storageClass: this.storage.release.release,
    });
    const serviceMonitor = { serviceMonitor: { enabled: true } };
    const metrics = { metrics: { enabled: true, serviceMonitor: { enabled: true } } };
    observability.monitor(this.karpenter.controller, serviceMonitor);
    observability.monitor(this.loadBalancerController.helm, serviceMonitor);
    if (this.ingressNginx !== undefined) observability.monitor(this.ingressNginx.helm, { controller: metrics });
    // honorLabels: the metrics carry the ExternalSecret's own namespace, which Prometheus would otherwise rename to
    // exported_namespace; failIfMissing: the chart skips the monitor silently without the CRDs (renderMode default)
    observability.monitor(deps.externalSecrets.operator, {
      serviceMonitor: { enabled: true, honorLabels: true, renderMode: 'failIfMissing' },
    });
    observability.monitor(deps.argocd.release, {
      controller: metrics,
      server: metrics,
      repoServer: metrics,
      applicationSet: metrics,
    });
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
