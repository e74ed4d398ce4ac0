import { ENVIRONMENTS, platform } from '../environments';
import type { EnvironmentConfig } from '../environments/types';
import { ciRoleNames, environmentRoleNames, roleArn, stateKey, workloadBoundaryArn } from '../modules/naming';
import { evaluateRequest, IamRequest, parseDocument } from '../modules/policies/iam';
import { ciBoundaryArn } from '../modules/shared/ci-boundary';
import { lockTableArn, stateBucketArn } from '../modules/shared/ci-policies';
import { PLAN_REFRESH_ACTIONS } from '../modules/shared/plan-refresh';
import { ciPrincipal, Expectation, mismatches } from './ci-principals';
import { expandAction } from '../modules/policies/iam-data';
import { StackView } from '../modules/policies/stack-view';
import { ALL_STACK_IDS, buildTestPlatform, QA_ENVIRONMENT, realStack, resources, synth, withEnv } from './helpers';
import { Statement, statement } from './iam-statement';

/**
 * Every CI role of the synthesized shared stack, decided by the project's IAM evaluator (AWS's evaluation logic:
 * explicit Deny wins, identity policy AND permissions boundary) against tables of requests: the role's own work
 * allowed, every cross-environment, state-tampering, escalation and data-read request denied.
 */
const shared = realStack('shared');
const account = platform.aws.accountId;
const region = platform.aws.region;
const bucket = platform.state.bucket;
const state = (key: string) => `${stateBucketArn(platform)}/${key}`;
const table = lockTableArn(platform);
const eks = (kind: string, rest: string) => `arn:aws:eks:${region}:${account}:${kind}/${rest}`;
const secret = (name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
const iamRole = (name: string) => roleArn(platform, name);
const clusterRole = (env: EnvironmentConfig) => iamRole(environmentRoleNames(env).cluster);
/** The condition key of a role written within the workload or the CI permissions boundary. */
const workloadBounded = { 'iam:PermissionsBoundary': workloadBoundaryArn(platform) };
const ciBounded = { 'iam:PermissionsBoundary': ciBoundaryArn(platform) };
/** The condition keys of attaching the AWS managed policy `name` to a role within a boundary. */
const attaching = (bounded: Record<string, string>, name: string) => ({
  ...bounded,
  'iam:PolicyARN': `arn:aws:iam::aws:policy/${name}`,
});

/** A request signed in the platform region, with condition keys. */
function req(action: string, resource: string, context: Record<string, string | string[]> = {}): IamRequest {
  return { action, resource, context: { 'aws:RequestedRegion': region, ...context } };
}
const tagged = (env: string) => ({ 'aws:ResourceTag/environment': env });
const lock = (key: string) => ({ 'dynamodb:LeadingKeys': [`${bucket}/${key}`] });

const other = (env: EnvironmentConfig) => ENVIRONMENTS.find(e => e.name !== env.name)!;

/** Writing `env`'s cluster role (with `write`, within the workload boundary), then handing it to EKS. */
function clusterRoleUse(
  env: EnvironmentConfig,
  write: string,
  expect: Expectation['expect'],
  [whyWrite, whyPass]: [string, string],
): Expectation[] {
  return [
    { why: whyWrite, request: req(write, clusterRole(env), workloadBounded), expect },
    {
      why: whyPass,
      request: req('iam:PassRole', clusterRole(env), { 'iam:PassedToService': 'eks.amazonaws.com' }),
      expect,
    },
  ];
}

/** Rewriting either permissions boundary: a new default version, or another version made the default. */
const boundaryRewrites: Expectation[] = ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'].flatMap(action => [
  {
    why: `rewrite the workload boundary (${action})`,
    request: req(action, workloadBoundaryArn(platform)),
    expect: 'explicit-deny',
  },
  {
    why: `rewrite the CI boundary (${action})`,
    request: req(action, ciBoundaryArn(platform)),
    expect: 'explicit-deny',
  },
]);

