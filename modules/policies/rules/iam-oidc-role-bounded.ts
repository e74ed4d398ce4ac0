import { policyDocuments } from '../iam';
import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';

/**
 * Every role an OIDC provider can assume (the GitHub Actions CI roles) carries a permissions boundary: CI roles are
 * created and changed by another CI role, so their own policies are not what caps them (docs/DEPLOYMENT.md,
 * "Permissions boundaries"). A boundary is a literal ARN or a reference; its absence is the finding.
 */
export const iamOidcRoleBounded: PolicyRule = {
  name: 'iam-oidc-role-bounded',
  ruleId: 'CI-BOUNDARY',
  priority: 'P0',
  description: 'Roles trusted by an OIDC provider carry a permissions boundary',
  check: view =>
    policyDocuments(view)
      // trust documents are aws_iam_role.assume_role_policy (iam.ts POLICY_ATTRIBUTES)
      .filter(d => d.kind === 'trust')
      .filter(d => d.statements?.some(s => s.effect === 'Allow' && (s.principals.Federated ?? []).length > 0) ?? false)
      .map((d): Verdict =>
        d.owner.body.permissions_boundary === undefined || d.owner.body.permissions_boundary === ''
          ? {
              address: d.address,
              path: 'permissions_boundary',
              message:
                'set a permissions boundary: a CI role is written by another CI role, so its policies do not cap it',
            }
          : pass(d),
      ),
};
