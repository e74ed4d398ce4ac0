import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { IngressConfig } from '../../environments/types';
import { HelmAddon, SystemPodRequest } from '../addons/helm-addon';
import { KubernetesObjects } from '../addons/kubernetes-objects';
import { chartValue } from '../addons/local-chart';
import { NamespaceRelease } from '../addons/namespace-release';
import { ADDON_STATE_NAMESPACE } from '../addons/namespaces';
import { albIngress } from './alb-ingress';
import { suppress } from '../policies/suppress';
import { AlbSecurityGroup } from './alb-security-group';
import { refuseInvalidProps } from '../config-errors';
import { validateIngressNginxProps } from './validation';

/**
 * ingress-nginx chart 4.15.1 / controller v1.15.1 (2026-03-19): the final release. The project is retired (no
 * further fixes, including security fixes; DESIGN decision 9), so the whole edge stays behind this one construct
 * and can be swapped for the Gateway API without touching the rest of the layer.
 * @see https://github.com/kubernetes/ingress-nginx/blob/helm-chart-4.15.1/charts/ingress-nginx/values.yaml
 */
export const INGRESS_NGINX_CHART = {
  repository: 'https://kubernetes.github.io/ingress-nginx',
  chart: 'ingress-nginx',
  version: '4.15.1',
} as const;
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
/** Release name: the chart names the controller Service `<release>-controller`. */
export const INGRESS_NGINX_RELEASE = 'ingress-nginx';
export const INGRESS_NGINX_SERVICE = `${INGRESS_NGINX_RELEASE}-controller`;
export const INGRESS_CLASS = 'nginx';

/** Properties for {@link IngressNginx}. */
export interface IngressNginxProps {
  readonly clusterName: string;
  readonly vpcId: string;
  readonly nodeSecurityGroupId: string;
  readonly ingress: IngressConfig;
  /** The VPC CIDR: the only network whose X-Forwarded-For ingress-nginx trusts (the ALB's addresses are in it). */
  readonly vpcCidr: string;
  /** The load balancer controller's release: the ALB Ingress is created after it and deleted before it. */
  readonly loadBalancerController: ITerraformDependable;
  /**
   * What gives ingress-nginx somewhere to run: its pods run on Karpenter capacity, so pass the NodePool release.
   */
  readonly capacity: ITerraformDependable;
  /**
   * ACM certificate of the HTTPS listener: the domain's validated certificate (a reference) or the configured ARN.
   * @default - HTTP only
   */
  readonly certificateArn?: string;
  /** Names external-dns points at the ALB. @default - none */
  readonly hostnames?: readonly string[];
  /** Resources the ALB Ingress waits for, e.g. the certificate validation. @default - none */
  readonly albDependsOn?: ITerraformDependable[];
}

/** Controller pod labels the chart sets, for spread constraints. */
const CONTROLLER_LABELS = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': INGRESS_NGINX_RELEASE,
  'app.kubernetes.io/component': 'controller',
};

/** The chart values: NodePort Service with fixed ports, IngressClass `nginx`, zone spread and a PDB when replicated. */
export function ingressNginxValues(ingress: IngressConfig, vpcCidr: string): Record<string, unknown> {
  const replicated = ingress.replicas > 1;
  return {
    // every namespaced template, the admission webhook's certgen Jobs and their Secret included, names the chart's
    // `ingress-nginx.namespace` helper (templates/_helpers.tpl line 37 at helm-chart-4.15.1); Helm state stays apart
    namespaceOverride: INGRESS_NGINX_NAMESPACE,
    controller: {
      replicaCount: ingress.replicas,
      resources: ingress.resources,
      ingressClass: INGRESS_CLASS,
      ingressClassResource: {
        name: INGRESS_CLASS,
        enabled: true,
        default: false,
        controllerValue: 'k8s.io/ingress-nginx',
      },
      allowSnippetAnnotations: false,
      // X-Forwarded-For is taken only from a peer inside the VPC (the ALB's nodes live in its public subnets); the
      // chart's default proxy-real-ip-cidr is 0.0.0.0/0, which would trust a forged header from any peer.
      // https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#proxy-real-ip-cidr
      config: { 'use-forwarded-headers': 'true', 'proxy-real-ip-cidr': vpcCidr },
      service: {
        type: 'NodePort',
        nodePorts: { http: ingress.nodePorts.http, https: ingress.nodePorts.https },
      },
      // the chart renders a PodDisruptionBudget only when replicaCount > 1
      minAvailable: 1,
      topologySpreadConstraints: replicated
        ? [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: CONTROLLER_LABELS },
            },
          ]
        : [],
    },
  };
}