/** Item 1: nothing of the other environment, by ARN or by tag. */
function crossEnvironment(env: EnvironmentConfig): Expectation[] {
  const o = other(env);
  const c = o.cluster.name;
  const otherLogs = `arn:aws:s3:::${platform.project}-${o.name}-logs-${account}`;
  return [
    ...['s3:DeleteBucket', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning'].map(
      action => ({
        why: `touch the other environment's log bucket (${action})`,
        request: req(action, otherLogs),
        expect: 'denied' as const,
      }),
    ),
    {
      why: "delete the other environment's logs",
      request: req('s3:DeleteObject', `${otherLogs}/fake/chunk`),
      expect: 'denied',
    },
    {
      why: "delete the other environment's certificate",
      request: req('acm:DeleteCertificate', `arn:aws:acm:${region}:${account}:certificate/1`, tagged(o.name)),
      expect: 'denied',
    },
    ...(o.ingress.domain?.hostnames ?? []).flatMap(host =>
      [host, `_0a1b2c.${host}`, `a-${host}`].map(name => ({
        why: `change the other environment's DNS record ${name}`,
        request: req('route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/Z1', {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [name],
        }),
        expect: 'denied' as const,
      })),
    ),
    {
      why: 'delete the other cluster',
      request: req('eks:DeleteCluster', eks('cluster', c), tagged(o.name)),
      expect: 'explicit-deny',
    },
    {
      why: 'delete the other cluster (untagged request)',
      request: req('eks:DeleteCluster', eks('cluster', c)),
      expect: 'explicit-deny',
    },
    {
      why: 'add itself to the other cluster',
      request: req('eks:CreateAccessEntry', eks('access-entry', `${c}/role/${account}/x/1a2b`)),
      expect: 'explicit-deny',
    },
    {
      why: 'grant itself admin in the other cluster',
      request: req('eks:AssociateAccessPolicy', eks('access-entry', `${c}/role/${account}/x/1a2b`)),
      expect: 'explicit-deny',
    },
    { why: 'read the other cluster', request: req('eks:DescribeCluster', eks('cluster', c)), expect: 'explicit-deny' },
    {
      why: 'terminate the other nodes',
      request: req('ec2:TerminateInstances', `arn:aws:ec2:${region}:${account}:instance/i-1`, tagged(o.name)),
      expect: 'explicit-deny',
    },
    {
      why: 'open the other security group',
      request: req(
        'ec2:AuthorizeSecurityGroupIngress',
        `arn:aws:ec2:${region}:${account}:security-group/sg-1`,
        tagged(o.name),
      ),
      expect: 'explicit-deny',
    },
    {
      why: 'delete the other VPC',
      request: req('ec2:DeleteVpc', `arn:aws:ec2:${region}:${account}:vpc/vpc-1`, tagged(o.name)),
      expect: 'explicit-deny',
    },
    {
      why: 'delete the other load balancer',
      request: req(
        'elasticloadbalancing:DeleteLoadBalancer',
        `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/x/1`,
        tagged(o.name),
      ),
      expect: 'explicit-deny',
    },
    {
      why: 'tag a resource as the other environment',
      request: req('ec2:CreateTags', `arn:aws:ec2:${region}:${account}:vpc/vpc-2`, {
        'aws:RequestTag/environment': o.name,
      }),
      expect: 'explicit-deny',
    },
    {
      why: 'delete the other KMS key',
      request: req('kms:ScheduleKeyDeletion', `arn:aws:kms:${region}:${account}:key/k-1`, tagged(o.name)),
      expect: 'explicit-deny',
    },
    {
      why: 'decrypt with the other KMS key',
      request: req('kms:Decrypt', `arn:aws:kms:${region}:${account}:key/k-1`, tagged(o.name)),
      expect: 'explicit-deny',
    },
    {
      why: 'delete the other log group',
      request: req(
        'logs:DeleteLogGroup',
        `arn:aws:logs:${region}:${account}:log-group:/aws/eks/${c}/cluster`,
        tagged(o.name),
      ),
      expect: 'explicit-deny',
    },
    {
      why: 'write the other state',
      request: req('s3:PutObject', state(stateKey(`${o.name}/eks`))),
      expect: 'explicit-deny',
    },
    {
      why: 'read the other state',
      request: req('s3:GetObject', state(stateKey(`${o.name}/vpc`))),
      expect: 'explicit-deny',
    },
    { why: 'write the shared state', request: req('s3:PutObject', state(stateKey('shared'))), expect: 'explicit-deny' },
    {
      why: 'take the other lock',
      request: req('dynamodb:PutItem', table, lock(stateKey(`${o.name}/eks`))),
      expect: 'explicit-deny',
    },
    ...o.secrets.readablePrefixes.flatMap(p => [
      {
        why: `read a ${p}/ secret`,
        request: req('secretsmanager:GetSecretValue', secret(`${p}/myapp/database`)),
        expect: 'explicit-deny' as const,
      },
      {
        why: `overwrite a ${p}/ secret`,
        request: req('secretsmanager:PutSecretValue', secret(`${p}/myapp/database`)),
        expect: 'explicit-deny' as const,
      },
    ]),
    ...clusterRoleUse(o, 'iam:PutRolePolicy', 'denied', [
      'change the other environment roles',
      'pass the other environment roles',
    ]),
  ];
}

