import type { EnvironmentConfig } from '../../environments/types';
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from '../edge/gateway-objects';
import { INGRESS_CLASS } from '../ingress-nginx/ingress-nginx';

/** How traffic reaches the application: ingress-nginx behind the ALB (today's edge) or a Gateway API HTTPRoute. */
export type EdgeController = 'ingress-nginx' | 'gateway-api';

/** Hostnames stay under this domain until the environment sets `ingress.domain`. */
export const PLACEHOLDER_DOMAIN = 'example.com';

export function edgeController(env: EnvironmentConfig): EdgeController {
  return env.ingress.controller ?? 'ingress-nginx';
}

export function applicationHostname(env: EnvironmentConfig, app: string, namespace: string): string {
  return `${app}.${namespace}.${env.ingress.domain?.zoneName ?? PLACEHOLDER_DOMAIN}`;
}

/** The platform's Gateway and the listener routes attach to: HTTPS when the edge has a certificate. */
export function gatewayParent(env: EnvironmentConfig) {
  const https = env.ingress.domain !== undefined || env.ingress.certificateArn !== undefined;
  return { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, sectionName: https ? 'https' : 'http' };
}

/** The chart values that switch the edge object: exactly one of `ingress` and `httpRoute` is enabled. */
export function edgeValues(env: EnvironmentConfig) {
  const byController: Record<EdgeController, () => Record<string, unknown>> = {
    'ingress-nginx': () => ({ ingress: { enabled: true, className: INGRESS_CLASS }, httpRoute: { enabled: false } }),
    'gateway-api': () => ({
      ingress: { enabled: false },
      httpRoute: { enabled: true, parentRefs: [gatewayParent(env)] },
    }),
  };
  return byController[edgeController(env)]();
}
