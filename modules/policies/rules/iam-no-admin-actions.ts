import { policyDocuments, statementPath } from '../iam';
import { strings } from '../stack-view';
import type { PolicyRule, Verdict, Violation } from '../types';
import { judge, pass } from '../verdict';
import { managedPolicyName } from '../util';

const ADMIN_POLICIES = ['AdministratorAccess', 'IAMFullAccess'];

/** Whether `arn` is one of the ADMIN_POLICIES (in any partition). */
const isAdminPolicy = (arn: string): boolean => ADMIN_POLICIES.some(name => managedPolicyName(arn) === name);

/**
 * Every action, or every action of one service: the action name holds only wildcards, at least one `*` (`*`, `**`,
 * `iam:*`, `iam:**`, `iam:?*`): AWS matches `*` and `?` anywhere in an action name.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
const WHOLE_SERVICE = /^([a-z0-9-]+:)?[*?]*\*[*?]*$/i;

/**
 * Check 29: no identity policy allows `*`, a whole service (`iam:*`, `s3:*`, `sqs:*`, ...) or everything but a list
 * (Allow + NotAction), and no role gets AdministratorAccess or IAMFullAccess.
 */
export const iamNoAdminActions: PolicyRule = {
  name: 'iam-no-admin-actions',
  ruleId: 'CKV_AWS_62|CKV_AWS_63|CKV_AWS_1|CKV_AWS_49|CKV_AWS_274|CKV_AWS_275|CKV2_AWS_40|CKV2_AWS_56|AVD-AWS-0345',
  priority: 'P0',
  description: 'No Allow of *, service:* or NotAction; no AdministratorAccess/IAMFullAccess',
  check: view => [
    ...policyDocuments(view)
      .filter(d => d.kind === 'identity')
      .flatMap(doc =>
        judge(
          doc,
          doc.statements?.flatMap((s, i): Violation[] => {
            if (s.effect !== 'Allow') return [];
            const wide = s.actions.filter(a => WHOLE_SERVICE.test(a));
            return [
              ...wide.map(a => ({
                address: doc.address,
                path: statementPath(doc, i, 'Action'),
                message: `Allow ${a}: list the actions the workload needs`,
              })),
              ...(s.notActions.length > 0
                ? [
                    {
                      address: doc.address,
                      path: statementPath(doc, i, 'NotAction'),
                      message: 'Allow with NotAction grants every other action: list Actions instead',
                    },
                  ]
                : []),
            ];
          }) ?? [],
        ),
      ),
    ...[...view.all('aws_iam_role_policy_attachment'), ...view.all('aws_iam_policy_attachment')].map((a): Verdict =>
      isAdminPolicy(String(a.body.policy_arn))
        ? {
            address: a.address,
            path: 'policy_arn',
            message: `${String(a.body.policy_arn)}: grant a scoped policy instead`,
          }
        : pass(a),
    ),
    ...view.all('aws_iam_role').flatMap(role =>
      judge(
        role,
        strings(role.body.managed_policy_arns)
          .filter(isAdminPolicy)
          .map((arn): Violation => ({
            address: role.address,
            path: 'managed_policy_arns',
            message: `${arn}: grant a scoped policy instead`,
          })),
      ),
    ),
  ],
};
