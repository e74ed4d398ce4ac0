import type { Construct } from 'constructs';
import type { StateLocking } from '../../backend/s3-backend';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { EnvironmentLayer, hasOwnAccount, stackId, statePath } from '../naming';
import { PlatformStack } from './platform-stack';

/** How an environment's stacks lock their state: by lock file when the environment has an account of its own. */
export function environmentStateLocking(env: EnvironmentConfig): StateLocking {
  return hasOwnAccount(env) ? 'lockfile' : 'table';
}

/**
 * One layer of one environment (`<env>-<layer>`, state at `<env>/<layer>`): tagged with the environment's name and
 * tags, its state locked as the environment's account allows. The base of the vpc, eks and addons stacks.
 */
export class EnvironmentStack extends PlatformStack {
  constructor(scope: Construct, platform: PlatformConfig, env: EnvironmentConfig, layer: EnvironmentLayer) {
    super(scope, stackId(env.name, layer), {
      platform,
      environment: env.name,
      statePath: statePath(env.name, layer),
      stateLocking: environmentStateLocking(env),
      extraTags: env.tags,
    });
  }
}
