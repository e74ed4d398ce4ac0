import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { ciRoleNames, ecrPushRoleName, SHARED_STACK_ID, SHARED_STATE_PATH } from '../naming';
import {
  applyIamStatements, ecrPushStatements, environmentNamePrefixes, planStatements, POWER_USER_POLICY_ARN, READ_ONLY_POLICY_ARN,
  sharedNamePrefixes,
} from '../shared/ci-policies';
import { CustomerManagedKey } from '../shared/customer-managed-key';
import { EcrRepositories } from '../shared/ecr-repositories';
import { GithubOidcRole } from '../shared/github-oidc-role';
import { applySubjects, ecrPushSubjects, GITHUB_OIDC_URL, planSubjects, SHARED_CI_TARGET, STS_AUDIENCE } from '../shared/github-subjects';
import { SecretContainers } from '../shared/secret-containers';
import { PlatformStack } from './platform-stack';

/** Properties for {@link SharedStack}. */
export interface SharedStackProps {
  readonly platform: PlatformConfig;
  /** Every environment: their secret containers and CI roles live here. */
  readonly environments: readonly EnvironmentConfig[];
}

/** Applies create clusters and node groups; an hour is too short for a first dev apply. */
const APPLY_SESSION_SECONDS = 7200;

/**
 * Resources every environment shares: ECR, Secrets Manager containers, GitHub OIDC and CI roles.
 *
 * CI roles: per environment a read-only plan role (pull requests only) and an apply role (the GitHub environment
 * of the same name; the first environment also the apply branch). The shared stack has its own pair under the
 * target `shared`: its apply role manages the CI roles and the OIDC provider, so it is kept apart from the
 * environment roles and runs only in the `shared` GitHub environment. `state-backend` keeps local state and is
 * applied by hand, never by CI.
 */
export class SharedStack extends PlatformStack {
  public readonly ecr: EcrRepositories;
  public readonly secrets: SecretContainers;
  public readonly githubOidc: IamOpenidConnectProvider;
  /** CI roles by target (`shared`, `dev`, `prod`). */
  public readonly ciRoles: Readonly<Record<string, { readonly plan: GithubOidcRole; readonly apply: GithubOidcRole }>>;
  public readonly ecrPushRole: GithubOidcRole;

  constructor(scope: Construct, props: SharedStackProps) {
    super(scope, SHARED_STACK_ID, { platform: props.platform, environment: 'shared', statePath: SHARED_STATE_PATH });
    const { platform, environments } = props;
    const accountId = platform.aws.accountId;

    const ecrKey = new CustomerManagedKey(this, 'ecr-key', { alias: `${platform.project}-ecr`, description: 'ECR image encryption', accountId });
    this.ecr = new EcrRepositories(this, 'ecr', { ...platform.ecr, kmsKeyArn: ecrKey.key.arn });

    const secretsKey = new CustomerManagedKey(this, 'secrets-key', {
      alias: `${platform.project}-secrets`,
      description: 'Secrets Manager encryption of the platform secret containers',
      accountId,
    });
    this.secrets = new SecretContainers(this, 'secrets', {
      names: environments.flatMap(env => env.secrets.containers),
      kmsKeyArn: secretsKey.key.arn,
    });

    // One per account and URL; the thumbprint is no longer checked by AWS for this issuer, so none is pinned.
    this.githubOidc = new IamOpenidConnectProvider(this, 'github-oidc', { url: GITHUB_OIDC_URL, clientIdList: [STS_AUDIENCE] });
    const providerArn = this.githubOidc.arn;
    const github = platform.github;

    const roles: Record<string, { plan: GithubOidcRole; apply: GithubOidcRole }> = {};
    const targets = [
      { name: SHARED_CI_TARGET, statePrefix: SHARED_STATE_PATH, prefixes: sharedNamePrefixes(platform), applyBranch: false, oidc: true },
      ...environments.map((env, i) => ({
        name: env.name,
        statePrefix: env.name,
        prefixes: environmentNamePrefixes(platform, env),
        applyBranch: i === 0, // pushes to the apply branch deploy the first environment only
        oidc: false,
      })),
    ];
    for (const t of targets) {
      const names = ciRoleNames(platform, t.name);
      roles[t.name] = {
        plan: new GithubOidcRole(this, `ci-plan-${t.name}`, {
          roleName: names.plan,
          description: `Plans ${t.name} for pull requests of ${github.owner}/${github.infraRepository} (read-only)`,
          providerArn,
          subjects: planSubjects(github),
          managedPolicyArns: [READ_ONLY_POLICY_ARN],
          statements: planStatements(platform, t.statePrefix),
        }),
        apply: new GithubOidcRole(this, `ci-apply-${t.name}`, {
          roleName: names.apply,
          description: `Applies ${t.name} from ${github.owner}/${github.infraRepository} (environment ${t.name})`,
          providerArn,
          subjects: applySubjects(github, t.name, t.applyBranch),
          managedPolicyArns: [POWER_USER_POLICY_ARN],
          statements: applyIamStatements(platform, t.prefixes, t.oidc),
          maxSessionDurationSeconds: APPLY_SESSION_SECONDS,
        }),
      };
    }
    this.ciRoles = roles;

    this.ecrPushRole = new GithubOidcRole(this, 'ci-ecr-push', {
      roleName: ecrPushRoleName(platform),
      description: `Pushes images from ${github.owner}/${github.appRepository} to the platform ECR repositories`,
      providerArn,
      subjects: ecrPushSubjects(github),
      statements: ecrPushStatements(Object.values(this.ecr.repositories).map(r => r.arn)),
    });

    new TerraformOutput(this, 'ecr_repository_urls', {
      value: Object.fromEntries(Object.entries(this.ecr.repositories).map(([name, r]) => [name, r.repositoryUrl])),
      description: 'ECR repository URLs by name',
    });
    new TerraformOutput(this, 'secret_arns', {
      value: Object.fromEntries(Object.entries(this.secrets.secrets).map(([name, s]) => [name, s.arn])),
      description: 'Secrets Manager container ARNs by name (values are set out of band)',
    });
    new TerraformOutput(this, 'ci_role_arns', {
      value: {
        ...Object.fromEntries(Object.entries(roles).flatMap(([t, r]) => [[`plan-${t}`, r.plan.role.arn], [`apply-${t}`, r.apply.role.arn]])),
        'ecr-push': this.ecrPushRole.role.arn,
      },
      description: 'Roles GitHub Actions assumes through OIDC',
    });
  }
}
