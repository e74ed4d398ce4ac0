import {
  conditionHolds,
  evaluateRequest,
  evaluateWithResource,
  IamCaller,
  IamDecision,
  IamResource,
  IamPrincipal,
  IamRequest,
  statementMatches,
} from '../modules/policies/iam-evaluate';
import { Statement, statement } from './iam-statement';

/**
 * AWS's evaluation rules, one table per rule, each row with the decision AWS documents for it:
 * the IAM user guide (https://docs.aws.amazon.com/IAM/latest/UserGuide/), "Policy evaluation logic"
 * (reference_policies_evaluation-logic.html), "IAM JSON policy elements: Condition operators"
 * (reference_policies_elements_condition_operators.html), "Set operators for multivalued context keys"
 * (reference_policies_condition-single-vs-multi-valued-context-keys.html),
 * "Action" / "NotAction" / "Resource" / "NotResource" (.../reference_policies_elements_*.html).
 */

type Fields = {
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  conditions?: Statement['conditions'];
};

const allow = (s: Fields & { sid?: string } = {}) => statement({ actions: ['s3:GetObject'], resources: ['*'], ...s });
const deny = (s: Fields & { sid?: string } = {}) =>
  statement({ actions: ['s3:GetObject'], resources: ['*'], ...s, effect: 'Deny' });
const get: IamRequest = { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' };
const decide = (principal: IamPrincipal, request: IamRequest = get): IamDecision =>
  evaluateRequest(principal, request).decision;
/** One table: why, the principal's policies, and the decision AWS makes for `get` (shown in the test's name). */
const decisions = (rows: Array<[string, IamPrincipal, IamDecision]>) =>
  test.each(rows.map(([why, principal, expected]) => [why, expected, principal] as const))(
    '%s: %s',
    (_, expected, principal) => expect(decide(principal)).toBe(expected),
  );

describe('an explicit Deny in any policy wins over every Allow', () => {
  decisions([
    ['identity Deny after an Allow', { identity: [allow(), deny()] }, 'explicit-deny'],
    ['identity Deny before an Allow', { identity: [deny(), allow()] }, 'explicit-deny'],
    ['a Deny alone', { identity: [deny()] }, 'explicit-deny'],
    ['a Deny in the boundary', { identity: [allow()], boundary: [allow(), deny()] }, 'explicit-deny'],
    ['a Deny in the boundary, nothing allowed', { identity: [], boundary: [deny()] }, 'explicit-deny'],
    ['a Deny of another action', { identity: [allow(), deny({ actions: ['s3:PutObject'] })] }, 'allow'],
    ['a Deny of another resource', { identity: [allow(), deny({ resources: ['arn:aws:s3:::other/*'] })] }, 'allow'],
    ['an Allow statement is not a Deny', { identity: [allow(), allow()] }, 'allow'],
  ]);

  test('the decision names the denying statements, in policy order, "(no sid)" when one has none', () => {
    const principal = {
      identity: [allow({ sid: 'Read' }), deny({ sid: 'NoReads' }), deny()],
      boundary: [deny({ sid: 'Cap' })],
    };
    expect(evaluateRequest(principal, get)).toEqual({
      decision: 'explicit-deny',
      because: ['NoReads', '(no sid)', 'Cap'],
    });
  });
});

describe('without a Deny, an identity-policy Allow is needed (otherwise an implicit deny)', () => {
  decisions([
    ['no statement at all', { identity: [] }, 'implicit-deny'],
    ['an Allow of another action', { identity: [allow({ actions: ['s3:PutObject'] })] }, 'implicit-deny'],
    ['an Allow of another resource', { identity: [allow({ resources: ['arn:aws:s3:::other/*'] })] }, 'implicit-deny'],
    ['an Allow of the request', { identity: [allow()] }, 'allow'],
    // a boundary grants nothing on its own ("the effective permissions are the intersection")
    ['an Allow only in the boundary', { identity: [], boundary: [allow()] }, 'implicit-deny'],
  ]);

  test('the decision names the allowing statements, or says why nothing allowed it', () => {
    expect(
      evaluateRequest(
        { identity: [allow({ sid: 'A' }), allow(), allow({ sid: 'Other', actions: ['s3:PutObject'] })] },
        get,
      ),
    ).toEqual({ decision: 'allow', because: ['A', '(no sid)'] });
    expect(evaluateRequest({ identity: [] }, get)).toEqual({
      decision: 'implicit-deny',
      because: ['no identity policy allows it'],
    });
  });
});

describe('a permissions boundary caps the identity policies: both must allow', () => {
  decisions([
    ['identity and boundary allow', { identity: [allow()], boundary: [allow({ actions: ['s3:*'] })] }, 'allow'],
    ['no boundary: the identity policy alone decides', { identity: [allow()] }, 'allow'],
    ['an empty boundary allows nothing', { identity: [allow()], boundary: [] }, 'implicit-deny'],
    [
      'the boundary allows another action',
      { identity: [allow()], boundary: [allow({ actions: ['s3:PutObject'] })] },
      'implicit-deny',
    ],
    // a boundary Deny that does not match is not an Allow
    [
      'the boundary only denies something else',
      { identity: [allow()], boundary: [deny({ actions: ['iam:*'] })] },
      'implicit-deny',
    ],
    [
      'the boundary allows it under a condition that fails',
      {
        identity: [allow()],
        boundary: [allow({ conditions: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } })],
      },
      'implicit-deny',
    ],
  ]);

  test('the implicit deny says the boundary refused, and an allow names the identity statements only', () => {
    expect(evaluateRequest({ identity: [allow()], boundary: [allow({ actions: ['ec2:*'] })] }, get)).toEqual({
      decision: 'implicit-deny',
      because: ['the permissions boundary does not allow it'],
    });
    expect(evaluateRequest({ identity: [allow({ sid: 'Id' })], boundary: [allow({ sid: 'Cap' })] }, get)).toEqual({
      decision: 'allow',
      because: ['Id'],
    });
  });
});

