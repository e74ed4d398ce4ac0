import type { KubernetesObject } from '../addons/local-chart';
import { ALB_SSL_POLICY } from '../edge/edge-config';

/** Inputs of {@link albIngress}. */
export interface AlbIngressInput {
  readonly name: string;
  readonly namespace: string;
  /** The ingress-nginx controller Service the ALB forwards to (its port 80, reached through the NodePort). */
  readonly serviceName: string;
  /** Name tag of the ALB security group this layer creates (the annotation accepts a Name tag or an id). */
  readonly securityGroupName: string;
  /** ACM certificate (an ARN or a chart value marker): an HTTPS listener, HTTP redirects to it. @default - HTTP only */
  readonly certificateArn?: string;
  /** Names external-dns points at this ALB (its `hostname` annotation). @default - none */
  readonly hostnames?: readonly string[];
  /** Regional WAFv2 web ACL for the ALB. @default - no WAF */
  readonly wafAclArn?: string;
}

/** ingress-nginx answers `/healthz` with 200 on its HTTP port (catch-all server), so the ALB checks that. */
export const ALB_HEALTH_CHECK_PATH = '/healthz';

/**
 * The Ingress the AWS Load Balancer Controller turns into the internet-facing ALB: `instance` targets (every node's
 * HTTP NodePort), our own security group instead of one the controller makes, and no backend rules managed by the
 * controller (this layer writes them, limited to the ingress NodePorts).
 * @see https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/guide/ingress/annotations.md
 */
export function albIngress(input: AlbIngressInput): KubernetesObject {
  const a = 'alb.ingress.kubernetes.io';
  const https = input.certificateArn !== undefined;
  const annotations: Record<string, string> = {
    [`${a}/scheme`]: 'internet-facing',
    [`${a}/target-type`]: 'instance',
    [`${a}/healthcheck-path`]: ALB_HEALTH_CHECK_PATH,
    [`${a}/security-groups`]: input.securityGroupName,
    [`${a}/manage-backend-security-group-rules`]: 'false',
    [`${a}/listen-ports`]: JSON.stringify(https ? [{ HTTP: 80 }, { HTTPS: 443 }] : [{ HTTP: 80 }]),
  };
  if (https) {
    annotations[`${a}/certificate-arn`] = input.certificateArn;
    annotations[`${a}/ssl-redirect`] = '443';
    annotations[`${a}/ssl-policy`] = ALB_SSL_POLICY;
  }
  // external-dns (source ingress) publishes these names with the ALB's DNS name as the alias target
  // https://github.com/kubernetes-sigs/external-dns/blob/v0.21.0/docs/annotations/annotations.md
  if (input.hostnames !== undefined && input.hostnames.length > 0) {
    annotations['external-dns.alpha.kubernetes.io/hostname'] = input.hostnames.join(',');
  }
  if (input.wafAclArn !== undefined) annotations[`${a}/wafv2-acl-arn`] = input.wafAclArn;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: input.name, namespace: input.namespace, annotations },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: input.serviceName, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}
