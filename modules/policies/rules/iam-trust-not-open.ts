import { isPublicPrincipal, policyDocuments, statementPath } from '../iam';
import type { PolicyRule, Violation } from '../types';
import { judge } from '../verdict';

const ACCOUNT = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$/;

/** Check 33: no role trusts everyone or a whole account (trust specific roles, services or OIDC subjects). */
export const iamTrustNotOpen: PolicyRule = {
  name: 'iam-trust-not-open',
  ruleId: 'CKV_AWS_60|CKV_AWS_61',
  priority: 'P1',
  description: 'Trust policies name specific principals, never * or an account root',
  check: view =>
    policyDocuments(view)
      .filter(d => d.kind === 'trust')
      .flatMap(doc =>
        judge(
          doc,
          doc.statements?.flatMap((s, i): Violation[] => {
            if (s.effect !== 'Allow') return [];
            if (isPublicPrincipal(s))
              return [
                {
                  address: doc.address,
                  path: statementPath(doc, i, 'Principal'),
                  message: 'the role trusts "*": name the principals',
                },
              ];
            const accounts = s.principals.AWS?.filter(p => ACCOUNT.test(p)) ?? [];
            return accounts.length === 0
              ? []
              : [
                  {
                    address: doc.address,
                    path: statementPath(doc, i, 'Principal'),
                    message:
                      `trusts the whole account ${accounts.join(', ')}: name role ARNs (or SSO ` +
                      `permission-set roles) instead`,
                  },
                ];
          }) ?? [],
        ),
      ),
};