describe('Action: case-insensitive, with * (any run) and ? (one character) wildcards, the whole name', () => {
  test.each<[string, string, boolean]>([
    ['s3:GetObject', 's3:GetObject', true],
    ['S3:getobject', 's3:GetObject', true],
    ['s3:GetObject', 'S3:GETOBJECT', true],
    ['s3:*', 's3:GetObject', true],
    ['*', 'ec2:DescribeVpcs', true],
    ['s3:Get*', 's3:GetObjectTagging', true],
    ['s3:*Object', 's3:PutObject', true],
    ['s3:*Object', 's3:PutObjectAcl', false],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?bject', 's3:GetOObject', false],
    ['s3:Get?Object', 's3:GetObject', false],
    ['s3:Get', 's3:GetObject', false],
    ['3:GetObject', 's3:GetObject', false],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['s3:Get.bject', 's3:GetObject', false],
    ['ec2:*', 's3:GetObject', false],
  ])('Action %s against %s: %s', (pattern, action, applies) => {
    expect(statementMatches(allow({ actions: [pattern] }), { ...get, action })).toBe(applies);
  });

  test('several actions are ORed', () => {
    expect(statementMatches(allow({ actions: ['ec2:*', 's3:Get*'] }), get)).toBe(true);
    expect(statementMatches(allow({ actions: ['ec2:*', 's3:Put*'] }), get)).toBe(false);
  });
});

