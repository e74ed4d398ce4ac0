import type {
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementPrincipals,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { IamValues, PolicyStatement } from './statement';

const values = (v: IamValues | undefined): string[] | undefined => (v === undefined ? undefined : typeof v === 'string' ? [v] : [...v]);

function principals(p: PolicyStatement['Principal']): DataAwsIamPolicyDocumentStatementPrincipals[] | undefined {
  if (p === undefined) return undefined;
  // the data source writes type "*" with identifier "*" as `"Principal": "*"`
  if (p === '*') return [{ type: '*', identifiers: ['*'] }];
  return Object.entries(p).map(([type, ids]) => ({ type, identifiers: values(ids) ?? [] }));
}

/**
 * A statement in the block form of the `aws_iam_policy_document` data source, for the policies still rendered by
 * it: each condition operator and key becomes one `condition` block, in the order written.
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */
export function dataSourceStatement(s: PolicyStatement): DataAwsIamPolicyDocumentStatement {
  const condition = Object.entries(s.Condition ?? {}).flatMap(([test, keys]) =>
    Object.entries(keys).map(([variable, v]) => ({ test, variable, values: values(v) ?? [] })),
  );
  return {
    sid: s.Sid,
    effect: s.Effect,
    actions: values(s.Action),
    notActions: values(s.NotAction),
    resources: values(s.Resource),
    notResources: values(s.NotResource),
    principals: principals(s.Principal),
    notPrincipals: principals(s.NotPrincipal),
    condition: condition.length === 0 ? undefined : condition,
  };
}
