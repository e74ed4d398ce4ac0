import { hasCondition, isPublicPrincipal, policyDocuments, statementPath } from '../iam';
import type { PolicyRule } from '../types';
import { judge } from '../verdict';

/** Resource policies (S3, SQS, KMS, ECR, Secrets Manager) allow nobody as `*` unless a Condition narrows it. */
export const resourcePolicyNotPublic: PolicyRule = {
  name: 'resource-policy-not-public',
  ruleId: 'CKV_AWS_70|CKV_AWS_168|CKV_AWS_387|CKV_AWS_33|CKV_AWS_32|AVD-AWS-0032|CIS-5.1.2',
  priority: 'P0',
  description: 'No resource policy allows Principal "*" without a Condition',
  check: view =>
    policyDocuments(view)
      .filter(d => d.kind === 'resource')
      .flatMap(
        doc =>
          judge(
            doc,
            doc.statements?.flatMap((s, i) =>
              s.effect === 'Allow' && isPublicPrincipal(s) && !hasCondition(s)
                ? [
                    {
                      address: doc.address,
                      path: statementPath(doc, i, 'Principal'),
                      message: 'Allow to "*" without a Condition makes the resource public: name the principals',
                    },
                  ]
                : [],
            ) ?? [],
          ), // unreadable: policy-document-readable reports it
      ),
};
