import type { KubernetesObject } from '../addons/local-chart';
import { ALB_SSL_POLICY } from './edge-config';

/**
 * The Gateway API edge as the AWS Load Balancer Controller v3.5.0 serves it: one GatewayClass for its ALB controller,
 * one Gateway (HTTP and, with a certificate, HTTPS) whose ALB a LoadBalancerConfiguration makes internet-facing with
 * the platform's security group and the ACM certificate (listener `certificateRefs` are not supported), and IP
 * targets (applications' Services are ClusterIP).
 * @see https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/guide/gateway/l7gateway.md
 * @see
 * https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/guide/gateway/loadbalancerconfig.md
 */
export const LBC_ALB_CONTROLLER_NAME = 'gateway.k8s.aws/alb';
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The load balancer controller's own API (`crds/gateway-crds.yaml` of chart 3.5.0; storage version v1). */
export const LBC_GATEWAY_API_VERSION = 'gateway.k8s.aws/v1';
export const GATEWAY_NAMESPACE = 'gateway-system';
export const GATEWAY_CLASS_NAME = 'aws-alb';
export const GATEWAY_NAME = 'edge';
export const LOAD_BALANCER_CONFIGURATION_NAME = 'edge-alb';
export const TARGET_GROUP_CONFIGURATION_NAME = 'edge-ip-targets';
export const HTTPS_REDIRECT_ROUTE = 'http-to-https';
/**
 * The label Kubernetes itself puts on every namespace (immutable, from v1.22): a route's namespace cannot claim
 * another's name, so a selector on it is an allow-list of namespaces.
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface GatewayObjectsInput {
  /** Namespaces whose HTTPRoutes may attach (the environment's application namespaces). */
  readonly appNamespaces: readonly string[];
  /** The ALB security group (an id, or a chart value marker filled at apply). */
  readonly securityGroup: string;
  /** The ACM certificate ARN (or its marker): HTTPS on 443, and HTTP only redirects. @default - HTTP only */
  readonly certificateArn?: string;
  /** Hostnames the redirect route carries, so external-dns points them at the Gateway. @default - none */
  readonly hostnames?: readonly string[];
  /** Regional WAFv2 web ACL. @default - no WAF */
  readonly wafAclArn?: string;
}

/** Routes from the application namespaces only. */
function fromAppNamespaces(namespaces: readonly string[]): Record<string, unknown> {
  return {
    namespaces: {
      from: 'Selector',
      selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...namespaces] }] },
    },
  };
}

export function gatewayObjects(input: GatewayObjectsInput): KubernetesObject[] {
  const https = input.certificateArn !== undefined;
  const ns = GATEWAY_NAMESPACE;
  const gatewayClass: KubernetesObject = {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'GatewayClass',
    metadata: { name: GATEWAY_CLASS_NAME },
    spec: {
      controllerName: LBC_ALB_CONTROLLER_NAME,
      description: 'Internet-facing ALBs of the AWS Load Balancer Controller',
    },
  };
  const targets: KubernetesObject = {
    apiVersion: LBC_GATEWAY_API_VERSION,
    kind: 'TargetGroupConfiguration',
    metadata: { name: TARGET_GROUP_CONFIGURATION_NAME, namespace: ns },
    // the controller's default is instance targets, which need NodePort Services
    spec: { defaultConfiguration: { targetType: 'ip' } },
  };
  const loadBalancer: KubernetesObject = {
    apiVersion: LBC_GATEWAY_API_VERSION,
    kind: 'LoadBalancerConfiguration',
    metadata: { name: LOAD_BALANCER_CONFIGURATION_NAME, namespace: ns },
    spec: {
      scheme: 'internet-facing', // the controller's default is internal
      securityGroups: [input.securityGroup],
      // our group only faces clients; the controller adds its backend group and the node/pod rules for the targets
      manageBackendSecurityGroupRules: true,
      defaultTargetGroupConfiguration: { name: TARGET_GROUP_CONFIGURATION_NAME },
      listenerConfigurations: https
        ? [{ protocolPort: 'HTTPS:443', defaultCertificate: input.certificateArn, sslPolicy: ALB_SSL_POLICY }]
        : [],
      ...(input.wafAclArn !== undefined ? { wafV2: { webACL: input.wafAclArn } } : {}),
    },
  };
  const listeners = https
    ? [
        // HTTP carries only the redirect route of this namespace; applications attach to HTTPS
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ kind: 'HTTPRoute' }] },
        },
        { name: 'https', protocol: 'HTTPS', port: 443, allowedRoutes: fromAppNamespaces(input.appNamespaces) },
      ]
    : [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: fromAppNamespaces(input.appNamespaces) }];
  const gateway: KubernetesObject = {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'Gateway',
    metadata: { name: GATEWAY_NAME, namespace: ns },
    spec: {
      gatewayClassName: GATEWAY_CLASS_NAME,
      infrastructure: {
        parametersRef: {
          group: 'gateway.k8s.aws',
          kind: 'LoadBalancerConfiguration',
          name: LOAD_BALANCER_CONFIGURATION_NAME,
        },
      },
      listeners,
    },
  };
  const objects = [gatewayClass, targets, loadBalancer, gateway];
  if (https) {
    objects.push({
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'HTTPRoute',
      metadata: { name: HTTPS_REDIRECT_ROUTE, namespace: ns },
      spec: {
        parentRefs: [{ name: GATEWAY_NAME, sectionName: 'http' }],
        ...(input.hostnames && input.hostnames.length > 0 ? { hostnames: [...input.hostnames] } : {}),
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    });
  }
  return objects;
}
