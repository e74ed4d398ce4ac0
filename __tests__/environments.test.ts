import { dev } from '../environments/dev';
import { KUBERNETES_VERSIONS, supportPhase } from '../environments/kubernetes-versions';
import { platform } from '../environments/platform';
import { prod } from '../environments/prod';
import { s3BucketNameProblem, validateAll, validateEnvironment, validatePlatform } from '../environments/validate';
import { planSubnets, parseCidr, cidrContains, cidrsOverlap } from '../modules/network/cidr';
import * as set from './config-variants';
import { TEST_DATE, withEnv, withPlatform } from './read-helpers';
import { joinedRegExp } from './regexp';

const validate = (env = dev) => validateEnvironment(env, { today: TEST_DATE });

describe('the shipped configuration', () => {
  test(
    'dev and prod validate on the test date with two warnings: the example account and GitHub owner, dev on ' + 'HTTP',
    () => {
      const warnings = validateAll(platform, [dev, prod], { today: TEST_DATE });
      expect(warnings).toHaveLength(2);
      const placeholders = warnings.find(w => w.startsWith('platform.placeholders'))!;
      expect(placeholders).toMatch(
        /^platform\.placeholders: platform\.aws\.accountId, platform\.state\.bucket, platform\.github\.owner, /,
      );
      expect(placeholders).toContain('dev.cluster.adminPrincipalArns');
      expect(placeholders).toContain('account 123456789012, GitHub owner my-org');
      expect(warnings.filter(w => w !== placeholders)).toEqual([
        expect.stringMatching(/^dev\.ingress\.domain is not set .*plain HTTP/),
      ]);
    },
  );

  test('holds the seed values', () => {
    expect([dev.network.cidr, prod.network.cidr]).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect([dev.cluster.name, prod.cluster.name]).toEqual(['myapp-dev', 'myapp-prod']);
    for (const env of [dev, prod]) {
      expect(env.network).toMatchObject({ azCount: 3, natGateways: 'single' });
      expect(env.cluster.systemNodeGroup).toMatchObject({ instanceType: 't3.medium', desiredSize: 2, minSize: 2 });
      expect(env.karpenter.cpuLimit).toBe(20);
      expect(env.ingress.resources).toEqual({
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      });
      expect(
        supportPhase(
          KUBERNETES_VERSIONS.find(v => v.version === env.cluster.kubernetesVersion)!,
          TEST_DATE,
        ),
      ).toBe('standard');
    }
    expect(dev.karpenter).toMatchObject({ instanceFamilies: ['t3', 't3a', 't2'], capacityTypes: ['spot'] });
    expect(prod.karpenter).toMatchObject({
      instanceFamilies: ['m5', 'm6i', 'c5'],
      capacityTypes: ['spot', 'on-demand'],
    });
    expect([dev.ingress.replicas, prod.ingress.replicas]).toEqual([1, 2]);
    expect(dev.secrets.readablePrefixes).toEqual(['dev', 'staging']);
    expect(prod.secrets.readablePrefixes).toEqual(['production']);
    expect(dev.argocd.applications.map(a => [a.name, a.sync])).toEqual([
      ['myapp-dev', 'automated'],
      ['myapp-staging', 'automated'],
    ]);
    expect(prod.argocd.applications.map(a => [a.name, a.sync])).toEqual([['myapp-production', 'manual']]);
  });
});

