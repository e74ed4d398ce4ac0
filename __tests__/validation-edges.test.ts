import { dev } from '../environments/dev';
import { platform } from '../environments/platform';
import { prod } from '../environments/prod';
import {
  ConfigurationErrors,
  placeholderWarning,
  s3BucketNameProblem,
  validateAll,
  validateEnvironment,
  validatePlatform,
} from '../environments/validate';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import {
  allOf,
  argocd,
  aws,
  cluster,
  ecr,
  type EnvPatch,
  github,
  ingress,
  karpenter,
  network,
  nodeGroup,
  observability,
  type PlatformPatch,
  secrets,
  state,
} from './config-variants';
import { TEST_DATE, withEnv, withPlatform } from './read-helpers';
import { joinedRegExp } from './regexp';

/**
 * Every range check accepts its allowed edge and refuses the first value past it, on both sides; every pattern
 * refuses a valid value with something before or after it (an unanchored pattern would accept it); a list check
 * refuses a list with one bad entry among good ones.
 */

/** The messages of every error a run reports; [] when the configuration is valid. */
function refusals(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (e) {
    if (!(e instanceof ConfigurationErrors)) throw e;
    return e.errors.map(error => error.message);
  }
}
const envRefusals = (patch: EnvPatch, base = dev) =>
  refusals(() => validateEnvironment(withEnv(base, patch), { today: TEST_DATE }));
const platformRefusals = (patch: PlatformPatch) => refusals(() => validatePlatform(withPlatform(patch)));
const warningsOf = (patch: EnvPatch, base = dev) => validateEnvironment(withEnv(base, patch), { today: TEST_DATE });

/** The run reported exactly one error, and it contains `message`. */
function expectOneRefusal(messages: string[], message: string) {
  expect(messages).toHaveLength(1);
  expect(messages[0]).toContain(message);
}

const ACCOUNT = '123456789012';
/** The refusal of a hostname outside its Route 53 zone, naming the names the zone allows. */
const notInTheZone = (host: string, zone = 'example.com') =>
  `prod.ingress.domain.hostnames[] is "${host}": expected a lowercase name in the zone ${zone} ` +
  `(${zone}, app.${zone} or *.${zone})`;

describe('platform: edges and anchored patterns', () => {
  test.each<[string, PlatformPatch]>([
    ['project: 2 characters', p => (p.project = 'ab')],
    ['project: 20 characters', p => (p.project = `a${'b'.repeat(19)}`)],
    ['project: digits and hyphens after the first letter', p => (p.project = 'a1-b')],
    ['region: a GovCloud region', aws({ region: 'us-gov-west-1' })],
    ['region: a two-word region', aws({ region: 'ap-southeast-2' })],
    ['bucket: 3 characters', state({ bucket: 'abc' })],
    ['bucket: 63 characters', state({ bucket: 'a'.repeat(63) })],
    ['bucket: dots, hyphens and digits', state({ bucket: '1state.of-2' })],
    ['bucket: digits and dots that are not an IP address', state({ bucket: 'a192.168.1.1' })],
    ['bucket: a reserved prefix inside the name', state({ bucket: 'my-xn--state' })],
    ['bucket: a reserved suffix inside the name', state({ bucket: 'state-s3alias-2' })],
    ['lock table: 3 characters', state({ lockTable: 'abc' })],
    ['lock table: 255 characters with upper case, digits, _ . -', state({ lockTable: `A_.-9${'x'.repeat(250)}` })],
    ['non-current versions: 1 day', state({ noncurrentVersionDays: 1 })],
    ['GitHub owner: 100 characters', github({ owner: 'o'.repeat(100) })],
    [
      'subject format id with numeric ids',
      github({ subjectFormat: 'id', ownerId: '42', repositoryIds: { 'eks-platform': '1', myapp: '2' } }),
    ],
    ['ECR: a 2-character repository', ecr({ repositories: ['ab'] })],
    ['ECR: a 256-character repository with a namespace', ecr({ repositories: [`team/${'a'.repeat(251)}`] })],
    ['ECR: segments joined by . _ - and /', ecr({ repositories: ['a.b_c-d/e/f'] })],
    ['ECR: 1 kept image, 1 day for untagged images', ecr({ keepLastImages: 1, untaggedExpiryDays: 1 })],
  ])('accepts %s', (_title, patch) => {
    expect(platformRefusals(patch)).toEqual([]);
  });

  test.each<[string, PlatformPatch, string]>([
    [
      'project: 1 character',
      p => (p.project = 'a'),
      'platform.project is "a": expected 2-20 lowercase letters, digits or hyphens, starting with a letter',
    ],
    ['project: 21 characters', p => (p.project = `a${'b'.repeat(20)}`), `platform.project is "a${'b'.repeat(20)}"`],
    ['project: starting with a hyphen', p => (p.project = '-myapp'), 'platform.project is "-myapp"'],
    ['project: a trailing character outside the set', p => (p.project = 'myapp_'), 'platform.project is "myapp_"'],
    [
      'account id: 13 digits',
      aws({ accountId: '1234567890123' }),
      'platform.aws.accountId is "1234567890123": expected 12 digits',
    ],
    [
      'account id: a letter before 12 digits',
      aws({ accountId: `a${ACCOUNT}` }),
      `platform.aws.accountId is "a${ACCOUNT}"`,
    ],
    [
      'region: a letter before it',
      aws({ region: 'xus-east-1' }),
      'platform.aws.region is "xus-east-1": expected an AWS region code such as us-east-1',
    ],
    ['region: an availability zone', aws({ region: 'us-east-1a' }), 'platform.aws.region is "us-east-1a"'],
    [
      'bucket: 2 characters',
      state({ bucket: 'ab' }),
      'platform.state.bucket is "ab": an S3 bucket name must be 3 to 63 characters long',
    ],
    ['bucket: 64 characters', state({ bucket: 'a'.repeat(64) }), 'must be 3 to 63 characters long'],
    ['bucket: starting with a hyphen', state({ bucket: '-state' }), 'begin and end with a letter or digit'],
    ['bucket: ending with a dot', state({ bucket: 'state.' }), 'begin and end with a letter or digit'],
    [
      'bucket: an underscore',
      state({ bucket: 'my_state' }),
      'must use only lowercase letters, digits, dots and hyphens',
    ],
    [
      'lock table: 2 characters',
      state({ lockTable: 'ab' }),
      'platform.state.lockTable is "ab": expected a DynamoDB table name: 3-255 letters, digits, underscores, dots ' +
        'or hyphens',
    ],
    ['lock table: 256 characters', state({ lockTable: 'x'.repeat(256) }), 'expected a DynamoDB table name'],
    ['lock table: a space before the name', state({ lockTable: ' locks' }), 'platform.state.lockTable is " locks"'],
    ['lock table: a space after the name', state({ lockTable: 'locks ' }), 'platform.state.lockTable is "locks "'],
    [
      'non-current versions: 1.5 days',
      state({ noncurrentVersionDays: 1.5 }),
      'platform.state.noncurrentVersionDays is 1.5',
    ],
    ['GitHub owner: 101 characters', github({ owner: 'o'.repeat(101) }), 'platform.github.owner is "ooo'],
    [
      'GitHub infra repository: a space',
      github({ infraRepository: 'eks platform' }),
      'platform.github.infraRepository is "eks platform": expected a GitHub owner or repository name',
    ],
    [
      'GitHub app repository: a slash',
      github({ appRepository: 'my/app' }),
      'platform.github.appRepository is "my/app"',
    ],
    [
      'ECR: a 1-character repository',
      ecr({ repositories: ['a'] }),
      'platform.ecr.repositories[] is "a": expected an ECR repository name: lowercase segments separated by /, . _ ' +
        'or -',
    ],
    [
      'ECR: a 257-character repository',
      ecr({ repositories: [`team/${'a'.repeat(252)}`] }),
      'platform.ecr.repositories[] is "team/aaa',
    ],
    [
      'ECR: one bad repository among good ones',
      ecr({ repositories: ['myapp/api', 'myapp/', 'myapp/web'] }),
      'platform.ecr.repositories[] is "myapp/"',
    ],
    ['ECR: a leading separator', ecr({ repositories: ['-app'] }), 'platform.ecr.repositories[] is "-app"'],
    ['ECR: two separators in a row', ecr({ repositories: ['my--app'] }), 'platform.ecr.repositories[] is "my--app"'],
    [
      'ECR: 1.5 kept images',
      ecr({ keepLastImages: 1.5 }),
      'platform.ecr.keepLastImages is 1.5: expected a whole number >= 1',
    ],
    [
      'ECR: 1.5 days for untagged images',
      ecr({ untaggedExpiryDays: 1.5 }),
      'platform.ecr.untaggedExpiryDays is 1.5: expected a whole number of days >= 1',
    ],
  ])('refuses %s', (_title, patch, message) => {
    expectOneRefusal(platformRefusals(patch), message);
  });

  test('subject format id: ids with anything but digits are refused, each naming its repository', () => {
    expect(
      platformRefusals(
        github({ subjectFormat: 'id', ownerId: '42x', repositoryIds: { 'eks-platform': 'x1', myapp: '2 ' } }),
      ),
    ).toEqual([
      'platform.github.ownerId is "42x": a numeric owner id is required when subjectFormat is "id"',
      'platform.github.repositoryIds["eks-platform"] is "x1": a numeric repository id is required when ' +
        'subjectFormat is "id"',
      'platform.github.repositoryIds["myapp"] is "2 ": a numeric repository id is required when subjectFormat is "id"',
    ]);
  });

  test('subject format name needs no ids', () => {
    expect(platformRefusals(github({ subjectFormat: 'name', ownerId: 'not checked' }))).toEqual([]);
  });
});