describe('NotAction: the statement applies to every action except those listed', () => {
  test.each<[string[], string, boolean]>([
    [['iam:*'], 's3:GetObject', true],
    [['iam:*'], 'IAM:CreateRole', false],
    [['s3:Put*', 's3:Delete*'], 's3:GetObject', true],
    [['s3:Put*', 's3:Delete*'], 's3:DeleteObject', false],
    [['s3:GetObjec?'], 's3:GetObject', false],
  ])('NotAction %j against %s: %s', (notActions, action, applies) => {
    expect(statementMatches(statement({ notActions, resources: ['*'] }), { ...get, action })).toBe(applies);
  });

  test('a Deny with NotAction denies everything else, an Allow with it allows everything else', () => {
    const principal = {
      identity: [
        statement({ notActions: ['iam:*'], resources: ['*'] }),
        statement({ effect: 'Deny', notActions: ['s3:*', 'iam:*'], resources: ['*'] }),
      ],
    };
    expect(decide(principal, get)).toBe('allow');
    expect(decide(principal, { action: 'ec2:RunInstances', resource: '*' })).toBe('explicit-deny');
    expect(decide(principal, { action: 'iam:CreateRole', resource: '*' })).toBe('implicit-deny');
  });

  test('a statement with neither Action nor NotAction applies to nothing', () => {
    expect(statementMatches(statement({ resources: ['*'] }), get)).toBe(false);
  });
});

