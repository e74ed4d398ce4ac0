import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { ciRoleNames, ENVIRONMENT_LAYERS, environmentPlatform, roleArn, SHARED_STACK_ID, stackId } from '../naming';
import { SHARED_CI_TARGET } from '../shared/github-subjects';

/** One unit CI plans and applies with its own pair of roles: `shared`, or an environment. */
export interface CiTarget {
  readonly target: string;
  /** Its stacks in deploy order, space-separated (for a shell loop). */
  readonly stacks: string;
  readonly planRole: string;
  readonly applyRole: string;
}

/**
 * The CI matrix, derived from the configuration so a new environment needs no workflow edit. `state-backend`
 * is absent on purpose: it keeps local state and is applied by hand.
 */
export function ciTargets(platform: PlatformConfig, environments: readonly EnvironmentConfig[]): CiTarget[] {
  // each role in its target's account: an environment of its own account is planned and applied by the roles there
  const target = (name: string, stacks: string[], account: PlatformConfig): CiTarget => {
    const roles = ciRoleNames(platform, name);
    const [planRole, applyRole] = [roleArn(account, roles.plan), roleArn(account, roles.apply)];
    return { target: name, stacks: stacks.join(' '), planRole, applyRole };
  };
  return [
    target(SHARED_CI_TARGET, [SHARED_STACK_ID], platform),
    ...environments.map(env =>
      target(
        env.name,
        ENVIRONMENT_LAYERS.map(layer => stackId(env.name, layer)),
        environmentPlatform(platform, env),
      ),
    ),
  ];
}

/** `key=value` lines for `$GITHUB_OUTPUT`: the targets as JSON, the environment names, the region. */
export function githubOutputs(platform: PlatformConfig, environments: readonly EnvironmentConfig[]): string {
  const targets = ciTargets(platform, environments);
  return (
    [
      `targets=${JSON.stringify(targets)}`,
      `environments=${JSON.stringify(environments.map(e => e.name))}`,
      `first-environment=${environments[0]?.name ?? ''}`,
      `planned-stacks=${targets.flatMap(t => t.stacks.split(' ')).join(',')}`,
      `region=${platform.aws.region}`,
    ].join('\n') + '\n'
  );
}
