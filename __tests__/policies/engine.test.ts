import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { checkStack, evaluate, formatFinding, UNUSED_SUPPRESSION_RULE } from '../../modules/policies/engine';
import {
  actionCovers,
  conditionValues,
  hasCondition,
  isPublicPrincipal,
  policyDocuments,
  statementGrants,
} from '../../modules/policies/iam';
import { jsonStatements, parseDocument, POLICY_OWNER_TYPES, statementPath } from '../../modules/policies/iam';
import { serviceExists } from '../../modules/policies/iam-data';
import { allPorts, securityGroupRules, SgRule } from '../../modules/policies/security-group-rules';
import { expandAction, isWildcardOnly } from '../../modules/policies/iam-data';
import { notApplicable, reportLines } from '../../modules/policies/report';
import { mirrorsScanner, PACKS, PLATFORM_PACK, RULES, SCANNER_PACK } from '../../modules/policies/rules';
import { blocks, interpolations, isWholeExpression, StackView, strings } from '../../modules/policies/stack-view';
import type { PolicyRule, Priority, TerraformJson } from '../../modules/policies/types';
import { isViolation, judge, pass } from '../../modules/policies/verdict';
import { isFalse, isTrue, managedPolicyName, prefixLength } from '../../modules/policies/util';
import {
  attachedPolicyArns,
  nodeRoles,
  roleDocuments,
  serviceAccountRoles,
  subnetsArePrivate,
} from '../../modules/policies/util';
import { ENVIRONMENTS, platform } from '../../environments';
import type { EnvironmentConfig } from '../../environments/types';
import { policySettings, TLS_REQUIRED_ENVIRONMENTS } from '../../modules/policies/settings';
import { withEnv } from '../helpers';
import { statement } from '../iam-statement';
import { bucket, policyJson } from './fixtures';
import { synthJson } from './policy-helpers';

describe('reference resolution', () => {
  const json = synthJson(s => {
    const b = new S3Bucket(s, 'b', { bucket: 'named' });
    new IamRole(s, 'r', { name: b.bucket, assumeRolePolicy: '{}' });
  });
  const view = new StackView({ stack: 't', json });

  test('finds references to blocks of the stack, with their attribute', () => {
    expect(view.references('${aws_s3_bucket.b.arn}/*')).toEqual([{ address: 'aws_s3_bucket.b', attribute: 'arn' }]);
    expect(view.references('${aws_s3_bucket.missing.arn}')).toEqual([]);
    expect(view.refersTo({ nested: ['x', '${aws_s3_bucket.b.id}'] }, 'aws_s3_bucket.b')).toBe(true);
  });

  test('follows a reference to a literal attribute, and gives up on computed ones', () => {
    expect(view.literal(view.get('aws_iam_role.r')!.body.name)).toBe('named');
    expect(view.literal('${aws_s3_bucket.b.arn}')).toBeUndefined();
    expect(view.literal('plain')).toBe('plain');
  });

  test('splits nested interpolations at the outermost braces', () => {
    expect(interpolations('a ${jsonencode({a = "${x.y.z}"})} b ${c.d.e}')).toEqual([
      'jsonencode({a = "${x.y.z}"})',
      'c.d.e',
    ]);
  });
});

describe('IAM document normalisation', () => {
  test('reads a data document with source documents, principals and conditions', () => {
    const json = synthJson(s => {
      const base = new DataAwsIamPolicyDocument(s, 'base', {
        statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }],
      });
      const doc = new DataAwsIamPolicyDocument(s, 'doc', {
        sourcePolicyDocuments: [base.json],
        statement: [
          {
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: ['s3:*'],
            resources: ['*'],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ],
      });
      new IamPolicy(s, 'p', { policy: doc.json });
    });
    const [doc] = policyDocuments(new StackView({ stack: 't', json }));
    expect(doc.address).toBe('aws_iam_policy.p');
    expect(doc.statements).toHaveLength(2);
    expect(doc.statements![0]).toMatchObject({ effect: 'Allow', actions: ['s3:GetObject'] });
    expect(isPublicPrincipal(doc.statements![1])).toBe(true);
    expect(conditionValues(doc.statements![1], 'aws:securetransport', 'Bool')).toEqual(['false']);
  });

  test('reads JSON strings: single values become arrays, an absent Effect is Allow, "*" principal is public', () => {
    const json = synthJson(s => {
      new IamRole(s, 'r', {
        assumeRolePolicy: policyJson([
          { Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': false } } },
        ]),
      });
    });
    const [doc] = policyDocuments(new StackView({ stack: 't', json }));
    expect(doc.kind).toBe('trust');
    expect(doc.statements![0]).toMatchObject({
      effect: 'Allow',
      actions: ['sts:AssumeRole'],
      principals: { '*': ['*'] },
    });
    expect(conditionValues(doc.statements![0], 'aws:SecureTransport')).toEqual(['false']);
  });

  test('matches actions case-insensitively with globs', () => {
    expect(actionCovers('EC2:Describe*', 'ec2:DescribeInstances')).toBe(true);
    expect(actionCovers('ec2:Describe?nstances', 'ec2:DescribeInstances')).toBe(true);
    expect(actionCovers('ec2:Describe*', 'ec2:RunInstances')).toBe(false);
  });

  test('expands wildcards and knows wildcard-only actions from the service reference', () => {
    expect(expandAction('sqs:ReceiveMessage')).toEqual(['sqs:ReceiveMessage']);
    expect(expandAction('sts:Assume*').length).toBeGreaterThanOrEqual(3);
    expect(expandAction('nope:Thing')).toEqual([]);
    expect(isWildcardOnly('ec2:DescribeInstances')).toBe(true);
    expect(isWildcardOnly('ec2:TerminateInstances')).toBe(false);
  });
});

describe('suppressions', () => {
  /** `json` with `rule` suppressed on its bucket, as suppress() writes it into the block's `//` comment. */
  const suppressed = (json: TerraformJson, rule: string, reason: string): TerraformJson => {
    const copy = structuredClone(json) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    copy.resource.aws_s3_bucket.bucket['//'] = {
      metadata: { path: 'state-backend/bucket' },
      suppressions: { [rule]: reason },
    };
    return copy;
  };
  const input = () => ({ stack: 'state-backend', json: synthJson(s => bucket(s, { versioning: false })) });

  test('a matching suppression turns the finding into "suppressed" with its reason', () => {
    const reason = 'versioning handled by the backup plan (test)';
    const report = evaluate([{ ...input(), json: suppressed(input().json, 's3-bucket-versioning', reason) }]);
    expect(report.failures).toEqual([]);
    expect(report.entries).toEqual([
      expect.objectContaining({ rule: 's3-bucket-versioning', status: 'suppressed', reason }),
    ]);
  });

  test('a suppression matching nothing is itself a finding', () => {
    const json = suppressed(
      synthJson(s => bucket(s)),
      's3-bucket-versioning',
      'no longer needed, should be reported',
    );
    const report = evaluate([{ stack: 'state-backend', json }]);
    expect(report.failures).toEqual([
      expect.objectContaining({
        rule: UNUSED_SUPPRESSION_RULE,
        stack: 'state-backend',
        address: 'aws_s3_bucket.bucket',
        path: 's3-bucket-versioning',
      }),
    ]);
  });

  test('fails on a suppression without a real reason', () => {
    const json = suppressed(input().json, 's3-bucket-versioning', ' ');
    expect(() => evaluate([{ ...input(), json }])).toThrow(/needs a reason/);
  });
});