describe('subnet plan', () => {
  test.each([
    ['10.0.0.0/16', 3],
    ['10.1.0.0/16', 3],
    ['172.16.0.0/20', 4],
    ['192.168.0.0/23', 2],
  ])('%s over %i AZs stays inside the VPC without overlap', (cidr, azs) => {
    const plan = planSubnets(cidr, azs);
    const all = [...plan.public, ...plan.private].map(s => parseCidr(s)!);
    expect(plan.public).toHaveLength(azs);
    expect(plan.private).toHaveLength(azs);
    all.forEach((s, i) => {
      expect(cidrContains(parseCidr(cidr)!, s)).toBe(true);
      all.slice(i + 1).forEach(o => expect(cidrsOverlap(s, o)).toBe(false));
    });
  });

  test('keeps subnets inside the VPC and apart for every prefix (/16-/23) and AZ count (2-4) validation allows', () => {
    for (let prefix = 16; prefix <= 23; prefix++) {
      for (let azs = 2; azs <= 4; azs++) {
        const vpc = parseCidr(`10.0.0.0/${prefix}`)!;
        const plan = planSubnets(`10.0.0.0/${prefix}`, azs);
        const all = [...plan.public, ...plan.private].map(s => parseCidr(s)!);
        expect(all.every(s => cidrContains(vpc, s) && s.prefix <= 28)).toBe(true);
        expect(all.every((s, i) => all.slice(i + 1).every(o => !cidrsOverlap(s, o)))).toBe(true);
      }
    }
  });

  test('gives dev private /19s and public /21s', () => {
    expect(planSubnets('10.0.0.0/16', 3)).toEqual({
      private: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'],
      public: ['10.0.128.0/21', '10.0.136.0/21', '10.0.144.0/21'],
    });
  });
});

