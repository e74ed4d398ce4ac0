import type { Normalized, PolicyStatement } from '../modules/iam/statement';

/** A statement as the policy engine reads it back (modules/policies/iam.ts `parseDocument`). */
export type Statement = Normalized<PolicyStatement>;

/** A read-back statement that allows nothing until `fields` say what: every list empty, no condition. */
export function statement(fields: Partial<Statement> = {}): Statement {
  return {
    effect: 'Allow',
    actions: [],
    notActions: [],
    resources: [],
    notResources: [],
    principals: {},
    notPrincipals: {},
    conditions: {},
    ...fields,
  };
}
