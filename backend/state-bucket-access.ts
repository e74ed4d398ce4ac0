import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
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
): DataAwsIamPolicyDocumentStatement[] {
  const bucket = `arn:aws:s3:::${platform.state.bucket}`;
  return environments.filter(hasOwnAccount).flatMap(env => {
    const local = environmentPlatform(platform, env);
    const names = ciRoleNames(platform, env.name);
    const [plan, apply] = [roleArn(local, names.plan), roleArn(local, names.apply)];
    const principals = [{ type: 'AWS', identifiers: [`arn:aws:iam::${local.aws.accountId}:root`] }];
    const onlyRoles = (roles: string[]) => [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: roles }];
    const ownListing = { test: 'StringLike', variable: 's3:prefix', values: ownStateListPrefixes(env.name) };
    const name = `${env.name.charAt(0).toUpperCase()}${env.name.slice(1)}`;
    const sid = `Ci${name}`;
    // ArnLike: an administrator ARN may be a pattern (an SSO role's generated suffix)
    const admins = [{ test: 'ArnLike', variable: 'aws:PrincipalArn', values: stateAdminArns(env) }];
    return [
      {
        sid: `${sid}ListState`,
        effect: 'Allow',
        principals,
        actions: ['s3:ListBucket'],
        resources: [bucket],
        condition: [...onlyRoles([plan, apply]), ownListing],
      },
      {
        sid: `${sid}ReadOwnState`,
        effect: 'Allow',
        principals,
        actions: ['s3:GetObject'],
        resources: [`${bucket}/${env.name}/*`],
        condition: onlyRoles([plan, apply]),
      },
      {
        sid: `${sid}WriteOwnState`,
        effect: 'Allow',
        principals,
        actions: ['s3:PutObject'],
        resources: [`${bucket}/${env.name}/*`],
        condition: onlyRoles([apply]),
      },
      {
        sid: `${sid}ReleaseOwnLockFiles`,
        effect: 'Allow',
        principals,
        actions: ['s3:DeleteObject'],
        resources: [`${bucket}/${env.name}/*.tflock`],
        condition: onlyRoles([apply]),
      },
      {
        sid: `Admin${name}ListState`,
        effect: 'Allow',
        principals,
        actions: ['s3:ListBucket'],
        resources: [bucket],
        condition: [...admins, ownListing],
      },
      {
        sid: `Admin${name}ReadWriteOwnState`,
        effect: 'Allow',
        principals,
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [`${bucket}/${env.name}/*`],
        condition: admins,
      },
      {
        sid: `Admin${name}ReleaseOwnLockFiles`,
        effect: 'Allow',
        principals,
        actions: ['s3:DeleteObject'],
        resources: [`${bucket}/${env.name}/*.tflock`],
        condition: admins,
      },
    ];
  });
}

/**
 * Who administers an environment's state from its own account: the bootstrap role (`aws.bootstrapRoleName`, which
 * a platform administrator assumes) and `aws.stateAdminArns`.
 */
export function stateAdminArns(env: EnvironmentConfig): string[] {
  if (env.aws === undefined) return [];
  const bootstrapRole = env.aws.bootstrapRoleName ?? DEFAULT_BOOTSTRAP_ROLE_NAME;
  const bootstrap = `arn:aws:iam::${env.aws.accountId}:role/${bootstrapRole}`;
  return [...new Set([bootstrap, ...(env.aws.stateAdminArns ?? [])])];
}