describe('S3 bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)', () => {
  test.each(['xn--state', 'sthree-state', 'amzn-s3-demo-state'])('refuses the reserved prefix of %s', name => {
    expect(s3BucketNameProblem(name)).toBe('must not start with xn--, sthree- or amzn-s3-demo-');
  });

  test.each(['state-s3alias', 'state--ol-s3', 'state.mrap', 'state--x-s3', 'state--table-s3'])(
    'refuses the reserved suffix of %s',
    name => {
      expect(s3BucketNameProblem(name)).toBe('must not end with a reserved S3 suffix');
    },
  );

  test('refuses an IP address and two adjacent dots, with the rule in the message', () => {
    expect(s3BucketNameProblem('192.168.1.1')).toBe('must not be formatted as an IP address');
    expect(s3BucketNameProblem('a..b')).toBe('must not contain two adjacent dots');
    expect(s3BucketNameProblem('192.168.1.1a')).toBeUndefined();
  });
});

describe('network: edges', () => {
  test.each<[string, EnvPatch]>([
    ['the largest VPC, /16', network({ cidr: '10.0.0.0/16' })],
    ['the smallest VPC, /23', network({ cidr: '10.0.0.0/23' })],
    ['2 availability zones', network({ azCount: 2 })],
    ['4 availability zones', network({ azCount: 4 })],
    ['a NAT gateway per zone', network({ natGateways: 'per-az' })],
    ['flow logs kept 1 day', network({ flowLogRetentionDays: 1 })],
    ['flow logs kept 3653 days', network({ flowLogRetentionDays: 3653 })],
  ])('accepts %s', (_title, patch) => {
    expect(envRefusals(patch)).toEqual([]);
  });

  test.each<[string, EnvPatch, string]>([
    [
      'a VPC larger than /16',
      network({ cidr: '10.0.0.0/15' }),
      'dev.network.cidr is "10.0.0.0/15": the prefix must be /16 to /23 (AWS allows /16 at most; smaller VPCs leave ' +
        'public subnets under /28)',
    ],
    [
      'a VPC smaller than /23',
      network({ cidr: '10.0.0.0/24' }),
      'dev.network.cidr is "10.0.0.0/24": the prefix must be /16 to /23',
    ],
    [
      '1 availability zone',
      network({ azCount: 1 }),
      'dev.network.azCount is 1: expected 2 to 4 availability zones (EKS needs subnets in at least two)',
    ],
    ['5 availability zones', network({ azCount: 5 }), 'dev.network.azCount is 5: expected 2 to 4'],
    ['2.5 availability zones', network({ azCount: 2.5 }), 'dev.network.azCount is 2.5'],
  ])('refuses %s', (_title, patch, message) => {
    expectOneRefusal(envRefusals(patch), message);
  });

  test('a malformed CIDR is reported once, without a prefix message', () => {
    expect(envRefusals(network({ cidr: '10.0.0.0' }))).toEqual([
      'dev.network.cidr is "10.0.0.0": expected an IPv4 CIDR such as 10.0.0.0/16 with no host bits set',
    ]);
  });
});

