import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { arn } from '../modules/iam/arn';
import { AwsPartition, awsPartition } from '../modules/iam/partition';
import type { PolicyStatement } from '../modules/iam/statement';
import {
  ciRoleNames,
  DEFAULT_BOOTSTRAP_ROLE_NAME,
  environmentPlatform,
  hasOwnAccount,
  roleArn,
} from '../modules/naming';
import { ownStateListPrefixes } from '../modules/shared/ci-policies';

/**
 * What the state bucket's policy grants the CI roles of environments in their own accounts. Across accounts IAM
 * allows a request only when the caller's identity policy AND the bucket policy allow it (IAM user guide,
 * "Cross-account policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html), so
 * the roles' own policies (ci-policies.ts stateAccessStatements) are not enough. Each environment's roles get their
 * own prefix only: listing the keys, reading `<env>/*` (plan and apply), writing `<env>/*` and releasing
 * `<env>/*.tflock` (apply). No statement names the lock table: these environments lock with S3 lock files
 * (backend/s3-backend.ts StateLocking). The principal is the environment's account, narrowed by `aws:PrincipalArn`
 * to the two roles: S3 refuses a policy naming a role that does not exist yet, and this form does not depend on the
 * order the stacks are applied in. Listing is limited to the own prefix by `s3:prefix` (ownStateListPrefixes).
 *
 * The same prefix, and nothing else, goes to the account's administrators ({@link stateAdminArns}): the
 * environment's stacks pin the provider to that account, so only its credentials can init, plan, apply, destroy,
 * force-unlock or import them, and across accounts they need this grant as much as the CI roles do. Never version
 * deletion, the bucket's configuration or another prefix: AWS allows across accounts only what this policy allows.
 */
export function crossAccountStateStatements(
  platform: PlatformConfig,
  environments: readonly EnvironmentConfig[],
): PolicyStatement[] {
  const partition = awsPartition(platform.aws.region);
  const bucket = arn({ service: 's3', resource: platform.state.bucket }, partition);
  return environments.filter(hasOwnAccount).flatMap(env => {
    const local = environmentPlatform(platform, env);
    const names = ciRoleNames(platform, env.name);
    const [plan, apply] = [roleArn(local, names.plan), roleArn(local, names.apply)];
    const Principal = { AWS: [arn({ service: 'iam', account: local.aws.accountId, resource: 'root' }, partition)] };
    const onlyRoles = (roles: string[]) => ({ ArnEquals: { 'aws:PrincipalArn': roles } });
    const ownListing = { StringLike: { 's3:prefix': ownStateListPrefixes(env.name) } };
    const name = `${env.name.charAt(0).toUpperCase()}${env.name.slice(1)}`;
    const sid = `Ci${name}`;
    // ArnLike: an administrator ARN may be a pattern (an SSO role's generated suffix)
    const admins = { ArnLike: { 'aws:PrincipalArn': stateAdminArns(env, partition) } };
    return [
      {
        Sid: `${sid}ListState`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:ListBucket'],
        Resource: [bucket],
        Condition: { ...onlyRoles([plan, apply]), ...ownListing },
      },
      {
        Sid: `${sid}ReadOwnState`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:GetObject'],
        Resource: [`${bucket}/${env.name}/*`],
        Condition: onlyRoles([plan, apply]),
      },
      {
        Sid: `${sid}WriteOwnState`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:PutObject'],
        Resource: [`${bucket}/${env.name}/*`],
        Condition: onlyRoles([apply]),
      },
      {
        Sid: `${sid}ReleaseOwnLockFiles`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:DeleteObject'],
        Resource: [`${bucket}/${env.name}/*.tflock`],
        Condition: onlyRoles([apply]),
      },
      {
        Sid: `Admin${name}ListState`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:ListBucket'],
        Resource: [bucket],
        Condition: { ...admins, ...ownListing },
      },
      {
        Sid: `Admin${name}ReadWriteOwnState`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [`${bucket}/${env.name}/*`],
        Condition: admins,
      },
      {
        Sid: `Admin${name}ReleaseOwnLockFiles`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:DeleteObject'],
        Resource: [`${bucket}/${env.name}/*.tflock`],
        Condition: admins,
      },
    ];
  });
}

/**
 * Who administers an environment's state from its own account: the bootstrap role (`aws.bootstrapRoleName`, which
 * a platform administrator assumes) and `aws.stateAdminArns`.
 */
export function stateAdminArns(env: EnvironmentConfig, partition: AwsPartition): string[] {
  if (env.aws === undefined) return [];
  const bootstrapRole = env.aws.bootstrapRoleName ?? DEFAULT_BOOTSTRAP_ROLE_NAME;
  const bootstrap = arn({ service: 'iam', account: env.aws.accountId, resource: `role/${bootstrapRole}` }, partition);
  return [...new Set([bootstrap, ...(env.aws.stateAdminArns ?? [])])];
}