/**
 * The edge: ALB (made by the load balancer controller from an Ingress) -> NodePort -> ingress-nginx -> apps. Owns the
 * ALB security group and the node rules for the two NodePorts. ingress-nginx runs on Karpenter capacity, so it adds
 * nothing to the system-node budget.
 */
export class IngressNginx extends Construct {
  /** The `ingress-nginx` Namespace (the admission webhook's key lives there; Helm state does not). */
  public readonly namespace: NamespaceRelease;
  public readonly helm: HelmAddon;
  public readonly securityGroup: AlbSecurityGroup;
  public readonly alb: KubernetesObjects;
  public readonly systemPods: SystemPodRequest[] = [];

  constructor(scope: Construct, id: string, props: IngressNginxProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateIngressNginxProps(props.ingress, `${at}.ingress`));
    const securityGroupName = `${props.clusterName}-alb`;
    this.namespace = new NamespaceRelease(this, 'namespace', {
      namespace: INGRESS_NGINX_NAMESPACE,
      purpose: 'the ingress-nginx controller and its admission webhook',
    });
    this.helm = new HelmAddon(this, 'helm', {
      releaseName: INGRESS_NGINX_RELEASE,
      ...INGRESS_NGINX_CHART,
      namespace: ADDON_STATE_NAMESPACE,
      values: ingressNginxValues(props.ingress, props.vpcCidr),
      dependsOn: [this.namespace.helm.release, props.capacity],
    });
    this.securityGroup = new AlbSecurityGroup(this, 'alb-security-group', {
      name: securityGroupName,
      vpcId: props.vpcId,
      nodeSecurityGroupId: props.nodeSecurityGroupId,
      nodePorts: props.ingress.nodePorts,
      https: props.certificateArn !== undefined,
    });
    suppress(
      this.securityGroup.group,
      'sg-attached',
      `SECURITY-RULES C9: the ALB security group is attached by the load balancer controller through
        the Ingress annotation alb.ingress.kubernetes.io/security-groups, which Terraform does not see.`,
    );
    // the certificate ARN may be known at apply only (the domain's certificate): a chart value fills its marker
    const substitutions: Record<string, string> =
      props.certificateArn !== undefined ? { certificateArn: props.certificateArn } : {};
    // depends on both controllers: on destroy the Ingress (and with it the ALB) goes while the controller still runs
    this.alb = new KubernetesObjects(this, 'alb', {
      name: 'ingress-alb',
      description: `The ALB Ingress of ${props.clusterName}: internet -> ALB -> ingress-nginx NodePort`,
      objects: [
        albIngress({
          name: 'ingress-nginx-alb',
          namespace: INGRESS_NGINX_NAMESPACE,
          serviceName: INGRESS_NGINX_SERVICE,
          securityGroupName,
          certificateArn: props.certificateArn !== undefined ? chartValue('certificateArn') : undefined,
          hostnames: props.hostnames,
          wafAclArn: props.ingress.wafAclArn,
        }),
      ],
      substitutions,
      // Helm state only: the Ingress names its namespace
      namespace: ADDON_STATE_NAMESPACE,
      dependsOn: [
        props.loadBalancerController,
        this.helm.release,
        this.securityGroup.group,
        ...this.securityGroup.rules,
        ...(props.albDependsOn ?? []),
      ],
    });
  }
}
