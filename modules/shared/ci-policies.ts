import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { roleArn } from '../naming';
import { GITHUB_OIDC_HOST } from './github-subjects';

/**
 * Permission statements of the CI roles, as pure functions so tests check them without synthesizing.
 * The apply roles get AWS's PowerUserAccess (everything but IAM, Organizations and account settings) plus the
 * IAM actions below, scoped to the names their stacks create. AdministratorAccess and `iam:*` are ruled out
 * (SECURITY-RULES check 29).
 */

export const READ_ONLY_POLICY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const POWER_USER_POLICY_ARN = 'arn:aws:iam::aws:policy/PowerUserAccess';

/** Managed policies no CI-created role may be given: attaching one would lift the apply role above itself. */
export const FORBIDDEN_ATTACHMENTS = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/IAMFullAccess',
  'arn:aws:iam::aws:policy/PowerUserAccess',
];

/** What Terraform needs to create, read, update and delete roles, their policies and instance profiles. */
export const IAM_ROLE_ACTIONS = [
  'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy',
  'iam:TagRole', 'iam:UntagRole', 'iam:ListRoleTags',
  'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies',
  'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole',
  'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions',
  'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy', 'iam:ListPolicyTags',
  'iam:CreateInstanceProfile', 'iam:DeleteInstanceProfile', 'iam:GetInstanceProfile', 'iam:AddRoleToInstanceProfile',
  'iam:RemoveRoleFromInstanceProfile', 'iam:TagInstanceProfile', 'iam:UntagInstanceProfile', 'iam:ListInstanceProfileTags',
];

/** The GitHub OIDC provider's lifecycle (shared stack only). */
export const IAM_OIDC_PROVIDER_ACTIONS = [
  'iam:CreateOpenIDConnectProvider', 'iam:DeleteOpenIDConnectProvider', 'iam:GetOpenIDConnectProvider',
  'iam:AddClientIDToOpenIDConnectProvider', 'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:TagOpenIDConnectProvider', 'iam:UntagOpenIDConnectProvider',
];

/** Services the environment stacks hand roles to: the cluster and node roles, Pod Identity, VPC flow logs. */
export const PASS_ROLE_SERVICES = ['eks.amazonaws.com', 'pods.eks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'];

/** The name prefixes an environment's roles use: `<cluster>-` (environmentRoleNames) and `<project>-<env>-`. */
export function environmentNamePrefixes(platform: PlatformConfig, env: EnvironmentConfig): string[] {
  return [...new Set([`${env.cluster.name}-`, `${platform.project}-${env.name}-`])];
}

/** The CI roles' own prefix, the only roles the shared stack's apply role manages. */
export function sharedNamePrefixes(platform: PlatformConfig): string[] {
  return [`${platform.project}-ci-`];
}

function iamArns(platform: PlatformConfig, kind: string, prefixes: readonly string[]): string[] {
  return prefixes.map(p => `arn:aws:iam::${platform.aws.accountId}:${kind}/${p}*`);
}

/** What an apply role may do in IAM. */
export interface ApplyIamScope {
  /** Name prefixes of the roles, policies and instance profiles its stacks create. */
  readonly prefixes: readonly string[];
  /** Exact names of the roles its stacks hand to AWS services (PassRole). */
  readonly passRoleNames: readonly string[];
  /** Whether it manages the GitHub OIDC provider (the shared stack). */
  readonly manageOidcProvider: boolean;
}

/** IAM management for names starting with one of the prefixes, PassRole of the named roles to the services above, and the guard-rails. */
export function applyIamStatements(platform: PlatformConfig, scope: ApplyIamScope): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    {
      sid: 'ManageOwnIamNames',
      effect: 'Allow',
      actions: IAM_ROLE_ACTIONS,
      resources: ['role', 'policy', 'instance-profile'].flatMap(kind => iamArns(platform, kind, scope.prefixes)),
    },
    {
      sid: 'NoAdministratorAttachments',
      effect: 'Deny',
      actions: ['iam:AttachRolePolicy'],
      resources: ['*'],
      condition: [{ test: 'ArnEquals', variable: 'iam:PolicyARN', values: FORBIDDEN_ATTACHMENTS }],
    },
    ...stateProtectionStatements(platform),
  ];
  if (scope.passRoleNames.length > 0) {
    statements.splice(1, 0, {
      sid: 'PassOwnRolesToServices',
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: scope.passRoleNames.map(name => roleArn(platform, name)),
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: PASS_ROLE_SERVICES }],
    });
  }
  if (scope.manageOidcProvider) {
    statements.push({
      sid: 'ManageGithubOidcProvider',
      effect: 'Allow',
      actions: IAM_OIDC_PROVIDER_ACTIONS,
      resources: [`arn:aws:iam::${platform.aws.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`],
    });
  }
  return statements;
}

/** No CI role may delete the state bucket or the lock table (PowerUserAccess alone would allow it). */
export function stateProtectionStatements(platform: PlatformConfig): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'KeepStateBackend',
      effect: 'Deny',
      actions: ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketVersioning', 'dynamodb:DeleteTable'],
      resources: [`arn:aws:s3:::${platform.state.bucket}`, `arn:aws:dynamodb:${platform.aws.region}:${platform.aws.accountId}:table/${platform.state.lockTable}`],
    },
  ];
}

/**
 * The plan role on top of ReadOnlyAccess: it reads only its own state prefix (pull-request code runs with this
 * role, so other environments' state stays out of reach) and never a secret value. Plans run with -lock=false.
 */
export function planStatements(platform: PlatformConfig, statePrefix: string): DataAwsIamPolicyDocumentStatement[] {
  const bucket = `arn:aws:s3:::${platform.state.bucket}`;
  return [
    { sid: 'ListState', effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucket] },
    { sid: 'ReadOwnState', effect: 'Allow', actions: ['s3:GetObject'], resources: [`${bucket}/${statePrefix}/*`] },
    { sid: 'NoOtherObjects', effect: 'Deny', actions: ['s3:GetObject', 's3:GetObjectVersion'], notResources: [`${bucket}/${statePrefix}/*`] },
    // ReadOnlyAccess does not grant it today; the Deny keeps it so if AWS widens the managed policy
    { sid: 'NoSecretValues', effect: 'Deny', actions: ['secretsmanager:GetSecretValue'], resources: ['*'] },
  ];
}

/** The application CI: log in to ECR and push to (and pull from) the platform's repositories only. */
export function ecrPushStatements(repositoryArns: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
  return [
    { sid: 'EcrLogin', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }, // not resource-scopable
    {
      sid: 'PushToPlatformRepositories',
      effect: 'Allow',
      actions: [
        'ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload',
        'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages', 'ecr:DescribeImageScanFindings',
      ],
      resources: [...repositoryArns],
    },
  ];
}