describe('cluster: edges and anchored patterns', () => {
  const arn = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;

  test.each<[string, EnvPatch]>([
    ['a 1-character name', cluster({ name: 'a' })],
    ['a 100-character name starting with a digit, with _ and -', cluster({ name: `9_-${'a'.repeat(97)}` })],
    ['supportType EXTENDED', cluster({ supportType: 'EXTENDED' })],
    ['no supportType (the default)', e => delete e.cluster.supportType],
    ['deletion protection on', cluster({ deletionProtection: true })],
    ['deletion protection unset', e => delete e.cluster.deletionProtection],
    [
      'an IAM user and a role with a path, in the GovCloud partition',
      cluster({ adminPrincipalArns: [arn('user/alice'), `arn:aws-us-gov:iam::${ACCOUNT}:role/team/admin+1=,.@-`] }),
    ],
    ['no admins with the explicit opt-out', cluster({ adminPrincipalArns: [], allowNoClusterAdmins: true })],
    ['several public access CIDRs', cluster({ publicAccessCidrs: ['198.51.100.0/24', '203.0.113.7/32'] })],
    ['an instance type with a hyphenated family', nodeGroup({ instanceType: 'u-6tb1.metal' })],
    ['a desired size equal to the maximum', nodeGroup({ desiredSize: 3 })],
    ['a desired size equal to the minimum of 1', nodeGroup({ minSize: 1, desiredSize: 1 })],
    ['a 20 GiB root volume', nodeGroup({ diskSizeGiB: 20 })],
  ])('accepts %s', (_title, patch) => {
    expect(envRefusals(patch)).toEqual([]);
  });

  test.each<[string, EnvPatch, string]>([
    [
      'a name starting with an underscore',
      cluster({ name: '_dev' }),
      'dev.cluster.name is "_dev": an EKS cluster name is 1-100 letters, digits, hyphens or underscores, starting ' +
        'with a letter or digit',
    ],
    ['a name with a dot at the end', cluster({ name: 'dev.' }), 'dev.cluster.name is "dev."'],
    [
      'a supportType EKS does not know',
      e => ((e.cluster as { supportType: string }).supportType = 'LTS'),
      'dev.cluster.supportType is "LTS": expected one of STANDARD, EXTENDED',
    ],
    [
      'deletion protection as a string',
      e => ((e.cluster as { deletionProtection: unknown }).deletionProtection = 'yes'),
      'dev.cluster.deletionProtection is "yes": expected true or false',
    ],
    [
      'one bad public access CIDR among good ones',
      cluster({ publicAccessCidrs: ['198.51.100.0/24', '198.51.100.1/24'] }),
      'dev.cluster.publicAccessCidrs[] is "198.51.100.1/24": expected an IPv4 CIDR with no host bits set',
    ],
    [
      'an IAM group',
      cluster({ adminPrincipalArns: [arn('group/admins')] }),
      `dev.cluster.adminPrincipalArns[] is "${arn('group/admins')}": expected an IAM role or user ARN`,
    ],
    [
      'an account id of 11 digits',
      cluster({ adminPrincipalArns: ['arn:aws:iam::12345678901:role/admin'] }),
      'dev.cluster.adminPrincipalArns[] is "arn:aws:iam::12345678901:role/admin"',
    ],
    [
      'text before the ARN',
      cluster({ adminPrincipalArns: [` ${arn('role/admin')}`] }),
      `dev.cluster.adminPrincipalArns[] is " ${arn('role/admin')}"`,
    ],
    [
      'a space after the ARN',
      cluster({ adminPrincipalArns: [`${arn('role/admin')} `] }),
      `dev.cluster.adminPrincipalArns[] is "${arn('role/admin')} "`,
    ],
    [
      'a role without a name',
      cluster({ adminPrincipalArns: [arn('role/')] }),
      `dev.cluster.adminPrincipalArns[] is "${arn('role/')}"`,
    ],
    [
      'an upper-case instance type',
      nodeGroup({ instanceType: 'T3.medium' }),
      'dev.cluster.systemNodeGroup.instanceType is "T3.medium": expected an EC2 instance type such as t3.medium',
    ],
    [
      'an instance type with a trailing space',
      nodeGroup({ instanceType: 't3.medium ' }),
      'dev.cluster.systemNodeGroup.instanceType is "t3.medium "',
    ],
    [
      'a minimum of 1.5 nodes',
      nodeGroup({ minSize: 1.5 }),
      'dev.cluster.systemNodeGroup.minSize is 1.5: expected a whole number >= 1',
    ],
    [
      'a desired size below the minimum',
      nodeGroup({ desiredSize: 1 }),
      'dev.cluster.systemNodeGroup.desiredSize is 1: expected a whole number from minSize (2) to maxSize (3)',
    ],
    [
      'a desired size one above the maximum',
      nodeGroup({ desiredSize: 4 }),
      'dev.cluster.systemNodeGroup.desiredSize is 4: expected a whole number from minSize (2) to maxSize (3)',
    ],
    ['a desired size of 2.5', nodeGroup({ desiredSize: 2.5 }), 'dev.cluster.systemNodeGroup.desiredSize is 2.5'],
    [
      'a 19 GiB root volume',
      nodeGroup({ diskSizeGiB: 19 }),
      'dev.cluster.systemNodeGroup.diskSizeGiB is 19: expected a whole number of GiB >= 20 (the AL2023 AMI needs 20)',
    ],
    ['a 20.5 GiB root volume', nodeGroup({ diskSizeGiB: 20.5 }), 'dev.cluster.systemNodeGroup.diskSizeGiB is 20.5'],
  ])('refuses %s', (_title, patch, message) => {
    expectOneRefusal(envRefusals(patch), message);
  });

  test('a version past extended support names the end date and the versions in standard support on that day', () => {
    // on 2026-11-26: 1.30 ended 2026-07-23; standard support: 1.34 (until 2026-12-02), 1.35, 1.36
    expect(envRefusals(cluster({ kubernetesVersion: '1.30' }))).toEqual([
      'dev.cluster.kubernetesVersion is "1.30": EKS extended support for 1.30 ended on 2026-07-23 and EKS no longer ' +
        'creates such ' +
        'clusters; choose a version in standard support (1.34, 1.35, 1.36)',
      'dev.cluster.kubernetesVersion is "1.30": no managed add-on versions are pinned for it in ' +
        'modules/cluster/addon-versions.ts ' +
        '(pinned: 1.31, 1.33, 1.35, 1.36); add a row first',
    ]);
  });

  test('a version in standard support without pinned add-ons is refused, without a warning', () => {
    expect(envRefusals(cluster({ kubernetesVersion: '1.34' }))).toEqual([
      'dev.cluster.kubernetesVersion is "1.34": no managed add-on versions are pinned for it in ' +
        'modules/cluster/addon-versions.ts ' +
        '(pinned: 1.31, 1.33, 1.35, 1.36); add a row first',
    ]);
  });

  test('extended support under supportType STANDARD warns that EKS upgrades by itself', () => {
    expect(warningsOf(cluster({ kubernetesVersion: '1.33', supportType: 'STANDARD' }))).toEqual([
      'dev.cluster.kubernetesVersion 1.33 left standard support on 2026-07-29: with supportType STANDARD EKS ' +
        'upgrades the control ' +
        'plane to the next minor by itself; upgrade on purpose first',
      expect.stringMatching(/^dev\.ingress\.domain is not set/),
    ]);
  });

  test('extended support is billed under the default supportType (EXTENDED)', () => {
    expect(
      warningsOf(e => {
        e.cluster.kubernetesVersion = '1.33';
        delete e.cluster.supportType;
      })[0],
    ).toBe(
      'dev.cluster.kubernetesVersion 1.33 left standard support on 2026-07-29: extended support costs extra and ' +
        'ends on 2027-07-29',
    );
  });

  test('a version in standard support gives no version warning', () => {
    expect(warningsOf(cluster({ kubernetesVersion: '1.36' })).filter(w => w.includes('kubernetesVersion'))).toEqual([]);
  });
});

