import { hasCondition, isPublicPrincipal, policyDocuments, statementPath } from '../iam';
import type { PolicyRule } from '../types';

/** Resource policies (S3, SQS, KMS, ECR, Secrets Manager) allow nobody as `*` unless a Condition narrows it. */
export const resourcePolicyNotPublic: PolicyRule = {
  name: 'resource-policy-not-public',
  ruleId: 'CKV_AWS_70|CKV_AWS_168|CKV_AWS_387|CKV_AWS_33|CKV_AWS_32|AVD-AWS-0032|CIS-5.1.2',
  priority: 'P0',
  appliesTo: ['aws_s3_bucket_policy', 'aws_sqs_queue_policy', 'aws_kms_key', 'aws_ecr_repository_policy', 'aws_secretsmanager_secret_policy'],
  description: 'No resource policy allows Principal "*" without a Condition',
  check: view =>
    policyDocuments(view)
      .filter(d => d.kind === 'resource')
      .flatMap(
        doc =>
          doc.statements?.flatMap((s, i) =>
            s.effect === 'Allow' && isPublicPrincipal(s) && !hasCondition(s)
              ? [
                  {
                    address: doc.address,
                    path: statementPath(doc, i, 'Principal'),
                    message: 'Allow to "*" without a Condition makes the resource public: name the principals',
                  },
                ]
              : []
          ) ?? [] // unreadable: policy-document-readable reports it
      ),
};
