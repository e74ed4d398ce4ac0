import type { StateLocking } from '../../backend/s3-backend';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { arn, awsManagedPolicyArn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import type { PolicyStatement } from '../iam/statement';
import { environmentNameBase, roleArn } from '../naming';
import { githubOidcProviderArn } from './github-subjects';

/**
 * Permission statements of the CI roles, as pure functions so tests check them without synthesizing.
 * The apply roles get AWS's PowerUserAccess (everything but IAM, Organizations and account settings) plus the
 * IAM actions below, scoped to the names their stacks create. AdministratorAccess and `iam:*` are ruled out
 * (SECURITY-RULES check 29). An environment apply role creates or widens a role only with the workload permissions
 * boundary on it (workload-boundary.ts), so it cannot make itself an admin role to assume.
 */

export const READ_ONLY_POLICY = 'ReadOnlyAccess';
export const POWER_USER_POLICY = 'PowerUserAccess';

/**
 * Managed policies no CI-created role may be given. PowerUserAccess is not among them: the shared apply role attaches
 * it to the apply role of a new environment, and every role it creates is capped by the CI boundary (ci-boundary.ts).
 */
export const FORBIDDEN_MANAGED_POLICIES = ['AdministratorAccess', 'IAMFullAccess'];

/** ARNs of {@link FORBIDDEN_MANAGED_POLICIES} in the platform's partition. */
export function forbiddenAttachmentArns(platform: PlatformConfig): string[] {
  return FORBIDDEN_MANAGED_POLICIES.map(name => awsManagedPolicyArn(name, awsPartition(platform.aws.region)));
}

/**
 * The IAM actions that give a role permissions: an environment apply role may call them only on a role that
 * carries the workload boundary (Condition iam:PermissionsBoundary), so every role it creates or widens stays
 * inside the boundary however wide its policies are.
 */
export const IAM_ROLE_GRANT_ACTIONS = [
  'iam:CreateRole',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePermissionsBoundary',
];

/** What Terraform needs to create, read, update and delete roles, their policies and instance profiles. */
export const IAM_ROLE_ACTIONS = [
  ...IAM_ROLE_GRANT_ACTIONS,
  'iam:DeleteRole',
  'iam:GetRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:GetRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:ListRolePolicies',
  'iam:DetachRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
  'iam:ListPolicyTags',
  'iam:CreateInstanceProfile',
  'iam:DeleteInstanceProfile',
  'iam:GetInstanceProfile',
  'iam:AddRoleToInstanceProfile',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:TagInstanceProfile',
  'iam:UntagInstanceProfile',
  'iam:ListInstanceProfileTags',
];

/** The GitHub OIDC provider's lifecycle (shared stack only). */
export const IAM_OIDC_PROVIDER_ACTIONS = [
  'iam:CreateOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:GetOpenIDConnectProvider',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
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
  const partition = awsPartition(platform.aws.region);
  const account = platform.aws.accountId;
  return prefixes.map(p => arn({ service: 'iam', account, resource: `${kind}/${p}*` }, partition));
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
   * ARN of the permissions boundary every role the target creates or changes must carry: the workload boundary
   * for an environment, the CI boundary for the shared target (whose roles are the CI roles).
   * @default - no boundary required
   */
  readonly requiredBoundaryArn?: string;
  /** Boundary policies the target may read but never change (Terraform refreshes them). @default - none */
  readonly readableBoundaryArns?: readonly string[];
  /** Policies denied any change: the boundaries. @default - the required boundary */
  readonly keptPolicyArns?: readonly string[];
  /** Shared target: name of the apply role itself, which it may not change (its prefix covers it). @default - none */
  readonly selfRoleName?: string;
  /**
   * Shared target: it creates, refreshes, tags and may delete the account's EC2 Spot service-linked role. @default
   * false
   */
  readonly manageSpotServiceLinkedRole?: boolean;
}

/**
 * What applying `aws_iam_service_linked_role` for spot.amazonaws.com calls (its path is AWS's, not a prefix of
 * ours).
 */
export const SPOT_SERVICE_LINKED_ROLE_ACTIONS = [
  'iam:GetRole',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:UpdateRoleDescription',
  'iam:DeleteServiceLinkedRole',
  'iam:GetServiceLinkedRoleDeletionStatus',
];

export function spotServiceLinkedRoleArn(platform: PlatformConfig): string {
  return roleArn(platform, 'aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot');
}

/** Actions on the boundary policy that would change what it allows (denied to the environment apply roles). */
export const BOUNDARY_POLICY_CHANGE_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
];

/**
 * What the shared apply role does with the boundary policies: read them for Terraform's refresh. Creating or changing
 * a boundary is an administrator's apply of `shared` (docs/DEPLOYMENT.md): a CI role that could rewrite a boundary
 * could lift every role under it.
 */
