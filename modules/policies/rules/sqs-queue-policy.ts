import { actionCovers, policyDocuments, statementPath } from '../iam';
import type { PolicyRule, Violation } from '../types';
import { judge } from '../verdict';

const SENDERS = ['events.amazonaws.com', 'sqs.amazonaws.com'];

/**
 * Check 40 (policy): a queue's policy lets only AWS services (EventBridge) send to it: Service principals,
 * sqs:SendMessage only. A Deny (TLS-only) is fine.
 */
export const sqsQueuePolicy: PolicyRule = {
  name: 'sqs-queue-policy',
  ruleId: 'CKV_AWS_72|AVD-AWS-0097|CKV_AWS_168',
  priority: 'P0',
  description: 'SQS queue policies allow only service principals to send messages',
  check: view =>
    policyDocuments(view)
      .filter(d => d.ownerType === 'aws_sqs_queue_policy' || d.ownerType === 'aws_sqs_queue')
      .flatMap(
        doc =>
          judge(
            doc,
            doc.statements?.flatMap((s, i): Violation[] => {
              if (s.effect !== 'Allow') return [];
              const out: Violation[] = [];
              // a Service principal and nothing else (a resource policy statement without a Principal names nobody)
              const services = s.principals.Service;
              const onlyServices = Object.keys(s.principals).length === 1 && services !== undefined;
              if (!onlyServices || !services.every(p => SENDERS.includes(p))) {
                out.push({
                  address: doc.address,
                  path: statementPath(doc, i, 'Principal'),
                  message: `allow only Service principals ${SENDERS.join(', ')}`,
                });
              }
              if (s.actions.length === 0 || !s.actions.every(a => actionCovers('sqs:SendMessage', a))) {
                const path = statementPath(doc, i, 'Action');
                out.push({ address: doc.address, path, message: 'allow only sqs:SendMessage' });
              }
              return out;
            }) ?? [],
          ), // unreadable: policy-document-readable reports it
      ),
};
