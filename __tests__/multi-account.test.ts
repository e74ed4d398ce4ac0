import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../environments';
import type { EnvironmentConfig } from '../environments/types';
import { ConfigurationErrors, validateAll } from '../environments/validate';
import { renderTerragruntTree, terragruntUnits } from '../backend/terragrunt';
import { writeTerragruntTree } from '../backend/terragrunt-writer';
import {
  accountStackId,
  ciRoleNames,
  environmentPlatform,
  environmentRoleNames,
  logBucketName,
  roleArn,
  stateKey,
  workloadBoundaryArn,
} from '../modules/naming';
import { modelOf } from '../modules/analysis/platform-model';
import type { Normalized, PolicyStatement } from '../modules/iam/statement';
import { policyInputs } from '../modules/analysis/policy-inputs';
import { ciTargets } from '../modules/plan-review/ci-targets';
import { preflightFacts } from '../modules/preflight/facts';
import {
  evaluateRequest,
  IamPrincipal,
  evaluateWithResource,
  IamCaller,
  IamDecision,
  IamRequest,
  IamResource,
  jsonStatements,
  parseDocument,
} from '../modules/policies/iam';
import { evaluate, UNUSED_SUPPRESSION_RULE } from '../modules/policies/engine';
import { StackView } from '../modules/policies/stack-view';
import { lockTableArn, stateBucketArn } from '../modules/shared/ci-policies';
import { ciPrincipal, Expectation, mismatches as principalMismatches } from './ci-principals';
import { realOutdir } from './real-platform';
import { buildTestPlatform, realStack, resources, SynthesizedStack, withEnv } from './helpers';

/** A statement as the policy engine reads it back. */
type Statement = Normalized<PolicyStatement>;

/**
 * The option "one AWS account per environment" (issue 12, item 1): prod in account B, dev and everything shared in
 * the platform account A. Synthesized once; every assertion reads the synthesized JSON, and the IAM rows are decided
 * by the project's evaluator with AWS's cross-account rule (an Allow on the caller's side AND in the resource policy).
 */
const A = platform.aws.accountId;
const B = '210987654321';
const region = platform.aws.region;
const SSO_ROLES = `arn:aws:iam::${B}:role/aws-reserved/sso.amazonaws.com`;
const SSO_ADMIN_PATTERN = `${SSO_ROLES}/*/AWSReservedSSO_AdministratorAccess_*`;
const [dev, prodBase] = [ENVIRONMENTS.find(e => e.name === 'dev')!, ENVIRONMENTS.find(e => e.name === 'prod')!];
const prod: EnvironmentConfig = withEnv(prodBase, e => {
  // an SSO administrator role, as IAM Identity Center names it (path and suffix generated: a pattern)
  e.aws = { accountId: B, stateAdminArns: [SSO_ADMIN_PATTERN] };
  e.cluster.adminPrincipalArns = e.cluster.adminPrincipalArns.map(arn => arn.replace(`::${A}:`, `::${B}:`));
});
const environments = [dev, prod];
const prodPlatform = environmentPlatform(platform, prod);

const built = buildTestPlatform(environments);
const model = modelOf(built);
function stack(id: string): SynthesizedStack {
  return model.stacks[id].json;
}
const PROD_STACKS = ['prod-account', 'prod-vpc', 'prod-eks', 'prod-addons'];
const DEV_STACKS = ['dev-vpc', 'dev-eks', 'dev-addons'];
const awsProvider = (id: string) => stack(id).provider!.aws[0];

/** Every ARN in a text with its account field (`arn:<partition>:<service>:<region>:<account>:...`). */
function arnsWithAccount(text: string): { arn: string; account: string }[] {
  return [...text.matchAll(/arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):[^"\\\s,]*/g)].map(m => ({
    arn: m[0],
    account: m[1],
  }));
}

function errorsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigurationErrors) return e.errors.map(x => x.message);
    throw e;
  }
  return [];
}