export const BOUNDARY_POLICY_READ_ACTIONS = [
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:ListPolicyTags',
];

/** Changes to its own role that would let the shared apply role widen itself. */
export const SELF_CHANGE_ACTIONS = [
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:DeleteRolePermissionsBoundary',
];

/**
 * IAM management for names starting with one of the prefixes, PassRole of the named roles to the services above,
 * and the guard-rails.
 */
export function applyIamStatements(platform: PlatformConfig, scope: ApplyIamScope): PolicyStatement[] {
  const boundary = scope.requiredBoundaryArn;
  const roleArns = iamArns(platform, 'role', scope.prefixes);
  const manage: PolicyStatement[] =
    boundary === undefined
      ? [
          {
            Sid: 'ManageOwnIamNames',
            Effect: 'Allow',
            Action: IAM_ROLE_ACTIONS,
            Resource: ['role', 'policy', 'instance-profile'].flatMap(kind => iamArns(platform, kind, scope.prefixes)),
          },
        ]
      : [
          {
            Sid: 'ManageOwnIamNames',
            Effect: 'Allow',
            Action: IAM_ROLE_ACTIONS.filter(a => !IAM_ROLE_GRANT_ACTIONS.includes(a)),
            Resource: ['role', 'policy', 'instance-profile'].flatMap(kind => iamArns(platform, kind, scope.prefixes)),
          },
          {
            // a role created or given permissions by this apply role always carries the workload boundary: a role
            // with an admin policy that trusts the apply role is still capped by the boundary (no IAM administration)
            Sid: 'GrantOnlyWithinBoundary',
            Effect: 'Allow',
            Action: IAM_ROLE_GRANT_ACTIONS,
            Resource: roleArns,
            Condition: { StringEquals: { 'iam:PermissionsBoundary': [boundary] } },
          },
          {
            Sid: 'KeepBoundaryOnOwnRoles',
            Effect: 'Deny',
            Action: ['iam:DeleteRolePermissionsBoundary'],
            Resource: roleArns,
          },
          {
            Sid: 'KeepBoundaryPolicy',
            Effect: 'Deny',
            Action: BOUNDARY_POLICY_CHANGE_ACTIONS,
            Resource: [...(scope.keptPolicyArns ?? [boundary])],
          },
        ];
  const statements: PolicyStatement[] = [
    ...manage,
    {
      Sid: 'NoAdministratorAttachments',
      Effect: 'Deny',
      Action: ['iam:AttachRolePolicy'],
      Resource: ['*'],
      Condition: { ArnEquals: { 'iam:PolicyARN': forbiddenAttachmentArns(platform) } },
    },
    ...stateProtectionStatements(platform),
  ];
  if (scope.readableBoundaryArns !== undefined) {
    statements.push({
      Sid: 'ReadBoundaryPolicies',
      Effect: 'Allow',
      Action: BOUNDARY_POLICY_READ_ACTIONS,
      Resource: [...scope.readableBoundaryArns],
    });
  }
  if (scope.selfRoleName !== undefined) {
    // Its prefix covers the apply role itself: without this it could give itself any inline policy or trust.
    // Changes to its own permissions are applied by an administrator (docs/DEPLOYMENT.md).
    statements.push({
      Sid: 'NoChangesToOwnRole',
      Effect: 'Deny',
      Action: SELF_CHANGE_ACTIONS,
      Resource: [roleArn(platform, scope.selfRoleName)],
    });
  }
  if (scope.passRoleNames.length > 0) {
    statements.splice(manage.length, 0, {
      Sid: 'PassOwnRolesToServices',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: scope.passRoleNames.map(name => roleArn(platform, name)),
      Condition: { StringEquals: { 'iam:PassedToService': PASS_ROLE_SERVICES } },
    });
  }
  if (scope.manageSpotServiceLinkedRole === true) {
    // creating it is CreateServiceLinkedRole (below, for any service); the rest is this one role only
    statements.push({
      Sid: 'ManageSpotServiceLinkedRole',
      Effect: 'Allow',
      Action: SPOT_SERVICE_LINKED_ROLE_ACTIONS,
      Resource: [spotServiceLinkedRoleArn(platform)],
    });
  }
  if (scope.manageOidcProvider) {
    statements.push({
      Sid: 'ManageGithubOidcProvider',
      Effect: 'Allow',
      Action: IAM_OIDC_PROVIDER_ACTIONS,
      Resource: [githubOidcProviderArn(platform)],
    });
  }
  return statements;
}

