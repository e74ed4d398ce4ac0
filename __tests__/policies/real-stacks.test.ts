import { App } from 'cdktf';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../../environments';
import {
  checkStack,
  evaluate,
  formatFinding,
  PolicyReport,
  UNUSED_SUPPRESSION_RULE,
} from '../../modules/policies/engine';
import { reportLines } from '../../modules/policies/report';
import { RULES } from '../../modules/policies/rules';
import { policySettings } from '../../modules/policies/settings';
import { blockSuppressions } from '../../modules/policies/suppress';
import type { StackInput, TerraformJson } from '../../modules/policies/types';
import { environmentPlatform } from '../../modules/naming';
import { AccountStack } from '../../modules/stacks/account-stack';
import { AddonsStack } from '../../modules/stacks/addons-stack';
import { EksStack } from '../../modules/stacks/eks-stack';
import { ALL_STACK_IDS, withEnv } from '../helpers';
import { readPolicyStackJson } from '../real-platform';

/**
 * The synthesized stacks with their settings, built inside each test that reads them (not at load, not shared), so a
 * mutation run knows which tests run which rules. The rendered Kubernetes objects need the construct tree: the rules
 * over them meet the real platform in __tests__/policy-rendered-objects.test.ts.
 */
function realInputs(): StackInput[] {
  const settings = policySettings(platform, ENVIRONMENTS);
  return ALL_STACK_IDS.map(id => ({
    stack: id,
    json: readPolicyStackJson(id) as TerraformJson,
    settings: settings(id),
  }));
}
function realReport(): PolicyReport {
  return evaluate(realInputs());
}
/** Every suppression the constructs wrote on the blocks of `inputs`, with its stack. */
function suppressionsOf(inputs: readonly StackInput[]) {
  return inputs.flatMap(i => blockSuppressions(i.json).map(s => ({ ...s, stack: i.stack })));
}
/** The stacks as they would synthesize without any `suppress()` call. */
function withoutSuppressions(inputs: readonly StackInput[]): StackInput[] {
  return inputs.map(input => {
    const json = structuredClone(input.json) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    for (const kind of ['resource', 'data']) {
      for (const named of Object.values(json[kind] ?? {})) {
        for (const body of Object.values(named))
          delete (body['//'] as Record<string, unknown> | undefined)?.suppressions;
      }
    }
    return { ...input, json };
  });
}

describe('the real stacks', () => {
  test('have no unsuppressed P0 finding', () => {
    expect(
      realReport()
        .failures.filter(f => f.priority === 'P0')
        .map(formatFinding),
    ).toEqual([]);
  });

  test('have no unsuppressed P1 or P2 finding either (a warning on the shipped platform is a defect)', () => {
    expect(
      realReport()
        .failures.filter(f => f.priority !== 'P0')
        .map(formatFinding),
    ).toEqual([]);
  });

  test('use every suppression', () => {
    expect(
      realReport()
        .failures.filter(f => f.rule === UNUSED_SUPPRESSION_RULE)
        .map(formatFinding),
    ).toEqual([]);
  });
});

describe('the observability resources are judged like every other', () => {
  test.each(['dev', 'prod'])(
    "%s: the log bucket passes the S3 rules, Loki's role the IAM rules, the charts the Helm rules",
    env => {
      const lines = reportLines(realInputs(), realReport());
      const passing = (address: RegExp) =>
        new Set(lines.filter(l => l.status === 'pass' && address.test(l.address)).map(l => l.rule));
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
    },
  );
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

describe('the suppressions on the real stacks', () => {
  test('each names a rule and gives a reason of one line', () => {
    const all = suppressionsOf(realInputs());
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      const where = `${s.rule} ${s.path}`;
      expect({ where, known: RULES.map(r => r.name).includes(s.rule) }).toEqual({ where, known: true });
      expect({ where, long: String(s.reason).length >= 60 }).toEqual({ where, long: true });
      // the report prints one line per finding: single spaces between words, no line break, no blank at either end
      expect({ where, reason: s.reason }).toEqual({ where, reason: expect.stringMatching(/^\S+( \S+)+[.)]$/) });
    }
  });

  test("the CI apply roles' reasons name their environment", () => {
    const all = suppressionsOf(realInputs());
    for (const env of ENVIRONMENTS) {
      const apply = all.filter(s => s.path === `shared/ci/apply-${env.name}/inline`);
      expect(apply.map(s => String(s.reason).slice(0, 40))).toEqual([
        `The CI apply role of ${env.name} creates the environ`.slice(0, 40),
      ]);
    }
  });
});

