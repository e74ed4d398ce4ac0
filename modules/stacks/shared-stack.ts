import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { SHARED_STACK_ID, SHARED_STATE_PATH } from '../naming';
import { PlatformStack } from './platform-stack';

/** Properties for {@link SharedStack}. */
export interface SharedStackProps {
  readonly platform: PlatformConfig;
  /** Every environment: their secret containers and CI roles live here. */
  readonly environments: readonly EnvironmentConfig[];
}

/** Resources every environment shares: ECR, Secrets Manager containers, GitHub OIDC and CI roles. */
export class SharedStack extends PlatformStack {
  constructor(scope: Construct, props: SharedStackProps) {
    super(scope, SHARED_STACK_ID, { platform: props.platform, environment: 'shared', statePath: SHARED_STATE_PATH });
  }
}
