import type { EdgeController, IngressConfig } from '../../environments/types';

/** The controller that serves the edge (`ingress.controller`, default the seed's ingress-nginx). */
export function edgeController(ingress: IngressConfig): EdgeController {
  return ingress.controller ?? 'ingress-nginx';
}

/** The ALB serves HTTPS (and redirects HTTP) when a domain or an explicit certificate is configured. */
export function servesHttps(ingress: IngressConfig): boolean {
  return ingress.domain !== undefined || ingress.certificateArn !== undefined;
}

/** ingress-nginx runs in the default mode, and beside the Gateway while a migration keeps it. */
export function runsIngressNginx(ingress: IngressConfig): boolean {
  return edgeController(ingress) === 'ingress-nginx' || ingress.keepIngressNginx !== undefined;
}

/** Which edge external-dns points the hostnames at: the Gateway, unless ingress-nginx is still `serving`. */
export function dnsFollowsGateway(ingress: IngressConfig): boolean {
  return edgeController(ingress) === 'gateway-api' && ingress.keepIngressNginx !== 'serving';
}

/**
 * TLS 1.2 and 1.3 only, AWS's recommended policy for ALB HTTPS listeners (the controller's default,
 * ELBSecurityPolicy-2016-08, still accepts TLS 1.0).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
