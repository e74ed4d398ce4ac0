import { App } from 'cdktf';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../../environments';
import { checkStack, evaluate, formatFinding, PolicyReport, UNUSED_SUPPRESSION_RULE } from '../../modules/policies/engine';
import { reportLines } from '../../modules/policies/report';
import { RULES } from '../../modules/policies/rules';
import { policySettings } from '../../modules/policies/settings';
import { platformSuppressions, SUPPRESSIONS } from '../../modules/policies/suppressions';
import type { StackInput, TerraformJson } from '../../modules/policies/types';
import { addressOf } from '../../modules/policies/address';
import { environmentPlatform } from '../../modules/naming';
import { AccountStack } from '../../modules/stacks/account-stack';
import { AddonsStack } from '../../modules/stacks/addons-stack';
import { EksStack } from '../../modules/stacks/eks-stack';
import { ALL_STACK_IDS, realStack, withEnv } from '../helpers';

/**
 * The synthesized stacks with their settings, built inside each test that reads them (not at load, not shared), so a
 * mutation run knows which tests run which rules. The rendered Kubernetes objects need the construct tree: the rules
 * over them meet the real platform in __tests__/policy-rendered-objects.test.ts.
 */
function realInputs(): StackInput[] {
  const settings = policySettings(platform, ENVIRONMENTS);
  return ALL_STACK_IDS.map(id => ({ stack: id, json: realStack(id), settings: settings(id) }));
}
function realReport(): PolicyReport {
  return evaluate(realInputs(), SUPPRESSIONS);
}

describe('the real stacks', () => {
  test('have no unsuppressed P0 finding', () => {
    expect(realReport().failures.filter(f => f.priority === 'P0').map(formatFinding)).toEqual([]);
  });

  test('have no unsuppressed P1 or P2 finding either (a warning on the shipped platform is a defect)', () => {
    expect(realReport().failures.filter(f => f.priority !== 'P0').map(formatFinding)).toEqual([]);
  });

  test('use every suppression', () => {
    expect(realReport().failures.filter(f => f.rule === UNUSED_SUPPRESSION_RULE).map(formatFinding)).toEqual([]);
  });
});

describe('the observability resources are judged like every other', () => {
  test.each(['dev', 'prod'])('%s: the log bucket passes the S3 rules, Loki\'s role the IAM rules, the charts the Helm rules', env => {
    const lines = reportLines(realInputs(), realReport());
    const passing = (address: RegExp) => new Set(lines.filter(l => l.status === 'pass' && address.test(l.address)).map(l => l.rule));
    expect(passing(new RegExp(`^aws_s3_bucket\\.logs-${env}_bucket_`))).toEqual(
      new Set(['s3-bucket-cmk', 's3-bucket-versioning', 's3-public-access-block', 's3-tls-only']),
    );
    expect([...passing(/^aws_iam_role_policy\.observability_loki-identity_log-bucket_/)]).toEqual(
      expect.arrayContaining(['iam-resource-wildcard', 'iam-no-admin-actions', 'iam-action-exists']),
    );
    expect([...passing(/^helm_release\.observability_prometheus-stack_release_/)]).toEqual(
      expect.arrayContaining(['helm-values-no-credentials', 'helm-release-pinned']),
    );
    expect(lines.filter(l => l.status !== 'pass' && /observability|logs-/.test(l.address))).toEqual([]);
  });
});