describe('Karpenter, ingress, secrets, Argo CD: edges and anchored patterns', () => {
  const LONGEST_NAMESPACE = `a${'-'.repeat(61)}z`; // 63 characters, the Kubernetes limit
  const nodePortOutOfRange = (port: 'http' | 'https', value: number) =>
    `dev.ingress.nodePorts.${port} is ${value}: expected a NodePort from 30000 to 32767`;
  const notAnAcmArn = (arn: string) => `dev.ingress.certificateArn is "${arn}": expected an ACM certificate ARN`;
  const notARegionalWebAcl = (arn: string) =>
    `dev.ingress.wafAclArn is "${arn}": expected a regional WAFv2 web ACL ARN`;
  const notANamespace = (prefix: string) =>
    `dev.secrets.readablePrefixes[] is "${prefix}": expected a Kubernetes namespace name (lowercase letters, ` +
    "digits, hyphens): the prefix's store serves that namespace";
  const notOneSegment = (prefix: string) =>
    `dev.secrets.readablePrefixes[] is "${prefix}": expected one path segment (no slashes or wildcards): the ` +
    'policy grants <prefix>/*';

  test.each<[string, EnvPatch]>([
    ['on-demand capacity alone', karpenter({ capacityTypes: ['on-demand'] })],
    ['spot and on-demand capacity', karpenter({ capacityTypes: ['spot', 'on-demand'] })],
    ['a fractional CPU limit', karpenter({ instanceFamilies: ['t3'], cpuLimit: 0.5 })],
    ['durations of several units and Never', karpenter({ consolidateAfter: '1h30m', expireAfter: 'Never' })],
    ['1 controller replica, 1 ingress replica', allOf(karpenter({ controllerReplicas: 1 }), ingress({ replicas: 1 }))],
    ['the lowest and highest NodePorts', ingress({ nodePorts: { http: 30000, https: 32767 } })],
    ['the highest and lowest NodePorts', ingress({ nodePorts: { http: 32767, https: 30000 } })],
    [
      'an ACM certificate ARN in GovCloud',
      ingress({ certificateArn: `arn:aws-us-gov:acm:us-gov-west-1:${ACCOUNT}:certificate/0a1b-2c_3` }),
    ],
    ['a regional web ACL ARN', ingress({ wafAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/edge/1a2b` })],
    [
      'a 63-character secret prefix (a namespace name)',
      secrets({ readablePrefixes: ['dev', 'staging', LONGEST_NAMESPACE] }),
    ],
    ['a 1-character secret prefix', secrets({ readablePrefixes: ['dev', 'staging', 'x'] })],
    ['no secret containers', secrets({ containers: [] })],
    ['an https repository URL', argocd({ helmChartsRepoUrl: 'https://git.example.com/charts' })],
  ])('accepts %s', (_title, patch) => {
    expect(envRefusals(patch)).toEqual([]);
  });

  test.each<[string, EnvPatch, unknown[]]>([
    [
      'one bad instance family among good ones',
      karpenter({ instanceFamilies: ['t3', 't3 ', 't2'] }),
      [
        'dev.karpenter.instanceFamilies[] is "t3 ": expected an instance family such as m5 or t3a',
        'dev.karpenter.instanceFamilies[] is "t3 ": not an EC2 instance family (the instance types of ' +
          '@aws-sdk/client-ec2); ' +
          'expected one such as t3, t3a',
      ],
    ],
    [
      'one bad capacity type among good ones',
      e => ((e.karpenter as { capacityTypes: string[] }).capacityTypes = ['spot', 'reserved']),
      ['dev.karpenter.capacityTypes is ["spot","reserved"]: expected a non-empty list of "spot" and/or "on-demand"'],
    ],
    [
      'a bad capacity type after a good one',
      e => ((e.karpenter as { capacityTypes: string[] }).capacityTypes = ['on-demand', 'Spot']),
      ['dev.karpenter.capacityTypes is ["on-demand","Spot"]: expected a non-empty list of "spot" and/or "on-demand"'],
    ],
    [
      'an infinite CPU limit',
      karpenter({ cpuLimit: Infinity }),
      ['dev.karpenter.cpuLimit is null: expected a positive number of vCPUs'],
    ],
    [
      'durations the NodePool does not parse',
      karpenter({ consolidateAfter: 'never', expireAfter: '30 d' }),
      [
        'dev.karpenter.consolidateAfter is "never": expected a duration such as 30s, 5m or 1h, or Never',
        'dev.karpenter.expireAfter is "30 d": expected a duration such as 720h, or Never',
      ],
    ],
    [
      '1.5 controller replicas and ingress replicas',
      allOf(karpenter({ controllerReplicas: 1.5 }), ingress({ replicas: 1.5 })),
      [
        'dev.karpenter.controllerReplicas is 1.5: expected a whole number >= 1',
        'dev.ingress.replicas is 1.5: expected a whole number >= 1',
      ],
    ],
    [
      'NodePorts one below and one above the range',
      ingress({ nodePorts: { http: 29999, https: 32768 } }),
      [nodePortOutOfRange('http', 29999), nodePortOutOfRange('https', 32768)],
    ],
    [
      'NodePorts one above and one below the range',
      ingress({ nodePorts: { http: 32768, https: 29999 } }),
      [nodePortOutOfRange('http', 32768), nodePortOutOfRange('https', 29999)],
    ],
    ['a fractional NodePort', e => (e.ingress.nodePorts.http = 30080.5), [nodePortOutOfRange('http', 30080.5)]],
    [
      'a certificate ARN with text before it',
      ingress({ certificateArn: `x:arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc` }),
      [notAnAcmArn(`x:arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc`)],
    ],
    [
      'a certificate ARN with a path after the id',
      ingress({ certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc/x` }),
      [notAnAcmArn(`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc/x`)],
    ],
    [
      'a global (CloudFront) web ACL',
      ingress({ wafAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/1` }),
      [notARegionalWebAcl(`arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/1`)],
    ],
    [
      'a web ACL ARN with text before it',
      ingress({ wafAclArn: ` arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/edge/1` }),
      [notARegionalWebAcl(` arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/edge/1`)],
    ],
    [
      'a web ACL ARN pasted with a trailing newline',
      ingress({ wafAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/e/1\n` }),
      [notARegionalWebAcl(`arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/e/1\\n`)],
    ],
    [
      'a 64-character secret prefix',
      secrets({ readablePrefixes: ['dev', 'staging', `${LONGEST_NAMESPACE}z`] }),
      [notANamespace(`${LONGEST_NAMESPACE}z`)],
    ],
    [
      'a secret prefix ending with a hyphen',
      secrets({ readablePrefixes: ['dev', 'staging', 'qa-'] }),
      [notANamespace('qa-')],
    ],
    [
      'a secret prefix with a slash after it',
      secrets({ readablePrefixes: ['dev', 'staging/'], containers: [] }),
      [notOneSegment('staging/'), notANamespace('staging/')],
    ],
    [
      'a secret prefix with a slash before it',
      secrets({ readablePrefixes: ['/dev', 'staging'], containers: [] }),
      [notOneSegment('/dev'), notANamespace('/dev')],
    ],
    [
      'a secret whose name only starts like a prefix',
      secrets({ containers: ['dev/ok', 'devops/x'] }),
      [
        'dev.secrets.containers[] is "devops/x": expected a secret name under one of the readable prefixes (dev/, ' +
          'staging/)',
      ],
    ],
    [
      'an https URL with text before it',
      argocd({ helmChartsRepoUrl: 'git+https://github.com/x/y' }),
      ['dev.argocd.helmChartsRepoUrl is "git+https://github.com/x/y": expected an https:// Git URL'],
    ],
    [
      'an https URL with a space in it',
      argocd({ helmChartsRepoUrl: 'https://github.com/x/y z' }),
      ['dev.argocd.helmChartsRepoUrl is "https://github.com/x/y z": expected an https:// Git URL'],
    ],
  ])('refuses %s', (_title, patch, messages) => {
    expect(envRefusals(patch)).toEqual(messages);
  });
});