/**
 * What would make the state anything but append-only: deleting versions or the bucket, its policy, versioning,
 * lifecycle, public access block, ownership, encryption, replication or object lock, and deleting or reshaping the
 * lock table. No CI role needs any of them (the state-backend stack is applied by hand).
 */
export const STATE_BACKEND_PROTECTED_ACTIONS = [
  's3:DeleteBucket',
  's3:DeleteObjectVersion',
  's3:DeleteObjectVersionTagging',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:PutBucketOwnershipControls',
  's3:PutEncryptionConfiguration',
  's3:PutReplicationConfiguration',
  's3:PutBucketObjectLockConfiguration',
  's3:BypassGovernanceRetention',
  'dynamodb:DeleteTable',
  'dynamodb:UpdateTable',
  'dynamodb:UpdateContinuousBackups',
  'dynamodb:PutResourcePolicy',
  'dynamodb:DeleteResourcePolicy',
  'dynamodb:DeleteBackup',
  'dynamodb:RestoreTableToPointInTime',
];

export function stateBucketArn(platform: PlatformConfig): string {
  return arn({ service: 's3', resource: platform.state.bucket }, awsPartition(platform.aws.region));
}

export function lockTableArn(platform: PlatformConfig): string {
  const { region, accountId } = platform.aws;
  const resource = `table/${platform.state.lockTable}`;
  return arn({ service: 'dynamodb', region, account: accountId, resource }, awsPartition(region));
}

export function stateBackendArns(platform: PlatformConfig): string[] {
  return [stateBucketArn(platform), `${stateBucketArn(platform)}/*`, lockTableArn(platform)];
}

export const STATE_PROTECTION_SID = 'KeepStateBackend';

/** No CI role may delete state versions or weaken the state backend (PowerUserAccess alone would allow it). */
export function stateProtectionStatements(platform: PlatformConfig): PolicyStatement[] {
  const Resource = stateBackendArns(platform);
  return [{ Sid: STATE_PROTECTION_SID, Effect: 'Deny', Action: STATE_BACKEND_PROTECTED_ACTIONS, Resource }];
}

/** DynamoDB item actions the S3 backend uses on the lock table: the lock (`<bucket>/<key>`) and digest (`-md5`). */
export const LOCK_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];
/** Every DynamoDB action that reads or writes items. */
export const DYNAMODB_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
/** Reads of whole tables or streams, which carry no partition key to condition on. */
export const DYNAMODB_TABLE_READ_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ExportTableToPointInTime',
];

/**
 * What the S3 backend lists: `ListObjectsV2` with the prefix `<workspace_key_prefix>/` (default `env:`) on every
 * state operation, to find the workspaces (https://developer.hashicorp.com/terraform/language/backend/s3, "State
 * Storage" and "S3 Bucket Permissions": s3:ListBucket on the bucket, which may carry an `s3:prefix` condition). No
 * stack here uses workspaces, so nothing is stored under it; the stacks do not set `workspace_key_prefix`.
 */
export const WORKSPACE_LIST_PREFIX = 'env:/';

/**
 * The `s3:prefix` values a target may list: its own prefix (`<prefix>/...`, and `<prefix>` as `aws s3 ls` sends it)
 * and the backend's workspace listing; never a prefix of another target (`prod-account/` is not `prod/`).
 */
export function ownStateListPrefixes(statePrefix: string): string[] {
  return [`${statePrefix}/*`, statePrefix, WORKSPACE_LIST_PREFIX];
}

/**
 * Listings of the state bucket: ListBucket, and ListBucketVersions and ListBucketMultipartUploads, which list keys
 * too (ReadOnlyAccess and PowerUserAccess grant `s3:List*`). One pattern: the shared apply role's inline policies are
 * near IAM's 10,240-character quota with three environments. A request without `s3:prefix` (the whole bucket)
 * matches StringNotLike, so it is denied outside the own prefix as well.
 */
export const STATE_LISTING_ACTION = 's3:ListBucket*';

/**
 * The state a target may touch: objects under `<prefix>/` (Terraform's state, and `<key>.tflock` with
 * `use_lockfile`), and lock-table items whose key starts `<bucket>/<prefix>/` (the S3 backend's LockID is
 * `<bucket>/<key>`, its digest `<bucket>/<key>-md5`). `write` adds the writes of an apply.
 */