describe('validation of an environment account', () => {
  const withProd = (patch: (e: import('./helpers').Mutable<EnvironmentConfig>) => void) => [dev, withEnv(prod, patch)];

  test('the variant is valid; the shipped platform has no account of its own anywhere', () => {
    expect(errorsOf(() => validateAll(platform, environments))).toEqual([]);
    expect(ENVIRONMENTS.every(e => e.aws === undefined)).toBe(true);
  });

  test('an account id is 12 digits and not the platform account', () => {
    expect(
      errorsOf(() =>
        validateAll(
          platform,
          withProd(e => {
            e.aws = { accountId: '2109876543' };
          }),
        ),
      ),
    ).toContain('prod.aws.accountId is "2109876543": expected 12 digits (an AWS account id)');
    expect(
      errorsOf(() =>
        validateAll(
          platform,
          withProd(e => {
            e.aws = { accountId: A };
            e.cluster.adminPrincipalArns = [];
          }),
        ),
      ),
    ).toContain(
      `prod.aws.accountId is "${A}": is the platform account (platform.aws.accountId): leave aws unset for an ` +
        'environment of the platform account',
    );
  });

  test('one environment per account, a valid bootstrap role name', () => {
    const errors = errorsOf(() =>
      validateAll(platform, [
        withEnv(dev, e => {
          e.aws = { accountId: B, bootstrapRoleName: 'no spaces' };
          e.cluster.adminPrincipalArns = [];
        }),
        prod,
      ]),
    );
    expect(errors.some(m => m.startsWith(`prod.aws.accountId is "${B}": already the account of dev`))).toBe(true);
    expect(errors).toContain(
      'dev.aws.bootstrapRoleName is "no spaces": expected an IAM role name (1-64 letters, digits or +=,.@_-)',
    );
  });

  test("state administrators are IAM roles or users of the environment's own account", () => {
    const errors = errorsOf(() =>
      validateAll(
        platform,
        withProd(e => {
          e.aws = { accountId: B, stateAdminArns: [`arn:aws:iam::${A}:role/admin`, `arn:aws:iam::${B}:group/x`] };
        }),
      ),
    );
    const allowed = `expected an IAM role or user ARN of the environment's account ${B} (prod.aws.accountId)`;
    expect(errors).toContain(`prod.aws.stateAdminArns[0] is "arn:aws:iam::${A}:role/admin": ${allowed}`);
    expect(errors).toContain(`prod.aws.stateAdminArns[1] is "arn:aws:iam::${B}:group/x": ${allowed}`);
  });

  test("admins, certificate and WAF ACL of the environment's own account", () => {
    const errors = errorsOf(() =>
      validateAll(
        platform,
        withProd(e => {
          e.cluster.adminPrincipalArns = [`arn:aws:iam::${A}:role/platform-admin`];
          e.ingress.certificateArn = `arn:aws:acm:${region}:${A}:certificate/abc-123`;
          e.ingress.wafAclArn = `arn:aws:wafv2:${region}:${A}:regional/webacl/edge/1`;
        }),
      ),
    );
    expect(errors).toContain(
      `prod.cluster.adminPrincipalArns[] is "arn:aws:iam::${A}:role/platform-admin": expected a principal of ` +
        `the environment's account ${B} (prod.aws.accountId), not ${A}`,
    );
    expect(
      errors.filter(m => m.includes(`expected an ARN of the environment's account ${B}`)).map(m => m.split(' ')[0]),
    ).toEqual(['prod.ingress.certificateArn', 'prod.ingress.wafAclArn']);
  });

  test('no hosted zone shared across accounts (the edge looks its zone up in its own account)', () => {
    const devWithZone = withEnv(dev, e => {
      e.ingress.domain = { zoneName: 'example.com', hostnames: ['dev.example.com'] };
    });
    const errors = errorsOf(() => validateAll(platform, [devWithZone, prod]));
    expect(errors).toEqual([
      `prod.ingress.domain.zoneName is "example.com": is also the zone of dev, which is in account ${A}, not ` +
        `${B}: a zone is looked up in the environment's own account; give each account its own zone ` +
        '(e.g. a delegated subdomain)',
    ]);
    // in one account the two may share it (the shipped isolation separates their record names)
    expect(errorsOf(() => validateAll(platform, [devWithZone, prodBase]))).toEqual([]);
  });
});