/** Item 2: the state is append-only for every CI role. */
function stateTampering(prefix: string): Expectation[] {
  const own = state(stateKey(prefix === 'shared' ? 'shared' : `${prefix}/vpc`));
  return [
    { why: 'delete an old state version', request: req('s3:DeleteObjectVersion', own), expect: 'explicit-deny' },
    { why: 'delete the state object', request: req('s3:DeleteObject', own), expect: 'denied' },
    ...[
      's3:PutBucketPolicy',
      's3:DeleteBucketPolicy',
      's3:PutBucketVersioning',
      's3:PutLifecycleConfiguration',
      's3:PutBucketPublicAccessBlock',
      's3:DeleteBucket',
    ].map(action => ({
      why: 'weaken the state bucket',
      request: req(action, stateBucketArn(platform)),
      expect: 'explicit-deny' as const,
    })),
    { why: 'delete the lock table', request: req('dynamodb:DeleteTable', table), expect: 'explicit-deny' },
    { why: 'scan the lock table', request: req('dynamodb:Scan', table), expect: 'explicit-deny' },
    { why: 'lock-table item without a key', request: req('dynamodb:GetItem', table), expect: 'explicit-deny' },
    {
      why: 'read a secret value',
      request: req('secretsmanager:GetSecretValue', secret('anything')),
      expect: 'explicit-deny',
    },
  ];
}

/**
 * Listing the state bucket (ListObjectsV2 carries `s3:prefix`): the own prefix and the S3 backend's workspace listing
 * `env:/` (every state operation lists `<workspace_key_prefix>/`, https://developer.hashicorp.com/terraform/language/
 * backend/s3) are allowed; the keys of every other target, the whole bucket (no prefix) and its versions are not.
 */
function stateListing(prefix: string): Expectation[] {
  const bucketArn = stateBucketArn(platform);
  const list = (p: string | undefined, action = 's3:ListBucket') =>
    req(action, bucketArn, p === undefined ? {} : { 's3:prefix': p });
  const others = ['shared', ...ENVIRONMENTS.map(e => e.name)].filter(t => t !== prefix);
  return [
    { why: 'the backend lists the workspaces', request: list('env:/'), expect: 'allow' },
    { why: 'list its own prefix', request: list(`${prefix}/`), expect: 'allow' },
    { why: 'list its own stack', request: list(`${prefix}/eks/`), expect: 'allow' },
    { why: 'list its own prefix without the slash', request: list(prefix), expect: 'allow' },
    ...others.flatMap(o =>
      [`${o}/`, o].map(p => ({
        why: `list the keys of ${o}`,
        request: list(p),
        expect: 'explicit-deny' as const,
      })),
    ),
    { why: 'list a name that only starts like its own', request: list(`${prefix}-account/`), expect: 'explicit-deny' },
    { why: 'list the whole bucket', request: list(undefined), expect: 'explicit-deny' },
    { why: 'list every version', request: list(undefined, 's3:ListBucketVersions'), expect: 'explicit-deny' },
    {
      why: "list another target's versions",
      request: list(`${others[0]}/`, 's3:ListBucketVersions'),
      expect: 'explicit-deny',
    },
  ];
}

/** Item 3 for an environment apply role: only roles with the workload boundary, never a boundary change. */
function environmentEscalation(env: EnvironmentConfig): Expectation[] {
  const mine = iamRole(`${env.cluster.name}-admin`);
  return [
    { why: 'create an unbounded role', request: req('iam:CreateRole', mine), expect: 'explicit-deny' },
    {
      why: 'create a CI-bounded role',
      request: req('iam:CreateRole', mine, ciBounded),
      expect: 'denied',
    },
    {
      why: 'remove a boundary',
      request: req('iam:DeleteRolePermissionsBoundary', clusterRole(env)),
      expect: 'explicit-deny',
    },
    ...boundaryRewrites,
    {
      why: 'attach AdministratorAccess',
      request: req('iam:AttachRolePolicy', mine, attaching(workloadBounded, 'AdministratorAccess')),
      expect: 'explicit-deny',
    },
    {
      why: 'widen its own role',
      request: req('iam:PutRolePolicy', iamRole(ciRoleNames(platform, env.name).apply), ciBounded),
      expect: 'denied',
    },
    {
      why: 'create a CI role',
      request: req('iam:CreateRole', iamRole(`${platform.project}-ci-x`), ciBounded),
      expect: 'denied',
    },
  ];
}

