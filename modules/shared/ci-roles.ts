import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { renderPolicy } from '../iam/render';
import { ciRoleNames, ecrPushRoleName, environmentRoleNames, SHARED_STATE_PATH, workloadBoundaryArn } from '../naming';
import { allowedBoundaryArns, ciBoundaryArn, ciBoundaryDocument, ciBoundaryPolicyName } from './ci-boundary';
import { isolationStatements } from './ci-isolation';
import { suppressApplyRoleFindings, suppressCiBoundaryFindings } from './ci-suppressions';
import {
  ApplyIamScope,
  applyIamStatements,
  ecrPushStatements,
  environmentNamePrefixes,
  planStatements,
  POWER_USER_POLICY,
  READ_ONLY_POLICY,
  sharedNamePrefixes,
  stateAccessStatements,
} from './ci-policies';
import { GithubOidcRole } from './github-oidc-role';
import {
  applySubjects,
  ecrPushSubjects,
  GITHUB_OIDC_URL,
  planSubjects,
  SHARED_CI_TARGET,
  STS_AUDIENCE,
} from './github-subjects';

/** Properties for {@link CiRoles}. */
export interface CiRolesProps {
  readonly platform: PlatformConfig;
  /** Every environment, in deploy order: each gets a plan and an apply role. */
  readonly environments: readonly EnvironmentConfig[];
  /** ARNs of the repositories the application CI pushes to. */
  readonly ecrRepositoryArns: readonly string[];
  /** Longest apply session in seconds: a first dev apply creates a cluster and node groups. @default 7200 */
  readonly applySessionSeconds?: number;
}

export const DEFAULT_APPLY_SESSION_SECONDS = 7200;

interface Target {
  readonly name: string;
  readonly statePrefix: string;
  readonly iam: ApplyIamScope;
  readonly environment?: EnvironmentConfig;
}

/**
 * The GitHub OIDC provider and every role GitHub Actions assumes. Per target (the shared stack itself, then each
 * environment) a read-only plan role trusted for pull requests and an apply role trusted for the GitHub
 * environment of the same name; plus the application repository's ECR push role. Every one of them carries the CI
 * boundary (ci-boundary.ts); each target's roles are denied every other target's resources (ci-isolation.ts) and
 * state. The shared target's apply role manages the CI roles and the OIDC provider, so it is kept apart from the
 * environment roles.
 */
export class CiRoles extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  /** The permissions boundary of every CI role. */
  public readonly boundary: IamPolicy;
  /** Plan and apply roles by target (`shared`, `dev`, `prod`). */
  public readonly roles: Readonly<Record<string, { readonly plan: GithubOidcRole; readonly apply: GithubOidcRole }>>;
  public readonly ecrPush: GithubOidcRole;

  constructor(scope: Construct, id: string, props: CiRolesProps) {
    super(scope, id);
    const { platform } = props;
    const applySessionSeconds = props.applySessionSeconds ?? DEFAULT_APPLY_SESSION_SECONDS;
    const github = platform.github;
    // One per account and URL; AWS no longer checks a thumbprint for this issuer, so none is pinned.
    this.provider = new IamOpenidConnectProvider(this, 'github-oidc', {
      url: GITHUB_OIDC_URL,
      clientIdList: [STS_AUDIENCE],
    });
    const providerArn = this.provider.arn;
    this.boundary = new IamPolicy(this, 'ci-boundary', {
      name: ciBoundaryPolicyName(platform),
      description: 'Permissions boundary of every CI role: no unbounded roles, no state tampering, no secret values',
      policy: renderPolicy(ciBoundaryDocument(platform)),
    });
    suppressCiBoundaryFindings(this.boundary);
    const bounded = { permissionsBoundaryArn: ciBoundaryArn(platform), dependsOn: [this.boundary] };
    const partition = awsPartition(platform.aws.region);

    const targets: Target[] = [
      {
        name: SHARED_CI_TARGET,
        statePrefix: SHARED_STATE_PATH,
        iam: {
          prefixes: sharedNamePrefixes(platform),
          passRoleNames: [],
          manageOidcProvider: true,
          requiredBoundaryArn: ciBoundaryArn(platform),
          keptPolicyArns: allowedBoundaryArns(platform),
          readableBoundaryArns: allowedBoundaryArns(platform),
          selfRoleName: ciRoleNames(platform, SHARED_CI_TARGET).apply,
          manageSpotServiceLinkedRole: platform.createSpotServiceLinkedRole !== false,
        },
      },
      ...props.environments.map(env => ({
        name: env.name,
        statePrefix: env.name,
        environment: env,
        iam: {
          prefixes: environmentNamePrefixes(platform, env),
          passRoleNames: Object.values(environmentRoleNames(env)),
          manageOidcProvider: false,
          requiredBoundaryArn: workloadBoundaryArn(platform),
        },
      })),
    ];
    const roles: Record<string, { plan: GithubOidcRole; apply: GithubOidcRole }> = {};
    for (const t of targets) {
      const names = ciRoleNames(platform, t.name);
      const isolation = isolationStatements(
        platform,
        t,
        targets.filter(o => o.name !== t.name),
      );
      roles[t.name] = {
        plan: new GithubOidcRole(this, `plan-${t.name}`, {
          roleName: names.plan,
          description: `Plans ${t.name} for pull requests of ${github.owner}/${github.infraRepository} (read-only)`,
          providerArn,
          subjects: planSubjects(github),
          managedPolicyArns: [awsManagedPolicyArn(READ_ONLY_POLICY, partition)],
          statements: [...planStatements(platform, t.statePrefix), ...isolation],
          ...bounded,
        }),
        apply: new GithubOidcRole(this, `apply-${t.name}`, {
          roleName: names.apply,
          description:
            `Applies ${t.name} from ${github.owner}/${github.infraRepository} (GitHub environment ` + `${t.name})`,
          providerArn,
          subjects: applySubjects(github, t.name),
          managedPolicyArns: [awsManagedPolicyArn(POWER_USER_POLICY, partition)],
          statements: [
            ...applyIamStatements(platform, t.iam),
            ...stateAccessStatements(platform, t.statePrefix, true),
            ...isolation,
          ],
          maxSessionDurationSeconds: applySessionSeconds,
          ...bounded,
        }),
      };
      // an environment's apply role passes that environment's roles; the shared one passes none
      const inline = roles[t.name].apply.inlinePolicy;
      if (t.environment !== undefined && inline !== undefined) suppressApplyRoleFindings(inline, t.name);
    }
    this.roles = roles;

    this.ecrPush = new GithubOidcRole(this, 'ecr-push', {
      roleName: ecrPushRoleName(platform),
      description: `Pushes images from ${github.owner}/${github.appRepository} to the platform ECR repositories`,
      providerArn,
      subjects: ecrPushSubjects(github),
      statements: ecrPushStatements(props.ecrRepositoryArns),
      ...bounded,
    });
  }
}
