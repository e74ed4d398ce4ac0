import type { PolicyRule } from '../types';

const USER_TYPES = [
  'aws_iam_user',
  'aws_iam_user_policy',
  'aws_iam_user_policy_attachment',
  'aws_iam_access_key',
  'aws_iam_user_login_profile',
];

/** Check 34: no IAM users or long-lived keys: people use SSO, CI uses OIDC. */
export const iamNoUsers: PolicyRule = {
  name: 'iam-no-users',
  ruleId: 'CKV_AWS_40|CKV_AWS_273|AVD-AWS-0143',
  priority: 'P2',
  description: 'No IAM users, user policies or access keys',
  check: view =>
    USER_TYPES.flatMap(t => view.all(t)).map(b => ({
      address: b.address,
      path: '',
      message: 'use roles (SSO for people, OIDC for CI) instead of IAM users and keys',
    })),
};
