import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { renderPolicy } from '../iam/render';
import { ciRoleNames, environmentPlatform, environmentRoleNames, workloadBoundaryArn } from '../naming';
import { ciBoundaryArn, ciBoundaryDocument, ciBoundaryPolicyName } from './ci-boundary';
import {
  applyIamStatements,
  environmentNamePrefixes,
  planStatements,
  POWER_USER_POLICY,
  READ_ONLY_POLICY,
  stateAccessStatements,
  STATE_PROTECTION_SID,
  stateProtectionStatements,
} from './ci-policies';
import { isolationStatements } from './ci-isolation';
import { suppressApplyRoleFindings, suppressCiBoundaryFindings } from './ci-suppressions';
import { DEFAULT_APPLY_SESSION_SECONDS } from './ci-roles';
import { GithubOidcRole } from './github-oidc-role';
import { applySubjects, GITHUB_OIDC_URL, planSubjects, SHARED_CI_TARGET, STS_AUDIENCE } from './github-subjects';

/** Properties for {@link AccountCiRoles}. */
export interface AccountCiRolesProps {
  /** The platform (its account keeps the state backend). */
  readonly platform: PlatformConfig;
  /** The environment whose own account gets the roles. */
  readonly env: EnvironmentConfig;
  /** Longest apply session in seconds. @default 7200 */
  readonly applySessionSeconds?: number;
}

/**
 * The CI of one environment in its own account: the account's GitHub OIDC provider (one per account), the CI
 * boundary, and the environment's plan and apply roles, with the same trust, managed policies and IAM scope as in
 * the platform account (ci-roles.ts). The account holds nothing of another environment: the account is the boundary.
 * What the bootstrap stack made there is tagged `shared` (as the shared stack's resources are in the platform
 * account), so the same Denies keep the environment's CI off it: its KMS keys, secret containers and Loki bucket
 * (ci-isolation.ts, with the shared target as the only other one). The state stays in the platform account's
 * bucket, reached across accounts by lock files (its bucket policy grants these two roles their own prefix,
 * state-bucket-access.ts).
 */
export class AccountCiRoles extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  public readonly boundary: IamPolicy;
  public readonly plan: GithubOidcRole;
  public readonly apply: GithubOidcRole;

  constructor(scope: Construct, id: string, props: AccountCiRolesProps) {
    super(scope, id);
    const { platform, env } = props;
    const local = environmentPlatform(platform, env);
    const github = platform.github;
    this.provider = new IamOpenidConnectProvider(this, 'github-oidc', {
      url: GITHUB_OIDC_URL,
      clientIdList: [STS_AUDIENCE],
    });
    this.boundary = new IamPolicy(this, 'ci-boundary', {
      name: ciBoundaryPolicyName(platform),
      description: 'Permissions boundary of every CI role: no unbounded roles, no state tampering, no secret values',
      policy: renderPolicy(ciBoundaryDocument(local, platform)),
    });
    suppressCiBoundaryFindings(this.boundary);
    const bounded = { permissionsBoundaryArn: ciBoundaryArn(local), dependsOn: [this.boundary] };
    const partition = awsPartition(platform.aws.region);
    const names = ciRoleNames(platform, env.name);
    const isolation = isolationStatements(local, { name: env.name, environment: env }, [{ name: SHARED_CI_TARGET }]);
    this.plan = new GithubOidcRole(this, `plan-${env.name}`, {
      roleName: names.plan,
      description: `Plans ${env.name} for pull requests of ${github.owner}/${github.infraRepository} (read-only)`,
      providerArn: this.provider.arn,
      subjects: planSubjects(github),
      managedPolicyArns: [awsManagedPolicyArn(READ_ONLY_POLICY, partition)],
      statements: [...planStatements(platform, env.name, 'lockfile'), ...isolation],
      ...bounded,
    });
    const iam = {
      prefixes: environmentNamePrefixes(platform, env),
      passRoleNames: Object.values(environmentRoleNames(env)),
      manageOidcProvider: false,
      requiredBoundaryArn: workloadBoundaryArn(local),
    };
    this.apply = new GithubOidcRole(this, `apply-${env.name}`, {
      roleName: names.apply,
      description:
        `Applies ${env.name} from ${github.owner}/${github.infraRepository} ` + `(GitHub environment ${env.name})`,
      providerArn: this.provider.arn,
      subjects: applySubjects(github, env.name),
      managedPolicyArns: [awsManagedPolicyArn(POWER_USER_POLICY, partition)],
      // IAM names in this account; the state Denies (state backend, lock table) name the platform account's
      statements: [
        ...applyIamStatements(local, iam).filter(s => s.Sid !== STATE_PROTECTION_SID),
        ...stateProtectionStatements(platform),
        ...stateAccessStatements(platform, env.name, true, 'lockfile'),
        ...isolation,
      ],
      maxSessionDurationSeconds: props.applySessionSeconds ?? DEFAULT_APPLY_SESSION_SECONDS,
      ...bounded,
    });
    if (this.apply.inlinePolicy !== undefined) suppressApplyRoleFindings(this.apply.inlinePolicy, env.name);
  }
}