/** The apply role's own work. */
function environmentApplyWork(env: EnvironmentConfig): Expectation[] {
  const c = env.cluster.name;
  const key = stateKey(`${env.name}/eks`);
  return [
    ...(env.ingress.domain?.hostnames ?? []).flatMap(host =>
      [host, `_0a1b2c.${host}`].map(name => ({
        why: `write its own DNS record ${name} (ACM validation, the ALB alias)`,
        request: req('route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/Z1', {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [name],
        }),
        expect: 'allow' as const,
      })),
    ),
    { why: 'read its state', request: req('s3:GetObject', state(key)), expect: 'allow' },
    { why: 'write its state', request: req('s3:PutObject', state(key)), expect: 'allow' },
    { why: 'write its lock file', request: req('s3:PutObject', state(`${key}.tflock`)), expect: 'allow' },
    { why: 'release its lock file', request: req('s3:DeleteObject', state(`${key}.tflock`)), expect: 'allow' },
    { why: 'take its lock', request: req('dynamodb:PutItem', table, lock(key)), expect: 'allow' },
    { why: 'write its digest', request: req('dynamodb:PutItem', table, lock(`${key}-md5`)), expect: 'allow' },
    { why: 'release its lock', request: req('dynamodb:DeleteItem', table, lock(key)), expect: 'allow' },
    {
      why: 'create its cluster',
      request: req('eks:CreateCluster', eks('cluster', c), { 'aws:RequestTag/environment': env.name }),
      expect: 'allow',
    },
    {
      why: 'update its cluster',
      request: req('eks:UpdateClusterConfig', eks('cluster', c), tagged(env.name)),
      expect: 'allow',
    },
    {
      why: 'create its access entries',
      request: req('eks:CreateAccessEntry', eks('access-entry', `${c}/role/${account}/x/1a2b`)),
      expect: 'allow',
    },
    {
      why: 'create its VPC',
      request: req('ec2:CreateVpc', `arn:aws:ec2:${region}:${account}:vpc/*`, {
        'aws:RequestTag/environment': env.name,
      }),
      expect: 'allow',
    },
    {
      why: 'delete its subnet',
      request: req('ec2:DeleteSubnet', `arn:aws:ec2:${region}:${account}:subnet/subnet-1`, tagged(env.name)),
      expect: 'allow',
    },
    { why: 'describe anything', request: req('ec2:DescribeVpcs', '*'), expect: 'allow' },
    {
      why: 'create its KMS key',
      request: req('kms:CreateKey', '*', { 'aws:RequestTag/environment': env.name }),
      expect: 'allow',
    },
    ...clusterRoleUse(env, 'iam:CreateRole', 'allow', [
      'create its cluster role within the workload boundary',
      'pass its cluster role to EKS',
    ]),
  ];
}

/** Item 4: what ReadOnlyAccess would give a pull request, and the plan must never read. */
function dataReads(env: EnvironmentConfig): Expectation[] {
  return [
    ...env.secrets.readablePrefixes.map(p => ({
      why: 'its own secret values',
      request: req('secretsmanager:GetSecretValue', secret(`${p}/myapp/database`)),
      expect: 'explicit-deny' as const,
    })),
    {
      why: 'items of another table',
      request: req('dynamodb:GetItem', `arn:aws:dynamodb:${region}:${account}:table/orders`),
      expect: 'explicit-deny',
    },
    {
      why: 'scan another table',
      request: req('dynamodb:Scan', `arn:aws:dynamodb:${region}:${account}:table/orders`),
      expect: 'explicit-deny',
    },
    {
      why: 'query another table',
      request: req('dynamodb:Query', `arn:aws:dynamodb:${region}:${account}:table/orders`),
      expect: 'explicit-deny',
    },
    {
      why: 'the other lock entries',
      request: req('dynamodb:GetItem', table, lock(stateKey(`${other(env).name}/eks`))),
      expect: 'explicit-deny',
    },
    ...['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'].map(action => ({
      why: 'log events',
      request: req(action, `arn:aws:logs:${region}:${account}:log-group:/aws/eks/${env.cluster.name}/cluster:*`),
      expect: 'explicit-deny' as const,
    })),
    {
      why: 'objects of another bucket',
      request: req('s3:GetObject', 'arn:aws:s3:::customer-data/x.csv'),
      expect: 'explicit-deny',
    },
    ...['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'].map(action => ({
      why: 'image layers',
      request: req(action, `arn:aws:ecr:${region}:${account}:repository/myapp/api`),
      expect: 'explicit-deny' as const,
    })),
    {
      why: 'queue messages',
      request: req('sqs:ReceiveMessage', `arn:aws:sqs:${region}:${account}:${env.cluster.name}-karpenter`),
      expect: 'explicit-deny',
    },
    { why: 'write its state', request: req('s3:PutObject', state(stateKey(`${env.name}/vpc`))), expect: 'denied' },
    {
      why: 'take its lock',
      request: req('dynamodb:PutItem', table, lock(stateKey(`${env.name}/vpc`))),
      expect: 'denied',
    },
  ];
}

