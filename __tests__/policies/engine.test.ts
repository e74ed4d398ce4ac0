import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { evaluate, UNUSED_SUPPRESSION_RULE } from '../../modules/policies/engine';
import { actionCovers, conditionValues, isPublicPrincipal, policyDocuments } from '../../modules/policies/iam';
import { expandAction, isWildcardOnly } from '../../modules/policies/iam-data';
import { reportLines } from '../../modules/policies/report';
import { RULES } from '../../modules/policies/rules';
import { interpolations, StackView } from '../../modules/policies/stack-view';
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
