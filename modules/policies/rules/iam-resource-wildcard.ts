import { hasCondition, policyDocuments, statementPath } from '../iam';
import { expandAction, isWildcardOnly } from '../iam-data';
import type { PolicyRule, Violation } from '../types';
import { judge } from '../verdict';

/**
 * Check 30 (cloudsplaining, as checkov runs it): an Allow on `Resource: "*"` without a Condition may only hold
 * actions that cannot be scoped to a resource, i.e. those for which the service reference lists no resource type.
 */
export const iamResourceWildcard: PolicyRule = {
  name: 'iam-resource-wildcard',
  ruleId: 'CKV_AWS_355|CKV_AWS_356|CKV_AWS_286|CKV_AWS_287|CKV_AWS_288|CKV_AWS_289|CKV_AWS_290',
  priority: 'P0',
  description: 'Resource "*" only with a Condition or for actions that cannot be resource-scoped',
  check: view =>
    policyDocuments(view)
      .filter(d => d.kind === 'identity')
      .flatMap(doc =>
        judge(
          doc,
          (doc.statements ?? []).flatMap((s, i): Violation[] => {
            const unscoped = s.resources.includes('*') || s.notResources.length > 0;
            if (s.effect !== 'Allow' || !unscoped || hasCondition(s)) return [];
            const scopable = [
              ...new Set(
                // `*` alone expands to nothing: iam-no-admin-actions judges it
                s.actions.flatMap(expandAction).filter(a => !isWildcardOnly(a)),
              ),
            ];
            if (scopable.length === 0) return [];
            const shown =
              scopable.slice(0, 6).join(', ') + (scopable.length > 6 ? `, … (${scopable.length} in all)` : '');
            return [
              {
                address: doc.address,
                path: statementPath(doc, i, 'Resource'),
                message:
                  `Resource "*" without a Condition for resource-scopable ${shown}: name the ARNs or add a ` +
                  `Condition (e.g. aws:ResourceTag)`,
              },
            ];
          }),
        ),
      ),
};