/** The plan's own reads: its state and digest, and the refresh of every type in its stacks. */
function planRefresh(env: EnvironmentConfig | undefined): Expectation[] {
  const prefix = env?.name ?? 'shared';
  const stacks = env === undefined ? ['shared'] : ALL_STACK_IDS.filter(id => id.startsWith(`${env.name}-`));
  const types = new Set(
    stacks.flatMap(id => {
      const json = realStack(id);
      return [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];
    }),
  );
  const key = stateKey(env === undefined ? 'shared' : `${env.name}/vpc`);
  const resourceFor = (action: string): string => {
    if (action.startsWith('eks:') && env !== undefined) {
      return action === 'eks:DescribeCluster'
        ? eks('cluster', env.cluster.name)
        : eks('nodegroup', `${env.cluster.name}/system/1a`);
    }
    if (action.startsWith('iam:'))
      return iamRole(env === undefined ? `${platform.project}-ci-plan-dev` : environmentRoleNames(env).cluster);
    if (action === 's3:GetObject') return state(key);
    return '*';
  };
  return [
    { why: 'read its state', request: req('s3:GetObject', state(key)), expect: 'allow' },
    { why: 'read its digest', request: req('dynamodb:GetItem', table, lock(`${key}-md5`)), expect: 'allow' },
    ...[...types].flatMap(type =>
      (PLAN_REFRESH_ACTIONS[type] ?? []).map(action => ({
        why: `refresh ${type}`,
        request: req(action, resourceFor(action), tagged(prefix)),
        expect: 'allow' as const,
      })),
    ),
  ];
}

const counts: Record<string, number> = {};
function check(roleName: string, rows: readonly Expectation[]): void {
  counts[roleName] = (counts[roleName] ?? 0) + rows.length;
  expect(mismatches(ciPrincipal(platform, shared, roleName), rows)).toEqual([]);
}

afterAll(() => {
  // the figures of the acceptance note: requests evaluated per role
  process.stdout.write(`CI IAM evaluation: ${JSON.stringify(counts)}\n`);
});

describe.each(ENVIRONMENTS.map(e => [e.name, e] as const))('%s CI roles', (_name, env) => {
  const names = ciRoleNames(platform, env.name);

  test('the apply role does its own work', () => check(names.apply, environmentApplyWork(env)));
  test('the apply role cannot reach the other environment', () => check(names.apply, crossEnvironment(env)));
  test('the apply role cannot tamper with state', () => check(names.apply, stateTampering(env.name)));
  test('the apply role cannot escalate', () => check(names.apply, environmentEscalation(env)));

  test('the plan role refreshes every type of its stacks', () => check(names.plan, planRefresh(env)));
  test('the plan role reads no data', () => check(names.plan, dataReads(env)));
  test('the plan role cannot reach the other environment', () => check(names.plan, crossEnvironment(env)));
  test('the plan role cannot tamper with state', () => check(names.plan, stateTampering(env.name)));
});

describe.each(['shared', ...ENVIRONMENTS.map(e => e.name)])('%s CI roles list the state bucket', target => {
  const names = ciRoleNames(platform, target);
  test('the plan role lists only its own prefix', () => check(names.plan, stateListing(target)));
  test('the apply role lists only its own prefix', () => check(names.apply, stateListing(target)));
});

