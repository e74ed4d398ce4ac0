import { arn } from '../iam/arn';
import { arnPartition } from '../iam/partition';
import type { Normalized, PolicyStatement } from '../iam/statement';
import { globRegExp } from './iam-data';

/**
 * AWS's policy evaluation logic for one principal in one account, as far as this project's policies need it
 * (IAM user guide, "Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit Deny in any policy wins; otherwise the request is allowed only when an identity policy allows it AND,
 * when the principal has a permissions boundary, the boundary allows it too; otherwise it is implicitly denied.
 * Resource-based policies, SCPs and session policies are not modelled (the CI roles use none).
 */

/** A statement as the policy rules read it (`parseDocument`, `jsonStatements`). */
type Statement = Normalized<PolicyStatement>;

/** One API request as IAM sees it. */
export interface IamRequest {
  /** `service:Action`, e.g. `eks:DeleteCluster`. */
  readonly action: string;
  /** The resource ARN the action is authorised against (`*` for actions without a resource type). */
  readonly resource: string;
  /** Condition keys present in the request context; a key that is absent here is absent from the request. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type IamDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** The policies of one principal: identity policies (inline and managed, merged) and its permissions boundary. */
export interface IamPrincipal {
  readonly identity: readonly Statement[];
  /** @default - no permissions boundary */
  readonly boundary?: readonly Statement[];
}

const arnPatterns = new Map<string, RegExp>();
/** ARN globs are case-sensitive (`*` and `?` match within and across segments). */
function arnMatches(pattern: string, arn: string): boolean {
  let re = arnPatterns.get(pattern);
  if (re === undefined) {
    re = new RegExp(globRegExp(pattern).source);
    arnPatterns.set(pattern, re);
  }
  return re.test(arn);
}

function contextValues(request: IamRequest, key: string): readonly string[] | undefined {
  // condition key names are case-insensitive ("IAM JSON policy elements: Condition")
  const entry = Object.entries(request.context ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase());
  if (entry === undefined) return undefined;
  return typeof entry[1] === 'string' ? [entry[1]] : entry[1];
}

type Match = (value: string, policy: readonly string[]) => boolean;
const wildcardMatch: Match = (value, policy) => policy.some(p => arnMatches(p, value));
/**
 * The non-negated operators: whether one context value matches the policy's values (ORed). StringLike, ArnEquals and
 * ArnLike all match case-sensitively with `*` and `?` (Condition operators, "String" and "Amazon Resource Name").
 */
const POSITIVE: Readonly<Record<string, Match>> = {
  StringEquals: (value, policy) => policy.includes(value),
  StringEqualsIgnoreCase: (value, policy) => policy.some(p => p.toLowerCase() === value.toLowerCase()),
  StringLike: wildcardMatch,
  ArnEquals: wildcardMatch,
  ArnLike: wildcardMatch,
  Bool: (value, policy) => policy.some(p => p.toLowerCase() === value.toLowerCase()),
};

const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/**
 * One operator on one key. A key absent from the request makes the condition false, except for negated operators
 * (true), `...IfExists` (true) and `Null` ("Condition operators": "If the key that you specify in a policy
 * condition is not present in the request context, the values do not match and the condition is false. If the
 * policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is
 * not present, the condition is true."). Set operators: ForAllValues is true for an absent or empty key,
 * ForAnyValue false ("Set operators for multivalued context keys").
 */
export function conditionHolds(operator: string, key: string, policy: readonly string[], request: IamRequest): boolean {
  const set = /^(ForAllValues|ForAnyValue):/.exec(operator)?.[1];
  let base = operator.replace(/^(ForAllValues|ForAnyValue):/, '');
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const present = contextValues(request, key);
  if (base === 'Null') {
    const absent = present === undefined || present.length === 0;
    return policy.some(p => (p.toLowerCase() === 'true') === absent);
  }
  const negatedOf = NEGATED[base];
  // refused before the key is looked at: an absent key's answer depends on the operator
  const match = POSITIVE[negatedOf ?? base];
  if (match === undefined) throw new Error(`condition operator ${base} is not modelled by the evaluator`);
  const single = (v: string) => (negatedOf !== undefined ? !match(v, policy) : match(v, policy));
  if (present === undefined || present.length === 0) {
    if (set === 'ForAllValues') return true;
    if (set === 'ForAnyValue') return false;
    return ifExists || negatedOf !== undefined;
  }
  if (set === 'ForAllValues') return present.every(single);
  if (set === 'ForAnyValue') return present.some(single);
  return negatedOf !== undefined ? present.every(single) : present.some(single);
}

/** Whether a statement applies to the request: action, resource and every condition (operators and keys ANDed). */
export function statementMatches(s: Statement, request: IamRequest): boolean {
  const action = request.action;
  const actionHit =
    s.actions.length > 0
      ? s.actions.some(p => globRegExp(p).test(action)) // actions are case-insensitive
      : s.notActions.length > 0 && !s.notActions.some(p => globRegExp(p).test(action));
  if (!actionHit) return false;
  // a resource-based policy (a role's trust policy) names no Resource: it applies to the resource it is attached to
  const resourceHit =
    s.resources.length > 0
      ? s.resources.some(p => arnMatches(p, request.resource))
      : !s.notResources.some(p => arnMatches(p, request.resource));
  if (!resourceHit) return false;
  return Object.entries(s.conditions).every(([op, keys]) =>
    Object.entries(keys).every(([k, v]) => conditionHolds(op, k, v, request)),
  );
}

/** The decision and the statements that made it (Sids, for readable test failures). */
export interface IamEvaluation {
  readonly decision: IamDecision;
  readonly because: readonly string[];
}

export function evaluateRequest(principal: IamPrincipal, request: IamRequest): IamEvaluation {
  const all = [...principal.identity, ...(principal.boundary ?? [])];
  const denies = all.filter(s => s.effect === 'Deny' && statementMatches(s, request));
  if (denies.length > 0) return { decision: 'explicit-deny', because: denies.map(s => s.sid ?? '(no sid)') };
  const allows = principal.identity.filter(s => s.effect === 'Allow' && statementMatches(s, request));
  if (allows.length === 0) return { decision: 'implicit-deny', because: ['no identity policy allows it'] };
  if (
    principal.boundary !== undefined &&
    !principal.boundary.some(s => s.effect === 'Allow' && statementMatches(s, request))
  ) {
    return { decision: 'implicit-deny', because: ['the permissions boundary does not allow it'] };
  }
  return { decision: 'allow', because: allows.map(s => s.sid ?? '(no sid)') };
}

/** A principal (a role's session) as a resource policy sees it: its role ARN and account, and its own policies. */
export interface IamCaller extends IamPrincipal {
  readonly arn: string;
  readonly account: string;
}

/** The resource a request is made on: the account that owns it and its resource-based policy, if any. */
export interface IamResource {
  readonly account: string;
  /** A bucket, repository or trust policy. @default - none (most resources: EKS clusters, EC2, DynamoDB tables here) */
  readonly policy?: readonly Statement[];
}

/** Whether a resource-policy statement names the caller: everyone, its account (`<id>` or `:root`), or its role. */
function namesCaller(s: Statement, caller: IamCaller): boolean {
  const ids = [...(s.principals.AWS ?? []), ...(s.principals['*'] ?? [])];
  // the root of the caller's account in the caller's partition (`arn:aws-cn:iam::<id>:root` in China)
  const root = arn({ service: 'iam', account: caller.account, resource: 'root' }, arnPartition(caller.arn));
  // `*` is an ARN glob that matches every caller, so arnMatches covers everyone as well as role patterns
  return ids.some(id => id === caller.account || id === root || arnMatches(id, caller.arn));
}

/**
 * A request with the resource's policy beside the caller's (IAM user guide, "Cross-account policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html): an
 * explicit Deny in either wins; across accounts the request is allowed only when the caller's side (identity policy
 * within its boundary) AND the resource policy allow it, so a resource without a resource policy is out of reach of
 * every other account. Within one account either side's Allow suffices (the boundary still caps the identity side;
 * the finer same-account rules for role sessions are not modelled: the tests use this across accounts). The request
 * carries `aws:PrincipalArn` and `aws:PrincipalAccount`, as AWS adds them to every request.
 */
export function evaluateWithResource(caller: IamCaller, resource: IamResource, request: IamRequest): IamEvaluation {
  const principalKeys = { 'aws:PrincipalArn': caller.arn, 'aws:PrincipalAccount': caller.account };
  const full: IamRequest = { ...request, context: { ...principalKeys, ...request.context } };
  const matching = (resource.policy ?? []).filter(s => namesCaller(s, caller) && statementMatches(s, full));
  const callerSide = evaluateRequest(caller, full);
  const resourceDenies = matching.filter(s => s.effect === 'Deny').map(s => `resource policy: ${s.sid ?? '(no sid)'}`);
  if (callerSide.decision === 'explicit-deny' || resourceDenies.length > 0) {
    const callerDenies = callerSide.decision === 'explicit-deny' ? callerSide.because : [];
    return { decision: 'explicit-deny', because: [...callerDenies, ...resourceDenies] };
  }
  // no matching statement is a Deny by here (any would have decided above)
  const resourceAllows = matching.map(s => `resource policy: ${s.sid ?? '(no sid)'}`);
  if (caller.account === resource.account) {
    if (callerSide.decision === 'allow') return callerSide;
    return resourceAllows.length > 0 ? { decision: 'allow', because: resourceAllows } : callerSide;
  }
  if (callerSide.decision !== 'allow') {
    return { decision: 'implicit-deny', because: callerSide.because.map(b => `caller's account: ${b}`) };
  }
  if (resourceAllows.length === 0) {
    const because = `no resource policy of account ${resource.account} allows ${caller.arn}`;
    return { decision: 'implicit-deny', because: [because] };
  }
  return { decision: 'allow', because: [...callerSide.because, ...resourceAllows] };
}
