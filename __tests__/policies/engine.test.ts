import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { addressOf } from '../../modules/policies/address';
import { checkStack, evaluate, formatFinding, UNUSED_SUPPRESSION_RULE } from '../../modules/policies/engine';
import { actionCovers, conditionValues, isPublicPrincipal, policyDocuments } from '../../modules/policies/iam';
import { expandAction, isWildcardOnly } from '../../modules/policies/iam-data';
import { reportLines } from '../../modules/policies/report';
import { RULES } from '../../modules/policies/rules';
import { interpolations, StackView } from '../../modules/policies/stack-view';
import type { PolicyRule, Priority, TerraformJson } from '../../modules/policies/types';
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
    expect(interpolations('a ${jsonencode({a = "${x.y.z}"})} b ${c.d.e}')).toEqual(['jsonencode({a = "${x.y.z}"})', 'c.d.e']);
  });
});

describe('IAM document normalisation', () => {
  test('reads a data document with source documents, principals and conditions', () => {
    const json = synthJson(s => {
      const base = new DataAwsIamPolicyDocument(s, 'base', { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] });
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
        assumeRolePolicy: policyJson([{ Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': false } } }]),
      });
    });
    const [doc] = policyDocuments(new StackView({ stack: 't', json }));
    expect(doc.kind).toBe('trust');
    expect(doc.statements![0]).toMatchObject({ effect: 'Allow', actions: ['sts:AssumeRole'], principals: { '*': ['*'] } });
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
  const weak = synthJson(s => bucket(s, { versioning: false }));
  const input = { stack: 'state-backend', json: weak };

  test('a matching suppression turns the finding into "suppressed" with its reason', () => {
    const reason = 'versioning handled by the backup plan (test)';
    const report = evaluate([input], [{ rule: 's3-bucket-versioning', stack: 'state-backend', address: 'aws_s3_bucket.bucket', reason }]);
    expect(report.failures).toEqual([]);
    expect(report.entries).toEqual([expect.objectContaining({ rule: 's3-bucket-versioning', status: 'suppressed', reason })]);
  });

  test('a suppression matching nothing is itself a finding; one for a stack not evaluated is ignored', () => {
    const report = evaluate(
      [{ stack: 'state-backend', json: synthJson(s => bucket(s)) }],
      [
        { rule: 's3-bucket-versioning', stack: 'state-backend', address: 'aws_s3_bucket.bucket', reason: 'no longer needed, should be reported' },
        { rule: 's3-bucket-versioning', stack: 'prod-eks', address: 'aws_s3_bucket.bucket', reason: 'another stack, not evaluated here' },
      ]
    );
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
    expect(() => evaluate([input], [{ rule: 's3-bucket-versioning', stack: 'state-backend', address: 'aws_s3_bucket.bucket', reason: ' ' }])).toThrow(
      /needs a reason/
    );
  });
});

describe('report lines', () => {
  test('list a pass for every judged resource without a finding, and the failures', () => {
    const inputs = [{ stack: 't', json: synthJson(s => bucket(s, { versioning: false })) }];
    const lines = reportLines(inputs, evaluate(inputs, []));
    expect(lines).toContainEqual(expect.objectContaining({ rule: 's3-tls-only', address: 'aws_s3_bucket.bucket', status: 'pass' }));
    expect(lines).toContainEqual(expect.objectContaining({ rule: 's3-bucket-versioning', address: 'aws_s3_bucket.bucket', status: 'fail' }));
    expect(lines.filter(l => l.rule === 's3-bucket-versioning' && l.address === 'aws_s3_bucket.bucket')).toHaveLength(1);
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
    appliesTo: [type],
    description: `flags every ${type}`,
    check: view => view.all(type).map(b => ({ address: b.address, path: 'x', message: `${name} flags ${b.address}` })),
  });
  const json = (...names: string[]): TerraformJson => ({ resource: { aws_s3_bucket: Object.fromEntries(names.map(n => [n, { bucket: n }])) } });
  const REASON = 'accepted for twenty!'; // exactly 20 characters, the shortest reason allowed

  test('stamps the rule, its ids, its priority and the stack on each violation', () => {
    expect(checkStack({ stack: 'dev-eks', json: json('a') }, [flags('r', 'P2')])).toEqual([
      { rule: 'r', ruleId: 'ID-r', priority: 'P2', stack: 'dev-eks', address: 'aws_s3_bucket.a', path: 'x', message: 'r flags aws_s3_bucket.a' },
    ]);
  });

  test('a suppression covers only its own rule, stack and address', () => {
    const rules = [flags('r', 'P0'), flags('q', 'P0')];
    const inputs = [
      { stack: 's1', json: json('a', 'b') },
      { stack: 's2', json: json('a') },
    ];
    const report = evaluate(inputs, [{ rule: 'r', stack: 's1', address: 'aws_s3_bucket.a', reason: REASON }], rules);
    expect(report.entries.filter(e => e.status === 'suppressed').map(formatFinding)).toEqual(['P0 r [ID-r] s1 aws_s3_bucket.a x: r flags aws_s3_bucket.a']);
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
    const report = evaluate([{ stack: 'b', json: json('y', 'x') }, { stack: 'a', json: json('z') }], [], rules);
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
    const report = evaluate([{ stack: 's1', json: json() }], [{ rule: 'r', stack: 's1', address: 'aws_s3_bucket.gone', reason: REASON }], [flags('r', 'P0')]);
    expect(report.failures).toEqual([
      {
        rule: UNUSED_SUPPRESSION_RULE,
        ruleId: 'SUPPRESSION',
        priority: 'P1',
        stack: 's1',
        address: 'aws_s3_bucket.gone',
        path: 'r',
        message: 'suppression of r matches no finding: remove it from modules/policies/suppressions.ts',
        status: 'fail',
      },
    ]);
    expect(report.entries).toEqual(report.failures);
  });

  test('a reason needs 20 characters besides surrounding blanks', () => {
    const withReason = (reason: string) => () => evaluate([], [{ rule: 'r', stack: 's', address: 'a.b', reason }], []);
    expect(withReason(REASON)).not.toThrow();
    expect(withReason(`  ${REASON.slice(1)}  `)).toThrow('suppression r s a.b needs a reason of at least 20 characters');
  });
});

describe('report lines of every judged resource', () => {
  const rule: PolicyRule = {
    name: 'judge',
    ruleId: 'ID-judge',
    priority: 'P1',
    appliesTo: ['aws_s3_bucket', 'kind:Gateway'],
    description: 'flags the bucket named bad',
    check: view => view.all('aws_s3_bucket').filter(b => b.name === 'bad').map(b => ({ address: b.address, path: 'bucket', message: 'bad' })),
  };
  const object = (kind: string, name: string) => ({ installedBy: 'helm_release.r', object: { apiVersion: 'v1', kind, metadata: { name } } });
  const inputs = [
    { stack: 'second', json: { resource: { aws_s3_bucket: { ok: {}, bad: {} }, aws_sqs_queue: { q: {} } } } },
    { stack: 'first', json: {}, objects: [object('Gateway', 'edge'), object('Service', 'svc')] },
  ];

  test('a pass for each resource and object of the judged types without a finding, in the order of the stacks', () => {
    const lines = reportLines(inputs, evaluate(inputs, [], [rule]));
    expect(lines.map(l => `${l.stack} ${l.status} ${l.address}`)).toEqual([
      'second fail aws_s3_bucket.bad',
      'second pass aws_s3_bucket.ok',
      'first pass Gateway.edge',
    ]);
    expect(lines[1]).toEqual({ stack: 'second', rule: 'judge', ruleId: 'ID-judge', priority: 'P1', address: 'aws_s3_bucket.ok', status: 'pass' });
    expect(lines[0]).toMatchObject({ rule: 'judge', status: 'fail', path: 'bucket', message: 'bad' });
  });

  test('a suppressed finding is listed once, as suppressed', () => {
    const suppression = { rule: 'judge', stack: 'second', address: 'aws_s3_bucket.bad', reason: 'a reason long enough to count' };
    const lines = reportLines(inputs, evaluate(inputs, [suppression], [rule]));
    expect(lines.filter(l => l.address === 'aws_s3_bucket.bad').map(l => l.status)).toEqual(['suppressed']);
  });
});

describe('addressOf names resources as cdktf does', () => {
  /** The address cdktf gives an S3 bucket created at `path` below the stack (the oracle addressOf must match). */
  const synthesized = (...path: string[]): string => {
    const json = synthJson(s => {
      let scope: Construct = s;
      for (const id of path.slice(0, -1)) scope = new Construct(scope, id);
      new S3Bucket(scope, path[path.length - 1], { bucket: 'b' });
    });
    return `aws_s3_bucket.${Object.keys(json.resource!.aws_s3_bucket)[0]}`;
  };

  test.each([
    [['top']],
    [['network', 'bucket']],
    [['logs', 'logs-bucket', 'bucket']],
    [['outer', 'Default', 'bucket']],
    [['outer', 'Resource']],
    [['we!rd', 'na.me', 'b']],
    [['a'.repeat(130), 'b'.repeat(130)]],
  ])('%j', path => {
    expect(addressOf('aws_s3_bucket', ...path)).toBe(synthesized(...path));
  });
});