describe('validation errors name the field, the value and what is allowed', () => {
  const cases: Array<[string, set.EnvPatch, RegExp]> = [
    [
      'fails on a malformed CIDR',
      set.network({ cidr: '10.0.0/16' }),
      /^dev\.network\.cidr is "10\.0\.0\/16": expected an IPv4 CIDR/,
    ],
    [
      'fails on a CIDR with host bits',
      set.network({ cidr: '10.0.0.1/16' }),
      /dev\.network\.cidr is "10\.0\.0\.1\/16": expected an IPv4 CIDR/,
    ],
    [
      'fails on a CIDR larger than /16',
      set.network({ cidr: '10.0.0.0/8' }),
      /dev\.network\.cidr is "10\.0\.0\.0\/8": the prefix must be \/16 to \/23/,
    ],
    [
      'fails on a CIDR too small for /28 public subnets',
      set.network({ cidr: '10.0.0.0/24' }),
      /the prefix must be \/16 to \/23/,
    ],
    [
      'fails on too few AZs',
      set.network({ azCount: 1 }),
      /dev\.network\.azCount is 1: expected 2 to 4 availability zones/,
    ],
    ['fails on too many AZs', set.network({ azCount: 5 }), /dev\.network\.azCount is 5: expected 2 to 4/],
    [
      'fails on an unknown NAT mode',
      e => ((e.network as { natGateways: string }).natGateways = 'none'),
      /dev\.network\.natGateways is "none": expected "single" or "per-az"/,
    ],
    [
      'fails on a flow-log retention CloudWatch does not offer',
      set.network({ flowLogRetentionDays: 10 }),
      /dev\.network\.flowLogRetentionDays is 10: expected one of 1, 3, 5/,
    ],
    [
      'fails on an invalid cluster name',
      set.cluster({ name: '-bad' }),
      /dev\.cluster\.name is "-bad": an EKS cluster name is 1-100/,
    ],
    [
      'fails on a cluster name over 100 characters',
      set.cluster({ name: 'a'.repeat(101) }),
      /dev\.cluster\.name is "a{101}": an EKS cluster name is 1-100/,
    ],
    [
      'fails on a Kubernetes version not in the table',
      set.cluster({ kubernetesVersion: '1.99' }),
      /dev\.cluster\.kubernetesVersion is "1\.99": expected one of 1\.29, .*1\.36/,
    ],
    [
      'fails on a Kubernetes version past extended support',
      set.cluster({ kubernetesVersion: '1.30' }),
      /dev\.cluster\.kubernetesVersion is "1\.30": EKS extended support for 1\.30 ended on 2026-07-23/,
    ],
    [
      'fails on an empty public access CIDR list',
      set.cluster({ publicAccessCidrs: [] }),
      /dev\.cluster\.publicAccessCidrs is \[\]: expected at least one CIDR/,
    ],
    [
      'fails on a malformed public access CIDR',
      set.cluster({ publicAccessCidrs: ['1.2.3.4'] }),
      /dev\.cluster\.publicAccessCidrs\[\] is "1\.2\.3\.4"/,
    ],
    [
      'fails on a malformed admin ARN',
      set.cluster({ adminPrincipalArns: ['admin'] }),
      /dev\.cluster\.adminPrincipalArns\[\] is "admin": expected an IAM role or user ARN/,
    ],
    [
      'fails on a log retention CloudWatch does not offer',
      set.cluster({ logRetentionDays: 100 }),
      /dev\.cluster\.logRetentionDays is 100/,
    ],
    [
      'fails on a malformed instance type',
      set.nodeGroup({ instanceType: 't3medium' }),
      /dev\.cluster\.systemNodeGroup\.instanceType is "t3medium"/,
    ],
    [
      'fails on a zero minimum node count',
      set.nodeGroup({ minSize: 0 }),
      /dev\.cluster\.systemNodeGroup\.minSize is 0: expected a whole number >= 1/,
    ],
    [
      'fails on a desired size above the maximum',
      set.nodeGroup({ desiredSize: 9 }),
      /dev\.cluster\.systemNodeGroup\.desiredSize is 9: expected a whole number from minSize \(2\) to maxSize \(3\)/,
    ],
    [
      'fails on a root volume under 20 GiB',
      set.nodeGroup({ diskSizeGiB: 8 }),
      /dev\.cluster\.systemNodeGroup\.diskSizeGiB is 8/,
    ],
    [
      'fails on an empty instance-family list',
      set.karpenter({ instanceFamilies: [] }),
      /dev\.karpenter\.instanceFamilies is \[\]: expected at least one EC2 instance family/,
    ],
    [
      'fails on a malformed instance family',
      set.karpenter({ instanceFamilies: ['M5'] }),
      /dev\.karpenter\.instanceFamilies\[\] is "M5"/,
    ],
    [
      'fails on an empty capacity-type list',
      set.karpenter({ capacityTypes: [] }),
      /dev\.karpenter\.capacityTypes is \[\]: expected a non-empty list of "spot" and\/or "on-demand"/,
    ],
    [
      'fails on a zero CPU limit',
      set.karpenter({ cpuLimit: 0 }),
      /dev\.karpenter\.cpuLimit is 0: expected a positive number of vCPUs/,
    ],
    [
      'fails on a negative CPU limit',
      set.karpenter({ cpuLimit: -4 }),
      /dev\.karpenter\.cpuLimit is -4: expected a positive number/,
    ],
    [
      'fails on a malformed consolidateAfter',
      set.karpenter({ consolidateAfter: '5 minutes' }),
      /dev\.karpenter\.consolidateAfter is "5 minutes": expected a duration/,
    ],
    [
      'fails on a malformed expireAfter',
      set.karpenter({ expireAfter: '30d' }),
      /dev\.karpenter\.expireAfter is "30d": expected a duration/,
    ],
    [
      'fails on zero controller replicas',
      set.karpenter({ controllerReplicas: 0 }),
      /dev\.karpenter\.controllerReplicas is 0/,
    ],
    [
      'fails on zero ingress replicas',
      set.ingress({ replicas: 0 }),
      /dev\.ingress\.replicas is 0: expected a whole number >= 1/,
    ],
    [
      'fails on a NodePort outside the range',
      e => (e.ingress.nodePorts.http = 8080),
      /dev\.ingress\.nodePorts\.http is 8080: expected a NodePort from 30000 to 32767/,
    ],
    [
      'fails on equal NodePorts',
      e => (e.ingress.nodePorts.https = e.ingress.nodePorts.http),
      /dev\.ingress\.nodePorts is .*: http and https must differ/,
    ],
    [
      'fails on a malformed certificate ARN',
      set.ingress({ certificateArn: 'cert' }),
      /dev\.ingress\.certificateArn is "cert": expected an ACM certificate ARN/,
    ],
    [
      'fails on a malformed WAF ARN',
      set.ingress({ wafAclArn: 'waf' }),
      /dev\.ingress\.wafAclArn is "waf": expected a regional WAFv2 web ACL ARN/,
    ],
    [
      'fails on no readable secret prefix',
      set.secrets({ readablePrefixes: [] }),
      /dev\.secrets\.readablePrefixes is \[\]: expected at least one prefix/,
    ],
    [
      'fails on a wildcard secret prefix',
      set.secrets({ readablePrefixes: ['dev/*'] }),
      /dev\.secrets\.readablePrefixes\[\] is "dev\/\*": expected one path segment/,
    ],
    [
      'fails on a secret prefix that is no namespace name',
      set.secrets({ readablePrefixes: ['Dev'], containers: ['Dev/x'] }),
      /dev\.secrets\.readablePrefixes\[\] is "Dev": expected a Kubernetes namespace name/,
    ],
    [
      'fails on a secret container outside the prefixes',
      set.secrets({ containers: ['production/myapp/database'] }),
      joinedRegExp(
        /dev\.secrets\.containers\[\] is "production\/myapp\/database": expected a secret name under one of the /,
        /readable prefixes \(dev\/, staging\/\)/,
      ),
    ],
    [
      'fails on a non-https charts repository',
      set.argocd({ helmChartsRepoUrl: 'git@github.com:x/y.git' }),
      /dev\.argocd\.helmChartsRepoUrl is "git@github\.com:x\/y\.git": expected an https:\/\/ Git URL/,
    ],
    [
      'fails on an application outside the project namespaces',
      e => (e.argocd.applications[0].namespace = 'production'),
      joinedRegExp(
        /dev\.argocd\.applications\["myapp-dev"\]\.namespace is "production": expected one of the project's /,
        /namespaces \(dev, staging\)/,
      ),
    ],
    [
      'fails on duplicate application names',
      e => (e.argocd.applications[1].name = 'myapp-dev'),
      /dev\.argocd\.applications\[\]\.name is "myapp-dev": application names must be unique/,
    ],
    [
      'fails on an empty project namespace list',
      e => (e.argocd.project.namespaces = []),
      /dev\.argocd\.project\.namespaces is \[\]/,
    ],
    [
      'fails on the reserved environment name shared',
      e => (e.name = 'shared'),
      /environment\.name is "shared": shared and state are reserved/,
    ],
    [
      'fails on an environment name that is not a stack-id segment',
      e => (e.name = 'Dev_1'),
      /environment\.name is "Dev_1": expected 1-10 lowercase letters or digits/,
    ],
  ];

  test.each(cases)('%s', (_title, patch, message) => {
    expect(() => validate(withEnv(dev, patch))).toThrow(message);
  });
});