describe('shared CI roles', () => {
  const names = ciRoleNames(platform, 'shared');

  test('the plan role refreshes the shared stack', () => check(names.plan, planRefresh(undefined)));
  test('the plan and apply roles cannot tamper with state', () => {
    check(names.plan, stateTampering('shared'));
    check(names.apply, stateTampering('shared'));
  });

  test(
    'the apply role applies what the shared stack creates: the Spot service-linked role, log buckets, ' + 'containers',
    () => {
      const spot = `arn:aws:iam::${account}:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot`;
      const spotName = { 'iam:AWSServiceName': 'spot.amazonaws.com' };
      const logs = `arn:aws:s3:::${platform.project}-dev-logs-${account}`;
      check(names.apply, [
        { why: 'create the Spot role', request: req('iam:CreateServiceLinkedRole', spot, spotName), expect: 'allow' },
        ...['iam:GetRole', 'iam:TagRole', 'iam:ListRoleTags', 'iam:UpdateRoleDescription'].map(action => ({
          why: `refresh and tag the Spot role (${action})`,
          request: req(action, spot, tagged('shared')),
          expect: 'allow' as const,
        })),
        {
          why: 'delete the Spot role when the setting is turned off',
          request: req('iam:DeleteServiceLinkedRole', spot),
          expect: 'allow',
        },
        { why: 'poll its deletion', request: req('iam:GetServiceLinkedRoleDeletionStatus', spot), expect: 'allow' },
        {
          why: "delete another service's linked role",
          request: req(
            'iam:DeleteServiceLinkedRole',
            `arn:aws:iam::${account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/` +
              'AWSServiceRoleForElasticLoadBalancing',
          ),
          expect: 'denied',
        },
        ...[
          's3:CreateBucket',
          's3:PutBucketPolicy',
          's3:PutLifecycleConfiguration',
          's3:PutEncryptionConfiguration',
          's3:PutBucketVersioning',
        ].map(action => ({
          why: `manage a log bucket (${action})`,
          request: req(action, logs, tagged('shared')),
          expect: 'allow' as const,
        })),
        {
          why: "read a log bucket's objects",
          request: req('s3:GetObject', `${logs}/fake/chunk`),
          expect: 'explicit-deny',
        },
      ]);
    },
  );

  test('the apply role cannot reach an environment', () => {
    check(
      names.apply,
      ENVIRONMENTS.flatMap(env => [
        {
          why: 'delete a cluster',
          request: req('eks:DeleteCluster', eks('cluster', env.cluster.name), tagged(env.name)),
          expect: 'explicit-deny' as const,
        },
        {
          why: 'write its state',
          request: req('s3:PutObject', state(stateKey(`${env.name}/eks`))),
          expect: 'explicit-deny' as const,
        },
        {
          why: 'change its roles',
          request: req('iam:PutRolePolicy', clusterRole(env), workloadBounded),
          expect: 'denied' as const,
        },
        {
          why: 'terminate its nodes',
          request: req('ec2:TerminateInstances', `arn:aws:ec2:${region}:${account}:instance/i-1`, tagged(env.name)),
          expect: 'explicit-deny' as const,
        },
      ]),
    );
  });

  test('the apply role manages the CI roles only with the CI boundary, and never widens itself', () => {
    const self = iamRole(names.apply);
    check(names.apply, [
      {
        why: 'update a CI role policy',
        request: req('iam:PutRolePolicy', iamRole(ciRoleNames(platform, 'dev').apply), ciBounded),
        expect: 'allow',
      },
      {
        why: 'create an unbounded CI role',
        request: req('iam:CreateRole', iamRole(`${platform.project}-ci-evil`)),
        expect: 'explicit-deny',
      },
      {
        why: 'create a workload-bounded CI role',
        request: req('iam:CreateRole', iamRole(`${platform.project}-ci-evil`), workloadBounded),
        expect: 'denied',
      },
      {
        why: 'create a role outside its names',
        request: req('iam:CreateRole', iamRole('admin'), ciBounded),
        expect: 'denied',
      },
      {
        why: 'a CI-bounded Karpenter node role',
        request: req('iam:CreateRole', iamRole(`${platform.project}-ci-x-karpenter-node`), ciBounded),
        expect: 'explicit-deny',
      },
      { why: 'widen itself', request: req('iam:PutRolePolicy', self, ciBounded), expect: 'explicit-deny' },
      {
        why: 'attach to itself',
        request: req('iam:AttachRolePolicy', self, attaching(ciBounded, 'PowerUserAccess')),
        expect: 'explicit-deny',
      },
      { why: 'retrust itself', request: req('iam:UpdateAssumeRolePolicy', self), expect: 'explicit-deny' },
      { why: 'drop its boundary', request: req('iam:DeleteRolePermissionsBoundary', self), expect: 'explicit-deny' },
      {
        why: 'swap its boundary',
        request: req('iam:PutRolePermissionsBoundary', self, workloadBounded),
        expect: 'explicit-deny',
      },
      {
        why: 'attach AdministratorAccess to a CI role',
        request: req(
          'iam:AttachRolePolicy',
          iamRole(ciRoleNames(platform, 'dev').apply),
          attaching(ciBounded, 'AdministratorAccess'),
        ),
        expect: 'explicit-deny',
      },
      ...boundaryRewrites,
      { why: 'read the boundaries', request: req('iam:GetPolicyVersion', ciBoundaryArn(platform)), expect: 'allow' },
    ]);
  });

  test('the ECR push role carries the CI boundary and pushes only', () => {
    const name = `${platform.project}-ci-ecr-push`;
    const repo = `arn:aws:ecr:${region}:${account}:repository/myapp/api`;
    check(name, [
      { why: 'delete a repository', request: req('ecr:DeleteRepository', repo), expect: 'denied' },
      { why: 'read a secret', request: req('secretsmanager:GetSecretValue', secret('dev/x')), expect: 'explicit-deny' },
    ]);
    expect(ciPrincipal(platform, shared, name).boundary).toBeDefined();
  });
});

