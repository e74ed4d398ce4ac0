import { dev } from '../environments/dev';
import { platform } from '../environments/platform';
import { prod } from '../environments/prod';
import type { EnvironmentAccountConfig, EnvironmentConfig } from '../environments/types';
import { ConfigurationErrors, validateAll } from '../environments/validate';
import { TEST_DATE } from './read-helpers';

/**
 * The checks of an environment in its own account, each stated with its whole message: the accepted value and the
 * first refused one. In-process and without a synth, so the mutation run's validation area sees them.
 */
const A = platform.aws.accountId;
const B = '210987654321';
const C = '333333333333';

type Patch = Partial<Omit<EnvironmentConfig, 'aws'>> & { aws?: EnvironmentAccountConfig };
const prodWith = (patch: Patch): EnvironmentConfig => ({ ...prod, ...patch }) as EnvironmentConfig;
const inB = (aws: Partial<EnvironmentAccountConfig> = {}, patch: Patch = {}) =>
  prodWith({
    cluster: { ...prod.cluster, adminPrincipalArns: [`arn:aws:iam::${B}:role/platform-admin`] },
    ...patch,
    aws: { accountId: B, ...aws },
  });

function errors(envs: readonly EnvironmentConfig[]): string[] {
  try {
    validateAll(platform, envs, { today: TEST_DATE });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigurationErrors)) throw e;
    return e.errors.map(error => error.message);
  }
}

describe('aws.accountId', () => {
  test('12 digits of another account are accepted', () => {
    expect(errors([dev, inB()])).toEqual([]);
  });

  test.each(['21098765432', '2109876543210', `x${B}`, `${B}x`, 'abcdefghijkl'])('%s is refused, alone', id => {
    expect(errors([dev, inB({ accountId: id })])).toEqual([
      `prod.aws.accountId is "${id}": expected 12 digits (an AWS account id)`,
      // the admins' account check then names the platform account: the environment has no usable account of its own
      expect.stringMatching(/^prod\.cluster\.adminPrincipalArns\[\] is .*platform account/),
    ]);
  });

  test('the platform account is refused', () => {
    expect(errors([dev, inB({ accountId: A }, { cluster: prod.cluster })])).toEqual([
      `prod.aws.accountId is "${A}": is the platform account (platform.aws.accountId): leave aws unset for an ` +
        'environment of the platform account',
    ]);
  });

  test('two environments in one account of their own are refused; in two accounts they are not', () => {
    const devInB = {
      ...inB(),
      name: 'dev',
      cluster: { ...dev.cluster, adminPrincipalArns: [`arn:aws:iam::${B}:role/a`] },
      network: dev.network,
      secrets: dev.secrets,
      ingress: { ...dev.ingress, domain: undefined },
    } as EnvironmentConfig;
    expect(errors([devInB, inB()])).toEqual([
      `prod.aws.accountId is "${B}": already the account of dev: one environment per account of its own ` +
        "(each bootstrap stack creates the account's GitHub OIDC provider)",
    ]);
    const devInC = {
      ...devInB,
      aws: { accountId: C },
      cluster: { ...devInB.cluster, adminPrincipalArns: [`arn:aws:iam::${C}:role/a`] },
    };
    expect(errors([devInC as EnvironmentConfig, inB()])).toEqual([]);
  });
});

describe('aws.bootstrapRoleName and aws.stateAdminArns', () => {
  test.each(['OrganizationAccountAccessRole', 'a', 'x'.repeat(64), 'with+=,.@_-'])('role name %s is accepted', name => {
    expect(errors([dev, inB({ bootstrapRoleName: name })])).toEqual([]);
  });

  test.each(['', 'x'.repeat(65), 'no spaces', 'slash/name'])('role name "%s" is refused', name => {
    expect(errors([dev, inB({ bootstrapRoleName: name })])).toEqual([
      `prod.aws.bootstrapRoleName is "${name}": expected an IAM role name (1-64 letters, digits or +=,.@_-)`,
    ]);
  });

  test.each([`arn:aws:iam::${B}:role/admin`, `arn:aws:iam::${B}:user/alice`, `arn:aws:iam::${B}:role/aws-reserved/*`])(
    'state admin %s is accepted',
    arn => expect(errors([dev, inB({ stateAdminArns: [arn] })])).toEqual([]),
  );

  test.each([
    `arn:aws:iam::${A}:role/admin`,
    `arn:aws:iam::${B}:group/admins`,
    `arn:aws:iam::${B}:role/`,
    `x arn:aws:iam::${B}:role/admin`,
    `arn:aws:iam::${B}:role/admin x`,
  ])('state admin "%s" is refused, with its index', arn => {
    expect(errors([dev, inB({ stateAdminArns: [`arn:aws:iam::${B}:role/ok`, arn] })])).toEqual([
      `prod.aws.stateAdminArns[1] is "${arn}": expected an IAM role or user ARN of the environment's account ${B} ` +
        '(prod.aws.accountId)',
    ]);
  });

  test('state admins are not judged against an unusable account id', () => {
    expect(errors([dev, inB({ accountId: 'bad', stateAdminArns: ['arn:aws:iam::bad:role/x'] })])).not.toContainEqual(
      expect.stringContaining('stateAdminArns'),
    );
  });
});

describe("the ingress certificate and WAF ACL are of the environment's account", () => {
  const ingress = (extra: Record<string, string>) => ({ ingress: { ...prod.ingress, domain: undefined, ...extra } });
  test.each(['certificateArn', 'wafAclArn'])('%s in the account is accepted, in another refused', field => {
    const arn = (account: string) =>
      field === 'wafAclArn'
        ? `arn:aws:wafv2:us-east-1:${account}:regional/webacl/edge/1`
        : `arn:aws:acm:us-east-1:${account}:certificate/1`;
    expect(errors([dev, inB({}, ingress({ [field]: arn(B) }) as Patch)])).toEqual([]);
    expect(errors([dev, inB({}, ingress({ [field]: arn(A) }) as Patch)])).toEqual([
      `prod.ingress.${field} is "${arn(A)}": expected an ARN of the environment's account ${B} ` +
        '(prod.aws.accountId): its ALB is there',
    ]);
  });
});

describe('hosted zones across accounts', () => {
  test('one zone for environments in two accounts is refused; in one account it is not', () => {
    const zone = { zoneName: 'example.com', hostnames: ['app.example.com'] };
    const withZone = (env: EnvironmentConfig) => ({
      ingress: { ...env.ingress, domain: { ...env.ingress.domain, ...zone } },
    });
    const devZ = { ...dev, ...withZone(dev) } as EnvironmentConfig;
    const prodZ = (aws?: boolean) => (aws ? inB({}, withZone(prod) as Patch) : prodWith(withZone(prod) as Patch));
    expect(errors([devZ, prodZ(true)]).filter(m => m.includes('zoneName'))).toEqual([
      `prod.ingress.domain.zoneName is "example.com": is also the zone of dev, which is in account ${A}, not ${B}: ` +
        "a zone is looked up in the environment's own account; give each account its own zone " +
        '(e.g. a delegated subdomain)',
    ]);
    expect(errors([devZ, prodZ(false)]).filter(m => m.includes('zoneName'))).toEqual([]);
  });
});
