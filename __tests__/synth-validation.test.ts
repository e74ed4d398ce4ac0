import { AnnotationMetadataEntryType } from 'cdktf';
import { ENVIRONMENTS, platform } from '../environments';
import { validateAll } from '../environments/validate';
import { ec2InstanceFamilies, familyArchitecture } from '../modules/karpenter/instance-families';
import { buildTestPlatform, TEST_DATE, withEnv, withPlatform } from './helpers';
import { joinedRegExp } from './regexp';

/**
 * Configuration that passes the types but would break at apply fails at synth, naming field, value and allowed
 * values.
 */
const dev = ENVIRONMENTS.find(e => e.name === 'dev')!;
const prod = ENVIRONMENTS.find(e => e.name === 'prod')!;

describe('Karpenter instance families', () => {
  test('fails at synth: c5x is not an EC2 family; the message suggests real ones', () => {
    const env = withEnv(dev, e => {
      e.karpenter.instanceFamilies = ['t3', 'c5x'];
    });
    expect(() => buildTestPlatform([env, prod])).toThrow(
      joinedRegExp(
        /^dev\.karpenter\.instanceFamilies\[\] is "c5x": not an EC2 instance family .*expected one such as c5, /,
        /c5a, c5ad, c5d, c5n/,
      ),
    );
  });

  test('fails at synth: m7g (Graviton, arm64) in the amd64 NodePool', () => {
    const env = withEnv(prod, e => {
      e.karpenter.instanceFamilies = ['m5', 'm7g'];
    });
    expect(() => buildTestPlatform([dev, env])).toThrow(
      joinedRegExp(
        /^prod\.karpenter\.instanceFamilies\[\] is "m7g": an arm64 \(Graviton\) family, but the NodePool allows /,
        /amd64 only .*expected an x86_64 family/,
      ),
    );
  });

  test('the family list comes from the SDK: it knows current and Graviton families, not typos', () => {
    const families = ec2InstanceFamilies();
    expect(families.size).toBeGreaterThan(100);
    for (const f of ['t2', 't3', 't3a', 'm5', 'm6i', 'c5', 'm7g', 'c7gn']) expect(families.has(f)).toBe(true);
    expect(families.has('c5x')).toBe(false);
  });

  test.each([
    ['m7g', 'arm64'],
    ['c7gn', 'arm64'],
    ['r6gd', 'arm64'],
    ['t4g', 'arm64'],
    ['x2gd', 'arm64'],
    ['im4gn', 'arm64'],
    ['a1', 'arm64'],
    ['m5', 'amd64'],
    ['m6i', 'amd64'],
    ['c5', 'amd64'],
    ['g4dn', 'amd64'],
    ['t3a', 'amd64'],
    ['c7a', 'amd64'],
  ])('%s is %s', (family, arch) => {
    expect(familyArchitecture(family)).toBe(arch);
  });

  test('every family of the shipped environments exists and is amd64', () => {
    for (const env of ENVIRONMENTS) {
      for (const f of env.karpenter.instanceFamilies)
        expect([f, ec2InstanceFamilies().has(f), familyArchitecture(f)]).toEqual([f, true, 'amd64']);
    }
  });
});

describe('cluster administrators', () => {
  test('fails at synth: an empty admin list, saying how to opt out', () => {
    const env = withEnv(dev, e => {
      e.cluster.adminPrincipalArns = [];
    });
    expect(() => buildTestPlatform([env, prod])).toThrow(
      joinedRegExp(
        /^dev\.cluster\.adminPrincipalArns is \[\]: expected at least one IAM role or user ARN .*set /,
        /dev\.cluster\.allowNoClusterAdmins: true/,
      ),
    );
  });

  test('the explicit opt-out accepts an empty list', () => {
    const env = withEnv(dev, e => {
      e.cluster.adminPrincipalArns = [];
      e.cluster.allowNoClusterAdmins = true;
    });
    expect(() => validateAll(platform, [env, prod], { today: TEST_DATE })).not.toThrow();
  });

  test('fails at synth: an admin of another account than the platform', () => {
    const env = withEnv(prod, e => {
      e.cluster.adminPrincipalArns = ['arn:aws:iam::210987654321:role/admin'];
    });
    expect(() => buildTestPlatform([dev, env])).toThrow(
      'prod.cluster.adminPrincipalArns[] is "arn:aws:iam::210987654321:role/admin": expected a principal of the ' +
        'platform account 123456789012 (platform.aws.accountId), not 210987654321',
    );
  });
});

describe('placeholder values', () => {
  const warningsOn = (app: ReturnType<typeof buildTestPlatform>) =>
    app.shared.node.metadata.filter(m => m.type === AnnotationMetadataEntryType.WARN).map(m => String(m.data));

  test('the shipped configuration synthesizes with exactly one warning, on the shared stack', () => {
    const warnings = warningsOn(buildTestPlatform());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^platform\.placeholders: .*example values \(account 123456789012, GitHub owner my-org\)/,
    );
  });

  test('no warning once the account, bucket, owner, admins and chart repository are real', () => {
    const real = withPlatform(p => {
      p.aws = { ...p.aws, accountId: '210987654321' };
      p.state = { ...p.state, bucket: 'acme-terraform-state' };
      p.github = { ...p.github, owner: 'acme' };
    });
    const envs = ENVIRONMENTS.map(e =>
      withEnv(e, x => {
        x.cluster.adminPrincipalArns = ['arn:aws:iam::210987654321:role/platform-admin'];
        x.argocd = { ...x.argocd, helmChartsRepoUrl: 'https://github.com/acme/helm-charts.git' };
      }),
    );
    // the one warning left is dev's plain-HTTP edge (no domain), which is not a placeholder
    expect(validateAll(real, envs, { today: TEST_DATE }).filter(w => !w.startsWith('dev.ingress.domain'))).toEqual([]);
  });
});

describe('a CPU limit split between a Nitro and a non-Nitro NodePool', () => {
  const dev = ENVIRONMENTS.find(e => e.name === 'dev')!;
  const prod = ENVIRONMENTS.find(e => e.name === 'prod')!;
  const withLimit = (cpuLimit: number) =>
    withEnv(dev, e => {
      e.karpenter.instanceFamilies = ['t3', 't2'];
      e.karpenter.cpuLimit = cpuLimit;
    });

  test('1 vCPU cannot give each pool a share: refused once, naming the field', () => {
    expect(() => validateAll(platform, [withLimit(1), prod], { today: TEST_DATE })).toThrow(
      'dev.karpenter.cpuLimit is 1: expected at least 2 vCPUs when Nitro and non-Nitro families are mixed',
    );
  });

  test('2 vCPUs, the smallest split, is accepted; 0 is refused as not positive, without the split message', () => {
    expect(() => validateAll(platform, [withLimit(2), prod], { today: TEST_DATE })).not.toThrow();
    let message = '';
    try {
      validateAll(platform, [withLimit(0), prod], { today: TEST_DATE });
    } catch (e) {
      message = String((e as Error).message);
    }
    expect(message).toContain('dev.karpenter.cpuLimit is 0: expected a positive number of vCPUs');
    expect(message).not.toContain('at least 2 vCPUs');
  });
});
