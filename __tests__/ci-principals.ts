import type { PlatformConfig } from '../environments/types';
import type { Normalized, PolicyStatement } from '../modules/iam/statement';
import {
  evaluateRequest,
  IamDecision,
  IamPrincipal,
  IamRequest,
  jsonStatements,
  parseDocument,
} from '../modules/policies/iam';
import { managedPolicyModel } from '../modules/policies/aws-managed-policies';
import { StackView } from '../modules/policies/stack-view';
import { policyArn } from '../modules/naming';
import type { SynthesizedStack } from './read-helpers';

/** A statement as the policy engine reads it back. */
type Statement = Normalized<PolicyStatement>;

/**
 * A CI role of the synthesized shared stack as IAM evaluates it: its inline policies (as synthesized), its attached
 * AWS managed policies (their published documents, aws-managed-policies.ts) and its permissions boundary (the
 * customer managed policy of that ARN in the stack).
 */
export function ciPrincipal(platform: PlatformConfig, stack: SynthesizedStack, roleName: string): IamPrincipal {
  const view = new StackView({ stack: 'shared', json: stack as never });
  const role = view.all('aws_iam_role').find(r => r.body.name === roleName);
  if (role === undefined) throw new Error(`no role ${roleName}`);
  const inline = view
    .all('aws_iam_role_policy')
    .filter(p => view.refersTo(p.body.role, role.address))
    .flatMap(p => parseDocument(view, p.body.policy) ?? []);
  const managed = view
    .all('aws_iam_role_policy_attachment')
    .filter(a => view.refersTo(a.body.role, role.address))
    .flatMap(a => jsonStatements(managedPolicyModel(String(a.body.policy_arn)).document));
  const boundaryArn = role.body.permissions_boundary;
  let boundary: Statement[] | undefined;
  if (boundaryArn !== undefined) {
    const policy = view.all('aws_iam_policy').find(p => policyArn(platform, String(p.body.name)) === boundaryArn);
    if (policy === undefined)
      throw new Error(`${roleName}: boundary ${String(boundaryArn)} is not a policy of the stack`);
    boundary = jsonStatements(JSON.parse(String(policy.body.policy)));
  }
  return { identity: [...inline, ...managed], boundary };
}

/** One row of a decision table: what is asked, and what AWS must answer. */
export interface Expectation {
  readonly why: string;
  readonly request: IamRequest;
  readonly expect: IamDecision | 'denied';
}

/** Evaluates every row; returns the rows whose decision differs (empty when the table holds). */
export function mismatches(principal: IamPrincipal, rows: readonly Expectation[]): string[] {
  return rows.flatMap(row => {
    const result = evaluateRequest(principal, row.request);
    const ok = row.expect === 'denied' ? result.decision !== 'allow' : result.decision === row.expect;
    return ok
      ? []
      : [
          `${row.why}: ${row.request.action} on ${row.request.resource} -> ${result.decision} ` +
            `(${result.because.join(', ')})`,
        ];
  });
}