describe('prod in its own account: the synthesized stacks', () => {
  test('the stacks: prod gets a bootstrap stack, dev none', () => {
    expect(Object.keys(built.accounts)).toEqual(['prod']);
    expect(built.accounts.prod.node.id).toBe(accountStackId('prod'));
  });

  test.each(PROD_STACKS)('%s names no resource of the platform account but the state backend', id => {
    const arns = arnsWithAccount(JSON.stringify(stack(id)));
    expect(arns.filter(a => a.account === B).length).toBeGreaterThan(0);
    // the only platform-account ARN: the lock table, in the CI roles' Denies (and the plan role's NotResource)
    expect([...new Set(arns.filter(a => a.account !== B).map(a => a.arn))]).toEqual(
      id === 'prod-account' ? [lockTableArn(platform)] : [],
    );
    expect(awsProvider(id).allowed_account_ids).toEqual([B]);
  });

  test.each(DEV_STACKS)("%s is byte-identical to the shipped platform's", id => {
    const text = (outdir: string) => readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8');
    expect(text(built.app.outdir)).toBe(text(realOutdir()));
  });

  test('the state backend and shared stacks stay in the platform account', () => {
    for (const id of ['state-backend', 'shared']) expect(awsProvider(id).allowed_account_ids).toEqual([A]);
  });

  test("the bootstrap stack assumes the account's bootstrap role and keeps its state outside prod/", () => {
    expect(awsProvider('prod-account').assume_role).toEqual([
      { role_arn: `arn:aws:iam::${B}:role/OrganizationAccountAccessRole`, session_name: 'prod-account' },
    ]);
    // applied by an administrator with platform-account credentials: the lock table is reachable
    expect(stack('prod-account').terraform!.backend!.s3).toMatchObject({
      key: 'prod-account/terraform.tfstate',
      dynamodb_table: platform.state.lockTable,
    });
  });

  test.each(['prod-vpc', 'prod-eks', 'prod-addons'])('%s locks its state with lock files only', id => {
    const s3 = stack(id).terraform!.backend!.s3;
    expect(s3).toMatchObject({
      bucket: platform.state.bucket,
      use_lockfile: true,
      key: stateKey(`prod/${id.split('-')[1]}`),
    });
    expect(s3).not.toHaveProperty('dynamodb_table');
  });

  test("prod's CI roles, OIDC provider, boundaries, secrets and logs are in its account, not shared", () => {
    const roleNames = (id: string) => Object.values(resources(stack(id), 'aws_iam_role')).map(r => r.name);
    const names = ciRoleNames(platform, 'prod');
    expect(roleNames('prod-account')).toEqual(expect.arrayContaining([names.plan, names.apply]));
    expect(roleNames('shared')).not.toEqual(expect.arrayContaining([names.plan]));
    expect(roleNames('shared')).not.toContain(names.apply);
    expect(roleNames('shared')).toEqual(expect.arrayContaining(Object.values(ciRoleNames(platform, 'dev'))));
    expect(Object.keys(resources(stack('prod-account'), 'aws_iam_openid_connect_provider'))).toHaveLength(1);
    const secrets = (id: string) =>
      Object.values(resources(stack(id), 'aws_secretsmanager_secret')).map(s => String(s.name));
    expect(secrets('prod-account').length).toBeGreaterThan(0);
    expect(secrets('prod-account').every(n => prod.secrets.readablePrefixes.some(p => n.startsWith(`${p}/`)))).toBe(
      true,
    );
    expect(secrets('shared').some(n => prod.secrets.readablePrefixes.some(p => n.startsWith(`${p}/`)))).toBe(false);
    const buckets = (id: string) => Object.values(resources(stack(id), 'aws_s3_bucket')).map(b => b.bucket);
    expect(buckets('prod-account')).toEqual([logBucketName(prodPlatform, 'prod')]);
    expect(buckets('shared')).not.toContain(logBucketName(prodPlatform, 'prod'));
    const boundaries = Object.values(resources(stack('prod-account'), 'aws_iam_role')).map(r => r.permissions_boundary);
    expect(new Set(boundaries)).toEqual(new Set([`arn:aws:iam::${B}:policy/${platform.project}-ci-boundary`]));
    // the roles of prod's stacks carry the boundary of prod's account
    expect(JSON.stringify(stack('prod-eks'))).toContain(workloadBoundaryArn(prodPlatform));
  });

  test("CI assumes the roles of each target's account", () => {
    const byTarget = Object.fromEntries(ciTargets(platform, environments).map(t => [t.target, t]));
    expect(byTarget.prod.applyRole).toBe(`arn:aws:iam::${B}:role/${ciRoleNames(platform, 'prod').apply}`);
    expect(byTarget.prod.planRole).toBe(`arn:aws:iam::${B}:role/${ciRoleNames(platform, 'prod').plan}`);
    expect(byTarget.dev.applyRole).toBe(`arn:aws:iam::${A}:role/${ciRoleNames(platform, 'dev').apply}`);
    expect(byTarget.shared.applyRole).toBe(`arn:aws:iam::${A}:role/${ciRoleNames(platform, 'shared').apply}`);
  });

  test("the eks layer gives the CI roles of prod's account their access entries", () => {
    const principals = Object.values(resources(stack('prod-eks'), 'aws_eks_access_entry')).map(e => e.principal_arn);
    expect(principals).toEqual(
      expect.arrayContaining(Object.values(ciRoleNames(platform, 'prod')).map(n => roleArn(prodPlatform, n))),
    );
    expect(principals.every(p => String(p).startsWith(`arn:aws:iam::${B}:`))).toBe(true);
  });
});

describe('prod in its own account: the security rules', () => {
  test("every stack passes, and every suppression is used (they moved with prod's roles and secrets)", () => {
    // the model keeps the `//` comments, where the constructs wrote their suppressions (Testing.synth drops them)
    const inputs = policyInputs(model, platform, environments);
    expect(inputs.map(i => i.stack)).toContain('prod-account');
    const report = evaluate(inputs);
    expect(report.failures.map(f => `${f.stack} ${f.rule} ${f.address}`)).toEqual([]);
    expect(report.failures.filter(f => f.rule === UNUSED_SUPPRESSION_RULE)).toEqual([]);
  });
});

describe('prod in its own account: preflight', () => {
  test("checks prod's own account: its OIDC provider, and vCPU quotas of the environments in that account only", () => {
    const [prodFacts, devFacts, shipped] = [
      preflightFacts(platform, environments, prod),
      preflightFacts(platform, environments, dev),
      preflightFacts(platform, ENVIRONMENTS, dev),
    ];
    expect(prodFacts.accountId).toBe(B);
    expect(prodFacts.githubOidcProviderArn).toBe(`arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com`);
    expect(devFacts.accountId).toBe(A);
    // quotas are per account: the sum over both environments (one account) splits into each account's own
    const needed = (f: typeof devFacts) => f.vcpuQuotas.map(q => q.needed);
    const sums = needed(devFacts).map((n, i) => n + needed(prodFacts)[i]);
    expect(sums).toEqual(needed(shipped));
    expect(needed(prodFacts).every((n, i) => n < needed(shipped)[i])).toBe(true);
  });
});

