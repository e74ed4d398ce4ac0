import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmAddon, SystemPodRequest } from '../addons/helm-addon';
import { LBC_NAMESPACE } from '../addons/namespaces';
import { systemPod } from '../addons/schedule-budget';
import { addonIdentity, PodIdentityRole } from '../cluster/pod-identity-role';
import { awsPartition } from '../iam/partition';
import { suppress } from '../policies/suppress';
import { LBC_POLICY_APP_VERSION, loadBalancerControllerPolicy } from './iam-policy';
import { memoryCapped } from '../addons/pod-resources';

/**
 * aws-load-balancer-controller chart 3.5.0 / app v3.5.0 (2026-08-03). Its IAM policy is {@link LBC_POLICY_APP_VERSION};
 * upgrade both together. v3 charts ship CRDs in `crds/`, which Helm installs but never upgrades: apply the new CRDs
 * before bumping this (aws-load-balancer-controller#4555).
 * @see https://github.com/aws/eks-charts/blob/master/stable/aws-load-balancer-controller/values.yaml
 */
export const LBC_CHART = {
  repository: 'https://aws.github.io/eks-charts',
  chart: 'aws-load-balancer-controller',
  version: '3.5.0',
} as const;
export { LBC_NAMESPACE };
export const LBC_SERVICE_ACCOUNT = 'aws-load-balancer-controller';
/** Two replicas (leader election + a warm standby that keeps the webhooks answering). */
export const LBC_REPLICAS = 2;
/** Sized for a handful of Ingresses; the memory limit guards the system node. */
export const LBC_RESOURCES = memoryCapped('100m', '128Mi', '256Mi');

/** Properties for {@link LoadBalancerController}. */
export interface LoadBalancerControllerProps {
  readonly clusterName: string;
  readonly accountId: string;
  readonly region: string;
  /** VPC of the cluster (a token from the eks contract): with IMDS hop limit 1 the controller cannot discover it. */
  readonly vpcId: string;
  readonly roleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  /** Toleration of the system nodes' taint and the node selector of the system nodes. */
  readonly systemNodeToleration: Readonly<Record<string, string>>;
  readonly systemNodeSelector: Readonly<Record<string, string>>;
  /**
   * Serve the Gateway API (`ingress.controller: 'gateway-api'`): from v3.2 the controller turns it on when it finds
   * the CRDs at start, so the release waits for `gatewayApiCrds`; the gate is also set explicitly.
   * @see https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/guide/gateway/gateway.md
   * @default false
   */
  readonly gatewayApi?: boolean;
  /** The Gateway API CRD install, with `gatewayApi`. @default - none */
  readonly gatewayApiCrds?: ITerraformDependable;
}

/**
 * The AWS Load Balancer Controller on the system nodes, with the upstream IAM policy through Pod Identity
 * (`aws-load-balancer-controller/aws-load-balancer-controller`). It turns the `alb` Ingress of the edge into an ALB.
 */
export class LoadBalancerController extends Construct {
  /** The controller's role (upstream policy) and its Pod Identity association. */
  public readonly identity: PodIdentityRole;
  public readonly helm: HelmAddon;
  public readonly systemPods: SystemPodRequest[];

  constructor(scope: Construct, id: string, props: LoadBalancerControllerProps) {
    super(scope, id);
    this.identity = addonIdentity(this, 'identity', props, {
      roleName: props.roleName,
      purpose: `AWS Load Balancer Controller of ${props.clusterName}`,
      namespace: LBC_NAMESPACE,
      serviceAccount: LBC_SERVICE_ACCOUNT,
      policies: {
        policy: {
          name: props.roleName,
          description: `AWS Load Balancer Controller ${LBC_POLICY_APP_VERSION} upstream policy`,
          document: loadBalancerControllerPolicy(awsPartition(props.region)),
        },
      },
    });
    suppress(
      this.identity.policies.policy,
      'iam-resource-wildcard',
      `SECURITY-RULES C3: the AWS Load Balancer Controller policy mirrors upstream
        docs/install/iam_policy.json of the pinned chart statement for statement (a test pins its exact action set),
        so upgrades diff cleanly; its unconditioned Resource "*" statements are upstream design.`,
    );

    this.helm = new HelmAddon(this, 'helm', {
      releaseName: 'aws-load-balancer-controller',
      ...LBC_CHART,
      namespace: LBC_NAMESPACE,
      values: {
        clusterName: props.clusterName,
        region: props.region,
        vpcId: props.vpcId,
        replicaCount: LBC_REPLICAS,
        serviceAccount: { create: true, name: LBC_SERVICE_ACCOUNT },
        tolerations: [props.systemNodeToleration],
        nodeSelector: { 'kubernetes.io/os': 'linux', ...props.systemNodeSelector },
        resources: LBC_RESOURCES,
        // one replica per system node, so a node loss leaves the webhooks answering
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  topologyKey: 'kubernetes.io/hostname',
                  labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' } },
                },
              },
            ],
          },
        },
        podDisruptionBudget: { maxUnavailable: 1 },
        // No Service of type LoadBalancer is used (the edge is an Ingress). Its mutating webhook fails closed, so
        // left on it would reject every Service (Karpenter's, ingress-nginx's) created while its pods start.
        enableServiceMutatorWebhook: false,
        ...(props.gatewayApi === true ? { controllerConfig: { featureGates: { ALBGatewayAPI: true } } } : {}),
      },
      dependsOn: [...this.identity.ready, ...(props.gatewayApiCrds !== undefined ? [props.gatewayApiCrds] : [])],
    });
    this.systemPods = [systemPod('aws-load-balancer-controller', LBC_REPLICAS, LBC_RESOURCES.requests)];
  }
}
