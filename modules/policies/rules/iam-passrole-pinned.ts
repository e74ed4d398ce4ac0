import { conditionValues, parseDocument, policyDocuments, statementGrants, statementPath } from '../iam';
import type { StackView } from '../stack-view';
import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';

/** Services a node role may be passed to (upstream Karpenter allows both partitions' EC2). */
const NODE_ROLE_SERVICES = ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'];

/** A role of this stack that EC2 instances assume: the only kind of role check 32 lets a policy pass. */
function isNodeRoleReference(view: StackView, resource: string): boolean {
  const [role] = view.referenced(resource, 'aws_iam_role');
  if (role === undefined || !/^\$\{[^}]+\.arn\}$/.test(resource)) return false;
  const trust = parseDocument(view, role.body.assume_role_policy);
  if (trust === undefined) return false;
  return trust.some(
    s => s.effect === 'Allow' && NODE_ROLE_SERVICES.some(service => s.principals.Service?.includes(service)),
  );
}

/**
 * Check 32: iam:PassRole only on node roles (roles of this stack trusted by EC2), and only to EC2
 * (`iam:PassedToService`). Karpenter passes its node role to the instances it launches; any other PassRole
 * (e.g. a CI role creating roles for EKS) is a decision that needs a reasoned suppression. AVD-AWS-0342 flags every
 * PassRole; pinned this way it is accepted (C3).
 */
export const iamPassRolePinned: PolicyRule = {
  name: 'iam-passrole-pinned',
  ruleId: 'AVD-AWS-0342|CKV_AWS_286',
  priority: 'P1',
  description: 'iam:PassRole only on node roles, only to ec2.amazonaws.com',
  check: view =>
    policyDocuments(view)
      .filter(d => d.kind === 'identity')
      .flatMap(
        doc =>
          doc.statements?.flatMap((s, i): Verdict[] => {
            if (s.effect !== 'Allow' || !statementGrants(s, 'iam:PassRole') || s.actions.includes('*')) return [];
            const out: Violation[] = [];
            const others = s.resources.filter(r => !isNodeRoleReference(view, r));
            if (others.length > 0 || s.resources.length === 0) {
              out.push({
                address: doc.address,
                path: statementPath(doc, i, 'Resource'),
                message:
                  `iam:PassRole on ${others.join(', ') || 'no Resource'}: pass only a node role of this ` +
                  `stack (trusted by ec2.amazonaws.com)`,
              });
            }
            const services = conditionValues(s, 'iam:PassedToService', 'String');
            if (services.length === 0 || services.some(v => !NODE_ROLE_SERVICES.includes(v))) {
              out.push({
                address: doc.address,
                path: statementPath(doc, i, 'Condition'),
                message:
                  `add Condition StringEquals iam:PassedToService = ec2.amazonaws.com (got ` +
                  `${services.join(', ') || 'none'})`,
              });
            }
            return judge(doc, out);
          }) ?? [],
      ),
};