describe('Resource: case-sensitive ARNs, * (any run, across /; at a segment end across :), ? (one character)', () => {
  test.each<[string, string, boolean]>([
    ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/key', true],
    ['arn:aws:s3:::Bucket/key', 'arn:aws:s3:::bucket/key', false],
    ['arn:aws:s3:::bucket/KEY', 'arn:aws:s3:::bucket/key', false],
    ['*', 'arn:aws:s3:::bucket/key', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket-logs/x', true],
    ['arn:aws:logs:*:123:log-group:*', 'arn:aws:logs:us-east-1:123:log-group:/aws/eks/x:*', true],
    ['arn:aws:s3:::bucket/ke?', 'arn:aws:s3:::bucket/key', true],
    ['arn:aws:s3:::bucket/ke?', 'arn:aws:s3:::bucket/keys', false],
    ['arn:aws:s3:::bucket/k', 'arn:aws:s3:::bucket/key', false],
    ['s3:::bucket/key', 'arn:aws:s3:::bucket/key', false],
    ['arn:aws:s3:::bucket.key', 'arn:aws:s3:::bucket/key', false],
  ])('Resource %s against %s: %s', (pattern, resource, applies) => {
    expect(statementMatches(allow({ resources: [pattern] }), { ...get, resource })).toBe(applies);
  });

  test('several resources are ORed', () => {
    expect(statementMatches(allow({ resources: ['arn:aws:s3:::other', 'arn:aws:s3:::bucket/*'] }), get)).toBe(true);
    expect(statementMatches(allow({ resources: ['arn:aws:s3:::other', 'arn:aws:s3:::bucket'] }), get)).toBe(false);
  });
});

describe('NotResource: the statement applies to every resource except those listed', () => {
  test.each<[string[], string, boolean]>([
    [['arn:aws:s3:::state/*'], 'arn:aws:s3:::bucket/key', true],
    [['arn:aws:s3:::state/*'], 'arn:aws:s3:::state/dev/eks.tfstate', false],
    [['arn:aws:s3:::State/*'], 'arn:aws:s3:::state/dev/eks.tfstate', true],
    [['arn:aws:s3:::a', 'arn:aws:s3:::bucket/*'], 'arn:aws:s3:::bucket/key', false],
  ])('NotResource %j against %s: %s', (notResources, resource, applies) => {
    expect(statementMatches(statement({ actions: ['s3:*'], notResources }), { ...get, resource })).toBe(applies);
  });

  test('a Deny on NotResource protects everything but the listed resources', () => {
    const principal = {
      identity: [
        allow({ actions: ['s3:*'] }),
        deny({ actions: ['s3:*'], resources: [], notResources: ['arn:aws:s3:::mine/*'] }),
      ],
    };
    expect(decide(principal, { action: 's3:GetObject', resource: 'arn:aws:s3:::mine/k' })).toBe('allow');
    expect(decide(principal, { action: 's3:GetObject', resource: 'arn:aws:s3:::yours/k' })).toBe('explicit-deny');
  });

  test('a statement without Resource (a trust policy) applies to the resource it is attached to', () => {
    expect(
      statementMatches(statement({ actions: ['sts:AssumeRole'] }), {
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::1:role/r',
      }),
    ).toBe(true);
  });
});

/** One condition row: operator, key, the policy's values, the request's value for the key (undefined: absent). */
type ConditionRow = [string, string[], string | string[] | undefined, boolean];
const holds = (operator: string, policy: string[], value: string | string[] | undefined) =>
  conditionHolds(operator, 'aws:ResourceTag/env', policy, {
    ...get,
    context: value === undefined ? {} : { 'aws:ResourceTag/env': value },
  });
const conditionTable = (rows: ConditionRow[]) =>
  test.each(rows)('%s %j with %j: %s', (operator, policy, value, expected) =>
    expect(holds(operator, policy, value)).toBe(expected),
  );

describe('string operators: Equals exact and case-sensitive, IgnoreCase, Like with wildcards; values ORed', () => {
  conditionTable([
    ['StringEquals', ['dev'], 'dev', true],
    ['StringEquals', ['dev'], 'Dev', false],
    ['StringEquals', ['dev'], 'dev-1', false],
    ['StringEquals', ['dev', 'prod'], 'prod', true],
    ['StringEquals', ['dev*'], 'dev-1', false],
    ['StringEqualsIgnoreCase', ['dev'], 'DeV', true],
    ['StringEqualsIgnoreCase', ['DEV'], 'dev', true],
    ['StringEqualsIgnoreCase', ['dev'], 'devs', false],
    ['StringEqualsIgnoreCase', ['x', 'dev'], 'DEV', true],
    ['StringLike', ['dev-*'], 'dev-1', true],
    ['StringLike', ['dev-*'], 'DEV-1', false],
    ['StringLike', ['dev-*'], 'xdev-1', false],
    ['StringLike', ['d?v'], 'dev', true],
    ['StringLike', ['d?v'], 'deev', false],
    ['StringLike', ['prod', 'dev*'], 'dev', true],
  ]);
});

describe('negated string operators: true when no policy value matches', () => {
  conditionTable([
    ['StringNotEquals', ['dev'], 'prod', true],
    ['StringNotEquals', ['dev'], 'dev', false],
    ['StringNotEquals', ['dev'], 'Dev', true],
    ['StringNotEquals', ['dev', 'prod'], 'prod', false],
    ['StringNotEqualsIgnoreCase', ['dev'], 'DEV', false],
    ['StringNotEqualsIgnoreCase', ['dev'], 'prod', true],
    ['StringNotLike', ['dev-*'], 'dev-1', false],
    ['StringNotLike', ['dev-*'], 'prod-1', true],
  ]);
});

describe('ARN operators: ArnEquals and ArnLike both match case-sensitively with wildcards', () => {
  const role = 'arn:aws:iam::123456789012:role/ci/apply';
  conditionTable([
    ['ArnEquals', [role], role, true],
    ['ArnEquals', ['arn:aws:iam::123456789012:role/ci/*'], role, true],
    ['ArnEquals', ['arn:aws:iam::123456789012:role/CI/*'], role, false],
    ['ArnLike', ['arn:aws:iam::*:role/ci/appl?'], role, true],
    ['ArnLike', ['arn:aws:iam::*:role/ci/appl?'], `${role}s`, false],
    ['ArnLike', ['arn:aws:iam::123456789012:role/ci'], role, false],
    ['ArnEquals', ['arn:aws:iam::123456789012:role/other', role], role, true],
    ['ArnLike', ['arn:aws:iam::*:role/other', 'arn:aws:iam::*:role/ci/*'], role, true],
    ['ArnNotEquals', [role], role, false],
    ['ArnNotEquals', [role], 'arn:aws:iam::123456789012:role/other', true],
    ['ArnNotLike', ['arn:aws:iam::*:role/ci/*'], role, false],
    ['ArnNotLike', ['arn:aws:iam::*:role/cd/*'], role, true],
  ]);
});

describe('Bool and Null', () => {
  conditionTable([
    ['Bool', ['true'], 'true', true],
    ['Bool', ['true'], 'false', false],
    ['Bool', ['false'], 'false', true],
    ['Bool', ['false', 'true'], 'true', true],
    ['Bool', ['true'], undefined, false],
    // Null: "true" asks that the key is absent (or empty), "false" that it is present
    ['Null', ['true'], undefined, true],
    ['Null', ['true'], [], true],
    ['Null', ['true'], 'dev', false],
    ['Null', ['false'], 'dev', true],
    ['Null', ['false'], undefined, false],
    ['Null', ['false'], [], false],
    // several values are ORed as for every operator: either answer holds
    ['Null', ['false', 'true'], undefined, true],
    ['Null', ['true', 'false'], 'dev', true],
  ]);
});

describe('a key absent from the request: positive operators fail, negated ones and ...IfExists hold', () => {
  conditionTable([
    ['StringEquals', ['dev'], undefined, false],
    ['StringEquals', ['dev'], [], false],
    ['StringLike', ['*'], undefined, false],
    ['ArnLike', ['*'], undefined, false],
    ['StringNotEquals', ['dev'], undefined, true],
    ['StringNotEquals', ['dev'], [], true],
    ['StringNotLike', ['dev'], undefined, true],
    ['ArnNotLike', ['*'], undefined, true],
    ['StringEqualsIfExists', ['dev'], undefined, true],
    ['StringEqualsIfExists', ['dev'], [], true],
    ['StringLikeIfExists', ['dev'], undefined, true],
    ['ArnLikeIfExists', ['arn:*'], undefined, true],
    ['BoolIfExists', ['true'], undefined, true],
    // ...IfExists on a present key is the operator itself
    ['StringEqualsIfExists', ['dev'], 'dev', true],
    ['StringEqualsIfExists', ['dev'], 'prod', false],
    ['StringNotEqualsIfExists', ['dev'], 'dev', false],
    ['StringNotEqualsIfExists', ['dev'], 'prod', true],
    ['StringEqualsIgnoreCaseIfExists', ['dev'], 'DEV', true],
    ['BoolIfExists', ['true'], 'false', false],
  ]);
});

describe('a multivalued key without a set operator: positive operators need one match, negated ones none', () => {
  conditionTable([
    ['StringEquals', ['dev'], ['prod', 'dev'], true],
    ['StringEquals', ['dev'], ['prod', 'qa'], false],
    ['StringNotEquals', ['dev'], ['prod', 'qa'], true],
    ['StringNotEquals', ['dev'], ['prod', 'dev'], false],
  ]);
});

describe('ForAnyValue: at least one request value matches; an absent or empty key fails', () => {
  conditionTable([
    ['ForAnyValue:StringEquals', ['dev'], ['prod', 'dev'], true],
    ['ForAnyValue:StringEquals', ['dev'], ['prod', 'qa'], false],
    ['ForAnyValue:StringEquals', ['dev'], 'dev', true],
    ['ForAnyValue:StringLike', ['d*'], ['prod', 'dev'], true],
    ['ForAnyValue:StringEquals', ['dev'], undefined, false],
    ['ForAnyValue:StringEquals', ['dev'], [], false],
    ['ForAnyValue:StringNotEquals', ['dev'], ['dev', 'prod'], true],
    ['ForAnyValue:StringNotEquals', ['dev'], ['dev'], false],
    ['ForAnyValue:StringNotEquals', ['dev'], undefined, false],
  ]);
});

describe('ForAllValues: every request value matches; an absent or empty key holds', () => {
  conditionTable([
    ['ForAllValues:StringEquals', ['dev', 'prod'], ['prod', 'dev'], true],
    ['ForAllValues:StringEquals', ['dev'], ['dev', 'qa'], false],
    ['ForAllValues:StringLike', ['*.example.com'], ['a.example.com', 'b.example.com'], true],
    ['ForAllValues:StringLike', ['*.example.com'], ['a.example.com', 'b.example.org'], false],
    ['ForAllValues:StringEquals', ['dev'], undefined, true],
    ['ForAllValues:StringEquals', ['dev'], [], true],
    ['ForAllValues:StringNotEquals', ['dev'], ['prod', 'qa'], true],
    ['ForAllValues:StringNotEquals', ['dev'], ['prod', 'dev'], false],
    ['ForAllValues:StringNotEquals', ['dev'], undefined, true],
  ]);
});

describe('conditions in a statement', () => {
  const region = { 'aws:RequestedRegion': 'us-east-1' };
  const request = (context: Record<string, string | string[]>): IamRequest => ({ ...get, context });

  test('condition key names are case-insensitive, their values are not', () => {
    const s = allow({ conditions: { StringEquals: { 'AWS:requestedregion': ['us-east-1'] } } });
    expect(statementMatches(s, request(region))).toBe(true);
    expect(statementMatches(s, request({ 'aws:RequestedRegion': 'US-EAST-1' }))).toBe(false);
  });

  test('keys of one operator and operators of one statement are ANDed', () => {
    const s = allow({
      conditions: {
        StringEquals: { 'aws:RequestedRegion': ['us-east-1'], 'aws:ResourceTag/env': ['dev'] },
        Bool: { 'aws:SecureTransport': ['true'] },
      },
    });
    const all = { ...region, 'aws:ResourceTag/env': 'dev', 'aws:SecureTransport': 'true' };
    expect(statementMatches(s, request(all))).toBe(true);
    expect(statementMatches(s, request({ ...all, 'aws:ResourceTag/env': 'prod' }))).toBe(false);
    expect(statementMatches(s, request({ ...all, 'aws:RequestedRegion': 'eu-west-1' }))).toBe(false);
    expect(statementMatches(s, request({ ...all, 'aws:SecureTransport': 'false' }))).toBe(false);
  });

  test('a Deny under a failing condition does not apply; under a holding one it wins', () => {
    const guard = deny({ conditions: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } });
    expect(decide({ identity: [allow(), guard] }, request(region))).toBe('allow');
    expect(decide({ identity: [allow(), guard] }, request({ 'aws:RequestedRegion': 'eu-west-1' }))).toBe(
      'explicit-deny',
    );
    // the key absent from the request: StringNotEquals holds, so the Deny applies
    expect(decide({ identity: [allow(), guard] }, request({}))).toBe('explicit-deny');
  });

  test('an operator the evaluator does not model is an error, not a guess, whether the key is present or not', () => {
    expect(() => holds('NumericLessThan', ['3'], '2')).toThrow(
      'condition operator NumericLessThan is not modelled by the evaluator',
    );
    expect(() => holds('ForAnyValue:DateGreaterThanIfExists', ['x'], 'y')).toThrow(
      'condition operator DateGreaterThan is not modelled by the evaluator',
    );
    // AWS's answer for an absent key depends on the operator (a negated one holds): the model must not pick one
    expect(() => holds('NumericNotEquals', ['3'], undefined)).toThrow(
      'condition operator NumericNotEquals is not modelled',
    );
    expect(() => holds('ForAllValues:IpAddress', ['10.0.0.0/8'], [])).toThrow(
      'condition operator IpAddress is not modelled',
    );
    expect(() => holds('NotForAnyValue:StringEquals', ['x'], undefined)).toThrow(
      'condition operator NotForAnyValue:StringEquals is not modelled',
    );
  });
});