describe('the configuration-driven rules judge the real resources', () => {
  const rule = (name: string) => RULES.filter(r => r.name === name);

  test("dev's External Secrets policy would fail against prod's prefixes", () => {
    const dev = realInputs().find(i => i.stack === 'dev-addons')!;
    expect(checkStack(dev, rule('eso-secret-scoping'))).toEqual([]);
    const found = checkStack({ ...dev, settings: { secretPrefixes: ['production'] } }, rule('eso-secret-scoping'));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every(f => f.path.endsWith('.Resource'))).toBe(true);
  });

  test("dev's cluster-admin associations would fail against an empty allow-list", () => {
    const dev = realInputs().find(i => i.stack === 'dev-eks')!;
    expect(checkStack(dev, rule('eks-admin-access-allowlisted'))).toEqual([]);
    expect(checkStack({ ...dev, settings: {} }, rule('eks-admin-access-allowlisted')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('the suppression table', () => {
  test.each(SUPPRESSIONS.map(s => [`${s.rule} ${s.stack} ${s.address}`, s] as const))('%s names a rule, a stack and a reason', (_, s) => {
    expect(RULES.map(r => r.name)).toContain(s.rule);
    expect(ALL_STACK_IDS).toContain(s.stack);
    expect(s.reason.length).toBeGreaterThanOrEqual(60);
    // the report prints one line per finding: single spaces between words, no line break, no blank at either end
    expect(s.reason).toMatch(/^\S+( \S+)+$/);
    expect(s.reason).toMatch(/[.)]$/);
  });

  test("the CI apply roles' reasons name their environment", () => {
    for (const env of ENVIRONMENTS) {
      const apply = SUPPRESSIONS.filter(s => s.address.includes(`_apply-${env.name}_`));
      expect(apply.map(s => s.reason.slice(0, 40))).toEqual([`The CI apply role of ${env.name} creates the environ`.slice(0, 40)]);
    }
  });

  test('has no duplicate key', () => {
    const keys = SUPPRESSIONS.map(s => `${s.rule} ${s.stack} ${s.address}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the rules', () => {
  const rulesDir = join(__dirname, '..', '..', 'modules', 'policies', 'rules');
  const testText = readdirSync(__dirname)
    .filter(f => f.endsWith('.test.ts'))
    .map(f => readFileSync(join(__dirname, f), 'utf8'))
    .join('\n');

  test.each(RULES.map(r => [r.name, r] as const))('%s lives in a file of its name and has its own tests', (name, rule) => {
    // the module of that file exports the registered rule (read as a module, so an instrumented copy passes too)
    expect(Object.values(require(join(rulesDir, name)) as Record<string, unknown>)).toContain(rule);
    expect(testText).toMatch(new RegExp(`(describe|test)\\('${name}[':]`));
    expect(rule.ruleId).toMatch(/^[A-Za-z0-9_.-]+(\|[A-Za-z0-9_.-]+)*$/);
    expect(rule.description.length).toBeGreaterThan(10);
  });

  test('every file of rules/ is registered', () => {
    const files = readdirSync(rulesDir)
      .filter(f => f.endsWith('.ts') && f !== 'index.ts')
      .map(f => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(RULES.map(r => r.name).sort());
  });

  test('cover every P0 and P1 check of SECURITY-RULES Part D that applies to the project', () => {
    // check numbers of Part D -> the rules implementing them (27, 28 and 34 are P2 and implemented too)
    const byCheck: Record<number, string[]> = {
      1: ['eks-control-plane-logging'],
      2: ['eks-secrets-encryption'],
      3: ['eks-private-endpoint'],
      4: ['eks-public-access-cidrs'],
      5: ['eks-access-entries-only'],
      6: ['eks-no-creator-admin'],
      7: ['eks-private-subnets'],
      8: ['eks-supported-version'],
      9: ['eks-log-group', 'log-group-hardening'],
      10: ['launch-template-imdsv2'],
      11: ['launch-template-hop-limit'],
      12: ['node-no-ssh'],
      13: ['launch-template-encrypted-volumes'],
      14: ['nodes-private'],
      15: ['launch-template-user-data-secrets'],
      16: ['node-role-least-privilege'],
      17: ['cni-off-node-role'],
      18: ['vpc-cni-network-policy'],
      19: ['eks-admin-access-allowlisted'],
      20: ['pod-identity-trust'],
      21: ['vpc-flow-logs'],
      22: ['vpc-default-sg-locked'],
      23: ['sg-no-world-ingress'],
      24: ['sg-world-egress'],
      25: ['subnet-no-public-ip'],
      26: ['sg-descriptions'],
      27: ['vpc-no-default-or-nat-instance'],
      28: ['sg-attached'],
      29: ['iam-no-admin-actions'],
      30: ['iam-resource-wildcard'],
      31: ['eso-secret-scoping'],
      32: ['iam-passrole-pinned'],
      33: ['iam-trust-not-open'],
      34: ['iam-no-users'],
      35: ['s3-public-access-block'],
      36: ['s3-bucket-cmk', 's3-bucket-versioning'],
      37: ['s3-tls-only'],
      38: ['dynamodb-pitr', 'dynamodb-cmk'],
      39: ['ecr-scan-on-push', 'ecr-immutable-tags', 'ecr-kms-cmk', 'ecr-lifecycle-policy'],
      40: ['sqs-encryption', 'sqs-queue-policy'],
      41: ['secrets-manager-cmk', 'secrets-manager-rotation', 'secrets-manager-no-literal'],
      42: ['kms-key-hardening'],
    };
    expect(Object.keys(byCheck)).toHaveLength(42);
    const names = RULES.map(r => r.name);
    for (const rules of Object.values(byCheck)) for (const r of rules) expect(names).toContain(r);
  });
});

describe('the suppression table: which finding is accepted where, and why', () => {
  type Accepted = readonly [priority: string, rule: string, stack: string, address: string, why: string];
  const key = (f: { priority: string; rule: string; stack: string; address: string }) =>
    `${f.priority} ${f.rule} ${f.stack} ${f.address}`;
  const unique = (findings: readonly { priority: string; rule: string; stack: string; address: string }[]) =>
    [...new Set(findings.map(key))].sort();
  // functions, not constants: the addresses are computed inside the tests (a mutation run sees which tests cover them)
  const cluster = () => addressOf('aws_eks_cluster', 'cluster', 'cluster');
  const egress = () => addressOf('aws_vpc_security_group_egress_rule', 'security-groups', 'nodes-to-internet-https');
  const lbcPolicy = () => addressOf('aws_iam_policy', 'load-balancer-controller', 'identity', 'policy');
  const ciBoundary = () => addressOf('aws_iam_policy', 'ci', 'ci-boundary');
  const secret = (name: string) => addressOf('aws_secretsmanager_secret', 'secrets', name);
  const apply = (env: string) => addressOf('aws_iam_role_policy', 'ci', `apply-${env}`, 'inline');
  const albRule = (edge: string, port: number) =>
    addressOf('aws_vpc_security_group_ingress_rule', edge, 'alb-security-group', `internet-${port}`);
  const albGroup = (edge: string) => addressOf('aws_security_group', edge, 'alb-security-group', 'group');
  const ROTATION = 'populated out of band';
  /** What the CI stack of an environment accepts: its boundaries' caps, its secret containers, its apply role. */
  const ciStack = (stack: string, env: string, containers: readonly string[]): Accepted[] => [
    ['P1', 'iam-passrole-pinned', stack, addressOf('aws_iam_policy', 'workload-boundary'), 'Karpenter node roles'],
    ['P0', 'iam-no-admin-actions', stack, ciBoundary(), 'shape of PowerUserAccess'],
    ['P1', 'iam-passrole-pinned', stack, ciBoundary(), 'keep the PassRole their own policies give them'],
    ['P1', 'iam-passrole-pinned', stack, apply(env), `The CI apply role of ${env} creates`],
    ...containers.map((c): Accepted => ['P1', 'secrets-manager-rotation', stack, secret(c), ROTATION]),
  ];

  /** Every finding of the shipped platform (dev + prod), each accepted for a reason (SECURITY-RULES Part C). */
  const shipped = (): readonly Accepted[] => [
    [
      'P0',
      's3-bucket-cmk',
      'state-backend',
      addressOf('aws_s3_bucket_server_side_encryption_configuration', 'state-bucket-encryption'),
      'AES-256',
    ],
    [
      'P0',
      'dynamodb-cmk',
      'state-backend',
      addressOf('aws_dynamodb_table', 'lock-table'),
      'only lock IDs and state checksums',
    ],
    ...ciStack('shared', 'dev', ['dev-myapp-database', 'staging-myapp-database', 'dev-platform-grafana-admin']),
    ...ciStack('shared', 'prod', ['production-myapp-database', 'production-platform-grafana-admin']).slice(3),
    ...['dev', 'prod'].flatMap((env): Accepted[] => [
      ['P1', 'eks-public-endpoint', `${env}-eks`, cluster(), 'SECURITY-RULES C1'],
      ['P0', 'eks-public-access-cidrs', `${env}-eks`, cluster(), `${env}.cluster.publicAccessCidrs is 0.0.0.0/0`],
      ['P1', 'sg-world-egress', `${env}-eks`, egress(), 'egress is narrowed to tcp/443'],
      ['P0', 'iam-resource-wildcard', `${env}-addons`, lbcPolicy(), 'mirrors upstream docs/install/iam_policy.json'],
      ['P0', 'sg-no-world-ingress', `${env}-addons`, albRule('ingress-nginx', 80), 'port 80 only redirects'],
      ['P2', 'sg-attached', `${env}-addons`, albGroup('ingress-nginx'), 'alb.ingress.kubernetes.io/security-groups'],
    ]),
    // prod has a domain: its ALB serves HTTPS too
    [
      'P0',
      'sg-no-world-ingress',
      'prod-addons',
      albRule('ingress-nginx', 443),
      'serves HTTPS to clients from anywhere',
    ],
  ];

  /** Each accepted finding is in the report as suppressed, with the reason that says why. */
  const expectAccepted = (report: PolicyReport, accepted: readonly Accepted[]) => {
    expect(report.failures.map(formatFinding)).toEqual([]);
    for (const [priority, rule, stack, address, why] of accepted) {
      const entries = report.entries.filter(e => key(e) === `${priority} ${rule} ${stack} ${address}`);
      expect({ key: `${rule} ${stack} ${address}`, found: entries.length > 0 }).toEqual({
        key: `${rule} ${stack} ${address}`,
        found: true,
      });
      for (const e of entries)
        expect({ status: e.status, why: e.reason?.includes(why) }).toEqual({ status: 'suppressed', why: true });
    }
  };

  test('the shipped platform fails without the table on exactly these findings; with it each is accepted', () => {
    const inputs = realInputs();
    const SHIPPED = shipped();
    expect(unique(evaluate(inputs, []).failures)).toEqual(
      unique(SHIPPED.map(([priority, rule, stack, address]) => ({ priority, rule, stack, address }))),
    );
    expectAccepted(evaluate(inputs, SUPPRESSIONS), SHIPPED);
    expect(SUPPRESSIONS).toHaveLength(SHIPPED.length);
  });

  test('dev in its own account, behind the Gateway API edge, endpoint narrowed: the entries follow it', () => {
    const dev = withEnv(ENVIRONMENTS.find(e => e.name === 'dev')!, e => {
      e.aws = { accountId: '210987654321' };
      e.ingress.controller = 'gateway-api';
      e.cluster.publicAccessCidrs = ['203.0.113.0/24'];
    });
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'suppressions-variant-')) });
    const envPlatform = environmentPlatform(platform, dev);
    const stacks = [
      new AccountStack(app, { platform, env: dev }),
      new EksStack(app, { platform: envPlatform, env: dev }),
      new AddonsStack(app, { platform: envPlatform, env: dev }),
    ];
    const settings = policySettings(platform, [dev]);
    const inputs = stacks.map(s => ({
      stack: s.node.id,
      json: s.toTerraform() as TerraformJson,
      settings: settings(s.node.id),
    }));
    expect(inputs.map(i => i.stack)).toEqual(['dev-account', 'dev-eks', 'dev-addons']);
    // the CI roles, boundaries and secrets live in the account's bootstrap stack; the narrowed endpoint needs no entry
    const accepted: Accepted[] = [
      ...ciStack('dev-account', 'dev', ['dev-myapp-database', 'staging-myapp-database', 'dev-platform-grafana-admin']),
      ['P1', 'eks-public-endpoint', 'dev-eks', cluster(), 'SECURITY-RULES C1'],
      ['P1', 'sg-world-egress', 'dev-eks', egress(), 'egress is narrowed to tcp/443'],
      ['P0', 'iam-resource-wildcard', 'dev-addons', lbcPolicy(), 'mirrors upstream docs/install/iam_policy.json'],
      ['P0', 'sg-no-world-ingress', 'dev-addons', albRule('gateway-api', 80), 'port 80 only redirects'],
      [
        'P2',
        'sg-attached',
        'dev-addons',
        albGroup('gateway-api'),
        "the spec.securityGroups of the Gateway's LoadBalancerConfiguration",
      ],
    ];
    expect(unique(evaluate(inputs, []).failures)).toEqual(
      unique(accepted.map(([priority, rule, stack, address]) => ({ priority, rule, stack, address }))),
    );
    expectAccepted(evaluate(inputs, platformSuppressions([dev])), accepted);
  });
});
