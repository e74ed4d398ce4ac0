import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { applyS3Backend, StateLocking } from '../../backend/s3-backend';
import type { PlatformConfig } from '../../environments/types';
import { defaultTags } from '../naming';

/** Properties for {@link PlatformStack}. */
export interface PlatformStackProps {
  readonly platform: PlatformConfig;
  /** Value of the `environment` tag (`dev`, `prod`, `shared`). */
  readonly environment: string;
  /** State path in the state bucket, e.g. `dev/vpc`. @default - local state (only the state-backend stack) */
  readonly statePath?: string;
  /** Tags added to the provider's default tags. @default - none */
  readonly extraTags?: Readonly<Record<string, string>>;
  /** How the state is locked (`lockfile` for an environment in its own account). @default 'table' */
  readonly stateLocking?: StateLocking;
  /**
   * ARN of a role the provider assumes: the bootstrap role of an environment's own account, for the stack an
   * administrator of the platform account applies there. @default - the caller's credentials
   */
  readonly assumeRoleArn?: string;
}

/**
 * Oldest Terraform every stack accepts: 1.10 brought S3 lock files (`platform.state.useLockfile`); CI pins 1.13.
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.10.0';

/** A stack with the AWS provider (region, account guard, default tags) and the S3 backend: every stack's base. */
export class PlatformStack extends TerraformStack {
  public readonly platform: PlatformConfig;
  public readonly awsProvider: AwsProvider;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    this.platform = props.platform;
    this.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
    this.awsProvider = new AwsProvider(this, 'aws', {
      region: props.platform.aws.region,
      // refuses to plan against any other account: a wrong profile fails instead of deploying elsewhere
      allowedAccountIds: [props.platform.aws.accountId],
      ...(props.assumeRoleArn === undefined ? {} : { assumeRole: [{ roleArn: props.assumeRoleArn, sessionName: id }] }),
      defaultTags: [{ tags: defaultTags(props.platform, props.environment, props.extraTags) }],
    });
    if (props.statePath !== undefined) applyS3Backend(this, props.platform, props.statePath, props.stateLocking);
  }
}