export function stateAccessStatements(
  platform: PlatformConfig,
  statePrefix: string,
  write: boolean,
  locking: StateLocking = 'table',
): PolicyStatement[] {
  const bucket = stateBucketArn(platform);
  const own = `${bucket}/${statePrefix}/*`;
  const ownLockKeys = [`${platform.state.bucket}/${statePrefix}/*`];
  // lock files only (an environment in its own account): no lock-table item is ever needed, the Denies stay
  const lockEntries: PolicyStatement[] =
    locking === 'lockfile'
      ? []
      : [
          {
            Sid: write ? 'OwnLockEntries' : 'ReadOwnStateDigest',
            Effect: 'Allow',
            Action: write ? LOCK_ITEM_ACTIONS : ['dynamodb:GetItem'],
            Resource: [lockTableArn(platform)],
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ownLockKeys } },
          },
        ];
  const releaseLockFiles: PolicyStatement[] = write
    ? [
        {
          Sid: 'ReleaseOwnLockFiles',
          Effect: 'Allow',
          Action: ['s3:DeleteObject'],
          Resource: [`${bucket}/${statePrefix}/*.tflock`],
        },
      ]
    : [];
  return [
    { Sid: 'ListState', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucket] },
    {
      // the managed policies allow every listing, so a condition on the Allow would change nothing: a Deny keeps
      // the other targets' keys out of sight (in the bucket policy the grant itself carries the condition)
      Sid: 'ListOnlyOwnState',
      Effect: 'Deny',
      Action: [STATE_LISTING_ACTION],
      Resource: [bucket],
      Condition: { StringNotLike: { 's3:prefix': ownStateListPrefixes(statePrefix) } },
    },
    {
      Sid: write ? 'ReadWriteOwnState' : 'ReadOwnState',
      Effect: 'Allow',
      Action: write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
      Resource: [own],
    },
    ...releaseLockFiles,
    ...lockEntries,
    // objects outside the own prefix: no CI stack keeps objects anywhere else, so this denies every other object
    {
      Sid: 'NoOtherObjects',
      Effect: 'Deny',
      Action: ['s3:GetObject*', 's3:PutObject*', 's3:DeleteObject*', 's3:RestoreObject', 's3:ReplicateObject'],
      NotResource: [own],
    },
    {
      Sid: 'DeleteOnlyLockFiles',
      Effect: 'Deny',
      Action: ['s3:DeleteObject'],
      NotResource: [`${bucket}/${statePrefix}/*.tflock`],
    },
    {
      Sid: 'NoOtherLockEntries',
      Effect: 'Deny',
      Action: DYNAMODB_ITEM_ACTIONS,
      Resource: [lockTableArn(platform)],
      Condition: { 'ForAnyValue:StringNotLike': { 'dynamodb:LeadingKeys': ownLockKeys } },
    },
    {
      // a request without a partition key (a Scan, PartiQL) would escape the condition above
      Sid: 'NoKeylessLockTableAccess',
      Effect: 'Deny',
      Action: DYNAMODB_ITEM_ACTIONS,
      Resource: [lockTableArn(platform)],
      Condition: { Null: { 'dynamodb:LeadingKeys': ['true'] } },
    },
    {
      Sid: 'NoLockTableScans',
      Effect: 'Deny',
      Action: DYNAMODB_TABLE_READ_ACTIONS,
      Resource: [lockTableArn(platform)],
    },
  ];
}

/**
 * Data a plan never needs and ReadOnlyAccess grants: log events, image layers, queue messages, items of any other
 * table, decrypted values. The secret values are denied to every CI role by the CI boundary.
 */
export const PLAN_DATA_READ_ACTIONS = [
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'logs:StartLiveTail',
  'logs:GetLogRecord',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'sqs:ReceiveMessage',
  'kms:Decrypt',
  'secretsmanager:GetSecretValue',
  'ec2:GetPasswordData',
  'ec2:GetConsoleOutput',
  'ec2:GetConsoleScreenshot',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  ...DYNAMODB_TABLE_READ_ACTIONS,
];

/**
 * The plan role on top of ReadOnlyAccess: it reads only its own state prefix and digest entries (pull-request code
 * runs with this role, so other environments' state stays out of reach) and no data. Plans run with -lock=false.
 */
export function planStatements(
  platform: PlatformConfig,
  statePrefix: string,
  locking: StateLocking = 'table',
): PolicyStatement[] {
  return [
    ...stateAccessStatements(platform, statePrefix, false, locking),
    { Sid: 'NoDataReads', Effect: 'Deny', Action: PLAN_DATA_READ_ACTIONS, Resource: ['*'] },
    {
      Sid: 'NoTableItems',
      Effect: 'Deny',
      Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      NotResource: [lockTableArn(platform)],
    },
  ];
}

/** The application CI: log in to ECR and push to (and pull from) the platform's repositories only. */
export function ecrPushStatements(repositoryArns: readonly string[]): PolicyStatement[] {
  return [
    // not resource-scopable
    { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
    {
      Sid: 'PushToPlatformRepositories',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:PutImage',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
        'ecr:DescribeImages',
        'ecr:DescribeImageScanFindings',
      ],
      Resource: [...repositoryArns],
    },
  ];
}
