import type { Normalized, PolicyStatement } from '../../iam/statement';
import { parseDocument, statementGrants } from '../iam';
import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';
import { roleOf } from '../util';

const SERVICE = 'pods.eks.amazonaws.com';
const ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];

function trustIsScoped(statements: readonly Normalized<PolicyStatement>[]): boolean {
  return statements
    .filter(s => s.effect === 'Allow')
    .every(s => {
      const types = Object.keys(s.principals);
      const services = s.principals.Service;
      return (
        types.length === 1 &&
        services !== undefined &&
        services.length > 0 &&
        services.every(x => x === SERVICE) &&
        s.actions.length > 0 &&
        s.actions.every(a => ACTIONS.some(x => x.toLowerCase() === a.toLowerCase()))
      );
    });
}

/**
 * Check 20: each Pod Identity role trusts only pods.eks.amazonaws.com with sts:AssumeRole + sts:TagSession, and
 * serves exactly one service account (one role per application).
 */
export const podIdentityTrust: PolicyRule = {
  name: 'pod-identity-trust',
  ruleId: 'CIS-5.2.1|BPG-pod-identity',
  priority: 'P1',
  description: 'Pod Identity roles trust only pods.eks.amazonaws.com and serve one service account',
  check: view => {
    const out: Verdict[] = [];
    const uses = new Map<string, string[]>();
    for (const assoc of view.all('aws_eks_pod_identity_association')) {
      const role = roleOf(view, assoc.body.role_arn);
      if (role === undefined) continue; // a role of another stack: judged there
      uses.set(role.address, [...(uses.get(role.address) ?? []), assoc.address]);
      out.push(pass(role));
      const statements = parseDocument(view, role.body.assume_role_policy);
      if (statements === undefined || !trustIsScoped(statements)) {
        out.push({
          address: role.address,
          path: 'assume_role_policy',
          message: `trust only Service ${SERVICE} with ${ACTIONS.join(' + ')}`,
        });
      } else if (!statements.some(s => s.effect === 'Allow' && statementGrants(s, 'sts:TagSession'))) {
        out.push({
          address: role.address,
          path: 'assume_role_policy',
          message: 'allow sts:TagSession too: Pod Identity sets session tags',
        });
      }
    }
    for (const [role, associations] of uses) {
      if (associations.length > 1)
        out.push({
          address: role,
          path: 'role_arn',
          message:
            `one role serves ${associations.length} service accounts (${associations.join(', ')}): give each ` +
            `its own role`,
        });
    }
    return out;
  },
};