describe('report lines', () => {
  test('list a pass for every judged resource without a finding, and the failures', () => {
    const inputs = [{ stack: 't', json: synthJson(s => bucket(s, { versioning: false })) }];
    const lines = reportLines(inputs, evaluate(inputs));
    expect(lines).toContainEqual(
      expect.objectContaining({ rule: 's3-tls-only', address: 'aws_s3_bucket.bucket', status: 'pass' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ rule: 's3-bucket-versioning', address: 'aws_s3_bucket.bucket', status: 'fail' }),
    );
    expect(lines.filter(l => l.rule === 's3-bucket-versioning' && l.address === 'aws_s3_bucket.bucket')).toHaveLength(
      1,
    );
  });
});

test('rule names are unique kebab-case file names', () => {
  const names = RULES.map(r => r.name);
  expect(new Set(names).size).toBe(names.length);
  for (const r of RULES) expect(r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
});

describe('the engine decides each finding', () => {
  /** A rule that flags every block of `type`, for engine tests independent of the real rules. */
  const flags = (name: string, priority: Priority, type = 'aws_s3_bucket'): PolicyRule => ({
    name,
    ruleId: `ID-${name}`,
    priority,
    description: `flags every ${type}`,
    check: view => view.all(type).map(b => ({ address: b.address, path: 'x', message: `${name} flags ${b.address}` })),
  });
  const json = (...names: string[]): TerraformJson => ({
    resource: { aws_s3_bucket: Object.fromEntries(names.map(n => [n, { bucket: n }])) },
  });
  const REASON = 'accepted for twenty!'; // exactly 20 characters, the shortest reason allowed
  /** `json` with `rule` suppressed on the bucket `name` (its `//` comment, as suppress() writes it). */
  const withSuppression = (base: TerraformJson, name: string, rule: string, reason = REASON): TerraformJson => {
    const copy = structuredClone(base) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    copy.resource.aws_s3_bucket[name] = {
      ...copy.resource.aws_s3_bucket[name],
      '//': { metadata: { path: `stack/${name}` }, suppressions: { [rule]: reason } },
    };
    return copy;
  };

  test('stamps the rule, its ids, its priority and the stack on each violation', () => {
    expect(checkStack({ stack: 'dev-eks', json: json('a') }, [flags('r', 'P2')])).toEqual([
      {
        rule: 'r',
        ruleId: 'ID-r',
        priority: 'P2',
        stack: 'dev-eks',
        address: 'aws_s3_bucket.a',
        path: 'x',
        message: 'r flags aws_s3_bucket.a',
      },
    ]);
  });

  test('a suppression covers only its own rule, stack and address', () => {
    const rules = [flags('r', 'P0'), flags('q', 'P0')];
    const inputs = [
      { stack: 's1', json: withSuppression(json('a', 'b'), 'a', 'r') },
      { stack: 's2', json: json('a') },
    ];
    const report = evaluate(inputs, rules);
    expect(report.entries.filter(e => e.status === 'suppressed').map(formatFinding)).toEqual([
      'P0 r [ID-r] s1 aws_s3_bucket.a x: r flags aws_s3_bucket.a',
    ]);
    expect(report.entries.find(e => e.status === 'suppressed')?.reason).toBe(REASON);
    expect(report.failures.map(f => `${f.rule} ${f.stack} ${f.address}`)).toEqual([
      'q s1 aws_s3_bucket.a',
      'q s1 aws_s3_bucket.b',
      'r s1 aws_s3_bucket.b',
      'q s2 aws_s3_bucket.a',
      'r s2 aws_s3_bucket.a',
    ]);
    expect(report.failures.every(f => f.status === 'fail' && f.reason === undefined)).toBe(true);
    expect(report.stacks).toEqual(['s1', 's2']);
    expect(report.rules).toBe(rules);
  });

  test('orders findings by priority first, then stack, rule and address', () => {
    const rules = [flags('low', 'P2'), flags('mid', 'P1'), flags('high', 'P0'), flags('also-high', 'P0')];
    const report = evaluate(
      [
        { stack: 'b', json: json('y', 'x') },
        { stack: 'a', json: json('z') },
      ],
      rules,
    );
    expect(report.entries.map(e => `${e.priority} ${e.stack} ${e.rule} ${e.address.slice(14)}`)).toEqual([
      'P0 a also-high z',
      'P0 a high z',
      'P0 b also-high x',
      'P0 b also-high y',
      'P0 b high x',
      'P0 b high y',
      'P1 a mid z',
      'P1 b mid x',
      'P1 b mid y',
      'P2 a low z',
      'P2 b low x',
      'P2 b low y',
    ]);
  });

  test('an unused suppression of an evaluated stack is a P1 failure naming the rule it was for', () => {
    // r judges queues only: the bucket it is suppressed on has no finding of r
    const inputs = [{ stack: 's1', json: withSuppression(json('gone'), 'gone', 'r') }];
    const report = evaluate(inputs, [flags('r', 'P0', 'aws_sqs_queue')]);
    expect(UNUSED_SUPPRESSION_RULE).toBe('unused-suppression'); // the name the report and annotations print
    expect(report.failures).toEqual([
      {
        rule: UNUSED_SUPPRESSION_RULE,
        ruleId: 'SUPPRESSION',
        priority: 'P1',
        stack: 's1',
        address: 'aws_s3_bucket.gone',
        path: 'r',
        message:
          'suppression of r on stack/gone matches no finding: ' +
          "remove suppress(..., 'r', ...) from the construct at stack/gone",
        status: 'fail',
      },
    ]);
    expect(report.entries).toEqual(report.failures);
  });

  test('a reason needs 20 characters besides surrounding blanks', () => {
    const withReason = (reason: string) => () =>
      evaluate([{ stack: 's', json: withSuppression(json('b'), 'b', 'r', reason) }], []);
    expect(withReason(REASON)).not.toThrow();
    expect(withReason(`  ${REASON.slice(1)}  `)).toThrow(
      'suppression of r on stack/b needs a reason of at least 20 characters',
    );
  });
});

describe('report lines of every judged resource', () => {
  const rule: PolicyRule = {
    name: 'judge',
    ruleId: 'ID-judge',
    priority: 'P1',
    description: 'flags the bucket named bad',
    check: view => [
      ...view
        .all('aws_s3_bucket')
        .map(b => (b.name === 'bad' ? { address: b.address, path: 'bucket', message: 'bad' } : pass(b))),
      ...view.objects.filter(o => o.object.kind === 'Gateway').map(o => pass(`Gateway.${o.object.metadata.name}`)),
    ],
  };
  const object = (kind: string, name: string) => ({
    installedBy: 'helm_release.r',
    object: { apiVersion: 'v1', kind, metadata: { name } },
  });
  const inputs = [
    { stack: 'second', json: { resource: { aws_s3_bucket: { ok: {}, bad: {} }, aws_sqs_queue: { q: {} } } } },
    { stack: 'first', json: {}, objects: [object('Gateway', 'edge'), object('Service', 'svc')] },
  ];

  test('a pass for each resource and object of the judged types without a finding, in the order of the stacks', () => {
    const lines = reportLines(inputs, evaluate(inputs, [rule]));
    expect(lines.map(l => `${l.stack} ${l.status} ${l.address}`)).toEqual([
      'second fail aws_s3_bucket.bad',
      'second pass aws_s3_bucket.ok',
      'first pass Gateway.edge',
    ]);
    expect(lines[1]).toEqual({
      stack: 'second',
      rule: 'judge',
      ruleId: 'ID-judge',
      priority: 'P1',
      address: 'aws_s3_bucket.ok',
      status: 'pass',
    });
    expect(lines[0]).toMatchObject({ rule: 'judge', status: 'fail', path: 'bucket', message: 'bad' });
  });

  test('lines are ordered by stack, then rule, then address, whatever their status', () => {
    const early: PolicyRule = { ...rule, name: 'aaa-first', check: view => rule.check(view).map(v => pass(v.address)) };
    const lines = reportLines(inputs, evaluate(inputs, [rule, early]));
    expect(lines.map(l => `${l.stack} ${l.rule} ${l.address}`)).toEqual([
      'second aaa-first aws_s3_bucket.bad',
      'second aaa-first aws_s3_bucket.ok',
      'second judge aws_s3_bucket.bad',
      'second judge aws_s3_bucket.ok',
      'first aaa-first Gateway.edge',
      'first judge Gateway.edge',
    ]);
  });

  test('a suppressed finding is listed once, as suppressed', () => {
    const suppression = { suppressions: { judge: 'a reason long enough to count' } };
    const resource = { ...inputs[0].json.resource, aws_s3_bucket: { ok: {}, bad: { '//': suppression } } };
    const accepted = [{ ...inputs[0], json: { resource } }, inputs[1]];
    const lines = reportLines(accepted, evaluate(accepted, [rule]));
    expect(lines.filter(l => l.address === 'aws_s3_bucket.bad').map(l => l.status)).toEqual(['suppressed']);
  });
});

describe('policy documents in every form', () => {
  const docs = (build: (s: Construct) => void) =>
    policyDocuments(new StackView({ stack: 't', json: synthJson(build) }));

  test('a policy referenced from another resource, source and override documents, NotAction/NotPrincipal/Sid', () => {
    const found = docs(s => {
      const base = new IamPolicy(s, 'base', {
        policy: policyJson([{ Sid: 'Base', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
      });
      const override = new DataAwsIamPolicyDocument(s, 'override', {
        statement: [
          {
            sid: 'Over',
            effect: 'Deny',
            notActions: ['s3:Get*'],
            notResources: ['arn:aws:s3:::b'],
            notPrincipals: [{ type: 'AWS', identifiers: ['a', 'b'] }],
          },
        ],
      });
      const doc = new DataAwsIamPolicyDocument(s, 'doc', {
        sourcePolicyDocuments: [base.policy],
        overridePolicyDocuments: [override.json],
      });
      new IamPolicy(s, 'p', { policy: doc.json });
      new IamRole(s, 'r', {
        assumeRolePolicy: '{}',
        inlinePolicy: [{ name: 'i', policy: policyJson([{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }]) }],
      });
    });
    const p = found.find(d => d.address === 'aws_iam_policy.p')!;
    expect(p.statements).toEqual([
      expect.objectContaining({ sid: 'Base', effect: 'Allow', actions: ['s3:GetObject'] }),
      expect.objectContaining({
        sid: 'Over',
        effect: 'Deny',
        notActions: ['s3:Get*'],
        notResources: ['arn:aws:s3:::b'],
        notPrincipals: { AWS: ['a', 'b'] },
      }),
    ]);
    const inline = found.find(d => d.path === 'inline_policy[0].policy')!;
    expect(inline).toMatchObject({ address: 'aws_iam_role.r', kind: 'identity', ownerType: 'aws_iam_role' });
    expect(inline.statements).toEqual([expect.objectContaining({ actions: ['sqs:*'] })]);
    expect(found.find(d => d.address === 'aws_iam_role.r' && d.path === 'assume_role_policy')).toMatchObject({
      kind: 'trust',
      statements: [],
    });
  });

  test(
    'a document is unreadable when any source is, or when it is an expression or a reference to something ' + 'else',
    () => {
      const found = docs(s => {
        const key = new KmsKey(s, 'k', { description: 'k' });
        const doc = new DataAwsIamPolicyDocument(s, 'doc', {
          sourcePolicyDocuments: [Fn.jsonencode({ Statement: [] })],
        });
        new IamPolicy(s, 'from-expression', { policy: doc.json });
        new IamPolicy(s, 'from-arn', { policy: key.arn });
        new IamPolicy(s, 'not-json', { policy: '{"Statement": [' });
        new IamPolicy(s, 'not-object', { policy: '[]' });
      });
      expect(found.map(d => d.address)).toEqual([
        'aws_iam_policy.from-arn',
        'aws_iam_policy.from-expression',
        'aws_iam_policy.not-json',
        'aws_iam_policy.not-object',
      ]);
      expect(found.map(d => d.statements)).toEqual([undefined, undefined, undefined, undefined]);
    },
  );

  test('a chain of documents that refer to each other is unreadable, not endless', () => {
    const json: TerraformJson = {
      resource: {
        aws_iam_policy: { a: { policy: '${aws_iam_policy.b.policy}' }, b: { policy: '${aws_iam_policy.a.policy}' } },
      },
    };
    expect(policyDocuments(new StackView({ stack: 't', json })).map(d => d.statements)).toEqual([undefined, undefined]);
    const chain: TerraformJson = {
      resource: {
        aws_iam_policy: {
          a: { policy: '${aws_iam_policy.b.policy}' },
          b: { policy: policyJson([{ Action: 's3:GetObject', Resource: '*' }]) },
        },
      },
    };
    expect(policyDocuments(new StackView({ stack: 't', json: chain }))[0].statements).toEqual([
      expect.objectContaining({ actions: ['s3:GetObject'] }),
    ]);
  });

  test(
    'conditions: values of any operator with the prefix, ForAnyValue/ForAllValues included, keys ' + 'case-insensitive',
    () => {
      const [doc] = docs(s => {
        new IamPolicy(s, 'p', {
          policy: policyJson([
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: {
                'ForAnyValue:StringEquals': { 'AWS:PrincipalTag/team': ['a', 'b'] },
                StringLike: { 'aws:principaltag/team': 'c*' },
                NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
                Bool: {},
              },
            },
          ]),
        });
      });
      const [s0] = doc.statements!;
      expect(conditionValues(s0, 'aws:PrincipalTag/team', 'String')).toEqual(['a', 'b', 'c*']);
      expect(conditionValues(s0, 'aws:PrincipalTag/team', 'StringEquals')).toEqual(['a', 'b']);
      expect(conditionValues(s0, 'aws:MultiFactorAuthAge')).toEqual(['3600']);
      expect(hasCondition(s0)).toBe(true);
      expect(hasCondition({ ...s0, conditions: { Bool: {} } })).toBe(false);
    },
  );

  test('statementGrants: Action globs, NotAction excludes, neither grants nothing', () => {
    const base = statement();
    expect(statementGrants({ ...base, actions: ['iam:Pass*'] }, 'iam:PassRole')).toBe(true);
    expect(statementGrants({ ...base, actions: ['iam:Get*'] }, 'iam:PassRole')).toBe(false);
    expect(statementGrants({ ...base, notActions: ['iam:*'] }, 'iam:PassRole')).toBe(false);
    expect(statementGrants({ ...base, notActions: ['s3:*'] }, 'iam:PassRole')).toBe(true);
    expect(statementGrants(base, 'iam:PassRole')).toBe(false);
    expect(isPublicPrincipal({ ...base, principals: { AWS: ['arn:aws:iam::1:root', '*'] } })).toBe(true);
    expect(isPublicPrincipal({ ...base, principals: { Service: ['*'] } })).toBe(false);
  });
});

describe('stack view helpers', () => {
  test('literal values follow chains of references, up to a depth, and only plain attribute names', () => {
    const json: TerraformJson = {
      resource: {
        aws_s3_bucket: {
          a: { bucket: '${aws_s3_bucket.b.bucket}' },
          b: { bucket: 'named', tags: { k: 'v' } },
          loop: { bucket: '${aws_s3_bucket.loop.bucket}' },
        },
      },
    };
    const view = new StackView({ stack: 't', json });
    expect(view.literal('${aws_s3_bucket.a.bucket}')).toBe('named');
    expect(view.literal('${aws_s3_bucket.loop.bucket}')).toBeUndefined();
    expect(view.literal('${aws_s3_bucket.b.tags.k}')).toBeUndefined();
    expect(view.literal('prefix-${aws_s3_bucket.b.bucket}')).toBeUndefined();
    expect(view.literal('${aws_s3_bucket.missing.bucket}')).toBeUndefined();
    expect(view.literal(42)).toBe(42);
  });

  test('references: data sources, indexes and the attribute path; no match inside a longer name', () => {
    const view = new StackView({
      stack: 't',
      json: { resource: { aws_vpc: { v: {} } }, data: { aws_iam_policy_document: { d: {} } } },
    });
    expect(view.references('${data.aws_iam_policy_document.d.json}')).toEqual([
      { address: 'data.aws_iam_policy_document.d', attribute: 'json' },
    ]);
    expect(view.references('${aws_vpc.v.cidr_block_associations[0].id}')).toEqual([
      { address: 'aws_vpc.v', attribute: 'cidr_block_associations[0].id' },
    ]);
    expect(view.references('${my_aws_vpc.v.id}')).toEqual([]);
    expect(view.all('data.aws_iam_policy_document').map(b => b.address)).toEqual(['data.aws_iam_policy_document.d']);
    expect(view.all('aws_iam_policy_document')).toEqual([]);
  });

  test('blocks, strings and whole expressions', () => {
    expect(blocks([{ a: 1 }, 'x', null, [1]])).toEqual([{ a: 1 }]);
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks('x')).toEqual([]);
    expect(strings(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(strings('a')).toEqual(['a']);
    expect(strings(undefined)).toEqual([]);
    expect(isWholeExpression('${a.b.c}')).toBe(true);
    expect(isWholeExpression('${a.b.c}${d.e.f}')).toBe(false);
    expect(isWholeExpression('x${a.b.c}')).toBe(false);
    expect(isWholeExpression('${a.b.c}x')).toBe(false);
  });
});

describe('policy helpers', () => {
  test('managed policy names of every partition and path; CIDR prefix lengths; Terraform booleans', () => {
    expect(managedPolicyName('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy')).toBe('AmazonEKSWorkerNodePolicy');
    expect(managedPolicyName('arn:aws-us-gov:iam::aws:policy/service-role/AmazonEKS_CNI_Policy')).toBe(
      'AmazonEKS_CNI_Policy',
    );
    expect(managedPolicyName('arn:aws:iam::123456789012:policy/AmazonEKS_CNI_Policy')).toBeUndefined();
    expect(prefixLength('10.0.0.0/16')).toBe(16);
    expect(prefixLength('2001:db8::/128')).toBe(128);
    expect(prefixLength('10.0.0.1')).toBeUndefined();
    expect([true, 'true', 'TRUE', 1].map(isTrue)).toEqual([true, true, false, false]);
    expect([false, 'false', undefined, 0].map(isFalse)).toEqual([true, true, false, false]);
  });
});

describe('policySettings: what each stack is judged against, from the configuration', () => {
  const [dev, prod] = ['dev', 'prod'].map(name => ENVIRONMENTS.find(e => e.name === name)!);
  const OTHER_ACCOUNT = '210987654321';

  test("an eks layer allows its environment's admins and its CI apply role, in the environment's account", () => {
    const own = withEnv(prod, e => {
      e.aws = { accountId: OTHER_ACCOUNT };
    });
    const settings = policySettings(platform, [dev, own]);
    expect(settings('dev-eks')).toEqual({
      clusterAdminPrincipalArns: [
        'arn:aws:iam::123456789012:role/platform-admin',
        'arn:aws:iam::123456789012:role/myapp-ci-apply-dev',
      ],
    });
    expect(settings('prod-eks')?.clusterAdminPrincipalArns).toEqual([
      ...prod.cluster.adminPrincipalArns,
      `arn:aws:iam::${OTHER_ACCOUNT}:role/myapp-ci-apply-prod`,
    ]);
  });

  test('an addons layer reads its secret prefixes; the other stacks have no settings', () => {
    const settings = policySettings(platform, [dev, prod]);
    expect(settings('dev-addons')).toEqual({ secretPrefixes: ['dev', 'staging'], requireEdgeTls: false });
    expect(settings('prod-addons')).toEqual({ secretPrefixes: ['production'], requireEdgeTls: true });
    for (const stack of ['dev-vpc', 'shared', 'state-backend', 'prod-account', 'dev'])
      expect(settings(stack)).toBeUndefined();
  });

  test('the edge is HTTPS-only in prod whatever its file says, and wherever a domain or certificate is set', () => {
    const tls = (env: EnvironmentConfig) => policySettings(platform, [env])(`${env.name}-addons`)?.requireEdgeTls;
    expect(TLS_REQUIRED_ENVIRONMENTS).toEqual(['prod']);
    expect(tls(withEnv(prod, e => delete e.ingress.domain))).toBe(true);
    expect(tls(prod)).toBe(true);
    expect(tls(dev)).toBe(false);
    expect(
      tls(withEnv(dev, e => (e.ingress.certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/x'))),
    ).toBe(true);
    expect(
      tls(withEnv(dev, e => (e.ingress.domain = { zoneName: 'example.com', hostnames: ['dev.example.com'] }))),
    ).toBe(true);
  });
});

describe('report lines of a platform with more than ten stacks', () => {
  test('keep the order of the stacks (their index, not its digits, decides: stack 10 comes after stack 2)', () => {
    const rule: PolicyRule = {
      name: 'judge',
      ruleId: 'ID-judge',
      priority: 'P2',
      description: 'flags nothing',
      check: view => view.all('aws_s3_bucket').map(b => pass(b)),
    };
    // four environments make 14 stacks (state-backend, shared, and vpc, eks, addons each)
    const stacks = Array.from({ length: 14 }, (_, i) => `stack-${String.fromCharCode(110 - i)}`);
    const inputs = stacks.map(stack => ({ stack, json: { resource: { aws_s3_bucket: { b: {} } } } }));
    const lines = reportLines(inputs, evaluate(inputs, [rule]));
    expect(lines.map(l => l.stack)).toEqual(stacks);
  });
});

describe('securityGroupRules: every form of a security group rule, normalised', () => {
  const group = '${aws_security_group.g.id}';
  const view = () =>
    new StackView({
      stack: 't',
      json: {
        resource: {
          aws_security_group: {
            g: {
              ingress: [
                {
                  cidr_blocks: ['10.0.0.0/8'],
                  ipv6_cidr_blocks: ['::/0'],
                  protocol: 'tcp',
                  from_port: 443,
                  to_port: 443,
                  description: 'https',
                },
              ],
              egress: { cidr_blocks: ['0.0.0.0/0'], from_port: 0, to_port: 0 },
            },
          },
          aws_security_group_rule: {
            r: {
              type: 'egress',
              cidr_blocks: '0.0.0.0/0',
              protocol: 'udp',
              from_port: '53',
              to_port: '53',
              security_group_id: group,
              description: 'dns',
            },
            i: { type: 'ingress', ipv6_cidr_blocks: ['::/0'], from_port: '', to_port: null, security_group_id: 'sg-1' },
          },
          aws_vpc_security_group_ingress_rule: {
            v: { cidr_ipv4: '0.0.0.0/0', security_group_id: 'sg-2', description: 'all' },
          },
          aws_vpc_security_group_egress_rule: {
            e: { cidr_ipv6: '::/0', ip_protocol: 'tcp', from_port: 443, to_port: 443, security_group_id: 'sg-3' },
          },
        },
      },
    });

  test('inline blocks and rule resources: address, path, direction, CIDRs, protocol (absent = all), ports', () => {
    expect(securityGroupRules(view())).toStrictEqual([
      {
        address: 'aws_security_group.g',
        path: 'ingress[0]',
        direction: 'ingress',
        cidrs: ['10.0.0.0/8', '::/0'],
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: 'https',
        group,
      },
      {
        address: 'aws_security_group.g',
        path: 'egress[0]',
        direction: 'egress',
        cidrs: ['0.0.0.0/0'],
        protocol: '-1',
        fromPort: 0,
        toPort: 0,
        description: undefined,
        group,
      },
      {
        address: 'aws_security_group_rule.r',
        path: '',
        direction: 'egress',
        cidrs: ['0.0.0.0/0'],
        protocol: 'udp',
        fromPort: 53,
        toPort: 53,
        description: 'dns',
        group,
      },
      {
        address: 'aws_security_group_rule.i',
        path: '',
        direction: 'ingress',
        cidrs: ['::/0'],
        protocol: '-1',
        fromPort: undefined,
        toPort: undefined,
        description: undefined,
        group: 'sg-1',
      },
      {
        address: 'aws_vpc_security_group_ingress_rule.v',
        path: '',
        direction: 'ingress',
        cidrs: ['0.0.0.0/0'],
        protocol: '-1',
        fromPort: undefined,
        toPort: undefined,
        description: 'all',
        group: 'sg-2',
      },
      {
        address: 'aws_vpc_security_group_egress_rule.e',
        path: '',
        direction: 'egress',
        cidrs: ['::/0'],
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: undefined,
        group: 'sg-3',
      },
    ]);
  });

  test('allPorts: protocol -1 or all, or a range from 0 (or open) to 65535 (or open)', () => {
    const rule = (protocol: string, fromPort?: number, toPort?: number): SgRule => ({
      address: 'a.b',
      path: '',
      direction: 'ingress',
      cidrs: [],
      protocol,
      fromPort,
      toPort,
      group: 'sg',
    });
    expect(allPorts(rule('-1', 443, 443))).toBe(true);
    expect(allPorts(rule('ALL', 443, 443))).toBe(true);
    expect(allPorts(rule('tcp', 0, 65535))).toBe(true);
    expect(allPorts(rule('tcp'))).toBe(true);
    expect(allPorts(rule('tcp', 1, 65535))).toBe(false);
    expect(allPorts(rule('tcp', 0, 65534))).toBe(false);
    expect(allPorts(rule('tcp', 0))).toBe(true);
    expect(allPorts(rule('udp', 443, 443))).toBe(false);
  });
});

describe('IAM documents as values and as AWS JSON', () => {
  test('a document object is read like its JSON text; anything but an object or a string cannot be read', () => {
    const view = new StackView({ stack: 't', json: {} });
    const document = { Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*' } };
    expect(parseDocument(view, document)).toEqual([
      expect.objectContaining({ effect: 'Deny', actions: ['s3:*'], resources: ['*'] }),
    ]);
    expect(parseDocument(view, JSON.stringify(document))).toEqual(parseDocument(view, document));
    expect(parseDocument(view, 42)).toBeUndefined();
    expect(jsonStatements(document)).toEqual(parseDocument(view, document));
    expect(jsonStatements({ Statement: [document.Statement, 'x'] })).toHaveLength(1);
    expect(jsonStatements('{"Statement": []}')).toEqual([]);
  });
});

describe('roleDocuments: the identity documents that apply to a role', () => {
  test("its inline and role policies, the customer policies attached to it; not another role's, not its trust", () => {
    const doc = policyJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    const view = new StackView({
      stack: 't',
      json: {
        resource: {
          aws_iam_role: {
            r: { assume_role_policy: doc, inline_policy: [{ name: 'i', policy: doc }] },
            other: { assume_role_policy: doc },
          },
          aws_iam_role_policy: {
            mine: { role: '${aws_iam_role.r.name}', policy: doc },
            theirs: { role: '${aws_iam_role.other.name}', policy: doc },
          },
          aws_iam_policy: { attached: { policy: doc }, detached: { policy: doc }, elsewhere: { policy: doc } },
          aws_iam_role_policy_attachment: {
            a: { role: '${aws_iam_role.r.name}', policy_arn: '${aws_iam_policy.attached.arn}' },
            b: { role: '${aws_iam_role.other.name}', policy_arn: '${aws_iam_policy.elsewhere.arn}' },
          },
        },
      },
    });
    const found = roleDocuments(view, view.get('aws_iam_role.r')!, policyDocuments(view));
    expect(found.map(d => `${d.address} ${d.path}`).sort()).toEqual([
      'aws_iam_policy.attached policy',
      'aws_iam_role.r inline_policy[0].policy',
      'aws_iam_role_policy.mine policy',
    ]);
  });
});

describe('StackView: references and literals at their edges', () => {
  test('an attribute path may start with an index (a counted resource); a block referenced twice is one block', () => {
    const view = new StackView({ stack: 't', json: { resource: { aws_vpc: { v: {} }, aws_subnet: { s: {} } } } });
    expect(view.references('${aws_vpc.v[0].id}')).toEqual([{ address: 'aws_vpc.v', attribute: '[0].id' }]);
    expect(
      view.referenced(['${aws_vpc.v.id}', '${aws_vpc.v.arn}', '${aws_subnet.s.id}'], 'aws_vpc').map(b => b.address),
    ).toEqual(['aws_vpc.v']);
    // the type ends at the dot: aws_vpc is not a prefix of aws_vpc_ipv4_cidr_block_association
    const longer = new StackView({
      stack: 't',
      json: { resource: { aws_vpc_ipv4_cidr_block_association: { a: {} } } },
    });
    expect(longer.referenced('${aws_vpc_ipv4_cidr_block_association.a.id}', 'aws_vpc')).toEqual([]);
  });

  test('a literal is followed through at most nine references, and never through a function call', () => {
    const chain = (links: number) => {
      const buckets: Record<string, { bucket: string }> = {};
      for (let i = 0; i < links; i++) buckets[`r${i}`] = { bucket: `\${aws_s3_bucket.r${i + 1}.bucket}` };
      buckets[`r${links}`] = { bucket: 'end' };
      return new StackView({ stack: 't', json: { resource: { aws_s3_bucket: buckets } } });
    };
    expect(chain(8).literal('${aws_s3_bucket.r0.bucket}')).toBe('end');
    expect(chain(9).literal('${aws_s3_bucket.r0.bucket}')).toBeUndefined();
    expect(chain(0).literal('${lower(aws_s3_bucket.r0.bucket)}')).toBeUndefined();
    expect(chain(0).literal('${aws_s3_bucket.r0.bucket}')).toBe('end');
  });

  test('a stack without settings or objects reads as empty ones', () => {
    const view = new StackView({ stack: 't', json: {} });
    expect(view.settings).toEqual({});
    expect(view.objects).toEqual([]);
    expect(view.all('aws_s3_bucket')).toEqual([]);
  });
});

describe('policy helpers: patterns anchored at both ends', () => {
  test('a managed policy ARN is the whole value: no prefix, no interpolated suffix, no account of its own', () => {
    expect(managedPolicyName('arn:aws:iam::aws:policy/AdministratorAccess')).toBe('AdministratorAccess');
    expect(managedPolicyName('x-arn:aws:iam::aws:policy/AdministratorAccess')).toBeUndefined();
    expect(managedPolicyName('arn:aws:iam::aws:policy/Admin${var.suffix}')).toBeUndefined();
    expect(managedPolicyName('arn:aws:iam::aws:policy/')).toBeUndefined();
  });

  test('a CIDR prefix length is the digits after the last slash, at the end', () => {
    expect(prefixLength('10.0.0.0/8')).toBe(8);
    expect(prefixLength('10.0.0.0/${var.bits}')).toBeUndefined();
    expect(prefixLength('10.0.0.0/16x')).toBeUndefined();
  });

  test('subnets are private from a whole private_* remote-state output, or stack subnets without public IPs', () => {
    const view = new StackView({
      stack: 't',
      json: {
        resource: {
          aws_subnet: {
            private: { map_public_ip_on_launch: false, tags: { 'kubernetes.io/role/internal-elb': '1' } },
            public: { map_public_ip_on_launch: true },
            elb: { tags: { 'kubernetes.io/role/elb': '1' } },
          },
        },
      },
    });
    expect(subnetsArePrivate(view, '${data.terraform_remote_state.vpc.outputs.private_subnet_ids}')).toBe(true);
    expect(subnetsArePrivate(view, '${data.terraform_remote_state.vpc.outputs.public_subnet_ids}')).toBe(false);
    expect(subnetsArePrivate(view, 'x${data.terraform_remote_state.vpc.outputs.private_subnet_ids}')).toBe(false);
    expect(subnetsArePrivate(view, '${data.terraform_remote_state.vpc.outputs.private_subnet_ids}[0]')).toBe(false);
    expect(subnetsArePrivate(view, ['${aws_subnet.private.id}'])).toBe(true);
    expect(subnetsArePrivate(view, ['${aws_subnet.private.id}', '${aws_subnet.public.id}'])).toBe(false);
    expect(subnetsArePrivate(view, ['${aws_subnet.private.id}', '${aws_subnet.elb.id}'])).toBe(false);
    expect(subnetsArePrivate(view, ['${aws_subnet.private.id}', 'subnet-0123456789'])).toBe(false);
    expect(subnetsArePrivate(view, [])).toBe(false);
  });
});

describe('policy helpers: the roles of nodes and service accounts, and the policies attached to a role', () => {
  const view = () =>
    new StackView({
      stack: 't',
      json: {
        resource: {
          aws_iam_role: {
            node: { name: 'node-role' },
            karpenter: {},
            profiled: {},
            cni: {},
            pod: {},
            addon: {},
            unused: {},
          },
          aws_eks_node_group: {
            ng: { node_role_arn: '${aws_iam_role.node.arn}' },
            again: { node_role_arn: '${aws_iam_role.node.arn}' },
          },
          aws_eks_access_entry: {
            nodes: { type: 'EC2_LINUX', principal_arn: '${aws_iam_role.karpenter.arn}' },
            admin: { type: 'STANDARD', principal_arn: '${aws_iam_role.unused.arn}' },
          },
          aws_iam_instance_profile: { p: { role: '${aws_iam_role.profiled.name}' } },
          aws_eks_pod_identity_association: {
            a: { namespace: 'kube-system', service_account: 'ebs-csi', role_arn: '${aws_iam_role.pod.arn}' },
          },
          aws_eks_addon: {
            vpc_cni: { addon_name: 'vpc-cni', service_account_role_arn: '${aws_iam_role.cni.arn}' },
            other: { addon_name: 'coredns', service_account_role_arn: '${aws_iam_role.unused.arn}' },
            pia: {
              addon_name: 'aws-ebs-csi-driver',
              pod_identity_association: [
                { service_account: 'ebs-csi-controller-sa', role_arn: '${aws_iam_role.addon.arn}' },
              ],
            },
          },
          aws_iam_role_policy_attachment: {
            by_reference: {
              role: '${aws_iam_role.node.name}',
              policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
            },
            by_name: { role: 'node-role', policy_arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' },
            other: { role: '${aws_iam_role.pod.name}', policy_arn: 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' },
          },
        },
      },
    });

  test('nodes run with node group roles, EC2_LINUX access entries and instance profiles (each once)', () => {
    expect(nodeRoles(view()).map(r => r.address)).toEqual([
      'aws_iam_role.node',
      'aws_iam_role.karpenter',
      'aws_iam_role.profiled',
    ]);
  });

  test('service accounts: Pod Identity associations, the VPC CNI add-on role (aws-node), add-on pod identities', () => {
    expect(serviceAccountRoles(view()).map(s => `${s.serviceAccount} ${s.role.address} ${s.address}`)).toEqual([
      'kube-system/ebs-csi aws_iam_role.pod aws_eks_pod_identity_association.a',
      'kube-system/aws-node aws_iam_role.cni aws_eks_addon.vpc_cni',
      'kube-system/ebs-csi-controller-sa aws_iam_role.addon aws_eks_addon.pia',
    ]);
  });

  test('attached managed policies: by reference to the role or by its literal name, and managed_policy_arns', () => {
    const stack = view();
    const role = {
      ...stack.get('aws_iam_role.node')!,
      body: { name: 'node-role', managed_policy_arns: ['arn:aws:iam::aws:policy/Extra'] },
    };
    expect(attachedPolicyArns(stack, role)).toEqual([
      {
        arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        address: 'aws_iam_role_policy_attachment.by_reference',
      },
      {
        arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        address: 'aws_iam_role_policy_attachment.by_name',
      },
      { arn: 'arn:aws:iam::aws:policy/Extra', address: 'aws_iam_role.node' },
    ]);
    expect(attachedPolicyArns(stack, stack.get('aws_iam_role.karpenter')!)).toEqual([]);
  });
});

describe('IAM data and documents: where documents live, how values are read', () => {
  test('service prefixes name a data file only as a plain prefix (no path), case-insensitively', () => {
    expect(serviceExists('EC2')).toBe(true);
    expect(serviceExists('s3/../ec2')).toBe(false);
    expect(serviceExists('../actions/ec2')).toBe(false);
    expect(expandAction('SQS:ReceiveMessage')).toEqual(['sqs:ReceiveMessage']);
    expect(expandAction('sqs')).toEqual([]);
    const expanded = expandAction('sqs:ReceiveMessage');
    expanded.push('sqs:Changed');
    expect(expandAction('sqs:ReceiveMessage')).toEqual(['sqs:ReceiveMessage']);
    expect(isWildcardOnly('EC2:describeinstances')).toBe(true);
    expect(isWildcardOnly('ec2:NoSuchAction')).toBe(false);
    expect(isWildcardOnly('nosuchservice:Describe')).toBe(false);
  });

  test('IAM globs: only * and ? are wild, every other character is literal', () => {
    expect(actionCovers('s3:Get.bject', 's3:GetObject')).toBe(false);
    expect(actionCovers('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(actionCovers('s3:Get?bject', 's3:Getbject')).toBe(false);
    expect(actionCovers('s3:(Get|Put)Object', 's3:GetObject')).toBe(false);
    expect(actionCovers('s3:GetObject', 's3:GetObjectAcl')).toBe(false);
    expect(actionCovers('s3:GetObject', 'xs3:GetObject')).toBe(false);
  });

  test('every resource type that carries a document, with its attribute and kind', () => {
    const doc = policyJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    const types = [
      'aws_iam_policy',
      'aws_iam_role_policy',
      'aws_iam_user_policy',
      'aws_iam_group_policy',
      'aws_s3_bucket_policy',
      'aws_sqs_queue_policy',
      'aws_sqs_queue',
      'aws_kms_key',
      'aws_kms_key_policy',
      'aws_ecr_repository_policy',
      'aws_secretsmanager_secret',
      'aws_secretsmanager_secret_policy',
    ];
    const json: TerraformJson = {
      resource: {
        ...Object.fromEntries(types.map(t => [t, { x: { policy: doc } }])),
        aws_iam_role: { x: { assume_role_policy: doc } },
      },
    };
    const found = policyDocuments(new StackView({ stack: 't', json }));
    expect(found.map(d => `${d.ownerType} ${d.path} ${d.kind}`)).toEqual([
      'aws_iam_policy policy identity',
      'aws_iam_role_policy policy identity',
      'aws_iam_user_policy policy identity',
      'aws_iam_group_policy policy identity',
      'aws_iam_role assume_role_policy trust',
      'aws_s3_bucket_policy policy resource',
      'aws_sqs_queue_policy policy resource',
      'aws_sqs_queue policy resource',
      'aws_kms_key policy resource',
      'aws_kms_key_policy policy resource',
      'aws_ecr_repository_policy policy resource',
      'aws_secretsmanager_secret policy resource',
      'aws_secretsmanager_secret_policy policy resource',
    ]);
    expect(found.every(d => d.address === `${d.ownerType}.x` && d.statements?.length === 1)).toBe(true);
    expect(POLICY_OWNER_TYPES).toEqual([...types.slice(0, 4), 'aws_iam_role', ...types.slice(4)]);
  });

  test('values: booleans and numbers as strings, objects dropped; principals and conditions of one kind merge', () => {
    const json = synthJson(s => {
      const doc = new DataAwsIamPolicyDocument(s, 'doc', {
        statement: [
          {
            actions: ['sts:AssumeRole'],
            principals: [
              { type: 'AWS', identifiers: ['arn:aws:iam::1:root'] },
              { type: 'AWS', identifiers: ['arn:aws:iam::2:root'] },
              { type: 'Service', identifiers: ['eks.amazonaws.com'] },
            ],
            condition: [
              { test: 'StringEquals', variable: 'aws:PrincipalAccount', values: ['1'] },
              { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['2'] },
            ],
          },
        ],
      });
      new IamRole(s, 'r', { assumeRolePolicy: doc.json });
    });
    const [s0] = policyDocuments(new StackView({ stack: 't', json }))[0].statements!;
    expect(s0.principals).toEqual({
      AWS: ['arn:aws:iam::1:root', 'arn:aws:iam::2:root'],
      Service: ['eks.amazonaws.com'],
    });
    expect(s0.conditions).toEqual({ StringEquals: { 'aws:PrincipalAccount': ['1'], 'aws:SourceAccount': ['2'] } });
    const [j0] = jsonStatements({
      Statement: [
        { Action: ['s3:GetObject', 7, true, { x: 1 }], Principal: 'arn:aws:iam::1:root', NotPrincipal: { AWS: '*' } },
      ],
    });
    expect(j0.actions).toEqual(['s3:GetObject', '7', 'true']);
    expect(j0.principals).toEqual({});
    expect(j0.notPrincipals).toEqual({ AWS: ['*'] });
  });

  test('ForAllValues: operators count under their base operator; finding paths name the statement and field', () => {
    const s0 = jsonStatements({
      Statement: [{ Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['team*'] } } }],
    })[0];
    expect(conditionValues(s0, 'aws:TagKeys', 'StringLike')).toEqual(['team*']);
    expect(conditionValues(s0, 'aws:TagKeys', 'StringEquals')).toEqual([]);
    const [doc] = policyDocuments(
      new StackView({ stack: 't', json: { resource: { aws_iam_policy: { p: { policy: '{}' } } } } }),
    );
    expect(statementPath(doc, 2, 'Action')).toBe('policy.Statement[2].Action');
    expect(statementPath(doc, 0, '')).toBe('policy.Statement[0]');
  });
});

describe('interpolations and whole expressions at their edges', () => {
  test('a brace just before ${ is text, not part of the interpolation', () => {
    expect(interpolations('{${a.b.c}}')).toEqual(['a.b.c']);
  });

  test('only a string that is one interpolation, whole, is a whole expression', () => {
    expect(isWholeExpression('${a.b.c}')).toBe(true);
    for (const value of ['a.b.c', '${a.b.c', 'x${a.b.c}', '${a.b.c}x', '${a.b.c} ${d.e.f}', '', 42, undefined, null]) {
      expect({ value, whole: isWholeExpression(value) }).toEqual({ value, whole: false });
    }
  });
});

describe('rule packs', () => {
  /** The rules with no scanner or benchmark id, written out here (not read from the packs). */
  const PLATFORM_RULES = [
    'cni-off-node-role',
    'ecr-lifecycle-policy',
    'eks-no-creator-admin',
    'eventbridge-interruption-targets',
    'external-secret-keys',
    'helm-chart-settings',
    'helm-release-pinned',
    'iam-action-exists',
    'iam-oidc-role-bounded',
    'launch-template-encrypted-volumes',
    'policy-document-readable',
  ];

  test('RULES is the two packs, and every rule is in exactly one', () => {
    expect(PACKS).toEqual([SCANNER_PACK, PLATFORM_PACK]);
    expect(RULES).toEqual([...SCANNER_PACK.rules, ...PLATFORM_PACK.rules]);
    expect(new Set(RULES).size).toBe(RULES.length);
    expect(SCANNER_PACK.rules.length + PLATFORM_PACK.rules.length).toBe(68);
    expect(PACKS.map(p => p.name)).toEqual(['scanner', 'platform']);
    for (const p of PACKS) expect(p.description.length).toBeGreaterThan(20);
  });

  test('a rule with a scanner or benchmark id is in the scanner pack, every other rule in the platform pack', () => {
    const scanner = (rules: readonly PolicyRule[]) => rules.map(r => ({ rule: r.name, scanner: mirrorsScanner(r) }));
    expect(scanner(SCANNER_PACK.rules)).toEqual(SCANNER_PACK.rules.map(r => ({ rule: r.name, scanner: true })));
    expect(scanner(PLATFORM_PACK.rules)).toEqual(PLATFORM_PACK.rules.map(r => ({ rule: r.name, scanner: false })));
    expect(PLATFORM_PACK.rules.map(r => r.name).sort()).toEqual(PLATFORM_RULES);
  });

  test.each([
    ['CKV_AWS_37', true],
    ['CKV2_AWS_5', true],
    ['CKV_SECRET', true],
    ['AVD-AWS-0038', true],
    ['CIS-5.4.1', true],
    ['CIS-AWS-2.1.1', true],
    ['FSBP-S3.5', true],
    ['HELM-PINNED|CKV_SECRET', true],
    ['BPG-imds|BPG-pod-identity', false],
    ['IAM-ACTION-EXISTS', false],
    ['ESO-PREFIX', false],
    ['CI-BOUNDARY', false],
    ['X-CKV_AWS_1', false],
    ['CKV3_AWS_1', false],
    ['ckv_aws_1', false],
  ])('ids %s mirror a scanner: %s', (ruleId, scanner) => {
    expect(mirrorsScanner({ name: 'r', ruleId, priority: 'P2', description: 'd', check: () => [] })).toBe(scanner);
  });
});

describe('verdicts: a rule says what it judged', () => {
  const buckets = (...names: string[]): TerraformJson => ({
    resource: { aws_s3_bucket: Object.fromEntries(names.map(n => [n, { bucket: n }])) },
  });
  /** Passes and fails `a`, passes `b` twice, says nothing of `c`. */
  const rule: PolicyRule = {
    name: 'judge',
    ruleId: 'ID-judge',
    priority: 'P1',
    description: 'judges a and b',
    check: () => [
      pass('aws_s3_bucket.a'),
      { address: 'aws_s3_bucket.a', path: 'bucket', message: 'bad' },
      pass({ address: 'aws_s3_bucket.b' }),
      pass('aws_s3_bucket.b'),
    ],
  };
  const silent: PolicyRule = { ...rule, name: 'silent', check: () => [] };
  const inputs = [{ stack: 's', json: buckets('a', 'b', 'c') }];

  test(
    'a resource with any violation fails, one with only passes passes once, one without a verdict has no ' + 'line',
    () => {
      const report = evaluate(inputs, [rule, silent]);
      expect(report.judged).toEqual([
        { stack: 's', rule: 'judge', address: 'aws_s3_bucket.a' },
        { stack: 's', rule: 'judge', address: 'aws_s3_bucket.b' },
      ]);
      expect(report.entries.map(formatFinding)).toEqual(['P1 judge [ID-judge] s aws_s3_bucket.a bucket: bad']);
      expect(reportLines(inputs, report).map(l => `${l.rule} ${l.address} ${l.status}`)).toEqual([
        'judge aws_s3_bucket.a fail',
        'judge aws_s3_bucket.b pass',
      ]);
      expect(checkStack(inputs[0], [rule])).toEqual([
        {
          rule: 'judge',
          ruleId: 'ID-judge',
          priority: 'P1',
          stack: 's',
          address: 'aws_s3_bucket.a',
          path: 'bucket',
          message: 'bad',
        },
      ]);
    },
  );

  test('a rule that judged nothing in a stack is not applicable there', () => {
    const two = [...inputs, { stack: 't', json: {} }];
    const onlyS: PolicyRule = { ...rule, check: view => (view.stack === 's' ? rule.check(view) : []) };
    expect(notApplicable(evaluate(two, [onlyS, silent]))).toEqual([
      { stack: 's', rules: ['silent'] },
      { stack: 't', rules: ['judge', 'silent'] },
    ]);
  });

  test('judge: the violations of a resource, or its pass when there are none', () => {
    const v = { address: 'aws_s3_bucket.a', path: 'bucket', message: 'bad' };
    expect(judge({ address: 'aws_s3_bucket.a' }, [])).toEqual([{ address: 'aws_s3_bucket.a' }]);
    expect(judge('Gateway.ns/edge', [])).toEqual([{ address: 'Gateway.ns/edge' }]);
    expect(judge({ address: 'aws_s3_bucket.a' }, [v, v])).toEqual([v, v]);
    expect(isViolation(pass('x'))).toBe(false);
    expect(isViolation(v)).toBe(true);
    // iam-no-users and vpc-no-default-or-nat-instance fail a whole resource with an empty path
    expect(isViolation({ address: 'aws_iam_user.u', path: '', message: 'use roles' })).toBe(true);
  });
});

describe('report lines of a subset', () => {
  test('pass lines only for the stacks given and the rules of the report', () => {
    const inputs = [
      { stack: 'a', json: synthJson(s => bucket(s, { versioning: false })) },
      { stack: 'b', json: synthJson(s => bucket(s, { versioning: false })) },
    ];
    const report = evaluate(inputs);
    // a judgement of a rule the report does not know (a stale one) is no line: there is no rule to name
    const unknown = { stack: 'a', rule: 'no-such-rule', address: 'aws_s3_bucket.bucket' };
    const stale = { ...report, judged: [...report.judged, unknown] };
    const lines = reportLines([inputs[0]], stale);
    expect(lines.filter(l => l.status === 'pass').every(l => l.stack === 'a')).toBe(true);
    expect(lines.some(l => l.stack === 'a' && l.rule === 's3-tls-only' && l.status === 'pass')).toBe(true);
    expect(lines.some(l => l.rule === 'no-such-rule')).toBe(false);
  });
});

describe('IAM document nesting', () => {
  test('a document is read up to 8 references deep, not 9', () => {
    const view = new StackView({ stack: 't', json: {} });
    const document = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    expect(parseDocument(view, document, 8)).toHaveLength(1);
    expect(parseDocument(view, document, 9)).toBeUndefined();
  });
});