describe('prod in its own account: the Terragrunt tree', () => {
  const files = renderTerragruntTree(platform, terragruntUnits(environments), environments);

  /** Terragrunt's find_in_parent_folders: the nearest file of that name above the unit's directory. */
  const rootOf = (unit: string): string => {
    const parts = unit.split('/').slice(0, -1);
    for (let n = parts.length; n >= 0; n--) {
      const candidate = [...parts.slice(0, n), 'root.hcl'].join('/');
      if (candidate in files) return candidate;
    }
    throw new Error(`no root.hcl above ${unit}`);
  };
  /** The key Terragrunt passes: the root's key expression with path_relative_to_include() of the unit. */
  const keyOf = (unit: string): string => {
    const root = rootOf(unit);
    const dir = root.includes('/') ? root.slice(0, root.lastIndexOf('/') + 1) : '';
    const expression = /^\s*key\s*=\s*"(.*)"$/m.exec(files[root])![1];
    return expression.replace('${path_relative_to_include()}', unit.slice(dir.length, -'/terragrunt.hcl'.length));
  };

  test.each(['prod/vpc', 'prod/eks', 'prod/addons', 'dev/vpc', 'shared'])(
    "unit %s uses its stack's key and locking",
    path => {
      const unit = `${path}/terragrunt.hcl`;
      const stackName = path === 'shared' ? 'shared' : path.replace('/', '-');
      const s3 = stack(stackName).terraform!.backend!.s3;
      expect(keyOf(unit)).toBe(s3.key);
      const root = files[rootOf(unit)];
      expect(/dynamodb_table/.test(root)).toBe('dynamodb_table' in s3);
      expect(rootOf(unit)).toBe(path.startsWith('prod/') ? 'prod/root.hcl' : 'root.hcl');
    },
  );

  test("prod's root goes when prod returns to the platform account (left behind it would still configure prod)", () => {
    const tree = join(built.app.outdir, 'terragrunt');
    expect(writeTerragruntTree(built.app.outdir, platform, environments)).toContain('prod/root.hcl');
    expect(existsSync(join(tree, 'prod', 'root.hcl'))).toBe(true);
    writeTerragruntTree(built.app.outdir, platform, ENVIRONMENTS);
    expect(existsSync(join(tree, 'prod', 'root.hcl'))).toBe(false);
    expect(existsSync(join(tree, 'prod', 'vpc', 'terragrunt.hcl'))).toBe(true);
  });

  test('the tree root is unchanged, dev gets no root of its own', () => {
    expect(files['root.hcl']).toBe(renderTerragruntTree(platform, terragruntUnits(ENVIRONMENTS))['root.hcl']);
    expect(files['prod/root.hcl']).toMatch(/use_lockfile\s+= true/);
    expect(files['prod/root.hcl']).toContain(`aws_account_id = "${B}"`);
    expect(
      Object.keys(files)
        .filter(f => f.endsWith('root.hcl'))
        .sort(),
    ).toEqual(['prod/root.hcl', 'root.hcl']);
  });
});

// ---- IAM across accounts -------------------------------------------------------------------------------------------

const bucket = stateBucketArn(platform);
const stateObject = (key: string) => `${bucket}/${key}`;

function viewOf(id: string): StackView {
  return new StackView({ stack: id, json: stack(id) as never });
}

/** The state bucket's policy as synthesized (TLS-only Deny plus the cross-account grants). */
function stateBucketPolicy(): Statement[] {
  const view = viewOf('state-backend');
  const policy = view.all('aws_s3_bucket_policy')[0];
  // the TLS-only statement names the bucket by reference (`${aws_s3_bucket.<id>.arn}`): its ARN, as AWS sees it
  const resolve = (r: string) => r.replace(/^\$\{aws_s3_bucket\.[^}]+\.arn\}/, bucket);
  return parseDocument(view, policy.body.policy)!.map(s => ({ ...s, resources: s.resources.map(resolve) }));
}

/** A role's trust policy as synthesized: the resource policy of sts:AssumeRole* on the role. */
function trustPolicy(stackId: string, roleName: string): Statement[] {
  const view = viewOf(stackId);
  const role = view.all('aws_iam_role').find(r => r.body.name === roleName)!;
  return parseDocument(view, role.body.assume_role_policy)!;
}

function caller(stackId: string, roleName: string, account: string): IamCaller {
  const accountPlatform = account === B ? prodPlatform : platform;
  const principal = ciPrincipal(accountPlatform, stack(stackId), roleName);
  return { ...principal, arn: roleArn(accountPlatform, roleName), account };
}

function req(action: string, resource: string, context: Record<string, string | string[]> = {}): IamRequest {
  return { action, resource, context: { 'aws:RequestedRegion': region, 'aws:SecureTransport': 'true', ...context } };
}

interface Row {
  readonly why: string;
  readonly request: IamRequest;
  readonly on: IamResource;
  readonly expect: IamDecision | 'denied';
}
/** A row the caller must not be allowed: any decision but allow. */
const denied = (why: string, request: IamRequest, on: IamResource): Row => ({ why, request, on, expect: 'denied' });

const evaluated = { requests: 0 };
/** Rows within the roles' own account: the shared helper of ci-iam-evaluation.test.ts (identity and boundary). */
function sameAccountMismatches(principal: IamPrincipal, rows: readonly Expectation[]): string[] {
  evaluated.requests += rows.length;
  return principalMismatches(principal, rows);
}
function mismatches(who: IamCaller, rows: readonly Row[]): string[] {
  evaluated.requests += rows.length;
  return rows.flatMap(row => {
    const result = evaluateWithResource(who, row.on, row.request);
    const ok = row.expect === 'denied' ? result.decision !== 'allow' : result.decision === row.expect;
    return ok
      ? []
      : [
          `${row.why}: ${row.request.action} on ${row.request.resource} -> ${result.decision} (${result.because.join(
            ', ',
          )})`,
        ];
  });
}

afterAll(() => process.stdout.write(`multi-account IAM evaluation: ${evaluated.requests} requests\n`));

