import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { renderPolicy } from '../iam/render';
import { LogBucket } from '../observability/log-bucket';
import {
  environmentPlatform,
  environmentRoleNames,
  hasOwnAccount,
  logBucketName,
  roleArn,
  secretContainerNames,
  SHARED_STACK_ID,
  SHARED_STATE_PATH,
  workloadBoundaryPolicyName,
} from '../naming';
import { CiRoles } from '../shared/ci-roles';
import { CustomerManagedKey } from '../shared/customer-managed-key';
import { CrossAccountPuller, EcrRepositories } from '../shared/ecr-repositories';
import { SecretContainers } from '../shared/secret-containers';
import { SpotServiceLinkedRole } from '../shared/spot-service-linked-role';
import { suppressWorkloadBoundaryFindings } from '../shared/ci-suppressions';
import { workloadBoundaryDocument } from '../shared/workload-boundary';
import { PlatformStack } from './platform-stack';

/** The node roles of an environment in its own account: they pull the platform's images across accounts. */
export function nodePullers(platform: PlatformConfig, env: EnvironmentConfig): CrossAccountPuller {
  const local = environmentPlatform(platform, env);
  const roles = environmentRoleNames(env);
  const roleArns = [roles.systemNodes, roles.karpenterNode].map(name => roleArn(local, name));
  return { accountId: local.aws.accountId, roleArns };
}

/** Properties for {@link SharedStack}. */
export interface SharedStackProps {
  readonly platform: PlatformConfig;
  /**
   * Every environment: their secret containers and CI roles live here, except for an environment in an account of
   * its own (its `<env>-account` stack has them; here only the ECR pull grant of its node roles).
   */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Resources every environment shares: ECR repositories and Secrets Manager containers (each with its own CMK), the
 * GitHub OIDC provider and the CI roles. `state-backend` keeps local state and is applied by hand, never by CI.
 */
export class SharedStack extends PlatformStack {
  public readonly ecr: EcrRepositories;
  public readonly secrets: SecretContainers;
  public readonly ci: CiRoles;
  /** Loki's bucket per environment with observability enabled, by environment name. */
  public readonly logBuckets: Readonly<Record<string, LogBucket>>;
  /** The permissions boundary of every environment role (the environment apply roles create roles only with it). */
  public readonly workloadBoundary: IamPolicy;

  constructor(scope: Construct, props: SharedStackProps) {
    super(scope, SHARED_STACK_ID, { platform: props.platform, environment: 'shared', statePath: SHARED_STATE_PATH });
    const { platform, environments } = props;
    const { accountId, region } = platform.aws;
    // environments in an account of their own get their secrets, logs and CI roles from their `<env>-account` stack
    const local = environments.filter(env => !hasOwnAccount(env));
    const remote = environments.filter(env => hasOwnAccount(env));

    const ecrKey = new CustomerManagedKey(this, 'ecr-key', {
      alias: `${platform.project}-ecr`,
      description: 'ECR image encryption',
      accountId,
      region,
    });
    this.ecr = new EcrRepositories(this, 'ecr', {
      ...platform.ecr,
      kmsKeyArn: ecrKey.key.arn,
      region,
      ...(remote.length === 0 ? {} : { crossAccountPullers: remote.map(env => nodePullers(platform, env)) }),
    });

    const secretsKey = new CustomerManagedKey(this, 'secrets-key', {
      alias: `${platform.project}-secrets`,
      description: 'Secrets Manager encryption of the platform secret containers',
      accountId,
      region,
    });
    this.secrets = new SecretContainers(this, 'secrets', {
      names: local.flatMap(env => secretContainerNames(env)),
      kmsKeyArn: secretsKey.key.arn,
    });

    // Loki's chunks: per environment, here rather than in the addons layer, so logs outlive the cluster
    const observed = local.filter(env => env.observability.enabled);
    if (observed.length > 0) {
      const logsKey = new CustomerManagedKey(this, 'logs-key', {
        alias: `${platform.project}-logs`,
        description: "S3 encryption of the environments' Loki log buckets",
        accountId,
        region,
      });
      this.logBuckets = Object.fromEntries(
        observed.map(env => [
          env.name,
          new LogBucket(this, `logs-${env.name}`, {
            bucketName: logBucketName(platform, env.name),
            kmsKeyArn: logsKey.key.arn,
            retentionDays: env.observability.logRetentionDays,
          }),
        ]),
      );
    } else {
      this.logBuckets = {};
    }

    this.workloadBoundary = new IamPolicy(this, 'workload-boundary', {
      name: workloadBoundaryPolicyName(platform),
      description:
        'Permissions boundary of every environment role: its services, no IAM administration, no Organizations',
      policy: renderPolicy(workloadBoundaryDocument({ platform, environments })),
    });
    suppressWorkloadBoundaryFindings(this.workloadBoundary);

    if (platform.createSpotServiceLinkedRole ?? true) {
      new SpotServiceLinkedRole(this, 'spot-service-linked-role', {
        description: 'EC2 Spot: Karpenter spot capacity of every environment',
      });
    }

    this.ci = new CiRoles(this, 'ci', {
      platform,
      environments: local,
      ecrRepositoryArns: Object.values(this.ecr.repositories).map(r => r.arn),
    });

    new TerraformOutput(this, 'ecr_repository_urls', {
      value: Object.fromEntries(Object.entries(this.ecr.repositories).map(([name, r]) => [name, r.repositoryUrl])),
      description: 'ECR repository URLs by name',
    });
    new TerraformOutput(this, 'secret_arns', {
      value: Object.fromEntries(Object.entries(this.secrets.secrets).map(([name, s]) => [name, s.arn])),
      description: 'Secrets Manager container ARNs by name (values are set out of band)',
    });
    const roleArns = Object.entries(this.ci.roles).flatMap(([t, r]) => [
      [`plan-${t}`, r.plan.role.arn],
      [`apply-${t}`, r.apply.role.arn],
    ]);
    new TerraformOutput(this, 'ci_role_arns', {
      value: { ...Object.fromEntries(roleArns), 'ecr-push': this.ci.ecrPush.role.arn },
      description: 'Roles GitHub Actions assumes through OIDC',
    });
  }
}