describe('the Kubernetes lifecycle table', () => {
  test('warns for a version in extended support, naming the dates', () => {
    // under EXTENDED the version stays and is billed extra (dev's own STANDARD policy: cluster-policies.test.ts)
    const warnings = validate(withEnv(dev, set.cluster({ kubernetesVersion: '1.33', supportType: 'EXTENDED' })));
    expect(warnings.filter(w => w.includes('kubernetesVersion'))).toEqual([
      'dev.cluster.kubernetesVersion 1.33 left standard support on 2026-07-29: extended support costs extra and ' +
        'ends on 2027-07-29',
    ]);
  });

  test('accepts the last day of a window and fails the day after', () => {
    const env = withEnv(prod, set.cluster({ kubernetesVersion: '1.31' }));
    expect(validateEnvironment(env, { today: new Date('2026-11-26T23:00:00Z') })).toHaveLength(1);
    expect(() => validateEnvironment(env, { today: new Date('2026-11-27T00:00:00Z') })).toThrow(/ended on 2026-11-26/);
  });
});

describe('cross-environment checks', () => {
  test('fails on overlapping VPC CIDRs', () => {
    const other = withEnv(prod, set.network({ cidr: '10.0.128.0/17' }));
    expect(() => validateAll(platform, [dev, other], { today: TEST_DATE })).toThrow(
      'prod.network.cidr is "10.0.128.0/17": overlaps dev.network.cidr (10.0.0.0/16)',
    );
  });

  test('fails when two clusters may read the same secret prefix', () => {
    const other = withEnv(prod, set.secrets({ readablePrefixes: ['production', 'staging'] }));
    expect(() => validateAll(platform, [dev, other], { today: TEST_DATE })).toThrow(/staging is also readable by dev/);
  });

  test('fails on no environment at all', () => {
    expect(() => validateAll(platform, [], { today: TEST_DATE })).toThrow(
      'environments is []: expected at least one environment',
    );
  });

  test('fails on a duplicate environment or cluster name', () => {
    expect(() => validateAll(platform, [dev, dev], { today: TEST_DATE })).toThrow(
      /dev\.name is "dev": environment names must be unique/,
    );
    const twin = withEnv(prod, set.cluster({ name: 'myapp-dev' }));
    expect(() => validateAll(platform, [dev, twin], { today: TEST_DATE })).toThrow(
      /prod\.cluster\.name is "myapp-dev": already used by dev/,
    );
  });
});