describe("prod's CI roles inside account B", () => {
  const names = ciRoleNames(platform, 'prod');
  const apply = ciPrincipal(prodPlatform, stack('prod-account'), names.apply);
  const plan = ciPrincipal(prodPlatform, stack('prod-account'), names.plan);
  const c = prod.cluster.name;
  const eks = (kind: string, rest: string) => `arn:aws:eks:${region}:${B}:${kind}/${rest}`;
  const roles = environmentRoleNames(prod);
  const wb = { 'iam:PermissionsBoundary': workloadBoundaryArn(prodPlatform) };
  const shared = { 'aws:ResourceTag/environment': 'shared' };
  const logs = `arn:aws:s3:::${logBucketName(prodPlatform, 'prod')}`;
  const oidc = `arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com`;

  test("the bootstrap stack's resources carry the shared tag its CI roles are denied", () => {
    expect((awsProvider('prod-account').default_tags as { tags: Record<string, string> }[])[0].tags.environment).toBe(
      'shared',
    );
  });

  test("the apply role does its own work and cannot touch the bootstrap stack's resources or escalate", () => {
    expect(
      sameAccountMismatches(apply, [
        {
          why: 'create its cluster',
          request: req('eks:CreateCluster', eks('cluster', c), { 'aws:RequestTag/environment': 'prod' }),
          expect: 'allow',
        },
        {
          why: 'create its access entries',
          request: req('eks:CreateAccessEntry', eks('access-entry', `${c}/role/${B}/x/1a`)),
          expect: 'allow',
        },
        {
          why: 'create its VPC',
          request: req('ec2:CreateVpc', `arn:aws:ec2:${region}:${B}:vpc/*`, { 'aws:RequestTag/environment': 'prod' }),
          expect: 'allow',
        },
        {
          why: 'create its cluster role within the boundary',
          request: req('iam:CreateRole', roleArn(prodPlatform, roles.cluster), wb),
          expect: 'allow',
        },
        {
          why: 'pass its cluster role to EKS',
          request: req('iam:PassRole', roleArn(prodPlatform, roles.cluster), {
            'iam:PassedToService': 'eks.amazonaws.com',
          }),
          expect: 'allow',
        },
        {
          why: 'create an unbounded role',
          request: req('iam:CreateRole', roleArn(prodPlatform, `${c}-admin`)),
          expect: 'explicit-deny',
        },
        {
          why: 'rewrite the workload boundary',
          request: req('iam:CreatePolicyVersion', workloadBoundaryArn(prodPlatform)),
          expect: 'explicit-deny',
        },
        {
          why: 'widen its own role',
          request: req('iam:PutRolePolicy', roleArn(prodPlatform, names.apply)),
          expect: 'denied',
        },
        {
          why: "delete the account's OIDC provider",
          request: req('iam:DeleteOpenIDConnectProvider', oidc),
          expect: 'denied',
        },
        {
          why: 'delete the secrets key',
          request: req('kms:ScheduleKeyDeletion', `arn:aws:kms:${region}:${B}:key/k-1`, shared),
          expect: 'explicit-deny',
        },
        {
          why: 'delete a secret container',
          request: req(
            'secretsmanager:DeleteSecret',
            `arn:aws:secretsmanager:${region}:${B}:secret:production/myapp/database-AbCdEf`,
            shared,
          ),
          expect: 'explicit-deny',
        },
        {
          why: 'read a secret value',
          request: req(
            'secretsmanager:GetSecretValue',
            `arn:aws:secretsmanager:${region}:${B}:secret:production/x-AbCdEf`,
          ),
          expect: 'explicit-deny',
        },
        { why: 'delete the Loki bucket', request: req('s3:DeleteBucket', logs), expect: 'explicit-deny' },
        { why: 'delete logs', request: req('s3:DeleteObject', `${logs}/chunk`), expect: 'explicit-deny' },
        {
          why: 'tag a resource as shared',
          request: req('ec2:CreateTags', `arn:aws:ec2:${region}:${B}:vpc/vpc-1`, {
            'aws:RequestTag/environment': 'shared',
          }),
          expect: 'explicit-deny',
        },
      ]),
    ).toEqual([]);
  });

  test('the plan role refreshes and reads no data', () => {
    expect(
      sameAccountMismatches(plan, [
        {
          why: 'read its cluster',
          request: req('eks:DescribeCluster', eks('cluster', c), { 'aws:ResourceTag/environment': 'prod' }),
          expect: 'allow',
        },
        { why: 'describe VPCs', request: req('ec2:DescribeVpcs', '*'), expect: 'allow' },
        {
          why: 'log events',
          request: req('logs:GetLogEvents', `arn:aws:logs:${region}:${B}:log-group:/aws/eks/${c}/cluster:*`),
          expect: 'explicit-deny',
        },
        {
          why: 'objects of another bucket',
          request: req('s3:GetObject', 'arn:aws:s3:::customer-data/x.csv'),
          expect: 'explicit-deny',
        },
        {
          why: 'create a role',
          request: req('iam:CreateRole', roleArn(prodPlatform, roles.cluster), wb),
          expect: 'denied',
        },
      ]),
    ).toEqual([]);
  });
});

