import { ENVIRONMENTS } from '../environments';
import type { EnvironmentConfig } from '../environments/types';
import { environmentNameBase, environmentRoleNames, NAME_LIMITS, shortenName } from '../modules/naming';
import { environmentNamePrefixes } from '../modules/shared/ci-policies';
import { releaseValues } from './addons-helpers';
import { buildTestPlatform, resources, synth, SynthesizedStack, withEnv } from './helpers';

/**
 * Any name EKS accepts for a cluster (CreateCluster: 1-100 characters, `^[0-9A-Za-z][A-Za-z0-9\-_]*$`) must
 * synthesize, and every AWS name derived from it must fit that service's own limit.
 */
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const dev = ENVIRONMENTS.find(e => e.name === 'dev')!;
const named = (name: string) =>
  withEnv(dev, e => {
    e.cluster.name = name;
  });
const NAME_40 = 'platform-engineering-dev-cluster-euwest1';
const NAME_100 = `${'a-very-long-cluster-name-'.repeat(4)}`;

function devStacks(env: EnvironmentConfig): SynthesizedStack[] {
  const app = buildTestPlatform([env, ...ENVIRONMENTS.filter(e => e.name !== 'dev')]);
  const stacks = app.environments.dev;
  return [stacks.vpc, stacks.eks, stacks.addons].map(synth);
}

/** Every derived AWS name of the synthesized dev stacks, by kind, and the Karpenter queue setting. */
function derivedNames(stacks: SynthesizedStack[]) {
  const all = (type: string, field: string) =>
    stacks.flatMap(s => Object.values(resources(s, type)).map(r => r[field] as string)).filter(Boolean);
  const karpenter = stacks.flatMap(s => Object.values(resources(s, 'helm_release'))).find(r => r.name === 'karpenter')!;
  return {
    roles: all('aws_iam_role', 'name'),
    rules: all('aws_cloudwatch_event_rule', 'name'),
    queues: all('aws_sqs_queue', 'name'),
    securityGroupPrefixes: all('aws_security_group', 'name_prefix'),
    interruptionQueueSetting: (releaseValues(karpenter).settings as Record<string, string>).interruptionQueue,
  };
}

describe.each([
  [40, NAME_40],
  [100, NAME_100],
])('a %i-character cluster name', (length, name) => {
  expect(name).toHaveLength(length as number);
  expect(name).toMatch(EKS_CLUSTER_NAME);
  const names = () => derivedNames(devStacks(named(name as string)));

  test('synthesizes, and every derived name fits its service limit', () => {
    const n = names();
    expect(n.roles.length).toBeGreaterThanOrEqual(8);
    for (const role of n.roles)
      expect({ role, fits: role.length <= NAME_LIMITS.iamRole }).toEqual({ role, fits: true });
    expect(n.rules).toHaveLength(5);
    for (const rule of n.rules)
      expect({ rule, fits: rule.length <= NAME_LIMITS.eventBridgeRule }).toEqual({ rule, fits: true });
    expect(new Set(n.rules).size).toBe(5);
    expect(n.queues).toHaveLength(1);
    expect(n.queues[0].length).toBeLessThanOrEqual(NAME_LIMITS.sqsQueue);
    for (const prefix of n.securityGroupPrefixes)
      expect(prefix.length).toBeLessThanOrEqual(NAME_LIMITS.securityGroupNamePrefix);
    // Karpenter reads the queue it is told: the one that exists
    expect(n.interruptionQueueSetting).toBe(n.queues[0]);
  });

  test("the environment's roles stay inside the CI apply role's IAM name prefixes", () => {
    const env = named(name as string);
    const prefixes = environmentNamePrefixes({ project: 'myapp' } as never, env);
    for (const role of Object.values(environmentRoleNames(env)))
      expect(prefixes.some(p => role.startsWith(p))).toBe(true);
  });
});

test('shortened names are stable and unique: two long names with the same beginning differ', () => {
  const a = `${'x'.repeat(70)}-blue`;
  const b = `${'x'.repeat(70)}-green`;
  const rolesOf = (n: string) => Object.values(environmentRoleNames(named(n)));
  expect(rolesOf(a)).toEqual(rolesOf(a));
  expect(rolesOf(a).filter(r => rolesOf(b).includes(r))).toEqual([]);
  expect(shortenName(a, 64)).not.toBe(shortenName(b, 64));
  expect(shortenName(a, 64)).toHaveLength(64);
  expect(shortenName(a, 64)).toMatch(EKS_CLUSTER_NAME);
});

test('names that fit are left unchanged (no rename of existing resources)', () => {
  expect(environmentNameBase(dev)).toBe('myapp-dev');
  expect(environmentRoleNames(dev).loadBalancerController).toBe('myapp-dev-aws-load-balancer-controller');
  expect(shortenName('myapp-dev', NAME_LIMITS.sqsQueue)).toBe('myapp-dev');
});

describe('a long secret prefix', () => {
  test("its External Secrets store role still fits IAM and stays under the environment's role-name prefix", () => {
    const prefix = 'p'.repeat(60);
    const env = withEnv(dev, e => {
      e.secrets.readablePrefixes = [prefix];
      e.secrets.containers = [];
    });
    const roles = devStacks(env).flatMap(s => Object.values(resources(s, 'aws_iam_role')).map(r => String(r.name)));
    const store = roles.filter(r => r.includes('-eso-'));
    expect(store).toHaveLength(1);
    expect(store[0].length).toBeLessThanOrEqual(NAME_LIMITS.iamRole);
    expect(store[0].startsWith(`${environmentNameBase(env)}-eso-`)).toBe(true);
    expect(environmentNamePrefixes({ project: 'myapp' } as never, env).some(p => store[0].startsWith(p))).toBe(true);
  });
});
