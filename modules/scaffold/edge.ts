import type { EnvironmentConfig } from '../../environments/types';
import { INGRESS_CLASS } from '../ingress-nginx/ingress-nginx';

/** How traffic reaches the application: ingress-nginx behind the ALB (today's edge) or a Gateway API HTTPRoute. */
export type EdgeController = 'ingress-nginx' | 'gateway-api';

/**
 * Fields of `ingress` the scaffold reads that the environment types may not declare yet (decision 17 adds
 * `ingress.controller` and `ingress.domain`): optional, so an environment without them keeps today's edge.
 */
interface EdgeFields {
  readonly controller?: EdgeController;
  readonly domain?: string;
}

/** The Gateway an HTTPRoute attaches to, until the platform exports its own name for it. */
export const DEFAULT_GATEWAY_PARENT = { name: 'platform', namespace: 'gateway' } as const;
/** Hostnames stay under this domain until the environment sets `ingress.domain`. */
export const PLACEHOLDER_DOMAIN = 'example.com';

export function edgeController(env: EnvironmentConfig): EdgeController {
  return (env.ingress as EdgeFields).controller ?? 'ingress-nginx';
}

export function applicationHostname(env: EnvironmentConfig, app: string, namespace: string): string {
  return `${app}.${namespace}.${(env.ingress as EdgeFields).domain ?? PLACEHOLDER_DOMAIN}`;
}

/** The chart values that switch the edge object: exactly one of `ingress` and `httpRoute` is enabled. */
export function edgeValues(env: EnvironmentConfig) {
  const byController: Record<EdgeController, () => Record<string, unknown>> = {
    'ingress-nginx': () => ({ ingress: { enabled: true, className: INGRESS_CLASS }, httpRoute: { enabled: false } }),
    'gateway-api': () => ({
      ingress: { enabled: false },
      httpRoute: { enabled: true, parentRefs: [{ ...DEFAULT_GATEWAY_PARENT }] },
    }),
  };
  return byController[edgeController(env)]();
}