/**
 * "Cross-account policy evaluation logic" (reference_policies_evaluation-logic-cross-account.html): across accounts
 * both the caller's side and the resource policy must allow; within one account either side's Allow suffices; an
 * explicit Deny on either side wins. The resource policy sees the caller as its account, its root or its role ARN.
 */
describe('a resource policy beside the identity policy: across accounts both must allow, within one either', () => {
  const A = '111111111111';
  const B = '222222222222';
  const caller = (identity: Statement[], boundary?: Statement[]): IamCaller => ({
    arn: `arn:aws:iam::${B}:role/ci-apply-prod`,
    account: B,
    identity,
    ...(boundary === undefined ? {} : { boundary }),
  });
  const naming = (principal: string, s: Fields & { effect?: 'Allow' | 'Deny' } = {}) =>
    statement({ actions: ['s3:GetObject'], resources: ['*'], principals: { AWS: [principal] }, ...s });
  const role = `arn:aws:iam::${B}:role/ci-apply-prod`;
  const rows: Array<[string, IamCaller, IamResource, IamDecision]> = [
    ['across: identity and resource policy allow', caller([allow()]), { account: A, policy: [naming(role)] }, 'allow'],
    [
      'across: the resource policy names the account id',
      caller([allow()]),
      { account: A, policy: [naming(B)] },
      'allow',
    ],
    ['across: ... or its root', caller([allow()]), { account: A, policy: [naming(`arn:aws:iam::${B}:root`)] }, 'allow'],
    ['across: ... or everyone', caller([allow()]), { account: A, policy: [naming('*')] }, 'allow'],
    [
      'across: ... or a role pattern',
      caller([allow()]),
      { account: A, policy: [naming(`arn:aws:iam::${B}:role/ci-*`)] },
      'allow',
    ],
    ['across: no resource policy', caller([allow()]), { account: A }, 'implicit-deny'],
    [
      'across: the resource policy names another role',
      caller([allow()]),
      { account: A, policy: [naming(`arn:aws:iam::${B}:role/other`)] },
      'implicit-deny',
    ],
    [
      'across: the resource policy names another account',
      caller([allow()]),
      { account: A, policy: [naming('333333333333')] },
      'implicit-deny',
    ],
    [
      'across: the resource policy allows another action',
      caller([allow()]),
      { account: A, policy: [naming(role, { actions: ['s3:PutObject'] })] },
      'implicit-deny',
    ],
    ['across: only the resource policy allows', caller([]), { account: A, policy: [naming(role)] }, 'implicit-deny'],
    [
      'across: the boundary does not allow',
      caller([allow()], []),
      { account: A, policy: [naming(role)] },
      'implicit-deny',
    ],
    [
      'across: a resource-policy Deny wins',
      caller([allow()]),
      { account: A, policy: [naming(role), naming(role, { effect: 'Deny' })] },
      'explicit-deny',
    ],
    [
      'across: an identity Deny wins',
      caller([allow(), deny()]),
      { account: A, policy: [naming(role)] },
      'explicit-deny',
    ],
    ['within: the identity policy alone', caller([allow()]), { account: B }, 'allow'],
    ['within: the resource policy alone', caller([]), { account: B, policy: [naming(role)] }, 'allow'],
    ['within: neither', caller([]), { account: B, policy: [naming(`arn:aws:iam::${B}:role/other`)] }, 'implicit-deny'],
    [
      'within: a resource-policy Deny wins',
      caller([allow()]),
      { account: B, policy: [naming(role, { effect: 'Deny' })] },
      'explicit-deny',
    ],
  ];
  test.each(rows.map(([why, who, resource, expected]) => [why, expected, who, resource] as const))(
    '%s: %s',
    (_, expected, who, resource) => expect(evaluateWithResource(who, resource, get).decision).toBe(expected),
  );

  test("the request carries the caller's aws:PrincipalArn and aws:PrincipalAccount", () => {
    const onlyCi = naming('*', { conditions: { ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${B}:role/ci-*`] } } });
    const onlyB = naming('*', { conditions: { StringEquals: { 'aws:PrincipalAccount': [B] } } });
    expect(evaluateWithResource(caller([allow()]), { account: A, policy: [onlyCi] }, get).decision).toBe('allow');
    expect(evaluateWithResource(caller([allow()]), { account: A, policy: [onlyB] }, get).decision).toBe('allow');
    const other: IamCaller = { ...caller([allow()]), arn: `arn:aws:iam::${A}:role/ci-apply-dev`, account: A };
    expect(evaluateWithResource(other, { account: B, policy: [onlyCi, onlyB] }, get).decision).toBe('implicit-deny');
  });

  test('the reasons name the statements that decided', () => {
    const sid = (s: Statement, name: string): Statement => ({ ...s, sid: name });
    const denyReads = sid(naming(role, { effect: 'Deny' }), 'NoReads');
    const denied = evaluateWithResource(caller([allow()]), { account: A, policy: [denyReads] }, get);
    expect(denied.because).toEqual(['resource policy: NoReads']);
    const grant = sid(naming(role), 'Grant');
    const allowed = evaluateWithResource(caller([allow({ sid: 'Reads' })]), { account: A, policy: [grant] }, get);
    expect(allowed.because).toEqual(expect.arrayContaining(['resource policy: Grant']));
    const missing = evaluateWithResource(caller([allow()]), { account: A }, get);
    expect(missing.because).toEqual([`no resource policy of account ${A} allows ${role}`]);
  });

  test("every reason is kept: both sides' Denies, the caller side's failure, an unnamed statement", () => {
    const both = evaluateWithResource(
      caller([allow(), deny({ sid: 'NoGet' })]),
      { account: A, policy: [naming(role, { effect: 'Deny' })] },
      get,
    );
    expect(both).toEqual({ decision: 'explicit-deny', because: ['NoGet', 'resource policy: (no sid)'] });
    const unallowed = evaluateWithResource(caller([]), { account: A, policy: [naming(role)] }, get);
    expect(unallowed.decision).toBe('implicit-deny');
    expect(unallowed.because.length).toBeGreaterThan(0);
    expect(unallowed.because.every(b => b.startsWith("caller's account: "))).toBe(true);
    const within = evaluateWithResource(caller([allow({ sid: 'Mine' })]), { account: B, policy: [naming(role)] }, get);
    expect(within).toEqual(evaluateRequest(caller([allow({ sid: 'Mine' })]), get));
  });

  test('a resource policy names the caller among several principals, or by the Principal "*" form', () => {
    const several = naming(`arn:aws:iam::${B}:role/other`);
    const listed = { ...several, principals: { AWS: [`arn:aws:iam::${B}:role/other`, role] } };
    expect(evaluateWithResource(caller([allow()]), { account: A, policy: [listed] }, get).decision).toBe('allow');
    const anyone = { ...several, principals: { '*': ['*'] } };
    expect(evaluateWithResource(caller([allow()]), { account: A, policy: [anyone] }, get).decision).toBe('allow');
  });
});

describe("a resource policy names a caller's account root in the caller's partition", () => {
  const A = '111111111111';
  const B = '222222222222';
  const chinaCaller: IamCaller = {
    arn: `arn:aws-cn:iam::${B}:role/ci-apply-prod`,
    account: B,
    identity: [allow()],
  };
  const naming = (principal: string): IamResource => ({
    account: A,
    policy: [statement({ actions: ['s3:GetObject'], resources: ['*'], principals: { AWS: [principal] } })],
  });

  test('arn:aws-cn:iam::<account>:root names a China caller; the aws partition root does not', () => {
    expect(evaluateWithResource(chinaCaller, naming(`arn:aws-cn:iam::${B}:root`), get).decision).toBe('allow');
    expect(evaluateWithResource(chinaCaller, naming(`arn:aws:iam::${B}:root`), get).decision).toBe('implicit-deny');
  });
});
