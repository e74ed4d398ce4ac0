import { Testing, TerraformStack } from 'cdktf';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS } from '../environments';
import { arn, awsManagedPolicyArn } from '../modules/iam/arn';
import { arnPartition, awsPartition, globalServiceRegion } from '../modules/iam/partition';
import { policyDocument, renderPolicy } from '../modules/iam/render';
import type { PolicyStatement } from '../modules/iam/statement';
import { managedPolicyModel, POWER_USER_ACCESS } from '../modules/policies/aws-managed-policies';
import { evaluateRequest } from '../modules/policies/iam-evaluate';
import { jsonStatements, policyDocuments } from '../modules/policies/iam';
import { ciBoundaryDocument } from '../modules/shared/ci-boundary';
import { workloadBoundaryDocument } from '../modules/shared/workload-boundary';
import { StackView } from '../modules/policies/stack-view';
import type { TerraformJson } from '../modules/policies/types';
import { ALL_STACK_IDS, buildTestPlatform, realStack, withEnv, withPlatform } from './helpers';

describe('awsPartition', () => {
  // https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
  test.each([
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['ap-southeast-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('the partition of %s is %s', (region, partition) => {
    expect(awsPartition(region)).toBe(partition);
  });

  test('a commercial region whose name contains "cn" or "gov" stays in aws', () => {
    expect(awsPartition('ca-central-1')).toBe('aws');
    expect(awsPartition('us-east-2')).toBe('aws');
  });
});

describe('arn', () => {
  test('writes every field in order, with the partition', () => {
    const parts = { service: 'dynamodb', region: 'cn-north-1', account: '123456789012', resource: 'table/locks' };
    expect(arn(parts, 'aws-cn')).toBe('arn:aws-cn:dynamodb:cn-north-1:123456789012:table/locks');
    expect(arn(parts, 'aws')).toBe('arn:aws:dynamodb:cn-north-1:123456789012:table/locks');
  });

  test('leaves region and account empty for global services and account-less resources', () => {
    expect(arn({ service: 'iam', account: '123456789012', resource: 'role/r' }, 'aws-us-gov')).toBe(
      'arn:aws-us-gov:iam::123456789012:role/r',
    );
    expect(arn({ service: 's3', resource: 'bucket/*' }, 'aws')).toBe('arn:aws:s3:::bucket/*');
    expect(arn({ service: 'ec2', region: 'us-east-1', resource: 'image/*' }, 'aws')).toBe(
      'arn:aws:ec2:us-east-1::image/*',
    );
  });

  test('names AWS managed policies in the account "aws" of the partition', () => {
    expect(awsManagedPolicyArn('AmazonEKSClusterPolicy', 'aws')).toBe('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy');
    expect(awsManagedPolicyArn('service-role/AmazonEBSCSIDriverPolicy', 'aws-cn')).toBe(
      'arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    );
  });
});

describe('renderPolicy', () => {
  const statements: PolicyStatement[] = [
    { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
    {
      Effect: 'Deny',
      NotAction: 's3:GetObject',
      NotResource: ['arn:aws:s3:::b/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];

  test('writes Version first, then Statement, in the order given', () => {
    expect(renderPolicy(policyDocument(statements))).toBe(
      '{"Version":"2012-10-17","Statement":[' +
        '{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"},' +
        '{"Effect":"Deny","NotAction":"s3:GetObject","NotResource":["arn:aws:s3:::b/*"],' +
        '"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}',
    );
  });

  test('writes the policy Id between Version and Statement when given', () => {
    expect(renderPolicy(policyDocument([], 'QueuePolicy'))).toBe(
      '{"Version":"2012-10-17","Id":"QueuePolicy","Statement":[]}',
    );
  });

  test('renders a document that IAM evaluation reads as written (the evaluator of modules/policies)', () => {
    const identity = jsonStatements(JSON.parse(renderPolicy(policyDocument(statements))));
    const request = (action: string, secure: string) => ({
      action,
      resource: 'arn:aws:s3:::b/k',
      context: { 'aws:SecureTransport': secure },
    });
    expect(evaluateRequest({ identity }, request('s3:GetObject', 'true')).decision).toBe('allow');
    expect(evaluateRequest({ identity }, request('s3:PutObject', 'true')).decision).toBe('implicit-deny');
    // the Deny: NotAction s3:GetObject on any other resource without TLS
    const elsewhere = { ...request('s3:PutObject', 'false'), resource: 'arn:aws:s3:::c/k' };
    expect(evaluateRequest({ identity }, elsewhere).decision).toBe('explicit-deny');
  });
});

describe('the platform in cn-north-1', () => {
  // the admins are configuration (user-supplied ARNs): a China platform's file names them in aws-cn
  const environments = ENVIRONMENTS.map(e =>
    withEnv(e, x => {
      x.cluster.adminPrincipalArns = x.cluster.adminPrincipalArns.map(a => a.replace(/^arn:aws:/, 'arn:aws-cn:'));
    }),
  );
  const china = buildTestPlatform(
    environments,
    withPlatform(p => {
      p.aws.region = 'cn-north-1';
    }),
  );
  const stacks = china.app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  const count = (text: string, prefix: string) => text.split(prefix).length - 1;

  test('has the shipped stacks', () => {
    expect(stacks.map(s => s.node.id).sort()).toEqual([...ALL_STACK_IDS].sort());
  });

  test.each(ALL_STACK_IDS)('%s: arn:aws-cn: wherever the shipped stack says arn:aws:, and no arn:aws:', id => {
    const shipped = count(JSON.stringify(realStack(id)), 'arn:aws:');
    const text = Testing.synth(stacks.find(s => s.node.id === id)!);
    expect(count(text, 'arn:aws:')).toBe(0);
    expect(count(text, 'arn:aws-cn:')).toBe(shipped);
  });

  test('the shipped stacks do name ARNs (the comparison above is not vacuous)', () => {
    expect(
      ALL_STACK_IDS.map(id => count(JSON.stringify(realStack(id)), 'arn:aws:')).filter(n => n > 0).length,
    ).toBeGreaterThanOrEqual(ALL_STACK_IDS.length - 1);
  });
});

describe('one rendering', () => {
  test.each(ALL_STACK_IDS)('%s: every policy document is literal JSON from renderPolicy, none a data source', id => {
    const json = realStack(id) as unknown as TerraformJson;
    expect(Object.keys(realStack(id).data?.aws_iam_policy_document ?? {})).toEqual([]);
    const documents = policyDocuments(new StackView({ stack: id, json }));
    for (const d of documents) {
      const rendered = expect.stringMatching(/^\{"Version":"2012-10-17",/);
      expect([d.address, d.owner.body[d.path]]).toEqual([d.address, rendered]);
      expect([d.address, d.statements?.length]).toEqual([d.address, expect.any(Number)]);
    }
  });

  test('the platform has policy documents to check (the rows above are not vacuous)', () => {
    const view = (id: string) => new StackView({ stack: id, json: realStack(id) as unknown as TerraformJson });
    const count = (id: string) => policyDocuments(view(id)).length;
    expect(ALL_STACK_IDS.reduce((sum, id) => sum + count(id), 0)).toBeGreaterThan(50);
  });
});

describe('global services sign in the region of their partition', () => {
  // IAM's endpoint per partition: iam.amazonaws.com (us-east-1), iam.cn-north-1.amazonaws.com.cn,
  // iam.us-gov.amazonaws.com
  // (us-gov-west-1): https://docs.aws.amazon.com/general/latest/gr/iam-service.html
  test.each([
    ['aws', 'us-east-1'],
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ] as const)('%s: %s', (partition, region) => {
    expect(globalServiceRegion(partition)).toBe(region);
  });

  const inRegion = (region: string) =>
    withPlatform(p => {
      p.aws.region = region;
    });
  const allowAll = jsonStatements({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

  test.each(['us-gov-east-1', 'cn-northwest-1', 'eu-west-1'])(
    "the workload boundary in %s lets Karpenter create instance profiles (IAM, signed in its partition's region)",
    region => {
      const platform = inRegion(region);
      const boundary = jsonStatements(workloadBoundaryDocument({ platform, environments: ENVIRONMENTS }));
      const partition = awsPartition(region);
      const request = {
        action: 'iam:CreateInstanceProfile',
        resource: arn({ service: 'iam', account: platform.aws.accountId, resource: 'instance-profile/x' }, partition),
        context: { 'aws:RequestedRegion': globalServiceRegion(partition) },
      };
      expect(evaluateRequest({ identity: allowAll, boundary }, request).decision).toBe('allow');
    },
  );

  test.each(['us-gov-east-1', 'cn-northwest-1'])(
    "the CI boundary in %s allows Route 53, signed in its partition's region",
    region => {
      const boundary = jsonStatements(ciBoundaryDocument(inRegion(region)));
      const request = {
        action: 'route53:GetHostedZone',
        resource: '*',
        context: { 'aws:RequestedRegion': globalServiceRegion(awsPartition(region)) },
      };
      expect(evaluateRequest({ identity: allowAll, boundary }, request).decision).toBe('allow');
    },
  );
});

describe('renderPolicy refuses repeated statement ids', () => {
  // aws_iam_policy_document refused them at plan ("found duplicate sid"); IAM, S3 and KMS refuse them at apply
  test('two statements with one Sid', () => {
    const twice: PolicyStatement[] = [
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: '*' },
    ];
    expect(() => renderPolicy(policyDocument(twice))).toThrow(
      'policy statement id Read is used twice: ids must be unique',
    );
  });

  test('distinct ids and statements without an id render', () => {
    const fine: PolicyStatement[] = [
      { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: '*' },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: '*' },
    ];
    expect(JSON.parse(renderPolicy(policyDocument(fine))).Statement).toHaveLength(3);
  });
});

describe('arnPartition', () => {
  test.each([
    ['arn:aws:iam::123456789012:role/ci', 'aws'],
    ['arn:aws-cn:iam::123456789012:role/ci', 'aws-cn'],
    ['arn:aws-us-gov:iam::123456789012:role/ci', 'aws-us-gov'],
  ])('%s is in %s', (text, partition) => {
    expect(arnPartition(text)).toBe(partition);
  });

  test('refuses what is not an ARN of a partition', () => {
    for (const text of ['123456789012', 'arn:aws-iso:iam::123456789012:root', 'aws:iam::1:root', 'arn:awscn:s3:::b']) {
      expect(() => arnPartition(text)).toThrow(`${text} is not an ARN of a partition (aws, aws-cn, aws-us-gov)`);
    }
  });
});

describe('the policy engine reads the one statement type', () => {
  test('every field of a PolicyStatement is read, under its read name, as lists', () => {
    const written: Required<PolicyStatement> = {
      Sid: 'All',
      Effect: 'Deny',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      NotPrincipal: '*',
      Action: 's3:GetObject',
      NotAction: ['s3:PutObject'],
      Resource: 'arn:aws:s3:::b/*',
      NotResource: ['arn:aws:s3:::c'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    expect(jsonStatements(JSON.parse(renderPolicy(policyDocument([written]))))).toEqual([
      {
        sid: 'All',
        effect: 'Deny',
        principals: { AWS: ['arn:aws:iam::123456789012:root'] },
        notPrincipals: { '*': ['*'] },
        actions: ['s3:GetObject'],
        notActions: ['s3:PutObject'],
        resources: ['arn:aws:s3:::b/*'],
        notResources: ['arn:aws:s3:::c'],
        conditions: { Bool: { 'aws:SecureTransport': ['false'] } },
      },
    ]);
  });
});

describe('managedPolicyModel', () => {
  // an AWS managed policy is `arn:<partition>:iam::aws:policy/<name>` in each partition (IAM User Guide, "AWS managed
  // policies"); the CI roles attach it in the platform's partition
  test.each(['aws', 'aws-cn', 'aws-us-gov'])('finds PowerUserAccess by its ARN in %s', partition => {
    expect(managedPolicyModel(`arn:${partition}:iam::aws:policy/PowerUserAccess`)).toBe(POWER_USER_ACCESS);
  });

  test('refuses a customer policy of the same name and a policy without a model', () => {
    expect(() => managedPolicyModel('arn:aws:iam::123456789012:policy/PowerUserAccess')).toThrow(
      'no model of the managed policy arn:aws:iam::123456789012:policy/PowerUserAccess',
    );
    expect(() => managedPolicyModel('arn:aws:iam::aws:policy/AdministratorAccess')).toThrow(
      'arn:aws:iam::aws:policy/AdministratorAccess: add its published document',
    );
  });
});

/**
 * Literal `arn:aws:` prefixes in the project's code: an ARN written with the partition `aws` is wrong in China and
 * GovCloud, so ARNs are built with `arn()` / `awsManagedPolicyArn()` (modules/iam/arn.ts) in the platform's partition.
 * The ones left, each with its reason; a new one fails here.
 */
const ARN_AWS_ALLOWED: Readonly<Record<string, { readonly count: number; readonly reason: string }>> = {
  'environments/dev.ts': { count: 1, reason: "user data: the example account's admin role in adminPrincipalArns" },
  'environments/prod.ts': { count: 1, reason: "user data: the example account's admin role in adminPrincipalArns" },
};
const ARN_AWS_LIMIT = 5;

function literalArnAwsCounts(root: string): Record<string, number> {
  const files = ['modules', 'backend', 'environments', 'scripts']
    .flatMap(dir => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map(f => join(dir, f)))
    .concat('main.ts')
    .filter(f => statSync(join(root, f)).isFile());
  const counts: Record<string, number> = {};
  for (const file of files) {
    const n = readFileSync(join(root, file), 'utf8').split('arn:aws:').length - 1;
    if (n > 0) counts[file.split('\\').join('/')] = n;
  }
  return counts;
}

describe('literal arn:aws: prefixes in the code', () => {
  const counts = literalArnAwsCounts(join(__dirname, '..'));

  test('only the reasoned ones are left', () => {
    expect(counts).toEqual(Object.fromEntries(Object.entries(ARN_AWS_ALLOWED).map(([file, a]) => [file, a.count])));
  });

  test(`the allowance stays within ${ARN_AWS_LIMIT}, each with a reason`, () => {
    const allowed = Object.values(ARN_AWS_ALLOWED);
    expect(allowed.reduce((sum, a) => sum + a.count, 0)).toBeLessThanOrEqual(ARN_AWS_LIMIT);
    for (const a of allowed) expect(a.reason.length).toBeGreaterThan(10);
  });
});