test('the evaluator answers like AWS for the rules these tables rely on', () => {
  // a missing key fails a positive operator, passes a negated one (IAM "Condition operators")
  const p = (other: Statement) => ({ identity: [statement({ actions: ['s3:GetObject'], resources: ['*'] }), other] });
  const deny = (op: string, key: string, values: string[]) =>
    statement({ effect: 'Deny', actions: ['s3:*'], resources: ['*'], conditions: { [op]: { [key]: values } } });
  const get = (context: Record<string, string | string[]> = {}) => ({
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context,
  });
  expect(evaluateRequest(p(deny('StringEquals', 'aws:ResourceTag/environment', ['prod'])), get()).decision).toBe(
    'allow',
  );
  expect(evaluateRequest(p(deny('StringNotEquals', 'aws:ResourceTag/environment', ['dev'])), get()).decision).toBe(
    'explicit-deny',
  );
  expect(
    evaluateRequest(p(deny('StringEqualsIfExists', 'aws:ResourceTag/environment', ['prod'])), get()).decision,
  ).toBe('explicit-deny');
  expect(evaluateRequest(p(deny('Null', 'aws:ResourceTag/environment', ['true'])), get()).decision).toBe(
    'explicit-deny',
  );
  expect(evaluateRequest(p(deny('ForAnyValue:StringLike', 'k', ['a*'])), get()).decision).toBe('allow');
  expect(evaluateRequest(p(deny('ForAllValues:StringLike', 'k', ['a*'])), get()).decision).toBe('explicit-deny');
  expect(evaluateRequest(p(deny('ForAllValues:StringLike', 'k', ['a*'])), get({ k: ['ab', 'b'] })).decision).toBe(
    'allow',
  );
  // condition key names are case-insensitive, ARNs are not
  expect(
    evaluateRequest(
      p(deny('StringEquals', 'AWS:resourcetag/environment', ['prod'])),
      get({ 'aws:ResourceTag/environment': 'prod' }),
    ).decision,
  ).toBe('explicit-deny');
  const arnOnly = { identity: [statement({ actions: ['S3:getobject'], resources: ['arn:aws:s3:::B/*'] })] };
  expect(evaluateRequest(arnOnly, get()).decision).toBe('implicit-deny');
  // a boundary caps the identity policy
  expect(evaluateRequest({ ...p(statement()), boundary: [] }, get()).decision).toBe('implicit-deny');
});

test('every resource and data-source type of the stacks has its refresh reads listed', () => {
  const types = new Set(
    ALL_STACK_IDS.filter(id => id !== 'state-backend').flatMap(id => {
      const json = realStack(id);
      return [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];
    }),
  );
  expect([...types].filter(t => !(t in PLAN_REFRESH_ACTIONS))).toEqual([]);
  // every listed read exists in the IAM service reference
  for (const actions of Object.values(PLAN_REFRESH_ACTIONS))
    for (const a of actions)
      expect(expandAction(a)).toEqual([a.toLowerCase().replace(/:.*/, '') + a.slice(a.indexOf(':'))]);
});

