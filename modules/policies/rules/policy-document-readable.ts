import { policyDocuments } from '../iam';
import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/**
 * Every policy document can be read at synth (a literal JSON string or a data aws_iam_policy_document), so the IAM
 * rules see it. `${jsonencode(...)}` or `file(...)` hide a policy from every check.
 */
export const policyDocumentReadable: PolicyRule = {
  name: 'policy-document-readable',
  ruleId: 'POLICY-READABLE',
  priority: 'P0',
  description: 'Policy documents are literal JSON or aws_iam_policy_document data sources',
  check: view =>
    policyDocuments(view).map(d =>
      d.statements === undefined
        ? {
            address: d.address,
            path: d.path,
            message:
              'write the policy as JSON.stringify(...) or a DataAwsIamPolicyDocument so the policy rules can check it',
          }
        : pass(d),
    ),
};