describe('the rules', () => {
  const rulesDir = join(__dirname, '..', '..', 'modules', 'policies', 'rules');
  const testText = readdirSync(__dirname)
    .filter(f => f.endsWith('.test.ts'))
    .map(f => readFileSync(join(__dirname, f), 'utf8'))
    .join('\n');

  test.each(RULES.map(r => [r.name, r] as const))(
    '%s lives in a file of its name and has its own tests',
    (name, rule) => {
      // the module of that file exports the registered rule (read as a module, so an instrumented copy passes too)
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a rule file by its computed path
      expect(Object.values(require(join(rulesDir, name)) as Record<string, unknown>)).toContain(rule);
      expect(testText).toMatch(new RegExp(`(describe|test)\\('${name}[':]`));
      expect(rule.ruleId).toMatch(/^[A-Za-z0-9_.-]+(\|[A-Za-z0-9_.-]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
    },
  );

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

describe('the suppressions: which finding is accepted where, and why', () => {
  /** A finding accepted on the block that the construct at `construct` (its path) synthesizes. */
  type Accepted = readonly [priority: string, rule: string, stack: string, construct: string, why: string];
  type Keyed = { priority: string; rule: string; stack: string; address: string };
  /** The construct path of the block at `address` of `stack` (its `//.metadata.path`). */
  const constructOf = (inputs: readonly StackInput[], stack: string, address: string): string => {
    const json = inputs.find(i => i.stack === stack)!.json as Record<string, Record<string, Record<string, unknown>>>;
    const [kind, type, name] = address.startsWith('data.')
      ? ['data', ...address.slice(5).split('.')]
      : ['resource', ...address.split('.')];
    const body = json[kind]?.[type]?.[name] as { '//'?: { metadata?: { path?: string } } } | undefined;
    return body?.['//']?.metadata?.path ?? address;
  };
  const key = (inputs: readonly StackInput[]) => (f: Keyed) =>
    `${f.priority} ${f.rule} ${f.stack} ${constructOf(inputs, f.stack, f.address)}`;
  const unique = (inputs: readonly StackInput[], findings: readonly Keyed[]) =>
    [...new Set(findings.map(key(inputs)))].sort();
  const acceptedKeys = (accepted: readonly Accepted[]) =>
    [
      ...new Set(accepted.map(([priority, rule, stack, construct]) => `${priority} ${rule} ${stack} ${construct}`)),
    ].sort();
  const ROTATION = 'populated out of band';
  /** What the CI stack of an environment accepts: its boundaries' caps, its secret containers, its apply role. */
  const ciStack = (stack: string, env: string, containers: readonly string[]): Accepted[] => [
    ['P1', 'iam-passrole-pinned', stack, `${stack}/workload-boundary`, 'Karpenter node roles'],
    ['P0', 'iam-no-admin-actions', stack, `${stack}/ci/ci-boundary`, 'shape of PowerUserAccess'],
    ['P1', 'iam-passrole-pinned', stack, `${stack}/ci/ci-boundary`, 'keep the PassRole their own policies give them'],
    ['P1', 'iam-passrole-pinned', stack, `${stack}/ci/apply-${env}/inline`, `The CI apply role of ${env} creates`],
    ...containers.map((c): Accepted => ['P1', 'secrets-manager-rotation', stack, `${stack}/secrets/${c}`, ROTATION]),
  ];
  /** The accepted findings of an environment's eks and addons stacks, behind the edge `edge`. */
  const environment = (env: string, edge: string): Accepted[] => [
    ['P1', 'eks-public-endpoint', `${env}-eks`, `${env}-eks/cluster/cluster`, 'SECURITY-RULES C1'],
    [
      'P1',
      'sg-world-egress',
      `${env}-eks`,
      `${env}-eks/security-groups/nodes-to-internet-https`,
      'egress is narrowed to tcp/443',
    ],
    [
      'P0',
      'iam-resource-wildcard',
      `${env}-addons`,
      `${env}-addons/load-balancer-controller/identity/policy`,
      'mirrors upstream docs/install/iam_policy.json',
    ],
    [
      'P0',
      'sg-no-world-ingress',
      `${env}-addons`,
      `${env}-addons/${edge}/alb-security-group/internet-80`,
      'port 80 only redirects',
    ],
  ];

  /** Every finding of the shipped platform (dev + prod), each accepted for a reason (SECURITY-RULES Part C). */
  const shipped = (): readonly Accepted[] => [
    ['P0', 's3-bucket-cmk', 'state-backend', 'state-backend/state-bucket-encryption', 'AES-256'],
    ['P0', 'dynamodb-cmk', 'state-backend', 'state-backend/lock-table', 'only lock IDs and state checksums'],
    ...ciStack('shared', 'dev', ['dev-myapp-database', 'staging-myapp-database', 'dev-platform-grafana-admin']),
    ...ciStack('shared', 'prod', ['production-myapp-database', 'production-platform-grafana-admin']).slice(3),
    ...['dev', 'prod'].flatMap((env): Accepted[] => [
      ...environment(env, 'ingress-nginx'),
      [
        'P0',
        'eks-public-access-cidrs',
        `${env}-eks`,
        `${env}-eks/cluster/cluster`,
        `${env}.cluster.publicAccessCidrs is 0.0.0.0/0`,
      ],
      [
        'P2',
        'sg-attached',
        `${env}-addons`,
        `${env}-addons/ingress-nginx/alb-security-group/group`,
        'alb.ingress.kubernetes.io/security-groups',
      ],
    ]),
    // prod has a domain: its ALB serves HTTPS too
    [
      'P0',
      'sg-no-world-ingress',
      'prod-addons',
      'prod-addons/ingress-nginx/alb-security-group/internet-443',
      'serves HTTPS to clients from anywhere',
    ],
  ];

  /** Each accepted finding is in the report as suppressed, with the reason that says why. */
  const expectAccepted = (inputs: readonly StackInput[], report: PolicyReport, accepted: readonly Accepted[]) => {
    expect(report.failures.map(formatFinding)).toEqual([]);
    for (const [priority, rule, stack, construct, why] of accepted) {
      const entries = report.entries.filter(e => key(inputs)(e) === `${priority} ${rule} ${stack} ${construct}`);
      expect({ key: `${rule} ${stack} ${construct}`, found: entries.length > 0 }).toEqual({
        key: `${rule} ${stack} ${construct}`,
        found: true,
      });
      for (const e of entries)
        expect({ status: e.status, why: e.reason?.includes(why) }).toEqual({ status: 'suppressed', why: true });
    }
  };

  test('the shipped platform: exactly these findings without its suppressions, each accepted with them', () => {
    const inputs = realInputs();
    const SHIPPED = shipped();
    expect(unique(inputs, evaluate(withoutSuppressions(inputs)).failures)).toEqual(acceptedKeys(SHIPPED));
    expectAccepted(inputs, evaluate(inputs), SHIPPED);
    expect(suppressionsOf(inputs)).toHaveLength(SHIPPED.length);
  });

  test('dev in its own account, behind the Gateway API edge, endpoint narrowed: the suppressions follow it', () => {
    const dev = withEnv(
      ENVIRONMENTS.find(e => e.name === 'dev')!,
      e => {
        e.aws = { accountId: '210987654321' };
        e.ingress.controller = 'gateway-api';
        e.cluster.publicAccessCidrs = ['203.0.113.0/24'];
      },
    );
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
      ...environment('dev', 'gateway-api'),
      [
        'P2',
        'sg-attached',
        'dev-addons',
        'dev-addons/gateway-api/alb-security-group/group',
        "the spec.securityGroups of the Gateway's LoadBalancerConfiguration",
      ],
    ];
    expect(unique(inputs, evaluate(withoutSuppressions(inputs)).failures)).toEqual(acceptedKeys(accepted));
    expectAccepted(inputs, evaluate(inputs), accepted);
    expect(suppressionsOf(inputs)).toHaveLength(accepted.length);
  });
});