describe('a third environment is added through the pipeline', () => {
  const qa = QA_ENVIRONMENT;
  const next = synth(buildTestPlatform([...ENVIRONMENTS, qa]).shared);
  const view = new StackView({ stack: 'shared', json: next as never });
  const before = new Set(Object.values(resources(shared, 'aws_iam_role')).map(r => String(r.name)));
  const sharedApply = ciPrincipal(platform, shared, ciRoleNames(platform, 'shared').apply);

  /** The IAM calls Terraform makes to create or update each CI role of the new configuration. */
  function rolesRequests(): Expectation[] {
    return view
      .all('aws_iam_role')
      .flatMap(role => {
        const arn = iamRole(String(role.body.name));
        const bounded = { 'iam:PermissionsBoundary': String(role.body.permissions_boundary) };
        const isNew = !before.has(String(role.body.name));
        const attachments = view
          .all('aws_iam_role_policy_attachment')
          .filter(a => view.refersTo(a.body.role, role.address));
        return [
          ...(isNew
            ? [{ why: 'create the role', request: req('iam:CreateRole', arn, bounded), expect: 'allow' as const }]
            : []),
          { why: 'tag the role', request: req('iam:TagRole', arn), expect: 'allow' as const },
          { why: 'write its inline policy', request: req('iam:PutRolePolicy', arn, bounded), expect: 'allow' as const },
          ...attachments.map(a => ({
            why: `attach ${String(a.body.policy_arn)}`,
            request: req('iam:AttachRolePolicy', arn, { ...bounded, 'iam:PolicyARN': String(a.body.policy_arn) }),
            expect: 'allow' as const,
          })),
        ];
      })
      .filter(row => row.request.resource !== iamRole(ciRoleNames(platform, 'shared').apply));
  }

  test('the new roles are the qa plan and apply roles, each with the CI boundary', () => {
    const added = Object.values(resources(next, 'aws_iam_role')).filter(r => !before.has(String(r.name)));
    expect(added.map(r => [r.name, r.permissions_boundary]).sort()).toEqual([
      ['myapp-ci-apply-qa', ciBoundaryArn(platform)],
      ['myapp-ci-plan-qa', ciBoundaryArn(platform)],
    ]);
  });

  test('the shared apply role of today may create, attach and update every CI role of the new configuration', () => {
    const rows = rolesRequests();
    expect(
      rows.filter(r => r.request.action === 'iam:AttachRolePolicy').map(r => r.request.context!['iam:PolicyARN']),
    ).toContain('arn:aws:iam::aws:policy/PowerUserAccess');
    counts['third environment'] = rows.length;
    expect(mismatches(sharedApply, rows)).toEqual([]);
    expect(
      mismatches(sharedApply, [
        {
          why: 'its secret container',
          request: req('secretsmanager:CreateSecret', secret('qa/myapp/database'), {
            'aws:RequestTag/environment': 'shared',
          }),
          expect: 'allow',
        },
        {
          why: 'an unbounded qa role',
          request: req('iam:CreateRole', iamRole('myapp-ci-apply-qa')),
          expect: 'explicit-deny',
        },
        {
          why: 'widen itself for qa',
          request: req('iam:PutRolePolicy', iamRole(ciRoleNames(platform, 'shared').apply), ciBounded),
          expect: 'explicit-deny',
        },
      ]),
    ).toEqual([]);
  });

  test('neither boundary changes, so no administrator apply is needed', () => {
    const policies = (s: typeof shared) => Object.values(resources(s, 'aws_iam_policy')).map(p => [p.name, p.policy]);
    expect(policies(next)).toEqual(policies(shared));
  });

  test('the new roles are isolated from dev and prod, and dev and prod from them', () => {
    const qaApply = ciPrincipal(platform, next, 'myapp-ci-apply-qa');
    const devApply = ciPrincipal(platform, next, 'myapp-ci-apply-dev');
    expect(
      mismatches(qaApply, [
        {
          why: 'delete prod',
          request: req('eks:DeleteCluster', eks('cluster', 'myapp-prod')),
          expect: 'explicit-deny',
        },
        { why: 'its own state', request: req('s3:PutObject', state(stateKey('qa/eks'))), expect: 'allow' },
      ]),
    ).toEqual([]);
    expect(
      mismatches(devApply, [
        { why: 'delete qa', request: req('eks:DeleteCluster', eks('cluster', 'myapp-qa')), expect: 'explicit-deny' },
        {
          why: 'qa secrets',
          request: req('secretsmanager:GetSecretValue', secret('qa/myapp/database')),
          expect: 'explicit-deny',
        },
      ]),
    ).toEqual([]);
  });
});

describe('IAM quotas (IAM user guide, "IAM and AWS STS quotas")', () => {
  // characters without whitespace: inline policies of one role together at most 10,240, a managed policy 6,144
  const size = (doc: unknown) => JSON.stringify(doc).replace(/\s/g, '').length;
  const qa = withEnv(ENVIRONMENTS[0], e => {
    e.name = 'qa';
    e.cluster.name = 'myapp-qa';
    e.network.cidr = '10.2.0.0/16';
    e.secrets.readablePrefixes = ['qa'];
    e.secrets.containers = [];
    e.argocd.project = { name: 'qa', namespaces: ['qa'] };
    e.argocd.applications = [];
  });
  test.each([
    ['two environments', shared],
    ['three environments', synth(buildTestPlatform([...ENVIRONMENTS, qa]).shared)],
  ])('with %s every CI role and boundary fits', (_, stack) => {
    const view = new StackView({ stack: 'shared', json: stack as never });
    for (const role of view.all('aws_iam_role')) {
      const inline = view.all('aws_iam_role_policy').filter(p => view.refersTo(p.body.role, role.address));
      const statements = inline.flatMap(p => parseDocument(view, p.body.policy) ?? []);
      const total = size(
        statements.map(s => ({
          Sid: s.sid,
          Effect: s.effect,
          Action: s.actions,
          NotAction: s.notActions,
          Resource: s.resources,
          NotResource: s.notResources,
          Condition: s.conditions,
        })),
      );
      expect([role.body.name, total <= 10240]).toEqual([role.body.name, true]);
    }
    for (const policy of view.all('aws_iam_policy'))
      expect([policy.body.name, size(JSON.parse(String(policy.body.policy))) <= 6144]).toEqual([
        policy.body.name,
        true,
      ]);
  });
});
