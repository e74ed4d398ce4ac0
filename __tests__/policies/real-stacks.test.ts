import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../../environments';
import { checkStack, evaluate, formatFinding, PolicyReport, UNUSED_SUPPRESSION_RULE } from '../../modules/policies/engine';
import { reportLines } from '../../modules/policies/report';
import { RULES } from '../../modules/policies/rules';
import { policySettings } from '../../modules/policies/settings';
import { SUPPRESSIONS } from '../../modules/policies/suppressions';
import type { StackInput } from '../../modules/policies/types';
import { ALL_STACK_IDS, realStack } from '../helpers';

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
