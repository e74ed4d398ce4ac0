import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { servesHttps } from '../edge/edge-config';
import { ciRoleNames, environmentPlatform, roleArn, stackId } from '../naming';
import type { PolicySettings } from './types';

/** Environments whose edge must be HTTPS-only whatever their file says (edge-listener-tls). */
export const TLS_REQUIRED_ENVIRONMENTS: readonly string[] = ['prod'];

/**
 * What the rules compare each stack against, from the typed configuration: the eks layer's cluster-admin
 * allow-list (the environment's admins and the CI apply role) and the addons layer's readable secret prefixes.
 */
export function policySettings(
  platform: PlatformConfig,
  environments: readonly EnvironmentConfig[],
): (stack: string) => PolicySettings | undefined {
  const byStack = new Map<string, PolicySettings>();
  for (const env of environments) {
    byStack.set(stackId(env.name, 'eks'), {
      clusterAdminPrincipalArns: [
        ...env.cluster.adminPrincipalArns,
        roleArn(environmentPlatform(platform, env), ciRoleNames(platform, env.name).apply),
      ],
    });
    byStack.set(stackId(env.name, 'addons'), {
      secretPrefixes: env.secrets.readablePrefixes,
      requireEdgeTls: TLS_REQUIRED_ENVIRONMENTS.includes(env.name) || servesHttps(env.ingress),
    });
  }
  return stack => byStack.get(stack);
}
