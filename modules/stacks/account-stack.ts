import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import {
  accountStackId,
  accountStatePath,
  DEFAULT_BOOTSTRAP_ROLE_NAME,
  environmentPlatform,
  logBucketName,
  roleArn,
  secretContainerNames,
  workloadBoundaryPolicyName,
} from '../naming';
import { renderPolicy } from '../iam/render';
import { LogBucket } from '../observability/log-bucket';
import { AccountCiRoles } from '../shared/account-ci-roles';
import { CustomerManagedKey } from '../shared/customer-managed-key';
import { SecretContainers } from '../shared/secret-containers';
import { SpotServiceLinkedRole } from '../shared/spot-service-linked-role';
import { ENVIRONMENT_TAG } from '../shared/ci-isolation';
import { SHARED_CI_TARGET } from '../shared/github-subjects';
import { suppressWorkloadBoundaryFindings } from '../shared/ci-suppressions';
import { workloadBoundaryDocument } from '../shared/workload-boundary';
import { PlatformStack } from './platform-stack';

/** Properties for {@link AccountStack}. */
export interface AccountStackProps {
  readonly platform: PlatformConfig;
  /** An environment with an account of its own (`env.aws`). */
  readonly env: EnvironmentConfig;
}

/**
 * The bootstrap of an environment's own account (`<env>-account`): what the shared stack makes for an environment of
 * the platform account, made in the environment's account instead: the GitHub OIDC provider, the CI boundary and the
 * environment's plan and apply roles, the workload boundary, the Spot service-linked role, the secret containers and
 * the Loki bucket (each with its CMK). An administrator of the platform account applies it (never CI: it defines the
 * CI roles), its provider assuming the account's bootstrap role; its state stays in the platform bucket, at
 * `<env>-account/`, outside every CI role's prefix. docs/DEPLOYMENT.md, "One AWS account per environment".
 */
export class AccountStack extends PlatformStack {
  public readonly ci: AccountCiRoles;
  public readonly secrets: SecretContainers;
  public readonly workloadBoundary: IamPolicy;
  public readonly logBucket?: LogBucket;

  constructor(scope: Construct, props: AccountStackProps) {
    const { platform, env } = props;
    if (env.aws === undefined) throw new Error(`environment ${env.name} has no account of its own (aws.accountId)`);
    const local = environmentPlatform(platform, env);
    super(scope, accountStackId(env.name), {
      platform: local,
      // the account's shared resources, like the shared stack's: the environment's CI roles are denied them by tag
      environment: SHARED_CI_TARGET,
      statePath: accountStatePath(env.name),
      // the environment's cost tags, never its own `environment` tag value over `shared`
      extraTags: Object.fromEntries(Object.entries(env.tags).filter(([key]) => key !== ENVIRONMENT_TAG)),
      assumeRoleArn: roleArn(local, env.aws.bootstrapRoleName ?? DEFAULT_BOOTSTRAP_ROLE_NAME),
    });
    const accountId = local.aws.accountId;

    const secretsKey = new CustomerManagedKey(this, 'secrets-key', {
      alias: `${platform.project}-secrets`,
      description: `Secrets Manager encryption of the ${env.name} secret containers`,
      accountId,
      region: local.aws.region,
    });
    this.secrets = new SecretContainers(this, 'secrets', {
      names: secretContainerNames(env),
      kmsKeyArn: secretsKey.key.arn,
    });

    if (env.observability.enabled) {
      const logsKey = new CustomerManagedKey(this, 'logs-key', {
        alias: `${platform.project}-logs`,
        description: `S3 encryption of the ${env.name} Loki log bucket`,
        accountId,
        region: local.aws.region,
      });
      this.logBucket = new LogBucket(this, `logs-${env.name}`, {
        bucketName: logBucketName(local, env.name),
        kmsKeyArn: logsKey.key.arn,
        retentionDays: env.observability.logRetentionDays,
      });
    }

    this.workloadBoundary = new IamPolicy(this, 'workload-boundary', {
      name: workloadBoundaryPolicyName(platform),
      description:
        'Permissions boundary of every environment role: its services, no IAM administration, no Organizations',
      policy: renderPolicy(workloadBoundaryDocument({ platform: local, environments: [env] })),
    });
    suppressWorkloadBoundaryFindings(this.workloadBoundary);

    if (env.aws.createSpotServiceLinkedRole ?? true) {
      new SpotServiceLinkedRole(this, 'spot-service-linked-role', {
        description: `EC2 Spot: Karpenter spot capacity of ${env.name}`,
      });
    }

    this.ci = new AccountCiRoles(this, 'ci', { platform, env });

    new TerraformOutput(this, 'secret_arns', {
      value: Object.fromEntries(Object.entries(this.secrets.secrets).map(([name, s]) => [name, s.arn])),
      description: 'Secrets Manager container ARNs by name (values are set out of band)',
    });
    new TerraformOutput(this, 'ci_role_arns', {
      value: { [`plan-${env.name}`]: this.ci.plan.role.arn, [`apply-${env.name}`]: this.ci.apply.role.arn },
      description: 'Roles GitHub Actions assumes through OIDC in this account',
    });
  }
}