describe('platform validation', () => {
  const cases: Array<[string, set.PlatformPatch, RegExp]> = [
    [
      'fails on a short account id',
      set.aws({ accountId: '1234' }),
      /platform\.aws\.accountId is "1234": expected 12 digits/,
    ],
    ['fails on a malformed region', set.aws({ region: 'useast1' }), /platform\.aws\.region is "useast1"/],
    [
      'fails on an uppercase bucket name',
      set.state({ bucket: 'My-State' }),
      /platform\.state\.bucket is "My-State": an S3 bucket name must use only lowercase/,
    ],
    [
      'fails on a bucket name over 63 characters',
      set.state({ bucket: 'b'.repeat(64) }),
      /an S3 bucket name must be 3 to 63 characters long/,
    ],
    [
      'fails on a bucket name formatted as an IP address',
      set.state({ bucket: '192.168.1.1' }),
      /must not be formatted as an IP address/,
    ],
    ['fails on a malformed lock table', set.state({ lockTable: 'x' }), /platform\.state\.lockTable is "x"/],
    [
      'fails on an id subject format without ids',
      set.github({ subjectFormat: 'id' }),
      /platform\.github\.ownerId is undefined: a numeric owner id is required/,
    ],
    [
      'fails on an uppercase ECR repository',
      set.ecr({ repositories: ['MyApp'] }),
      /platform\.ecr\.repositories\[\] is "MyApp"/,
    ],
    ['fails on zero kept images', set.ecr({ keepLastImages: 0 }), /platform\.ecr\.keepLastImages is 0/],
    ['fails on a project name that is not a name prefix', p => (p.project = 'My App'), /platform\.project is "My App"/],
    [
      'fails on zero days for non-current state versions',
      set.state({ noncurrentVersionDays: 0 }),
      /platform\.state\.noncurrentVersionDays is 0: expected a whole number of days >= 1/,
    ],
    [
      'fails on a malformed GitHub owner',
      set.github({ owner: 'my org' }),
      /platform\.github\.owner is "my org": expected a GitHub owner or repository name/,
    ],
    [
      'fails on a malformed repository name',
      set.github({ appRepository: 'a/b' }),
      /platform\.github\.appRepository is "a\/b"/,
    ],
    [
      'fails on an id subject format without repository ids',
      set.github({ subjectFormat: 'id', ownerId: '42' }),
      /platform\.github\.repositoryIds\["eks-platform"\] is undefined: a numeric repository id is required/,
    ],
    [
      'fails on no ECR repository',
      set.ecr({ repositories: [] }),
      /platform\.ecr\.repositories is \[\]: expected at least one repository/,
    ],
    [
      'fails on zero days for untagged images',
      set.ecr({ untaggedExpiryDays: 0 }),
      /platform\.ecr\.untaggedExpiryDays is 0/,
    ],
  ];
  test.each(cases)('%s', (_title, patch, message) => {
    expect(() => validatePlatform(withPlatform(patch))).toThrow(message);
  });

  test('S3 bucket rules', () => {
    expect(s3BucketNameProblem('myapp-terraform-state-123456789012')).toBeUndefined();
    expect(s3BucketNameProblem('a..b')).toMatch(/adjacent dots/);
    expect(s3BucketNameProblem('xn--state')).toMatch(/must not start/);
    expect(s3BucketNameProblem('state-s3alias')).toMatch(/reserved S3 suffix/);
  });
});
