import { conditionValues, policyDocuments, statementGrants, statementPath } from '../iam';
import type { PolicyRule, Violation } from '../types';

// a role ARN without wildcards, or a reference to one
const ROLE_ARN = /^(arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+|\$\{[^}]+\.arn\})$/;

/**
 * Check 32: iam:PassRole names specific role ARNs and the service they may be passed to (Karpenter passes the
 * node role to EC2 only). AVD-AWS-0342 flags every PassRole; with this pinning it is accepted (C3).
 */
export const iamPassRolePinned: PolicyRule = {
  name: 'iam-passrole-pinned',
  ruleId: 'AVD-AWS-0342|CKV_AWS_286',
  priority: 'P1',
  appliesTo: ['aws_iam_policy', 'aws_iam_role_policy'],
  description: 'iam:PassRole is limited to named roles and iam:PassedToService',
  check: view =>
    policyDocuments(view)
      .filter(d => d.kind === 'identity')
      .flatMap(doc =>
        (doc.statements ?? []).flatMap((s, i): Violation[] => {
          if (s.effect !== 'Allow' || !statementGrants(s, 'iam:PassRole') || s.actions.includes('*')) return [];
          const out: Violation[] = [];
          const loose = s.resources.filter(r => !ROLE_ARN.test(r) || r.includes('*'));
          if (loose.length > 0 || s.resources.length === 0) {
            out.push({
              address: doc.address,
              path: statementPath(doc, i, 'Resource'),
              message: `iam:PassRole on ${loose.join(', ') || 'no Resource'}: name the role ARNs`,
            });
          }
          if (conditionValues(s, 'iam:PassedToService', 'String').filter(v => !v.includes('*')).length === 0) {
            out.push({
              address: doc.address,
              path: statementPath(doc, i, 'Condition'),
              message: 'add Condition StringEquals iam:PassedToService (e.g. ec2.amazonaws.com)',
            });
          }
          return out;
        })
      ),
};