describe('edge (ingress controller and domain): edges', () => {
  const zone = 'example.com';
  const notAKeepIngressNginx = (value: string) =>
    `prod.ingress.keepIngressNginx is "${value}": expected "serving" or "draining", and only with controller ` +
    '"gateway-api" (ingress-nginx beside the Gateway)';

  test.each<[string, EnvPatch]>([
    ['the Gateway API controller', ingress({ controller: 'gateway-api' })],
    ['the ingress-nginx controller named explicitly', ingress({ controller: 'ingress-nginx' })],
    [
      'ingress-nginx kept serving beside the Gateway',
      ingress({ controller: 'gateway-api', keepIngressNginx: 'serving' }),
    ],
    [
      'ingress-nginx kept draining beside the Gateway',
      ingress({ controller: 'gateway-api', keepIngressNginx: 'draining' }),
    ],
    [
      'the apex, a subdomain and a wildcard',
      ingress({ domain: { zoneName: zone, hostnames: [zone, `app.${zone}`, `*.${zone}`] } }),
    ],
    [
      '10 hostnames (the ACM quota)',
      ingress({ domain: { zoneName: zone, hostnames: Array.from({ length: 10 }, (_, n) => `h${n}.${zone}`) } }),
    ],
    [
      'a zone with a 63-character label and digits',
      ingress({ domain: { zoneName: `${'a'.repeat(63)}.a1-b.io`, hostnames: [`${'a'.repeat(63)}.a1-b.io`] } }),
    ],
  ])('accepts %s', (_title, patch) => {
    expect(envRefusals(patch, prod)).toEqual([]);
  });

  test.each<[string, EnvPatch, unknown[]]>([
    [
      'an unknown controller',
      e => ((e.ingress as { controller: string }).controller = 'traefik'),
      ['prod.ingress.controller is "traefik": expected "ingress-nginx" or "gateway-api"'],
    ],
    [
      'keepIngressNginx with the ingress-nginx controller',
      ingress({ keepIngressNginx: 'serving' }),
      [notAKeepIngressNginx('serving')],
    ],
    [
      'keepIngressNginx with another value',
      e => {
        e.ingress.controller = 'gateway-api';
        (e.ingress as { keepIngressNginx: string }).keepIngressNginx = 'yes';
      },
      [notAKeepIngressNginx('yes')],
    ],
    [
      'a zone with a trailing dot',
      ingress({ domain: { zoneName: `${zone}.`, hostnames: [] } }),
      [
        'prod.ingress.domain.zoneName is "example.com.": expected a lowercase DNS name without a trailing dot, e.g. ' +
          'example.com',
        'prod.ingress.domain.hostnames is []: expected at least one hostname',
      ],
    ],
    [
      'a zone with a 64-character label',
      ingress({ domain: { zoneName: `${'a'.repeat(64)}.io`, hostnames: [`x.${'a'.repeat(64)}.io`] } }),
      [
        `prod.ingress.domain.zoneName is "${'a'.repeat(
          64,
        )}.io": expected a lowercase DNS name without a trailing dot, e.g. example.com`,
        notInTheZone(`x.${'a'.repeat(64)}.io`, `${'a'.repeat(64)}.io`),
      ],
    ],
    [
      '11 hostnames',
      ingress({ domain: { zoneName: zone, hostnames: Array.from({ length: 11 }, (_, n) => `h${n}.${zone}`) } }),
      [
        expect.stringMatching(
          joinedRegExp(
            /^prod\.ingress\.domain\.hostnames is \["h0\.example\.com",.*\]: expected at most 10 hostnames \(the /,
            /ACM quota\)$/,
          ),
        ),
      ],
    ],
    [
      'a hostname twice',
      ingress({ domain: { zoneName: zone, hostnames: [`a.${zone}`, `a.${zone}`] } }),
      ['prod.ingress.domain.hostnames is ["a.example.com","a.example.com"]: hostnames must be unique'],
    ],
    [
      'a hostname that only ends like the zone',
      ingress({ domain: { zoneName: zone, hostnames: [`app${zone}`] } }),
      [notInTheZone('appexample.com')],
    ],
    [
      'an upper-case hostname in the zone',
      ingress({ domain: { zoneName: zone, hostnames: [`App.${zone}`] } }),
      [notInTheZone('App.example.com')],
    ],
  ])('refuses %s', (_title, patch, messages) => {
    expect(envRefusals(patch, prod)).toEqual(messages);
  });

  test('without a domain or certificate the plain-HTTP edge is a warning; a certificate ARN alone silences it', () => {
    expect(warningsOf(() => undefined)).toEqual([
      'dev.ingress.domain is not set (nor certificateArn): the internet-facing ALB serves plain HTTP; ' +
        'set a Route 53 zone and hostnames to get HTTPS and DNS',
    ]);
    expect(warningsOf(ingress({ certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc` }))).toEqual([]);
    expect(warningsOf(() => undefined, prod)).toEqual([]);
  });
});

describe('observability: edges', () => {
  const notARetention = (field: 'metricsRetentionDays' | 'logRetentionDays', days: number) =>
    `dev.observability.${field} is ${days}: expected a whole number of days from 1 to 3650`;
  const notUnderTheFirstPrefix = (secret: string, prefix = 'dev') =>
    `dev.observability.alertWebhookSecret is "${secret}": expected a secret name under the first readable prefix ` +
    `(${prefix}/): the monitoring namespace reads through its store`;

  test.each<[string, EnvPatch]>([
    ['1 day of metrics and logs', observability({ metricsRetentionDays: 1, logRetentionDays: 1 })],
    ['3650 days of metrics and logs', observability({ metricsRetentionDays: 3650, logRetentionDays: 3650 })],
    ['any retention while disabled', observability({ enabled: false, metricsRetentionDays: 0 })],
    ['an alert webhook secret under the first prefix', observability({ alertWebhookSecret: 'dev/alerts/webhook' })],
  ])('accepts %s', (_title, patch) => {
    expect(envRefusals(patch)).toEqual([]);
  });

  test.each<[string, EnvPatch, unknown[]]>([
    [
      '0 days of metrics and 3651 of logs',
      observability({ metricsRetentionDays: 0, logRetentionDays: 3651 }),
      [notARetention('metricsRetentionDays', 0), notARetention('logRetentionDays', 3651)],
    ],
    [
      '3651 days of metrics and 0 of logs',
      observability({ metricsRetentionDays: 3651, logRetentionDays: 0 }),
      [notARetention('metricsRetentionDays', 3651), notARetention('logRetentionDays', 0)],
    ],
    ['1.5 days of metrics', observability({ metricsRetentionDays: 1.5 }), [notARetention('metricsRetentionDays', 1.5)]],
    [
      'an alert webhook secret under the second prefix',
      observability({ alertWebhookSecret: 'staging/alerts' }),
      [notUnderTheFirstPrefix('staging/alerts')],
    ],
    [
      'an alert webhook secret that only starts like the first prefix',
      observability({ alertWebhookSecret: 'devops/alerts' }),
      [notUnderTheFirstPrefix('devops/alerts')],
    ],
  ])('refuses %s', (_title, patch, messages) => {
    expect(envRefusals(patch)).toEqual(messages);
  });

  test('an alert webhook secret with no readable prefix is refused, not a crash', () => {
    expect(
      envRefusals(e => {
        e.secrets.readablePrefixes = [];
        e.secrets.containers = [];
        e.observability.alertWebhookSecret = 'x/y';
      }),
    ).toEqual([
      'dev.secrets.readablePrefixes is []: expected at least one prefix',
      notUnderTheFirstPrefix('x/y', 'undefined'),
    ]);
  });

  describe('Grafana hostname', () => {
    const withGrafana =
      (host: string, hostnames?: string[], patch: EnvPatch = () => undefined): EnvPatch =>
      e => {
        e.observability.grafanaHostname = host;
        if (hostnames) e.ingress.domain = { zoneName: 'example.com', hostnames };
        patch(e);
      };
    const NOT_A_DOMAIN_HOST = (host: string, hostnames: string) =>
      `prod.observability.grafanaHostname is "${host}": expected one of ingress.domain.hostnames (${hostnames}): ` +
      `only those get the certificate and DNS`;
    const NOT_A_HOSTNAME = (host: string) =>
      `prod.observability.grafanaHostname is "${host}": expected a lowercase DNS hostname such as grafana.example.com`;

    test.each<[string, EnvPatch]>([
      ['one of the domain hostnames', withGrafana('grafana.example.com', ['myapp.example.com', 'grafana.example.com'])],
      ['a name one level under a wildcard hostname', withGrafana('grafana.example.com', ['*.example.com'])],
      [
        'ingress-nginx kept beside the Gateway',
        withGrafana(
          'grafana.example.com',
          ['grafana.example.com'],
          ingress({ controller: 'gateway-api', keepIngressNginx: 'serving' }),
        ),
      ],
    ])('accepts %s', (_title, patch) => {
      expect(envRefusals(patch, prod)).toEqual([]);
    });

    test('any DNS hostname without a domain (dev: plain HTTP)', () => {
      expect(envRefusals(observability({ grafanaHostname: 'grafana.internal.example' }))).toEqual([]);
    });

    test.each<[string, EnvPatch, unknown[]]>([
      [
        'a host not among the hostnames',
        withGrafana('grafana.example.com'),
        [NOT_A_DOMAIN_HOST('grafana.example.com', 'myapp.example.com')],
      ],
      [
        'two levels under a wildcard',
        withGrafana('a.grafana.example.com', ['*.example.com']),
        [NOT_A_DOMAIN_HOST('a.grafana.example.com', '*.example.com')],
      ],
      [
        "the wildcard's own apex",
        withGrafana('example.com', ['*.example.com']),
        [NOT_A_DOMAIN_HOST('example.com', '*.example.com')],
      ],
      [
        'a name only ending like the wildcard',
        withGrafana('grafanaexample.com', ['*.example.com']),
        [NOT_A_DOMAIN_HOST('grafanaexample.com', '*.example.com')],
      ],
      [
        'the Gateway API edge alone',
        withGrafana('grafana.example.com', ['grafana.example.com'], ingress({ controller: 'gateway-api' })),
        [
          'prod.observability.grafanaHostname is "grafana.example.com": is served through ingress-nginx: with ' +
            'ingress.controller ' +
            '"gateway-api" leave it unset and use kubectl port-forward',
        ],
      ],
      [
        'a host with one label',
        withGrafana('grafana', ['*.example.com']),
        [NOT_A_HOSTNAME('grafana'), NOT_A_DOMAIN_HOST('grafana', '*.example.com')],
      ],
      [
        'an upper-case host',
        withGrafana('Grafana.example.com', ['grafana.example.com']),
        [NOT_A_HOSTNAME('Grafana.example.com'), NOT_A_DOMAIN_HOST('Grafana.example.com', 'grafana.example.com')],
      ],
      [
        'a host with a trailing dot',
        withGrafana('grafana.example.com.', ['*.example.com']),
        [NOT_A_HOSTNAME('grafana.example.com.'), NOT_A_DOMAIN_HOST('grafana.example.com.', '*.example.com')],
      ],
    ])('refuses %s', (_title, patch, messages) => {
      expect(envRefusals(patch, prod)).toEqual(messages);
    });
  });
});

describe('environment names', () => {
  test.each([['a'], ['a123456789']])('accepts %s', name => {
    expect(envRefusals(e => (e.name = name)).filter(m => m.startsWith('environment.name'))).toEqual([]);
  });

  test.each<[string, string]>([
    [
      'a12345678901',
      'environment.name is "a12345678901": expected 1-10 lowercase letters or digits, starting with a letter ' +
        '(it becomes part of stack ids and state keys)',
    ],
    ['1dev', 'environment.name is "1dev": expected 1-10 lowercase letters or digits'],
    ['dev-', 'environment.name is "dev-": expected 1-10 lowercase letters or digits'],
    [
      'state',
      'environment.name is "state": shared and state are reserved: the shared stack\'s state path and CI roles use ' +
        'them',
    ],
  ])('refuses %s', (name, message) => {
    expect(envRefusals(e => (e.name = name)).filter(m => m.startsWith('environment.name'))).toEqual([
      expect.stringContaining(message),
    ]);
  });
});

describe('across environments', () => {
  const all = (envs: Parameters<typeof validateAll>[1], p = platform) =>
    refusals(() => validateAll(p, envs, { today: TEST_DATE }));

  test('an admin of the platform account in GovCloud is accepted; of another account, refused naming both', () => {
    const gov = withPlatform(aws({ region: 'us-gov-west-1' }));
    const govAdmin = (account: string) =>
      withEnv(dev, cluster({ adminPrincipalArns: [`arn:aws-us-gov:iam::${account}:role/admin`] }));
    expect(all([govAdmin(ACCOUNT), prod], gov)).toEqual([]);
    expect(all([govAdmin('210987654321'), prod], gov)).toEqual([
      'dev.cluster.adminPrincipalArns[] is "arn:aws-us-gov:iam::210987654321:role/admin": expected a principal of ' +
        'the platform account ' +
        '123456789012 (platform.aws.accountId), not 210987654321',
    ]);
  });

  test('a malformed admin ARN is refused as such and as of no account', () => {
    expect(
      all([withEnv(dev, cluster({ adminPrincipalArns: [`x:arn:aws:iam::${ACCOUNT}:role/admin`] })), prod]),
    ).toEqual([
      `dev.cluster.adminPrincipalArns[] is "x:arn:aws:iam::${ACCOUNT}:role/admin": expected an IAM role or user ARN`,
      `dev.cluster.adminPrincipalArns[] is "x:arn:aws:iam::${ACCOUNT}:role/admin": expected a principal of the ` +
        `platform account ` +
        '123456789012 (platform.aws.accountId), not undefined',
    ]);
  });

  test('VPCs side by side are accepted; a malformed one is reported once, not as an overlap', () => {
    expect(all([dev, withEnv(prod, network({ cidr: '10.1.0.0/16' }))])).toEqual([]);
    expect(all([dev, withEnv(prod, network({ cidr: '10.0.0.0' }))])).toEqual([
      'prod.network.cidr is "10.0.0.0": expected an IPv4 CIDR such as 10.0.0.0/16 with no host bits set',
    ]);
  });

  test('a secret prefix shared by two clusters is named with the other environment', () => {
    const other = withEnv(prod, secrets({ readablePrefixes: ['production', 'staging', 'dev'] }));
    expect(all([dev, other])).toEqual([
      'prod.secrets.readablePrefixes is ["production","staging","dev"]: dev, staging is also readable by dev; each ' +
        'secret prefix belongs to one cluster',
    ]);
  });

  test('three environments are compared pairwise', () => {
    const qa = withEnv(prod, e => {
      e.name = 'qa';
      e.cluster.name = 'myapp-prod';
      e.network.cidr = '10.2.0.0/16';
      e.secrets = { readablePrefixes: ['qa'], containers: [] };
    });
    expect(all([dev, prod, qa])).toEqual(['qa.cluster.name is "myapp-prod": already used by prod']);
  });
});

describe('placeholder warning', () => {
  /** The platform with every example value replaced, then the patch. */
  const realPlatform = (patch: PlatformPatch = () => undefined) =>
    withPlatform(p => {
      p.aws.accountId = '210987654321';
      p.state.bucket = 'acme-state';
      p.github.owner = 'acme';
      patch(p);
    });
  const real = realPlatform();
  const realEnv = withEnv(dev, e => {
    e.cluster.adminPrincipalArns = ['arn:aws:iam::210987654321:role/admin'];
    e.argocd.helmChartsRepoUrl = 'https://github.com/acme/charts.git';
  });

  test('none once every example value is replaced', () => {
    expect(placeholderWarning(real, [realEnv])).toBeUndefined();
  });

  test.each<[string, PlatformConfig, EnvironmentConfig]>([
    ['platform.aws.accountId', realPlatform(aws({ accountId: ACCOUNT })), realEnv],
    ['platform.state.bucket', realPlatform(state({ bucket: `state-${ACCOUNT}` })), realEnv],
    ['platform.github.owner', realPlatform(github({ owner: 'my-org' })), realEnv],
    [
      'dev.cluster.adminPrincipalArns',
      real,
      withEnv(realEnv, e => e.cluster.adminPrincipalArns.push(`arn:aws:iam::${ACCOUNT}:user/x`)),
    ],
    [
      'dev.argocd.helmChartsRepoUrl',
      real,
      withEnv(realEnv, argocd({ helmChartsRepoUrl: 'https://github.com/my-org/charts.git' })),
    ],
  ])('names %s alone when only it holds the example value', (field, p, env) => {
    expect(placeholderWarning(p, [env])).toBe(
      `platform.placeholders: ${field} still hold the example values (account 123456789012, GitHub owner my-org); ` +
        'set your own before the first deployment (docs/DEPLOYMENT.md section 1)',
    );
  });

  test('an owner that only contains the example owner is not a placeholder', () => {
    const p = realPlatform(github({ owner: 'my-org-2' }));
    const env = withEnv(realEnv, argocd({ helmChartsRepoUrl: 'https://github.com/my-org-2/charts.git' }));
    expect(placeholderWarning(p, [env])).toBeUndefined();
  });
});

describe('DNS name lengths (RFC 1035: at most 253 characters, labels of at most 63)', () => {
  // 63 + 1 + 63 + 1 + 63 + 1 + 58 + 3 (".io") = 253 characters
  const name253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.io`;
  const name254 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.io`;

  test('a zone of 253 characters is accepted, 254 refused', () => {
    expect(name253).toHaveLength(253);
    const withZone = (zoneName: string): EnvPatch => ingress({ domain: { zoneName, hostnames: [zoneName] } });
    expect(envRefusals(withZone(name253), prod)).toEqual([]);
    expect(envRefusals(withZone(name254), prod).map(m => m.split(':')[0])).toEqual([
      `prod.ingress.domain.zoneName is "${name254}"`,
      `prod.ingress.domain.hostnames[] is "${name254}"`,
    ]);
  });

  test('a Grafana hostname of 253 characters is accepted, 254 refused', () => {
    const withGrafana = (host: string): EnvPatch => observability({ grafanaHostname: host });
    expect(envRefusals(withGrafana(name253))).toEqual([]);
    expect(envRefusals(withGrafana(name254))).toEqual([
      `dev.observability.grafanaHostname is "${name254}": expected a lowercase DNS hostname such as ` +
        `grafana.example.com`,
    ]);
  });

  test('a wildcard hostname outside the zone is refused', () => {
    expect(envRefusals(ingress({ domain: { zoneName: 'example.com', hostnames: ['*.example.org'] } }), prod)).toEqual([
      notInTheZone('*.example.org'),
    ]);
  });
});

describe('one validation run reports every error', () => {
  test('subject format id without any id: the owner and both repositories, in one run', () => {
    expect(platformRefusals(github({ subjectFormat: 'id' }))).toEqual([
      'platform.github.ownerId is undefined: a numeric owner id is required when subjectFormat is "id"',
      'platform.github.repositoryIds["eks-platform"] is undefined: a numeric repository id is required when ' +
        'subjectFormat is "id"',
      'platform.github.repositoryIds["myapp"] is undefined: a numeric repository id is required when subjectFormat ' +
        'is "id"',
    ]);
  });

  test('a crash after a failed check reports the collected errors, the crash as their cause', () => {
    const broken = withEnv(dev, e => {
      e.cluster.name = '-bad';
      (e.cluster as { publicAccessCidrs: unknown }).publicAccessCidrs = undefined;
    });
    let error: unknown;
    try {
      validateEnvironment(broken, { today: TEST_DATE });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationErrors);
    expect((error as ConfigurationErrors).errors.map(e => e.field)).toEqual(['dev.cluster.name']);
    expect((error as ConfigurationErrors).cause).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/^ConfigurationErrors: dev\.cluster\.name is "-bad": /);
  });

  test('a crash without a failed check propagates as it is', () => {
    const broken = withEnv(dev, e => ((e.cluster as { publicAccessCidrs: unknown }).publicAccessCidrs = undefined));
    expect(() => validateEnvironment(broken, { today: TEST_DATE })).toThrow(TypeError);
  });

  test('each error names its field, value and what is allowed, and reads "<field> is <value>: <allowed>"', () => {
    let error: unknown;
    try {
      validatePlatform(withPlatform(ecr({ keepLastImages: 0 })));
    } catch (e) {
      error = e;
    }
    const [first] = (error as ConfigurationErrors).errors;
    expect([first.name, first.field, first.value, first.allowed, first.message]).toEqual([
      'ConfigError',
      'platform.ecr.keepLastImages',
      0,
      'expected a whole number >= 1',
      'platform.ecr.keepLastImages is 0: expected a whole number >= 1',
    ]);
  });

  test('the message of a run lists its errors one per line', () => {
    let message = '';
    try {
      validatePlatform(
        withPlatform(p => {
          p.project = 'A';
          p.aws.accountId = '1';
        }),
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      'platform.project is "A": expected 2-20 lowercase letters, digits or hyphens, starting with a letter\n' +
        'platform.aws.accountId is "1": expected 12 digits',
    );
  });

  test('a failed run leaves no errors behind for the next one', () => {
    expect(platformRefusals(p => (p.project = 'A'))).toHaveLength(1);
    expect(platformRefusals(() => undefined)).toEqual([]);
    expect(platformRefusals(p => (p.project = 'B'))).toHaveLength(1);
  });
});
