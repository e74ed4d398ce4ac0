import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { environmentNameBase, roleArn } from '../naming';
import { GITHUB_OIDC_HOST } from './github-subjects';

/**
 * Permission statements of the CI roles, as pure functions so tests check them without synthesizing.
 * The apply roles get AWS's PowerUserAccess (everything but IAM, Organizations and account settings) plus the
 * IAM actions below, scoped to the names their stacks create. AdministratorAccess and `iam:*` are ruled out
 * (SECURITY-RULES check 29). An environment apply role creates or widens a role only with the workload permissions
 * boundary on it (workload-boundary.ts), so it cannot make itself an admin role to assume.
 */

export const READ_ONLY_POLICY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const POWER_USER_POLICY_ARN = 'arn:aws:iam::aws:policy/PowerUserAccess';

/** Managed policies no CI-created role may be given: attaching one would lift the apply role above itself. */
export const FORBIDDEN_ATTACHMENTS = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/IAMFullAccess',
  'arn:aws:iam::aws:policy/PowerUserAccess',
];

/**
 * The IAM actions that give a role permissions: an environment apply role may call them only on a role that
 * carries the workload boundary (Condition iam:PermissionsBoundary), so every role it creates or widens stays
 * inside the boundary however wide its policies are.
 */
export const IAM_ROLE_GRANT_ACTIONS = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'];

/** What Terraform needs to create, read, update and delete roles, their policies and instance profiles. */
export const IAM_ROLE_ACTIONS = [
  ...IAM_ROLE_GRANT_ACTIONS,
  'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy',
  'iam:TagRole', 'iam:UntagRole', 'iam:ListRoleTags',
  'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies',
  'iam:DetachRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole',
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
  return [...new Set([`${environmentNameBase(env)}-`, `${platform.project}-${env.name}-`])];
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
  /**
   * Environment targets: ARN of the permissions boundary every role they create or change must carry.
   * @default - no boundary required (the shared target, whose roles are the CI roles)
   */
  readonly requiredBoundaryArn?: string;
  /** Shared target: ARN of the boundary policy it owns (creates and updates). @default - none */
  readonly ownedBoundaryArn?: string;
  /** Shared target: name of the apply role itself, which it may not change (its prefix covers it). @default - none */
  readonly selfRoleName?: string;
}

/** Actions on the boundary policy that would change what it allows (denied to the environment apply roles). */
export const BOUNDARY_POLICY_CHANGE_ACTIONS = ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'];

/** What the shared apply role needs to own the boundary policy (Terraform's aws_iam_policy lifecycle). */
export const BOUNDARY_POLICY_OWNER_ACTIONS = [
  'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions',
  'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy', 'iam:ListPolicyTags',
];

/** Changes to its own role that would let the shared apply role widen itself. */
export const SELF_CHANGE_ACTIONS = ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRolePermissionsBoundary'];

/** IAM management for names starting with one of the prefixes, PassRole of the named roles to the services above, and the guard-rails. */
export function applyIamStatements(platform: PlatformConfig, scope: ApplyIamScope): DataAwsIamPolicyDocumentStatement[] {
  const boundary = scope.requiredBoundaryArn;
  const roleArns = iamArns(platform, 'role', scope.prefixes);
  const manage: DataAwsIamPolicyDocumentStatement[] = boundary === undefined
    ? [
        {
          sid: 'ManageOwnIamNames',
          effect: 'Allow',
          actions: IAM_ROLE_ACTIONS,
          resources: ['role', 'policy', 'instance-profile'].flatMap(kind => iamArns(platform, kind, scope.prefixes)),
        },
      ]
    : [
        {
          sid: 'ManageOwnIamNames',
          effect: 'Allow',
          actions: IAM_ROLE_ACTIONS.filter(a => !IAM_ROLE_GRANT_ACTIONS.includes(a)),
          resources: ['role', 'policy', 'instance-profile'].flatMap(kind => iamArns(platform, kind, scope.prefixes)),
        },
        {
          // a role created or given permissions by this apply role always carries the workload boundary: a role
          // with an admin policy that trusts the apply role is still capped by the boundary (no IAM administration)
          sid: 'GrantOnlyWithinBoundary',
          effect: 'Allow',
          actions: IAM_ROLE_GRANT_ACTIONS,
          resources: roleArns,
          condition: [{ test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [boundary] }],
        },
        {
          sid: 'KeepBoundaryOnOwnRoles',
          effect: 'Deny',
          actions: ['iam:DeleteRolePermissionsBoundary'],
          resources: roleArns,
        },
        {
          sid: 'KeepBoundaryPolicy',
          effect: 'Deny',
          actions: BOUNDARY_POLICY_CHANGE_ACTIONS,
          resources: [boundary],
        },
      ];
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    ...manage,
    {
      sid: 'NoAdministratorAttachments',
      effect: 'Deny',
      actions: ['iam:AttachRolePolicy'],
      resources: ['*'],
      condition: [{ test: 'ArnEquals', variable: 'iam:PolicyARN', values: FORBIDDEN_ATTACHMENTS }],
    },
    ...stateProtectionStatements(platform),
  ];
  if (scope.ownedBoundaryArn !== undefined) {
    statements.push({
      sid: 'ManageWorkloadBoundary',
      effect: 'Allow',
      actions: BOUNDARY_POLICY_OWNER_ACTIONS,
      resources: [scope.ownedBoundaryArn],
    });
  }
  if (scope.selfRoleName !== undefined) {
    // Its prefix covers the apply role itself: without this it could give itself any inline policy or trust.
    // Changes to its own permissions are applied by an administrator (docs/DEPLOYMENT.md).
    statements.push({
      sid: 'NoChangesToOwnRole',
      effect: 'Deny',
      actions: SELF_CHANGE_ACTIONS,
      resources: [roleArn(platform, scope.selfRoleName)],
    });
  }
  if (scope.passRoleNames.length > 0) {
    statements.splice(manage.length, 0, {
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