describe('the state bucket policy', () => {
  const grants = stateBucketPolicy().filter(s => s.effect === 'Allow');

  test("grants prod's CI roles of account B their own prefix only", () => {
    const ci = grants.filter(s => s.conditions.ArnEquals !== undefined);
    expect(ci.length).toBeGreaterThan(0);
    const names = ciRoleNames(platform, 'prod');
    for (const s of ci) {
      expect(s.principals).toEqual({ AWS: [`arn:aws:iam::${B}:root`] });
      expect(s.resources.every(r => r === bucket || r.startsWith(`${bucket}/prod/`))).toBe(true);
      const roles = s.conditions.ArnEquals['aws:PrincipalArn'];
      expect(roles.every(r => [names.plan, names.apply].map(n => roleArn(prodPlatform, n)).includes(r))).toBe(true);
    }
    const writers = ci.filter(s => s.actions.some(a => a !== 's3:GetObject' && a !== 's3:ListBucket'));
    for (const s of writers)
      expect(s.conditions.ArnEquals['aws:PrincipalArn']).toEqual([roleArn(prodPlatform, names.apply)]);
    expect(ci.flatMap(s => s.actions).sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
  });

  test("grants account B's administrators prod's prefix only: the bootstrap role and stateAdminArns", () => {
    const admin = grants.filter(s => s.conditions.ArnEquals === undefined);
    expect(admin.length).toBeGreaterThan(0);
    for (const s of admin) {
      expect(s.principals).toEqual({ AWS: [`arn:aws:iam::${B}:root`] });
      expect(s.conditions.ArnLike['aws:PrincipalArn']).toEqual([
        `arn:aws:iam::${B}:role/OrganizationAccountAccessRole`,
        SSO_ADMIN_PATTERN,
      ]);
      expect(s.resources.every(r => r === bucket || r.startsWith(`${bucket}/prod/`))).toBe(true);
    }
    expect(admin.flatMap(s => s.actions).sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
  });

  test('has no grant without an account of its own', () => {
    const view = new StackView({ stack: 'state-backend', json: realStack('state-backend') as never });
    const statements = parseDocument(view, view.all('aws_s3_bucket_policy')[0].body.policy)!;
    expect(statements.map(s => s.sid)).toEqual(['DenyInsecureTransport']);
  });
});

describe('IAM across accounts', () => {
  const names = ciRoleNames(platform, 'prod');
  const prodApply = caller('prod-account', names.apply, B);
  const prodPlan = caller('prod-account', names.plan, B);
  const devNames = ciRoleNames(platform, 'dev');
  const devApply = caller('shared', devNames.apply, A);
  const devPlan = caller('shared', devNames.plan, A);
  const stateBucket: IamResource = { account: A, policy: stateBucketPolicy() };
  const lockTable: IamResource = { account: A }; // no resource policy: out of reach of every other account
  const key = stateKey('prod/eks');
  const table = lockTableArn(platform);
  const lock = (k: string) => ({ 'dynamodb:LeadingKeys': [`${platform.state.bucket}/${k}`] });

  /**
   * Listing as the S3 backend does it (ListObjectsV2 with `s3:prefix` = `env:/`, the workspace prefix, on every state
   * operation: https://developer.hashicorp.com/terraform/language/backend/s3) and a person does (`<env>/`): its own
   * prefix only, never the keys of `shared/`, `dev/` or the bootstrap stack, never the whole bucket.
   */
  function listing(own: string): Row[] {
    const list = (prefix?: string): IamRequest =>
      req('s3:ListBucket', bucket, prefix === undefined ? {} : { 's3:prefix': prefix });
    return [
      { why: 'the backend lists the workspaces', request: list('env:/'), on: stateBucket, expect: 'allow' },
      { why: 'list its own prefix', request: list(`${own}/`), on: stateBucket, expect: 'allow' },
      { why: 'list its own prefix without the slash', request: list(own), on: stateBucket, expect: 'allow' },
      ...['shared/', 'dev/', 'dev', `${own}-account/`, ''].map(prefix => ({
        why: `list the keys under "${prefix}"`,
        request: list(prefix),
        on: stateBucket,
        expect: 'denied' as const,
      })),
      { why: 'list the whole bucket', request: list(), on: stateBucket, expect: 'denied' },
    ];
  }

  test('the evaluator needs both sides across accounts (and either within one)', () => {
    const put = req('s3:PutObject', stateObject(key));
    // the identity side alone allows it ...
    expect(evaluateRequest(prodApply, put).decision).toBe('allow');
    // ... but a bucket policy without the grant (the shipped one) leaves it implicitly denied across accounts
    const tlsOnly: IamResource = { account: A, policy: stateBucketPolicy().filter(s => s.effect === 'Deny') };
    expect(evaluateWithResource(prodApply, tlsOnly, put).decision).toBe('implicit-deny');
    // and the grant alone does nothing for a role whose own policies do not allow it
    expect(evaluateWithResource({ ...prodApply, identity: [] }, stateBucket, put).decision).toBe('implicit-deny');
    expect(evaluateWithResource(prodApply, stateBucket, put).decision).toBe('allow');
    // in the bucket's own account the identity policy suffices (dev's apply role and its prefix)
    expect(
      evaluateWithResource(devApply, tlsOnly, req('s3:PutObject', stateObject(stateKey('dev/eks')))).decision,
    ).toBe('allow');
    // the TLS-only Deny of the resource policy wins on either side
    expect(
      evaluateWithResource(
        prodApply,
        stateBucket,
        req('s3:PutObject', stateObject(key), { 'aws:SecureTransport': 'false' }),
      ).decision,
    ).toBe('explicit-deny');
  });

  test("prod's apply role in account B writes prod/* state in the platform bucket and nothing else", () => {
    expect(
      mismatches(prodApply, [
        ...listing('prod'),
        { why: 'read its state', request: req('s3:GetObject', stateObject(key)), on: stateBucket, expect: 'allow' },
        { why: 'write its state', request: req('s3:PutObject', stateObject(key)), on: stateBucket, expect: 'allow' },
        {
          why: 'take its lock file',
          request: req('s3:PutObject', stateObject(`${key}.tflock`)),
          on: stateBucket,
          expect: 'allow',
        },
        {
          why: 'release its lock file',
          request: req('s3:DeleteObject', stateObject(`${key}.tflock`)),
          on: stateBucket,
          expect: 'allow',
        },
        {
          why: 'delete its state',
          request: req('s3:DeleteObject', stateObject(key)),
          on: stateBucket,
          expect: 'denied',
        },
        {
          why: 'delete an old state version',
          request: req('s3:DeleteObjectVersion', stateObject(key)),
          on: stateBucket,
          expect: 'explicit-deny',
        },
        {
          why: "write dev's state",
          request: req('s3:PutObject', stateObject(stateKey('dev/eks'))),
          on: stateBucket,
          expect: 'denied',
        },
        {
          why: "read dev's state",
          request: req('s3:GetObject', stateObject(stateKey('dev/vpc'))),
          on: stateBucket,
          expect: 'denied',
        },
        {
          why: 'read the shared state',
          request: req('s3:GetObject', stateObject(stateKey('shared'))),
          on: stateBucket,
          expect: 'denied',
        },
        {
          why: 'rewrite its own bootstrap state',
          request: req('s3:PutObject', stateObject(stateKey(accountStackId('prod')))),
          on: stateBucket,
          expect: 'denied',
        },
        {
          why: 'replace the bucket policy',
          request: req('s3:PutBucketPolicy', bucket),
          on: stateBucket,
          expect: 'explicit-deny',
        },
        {
          why: 'take a lock-table entry',
          request: req('dynamodb:PutItem', table, lock(key)),
          on: lockTable,
          expect: 'denied',
        },
        {
          why: 'delete the lock table',
          request: req('dynamodb:DeleteTable', table),
          on: lockTable,
          expect: 'explicit-deny',
        },
      ]),
    ).toEqual([]);
  });

  test("prod's plan role in account B reads its own state only", () => {
    expect(
      mismatches(prodPlan, [
        ...listing('prod'),
        { why: 'read its state', request: req('s3:GetObject', stateObject(key)), on: stateBucket, expect: 'allow' },
        { why: 'write its state', request: req('s3:PutObject', stateObject(key)), on: stateBucket, expect: 'denied' },
        {
          why: "read dev's state",
          request: req('s3:GetObject', stateObject(stateKey('dev/eks'))),
          on: stateBucket,
          expect: 'denied',
        },
      ]),
    ).toEqual([]);
  });

  test("an administrator of account B inits, plans, applies, unlocks and destroys prod's state, nothing else", () => {
    // AdministratorAccess as AWS publishes it (Allow * on *):
    // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
    const administratorAccess = jsonStatements({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const admin = (arn: string): IamCaller => ({ identity: administratorAccess, arn, account: B });
    const bootstrap = admin(`arn:aws:iam::${B}:role/OrganizationAccountAccessRole`);
    const sso = admin(`${SSO_ROLES}/${region}/AWSReservedSSO_AdministratorAccess_0a1b2c3d`);
    const lockFile = stateObject(`${key}.tflock`);
    const on = stateBucket;
    const rows: Row[] = [
      // terraform init / plan / apply / destroy (the S3 backend with use_lockfile)
      ...listing('prod'),
      { why: 'init reads the state', request: req('s3:GetObject', stateObject(key)), on, expect: 'allow' },
      { why: 'plan takes the lock file', request: req('s3:PutObject', lockFile), on, expect: 'allow' },
      { why: 'apply writes the state', request: req('s3:PutObject', stateObject(key)), on, expect: 'allow' },
      { why: 'release the lock (force-unlock)', request: req('s3:DeleteObject', lockFile), on, expect: 'allow' },
      {
        why: 'state rm / import in the vpc layer',
        request: req('s3:PutObject', stateObject(stateKey('prod/vpc'))),
        on,
        expect: 'allow',
      },
      // nothing else
      denied('delete the state object', req('s3:DeleteObject', stateObject(key)), on),
      denied('delete an old state version', req('s3:DeleteObjectVersion', stateObject(key)), on),
      denied("read dev's state", req('s3:GetObject', stateObject(stateKey('dev/eks'))), on),
      denied("write dev's state", req('s3:PutObject', stateObject(stateKey('dev/eks'))), on),
      denied("release dev's lock", req('s3:DeleteObject', stateObject(`${stateKey('dev/eks')}.tflock`)), on),
      denied('read the shared state', req('s3:GetObject', stateObject(stateKey('shared'))), on),
      denied(
        'rewrite the bootstrap state (prod-account/, outside prod/)',
        req('s3:PutObject', stateObject(stateKey(accountStackId('prod')))),
        on,
      ),
      ...['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration'].map(
        action => denied('change the bucket', req(action, bucket), on),
      ),
      denied('list every version', req('s3:ListBucketVersions', bucket), on),
    ];
    expect(mismatches(bootstrap, rows)).toEqual([]);
    expect(mismatches(sso, rows)).toEqual([]);
    // another administrator of B, neither the bootstrap role nor in stateAdminArns, reaches nothing
    const other = admin(`arn:aws:iam::${B}:role/another-admin`);
    const own = req('s3:GetObject', stateObject(key));
    expect(mismatches(other, [{ why: 'read the state', request: own, on, expect: 'implicit-deny' }])).toEqual([]);
    // and an administrator of the platform account passes the bucket but not the prod provider's account guard
    expect(awsProvider('prod-eks').allowed_account_ids).toEqual([B]);
  });

  test("dev's roles in account A cannot reach prod's account (no trust, no resource policy)", () => {
    const prodCluster = `arn:aws:eks:${region}:${B}:cluster/${prod.cluster.name}`;
    const assume = (stackId: string, roleName: string): Row[] =>
      ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'].map(action =>
        denied(`assume ${roleName} (${action})`, req(action, roleArn(prodPlatform, roleName)), {
          account: B,
          policy: trustPolicy(stackId, roleName),
        }),
      );
    const rows: Row[] = [
      ...assume('prod-account', names.apply),
      ...assume('prod-account', names.plan),
      denied("delete prod's cluster", req('eks:DeleteCluster', prodCluster), { account: B }),
      denied("read prod's cluster", req('eks:DescribeCluster', prodCluster), { account: B }),
      denied(
        'read a production secret',
        req(
          'secretsmanager:DescribeSecret',
          `arn:aws:secretsmanager:${region}:${B}:secret:production/myapp/database-AbCdEf`,
        ),
        { account: B },
      ),
      denied(
        "terminate prod's nodes",
        req('ec2:TerminateInstances', `arn:aws:ec2:${region}:${B}:instance/i-1`, {
          'aws:ResourceTag/environment': 'prod',
        }),
        { account: B },
      ),
      denied(
        "delete prod's logs",
        req('s3:DeleteObject', `arn:aws:s3:::${logBucketName(prodPlatform, 'prod')}/chunk`),
        { account: B },
      ),
    ];
    expect(mismatches(devApply, rows)).toEqual([]);
    expect(mismatches(devPlan, rows)).toEqual([]);
    // the one trusted path into prod's roles: GitHub's OIDC token for prod's environment, through prod's own provider
    const trust = trustPolicy('prod-account', names.apply);
    const providers = viewOf('prod-account').all('aws_iam_openid_connect_provider');
    expect(providers).toHaveLength(1);
    const federated = trust.flatMap(s => s.principals.Federated ?? []);
    expect(federated).toHaveLength(1);
    expect(viewOf('prod-account').refersTo(federated[0], providers[0].address)).toBe(true);
  });

  test("prod's roles in account B cannot reach the platform account's environments", () => {
    const devCluster = `arn:aws:eks:${region}:${A}:cluster/${dev.cluster.name}`;
    const repository = `arn:aws:ecr:${region}:${A}:repository/${platform.ecr.repositories[0]}`;
    const repositoryPolicy = ecrRepositoryPolicy();
    const rows: Row[] = [
      denied("delete dev's cluster", req('eks:DeleteCluster', devCluster), { account: A }),
      denied("assume dev's apply role", req('sts:AssumeRole', roleArn(platform, devNames.apply)), {
        account: A,
        policy: trustPolicy('shared', devNames.apply),
      }),
      denied(
        'read a dev secret',
        req('secretsmanager:DescribeSecret', `arn:aws:secretsmanager:${region}:${A}:secret:dev/myapp/database-AbCdEf`),
        { account: A },
      ),
      denied('push an image', req('ecr:PutImage', repository), { account: A, policy: repositoryPolicy }),
      denied('pull an image (a CI role is no node role)', req('ecr:BatchGetImage', repository), {
        account: A,
        policy: repositoryPolicy,
      }),
    ];
    expect(mismatches(prodApply, rows)).toEqual([]);
    expect(mismatches(prodPlan, rows)).toEqual([]);
  });

  /** The ECR repository policy of the shared stack (the same on every repository). */
  function ecrRepositoryPolicy(): Statement[] {
    const policies = Object.values(resources(stack('shared'), 'aws_ecr_repository_policy'));
    expect(policies).toHaveLength(platform.ecr.repositories.length);
    return jsonStatements(JSON.parse(String(policies[0].policy)));
  }

  test("prod's node roles in account B pull the platform's images; no other role of B does", () => {
    // AmazonEC2ContainerRegistryPullOnly, as AWS publishes it
    // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPullOnly.html
    const pullOnly = jsonStatements({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: '*',
        },
      ],
    });
    const view = viewOf('prod-account');
    const boundaryPolicy = view
      .all('aws_iam_policy')
      .find(p => p.body.name === `${platform.project}-workload-boundary`)!;
    const boundary = jsonStatements(JSON.parse(String(boundaryPolicy.body.policy)));
    const node = (name: string): IamCaller => ({
      identity: pullOnly,
      boundary,
      arn: roleArn(prodPlatform, name),
      account: B,
    });
    const roles = environmentRoleNames(prod);
    const repository: IamResource = { account: A, policy: ecrRepositoryPolicy() };
    const image = `arn:aws:ecr:${region}:${A}:repository/${platform.ecr.repositories[0]}`;
    const pull = (why: string, action: string, expected: IamDecision | 'denied'): Row => ({
      why,
      request: req(action, image),
      on: repository,
      expect: expected,
    });
    for (const name of [roles.systemNodes, roles.karpenterNode]) {
      expect(
        mismatches(node(name), [
          pull('pull the manifest', 'ecr:BatchGetImage', 'allow'),
          pull('pull the layers', 'ecr:GetDownloadUrlForLayer', 'allow'),
        ]),
      ).toEqual([]);
    }
    expect(
      mismatches(node(roles.loki), [pull('pull as another role of B', 'ecr:BatchGetImage', 'implicit-deny')]),
    ).toEqual([]);
    expect(
      mismatches({ ...node(roles.karpenterNode), arn: roleArn(platform, roles.karpenterNode), account: A }, [
        pull('dev-named role of account A pulls through its identity policy', 'ecr:BatchGetImage', 'allow'),
      ]),
    ).toEqual([]);
  });
});
