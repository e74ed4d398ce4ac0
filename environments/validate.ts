import { ADDON_VERSIONS, findAddonVersions } from '../modules/cluster/addon-versions';
import { KARPENTER_DURATION } from '../modules/karpenter/node-pool';
import { INTERRUPTION_RULES, interruptionRuleName, RULE_NAME_MAX } from '../modules/karpenter/interruption-queue';
import { environmentRoleNames } from '../modules/naming';
import { cidrsOverlap, parseCidr, PUBLIC_SUBNET_NEW_BITS } from '../modules/network/cidr';
import { findKubernetesVersion, KUBERNETES_VERSIONS, supportPhase } from './kubernetes-versions';
import type { EnvironmentConfig, PlatformConfig } from './types';

/** A configuration value outside what is allowed. The message names the field, the value and what is allowed. */
export class ConfigError extends Error {
  constructor(field: string, value: unknown, allowed: string) {
    super(`${field} is ${JSON.stringify(value)}: ${allowed}`);
    this.name = 'ConfigError';
  }
}

export interface ValidationOptions {
  /** The date the lifecycle table is read at. @default - now */
  readonly today?: Date;
}

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const IAM_ROLE_NAME_MAX = 64;
const MIN_AZS = 2; // EKS requires subnets in at least two availability zones
const MAX_AZS = 4; // the subnet plan reserves four private blocks
const MIN_VPC_PREFIX = 16; // AWS VPC limit
const MAX_VPC_PREFIX = 28 - PUBLIC_SUBNET_NEW_BITS; // keeps every public subnet at /28 or larger (AWS minimum)
const NODE_PORT_RANGE = [30000, 32767] as const;
const RESERVED_ENVIRONMENT_NAMES = ['shared', 'state'];

function check(condition: boolean, field: string, value: unknown, allowed: string): void {
  if (!condition) throw new ConfigError(field, value, allowed);
}

/** S3 bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'must use only lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit';
  }
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with a reserved S3 suffix';
  return undefined;
}

export function validatePlatform(platform: PlatformConfig): void {
  check(/^[a-z][a-z0-9-]{1,19}$/.test(platform.project), 'platform.project', platform.project,
    'expected 2-20 lowercase letters, digits or hyphens, starting with a letter');
  check(/^\d{12}$/.test(platform.aws.accountId), 'platform.aws.accountId', platform.aws.accountId, 'expected 12 digits');
  check(/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(platform.aws.region), 'platform.aws.region', platform.aws.region,
    'expected an AWS region code such as us-east-1');
  const bucketProblem = s3BucketNameProblem(platform.state.bucket);
  check(bucketProblem === undefined, 'platform.state.bucket', platform.state.bucket, `an S3 bucket name ${bucketProblem}`);
  check(/^[A-Za-z0-9_.-]{3,255}$/.test(platform.state.lockTable), 'platform.state.lockTable', platform.state.lockTable,
    'expected a DynamoDB table name: 3-255 letters, digits, underscores, dots or hyphens');
  check(Number.isInteger(platform.state.noncurrentVersionDays) && platform.state.noncurrentVersionDays >= 1,
    'platform.state.noncurrentVersionDays', platform.state.noncurrentVersionDays, 'expected a whole number of days >= 1');
  const gh = platform.github;
  for (const [field, value] of [['owner', gh.owner], ['infraRepository', gh.infraRepository], ['appRepository', gh.appRepository]]) {
    check(/^[A-Za-z0-9_.-]{1,100}$/.test(value), `platform.github.${field}`, value, 'expected a GitHub owner or repository name');
  }
  if (gh.subjectFormat === 'id') {
    check(/^\d+$/.test(gh.ownerId ?? ''), 'platform.github.ownerId', gh.ownerId, 'a numeric owner id is required when subjectFormat is "id"');
    for (const repo of [gh.infraRepository, gh.appRepository]) {
      const id = gh.repositoryIds?.[repo];
      check(/^\d+$/.test(id ?? ''), `platform.github.repositoryIds["${repo}"]`, id, 'a numeric repository id is required when subjectFormat is "id"');
    }
  }
  check(platform.ecr.repositories.length > 0, 'platform.ecr.repositories', platform.ecr.repositories, 'expected at least one repository');
  for (const repo of platform.ecr.repositories) {
    check(/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(repo) && repo.length >= 2 && repo.length <= 256,
      'platform.ecr.repositories[]', repo, 'expected an ECR repository name: lowercase segments separated by /, . _ or -');
  }
  check(Number.isInteger(platform.ecr.keepLastImages) && platform.ecr.keepLastImages >= 1,
    'platform.ecr.keepLastImages', platform.ecr.keepLastImages, 'expected a whole number >= 1');
  check(Number.isInteger(platform.ecr.untaggedExpiryDays) && platform.ecr.untaggedExpiryDays >= 1,
    'platform.ecr.untaggedExpiryDays', platform.ecr.untaggedExpiryDays, 'expected a whole number of days >= 1');
}

function validateNetwork(env: EnvironmentConfig): void {
  const f = `${env.name}.network`;
  const { cidr, azCount } = env.network;
  const parsed = parseCidr(cidr);
  check(parsed !== undefined, `${f}.cidr`, cidr, 'expected an IPv4 CIDR such as 10.0.0.0/16 with no host bits set');
  check(parsed!.prefix >= MIN_VPC_PREFIX && parsed!.prefix <= MAX_VPC_PREFIX, `${f}.cidr`, cidr,
    `the prefix must be /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} (AWS allows /16 at most; smaller VPCs leave public subnets under /28)`);
  check(Number.isInteger(azCount) && azCount >= MIN_AZS && azCount <= MAX_AZS, `${f}.azCount`, azCount,
    `expected ${MIN_AZS} to ${MAX_AZS} availability zones (EKS needs subnets in at least two)`);
  // planSubnets keeps every subnet inside the VPC and apart from the others for any prefix and AZ count allowed here
  // (tested over the whole range in environments.test.ts), so no subnet check is needed at this point
  check(['single', 'per-az'].includes(env.network.natGateways), `${f}.natGateways`, env.network.natGateways, 'expected "single" or "per-az"');
  check(LOG_RETENTION_DAYS.includes(env.network.flowLogRetentionDays), `${f}.flowLogRetentionDays`,
    env.network.flowLogRetentionDays, `expected one of ${LOG_RETENTION_DAYS.join(', ')}`);
}

/** Returns warnings (a version in extended support); throws for a version EKS no longer creates. */
function validateCluster(env: EnvironmentConfig, today: Date): string[] {
  const f = `${env.name}.cluster`;
  const c = env.cluster;
  check(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(c.name), `${f}.name`, c.name,
    'an EKS cluster name is 1-100 letters, digits, hyphens or underscores, starting with a letter or digit');
  for (const [role, name] of Object.entries(environmentRoleNames(env))) {
    check(name.length <= IAM_ROLE_NAME_MAX, `${f}.name`, c.name,
      `the derived IAM role name "${name}" (${role}) must be at most ${IAM_ROLE_NAME_MAX} characters; shorten the cluster name`);
  }
  for (const rule of INTERRUPTION_RULES) {
    const name = interruptionRuleName(c.name, rule.id);
    check(name.length <= RULE_NAME_MAX, `${f}.name`, c.name,
      `the derived EventBridge rule name "${name}" must be at most ${RULE_NAME_MAX} characters; shorten the cluster name`);
  }
  const known = KUBERNETES_VERSIONS.map(v => v.version).join(', ');
  const entry = findKubernetesVersion(c.kubernetesVersion);
  check(entry !== undefined, `${f}.kubernetesVersion`, c.kubernetesVersion, `expected one of ${known}`);
  const phase = supportPhase(entry!, today);
  check(phase !== 'ended', `${f}.kubernetesVersion`, c.kubernetesVersion,
    `EKS extended support for ${c.kubernetesVersion} ended on ${entry!.endOfExtendedSupport} and EKS no longer creates such clusters; ` +
      `choose a version in standard support (${KUBERNETES_VERSIONS.filter(v => supportPhase(v, today) === 'standard').map(v => v.version).join(', ')})`);
  check(findAddonVersions(c.kubernetesVersion) !== undefined, `${f}.kubernetesVersion`, c.kubernetesVersion,
    `no managed add-on versions are pinned for it in modules/cluster/addon-versions.ts (pinned: ${Object.keys(ADDON_VERSIONS).join(', ')}); add a row first`);
  const warnings: string[] = [];
  if (phase === 'extended') {
    warnings.push(`${f}.kubernetesVersion ${c.kubernetesVersion} left standard support on ${entry!.endOfStandardSupport}: ` +
      `extended support costs extra and ends on ${entry!.endOfExtendedSupport}`);
  }
  check(c.publicAccessCidrs.length > 0, `${f}.publicAccessCidrs`, c.publicAccessCidrs, 'expected at least one CIDR');
  for (const cidr of c.publicAccessCidrs) {
    check(parseCidr(cidr) !== undefined, `${f}.publicAccessCidrs[]`, cidr, 'expected an IPv4 CIDR with no host bits set');
  }
  for (const arn of c.adminPrincipalArns) {
    check(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(arn), `${f}.adminPrincipalArns[]`, arn,
      'expected an IAM role or user ARN');
  }
  check(LOG_RETENTION_DAYS.includes(c.logRetentionDays), `${f}.logRetentionDays`, c.logRetentionDays,
    `expected one of ${LOG_RETENTION_DAYS.join(', ')}`);
  const ng = c.systemNodeGroup;
  check(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(ng.instanceType), `${f}.systemNodeGroup.instanceType`, ng.instanceType,
    'expected an EC2 instance type such as t3.medium');
  check(Number.isInteger(ng.minSize) && ng.minSize >= 1, `${f}.systemNodeGroup.minSize`, ng.minSize, 'expected a whole number >= 1');
  check(Number.isInteger(ng.desiredSize) && ng.desiredSize >= ng.minSize && ng.desiredSize <= ng.maxSize,
    `${f}.systemNodeGroup.desiredSize`, ng.desiredSize, `expected a whole number from minSize (${ng.minSize}) to maxSize (${ng.maxSize})`);
  check(Number.isInteger(ng.diskSizeGiB) && ng.diskSizeGiB >= 20, `${f}.systemNodeGroup.diskSizeGiB`, ng.diskSizeGiB,
    'expected a whole number of GiB >= 20 (the AL2023 AMI needs 20)');
  return warnings;
}

function validateAddons(env: EnvironmentConfig): void {
  const k = env.karpenter;
  const f = `${env.name}.karpenter`;
  check(k.instanceFamilies.length > 0, `${f}.instanceFamilies`, k.instanceFamilies, 'expected at least one EC2 instance family');
  for (const family of k.instanceFamilies) {
    check(/^[a-z][a-z0-9-]*$/.test(family), `${f}.instanceFamilies[]`, family, 'expected an instance family such as m5 or t3a');
  }
  check(k.capacityTypes.length > 0 && k.capacityTypes.every(t => t === 'spot' || t === 'on-demand'),
    `${f}.capacityTypes`, k.capacityTypes, 'expected a non-empty list of "spot" and/or "on-demand"');
  check(Number.isFinite(k.cpuLimit) && k.cpuLimit > 0, `${f}.cpuLimit`, k.cpuLimit, 'expected a positive number of vCPUs');
  check(KARPENTER_DURATION.test(k.consolidateAfter), `${f}.consolidateAfter`, k.consolidateAfter, 'expected a duration such as 30s, 5m or 1h, or Never');
  check(KARPENTER_DURATION.test(k.expireAfter), `${f}.expireAfter`, k.expireAfter, 'expected a duration such as 720h, or Never');
  check(Number.isInteger(k.controllerReplicas) && k.controllerReplicas >= 1, `${f}.controllerReplicas`, k.controllerReplicas,
    'expected a whole number >= 1');

  const i = env.ingress;
  check(Number.isInteger(i.replicas) && i.replicas >= 1, `${env.name}.ingress.replicas`, i.replicas, 'expected a whole number >= 1');
  for (const [name, port] of Object.entries(i.nodePorts)) {
    check(Number.isInteger(port) && port >= NODE_PORT_RANGE[0] && port <= NODE_PORT_RANGE[1], `${env.name}.ingress.nodePorts.${name}`,
      port, `expected a NodePort from ${NODE_PORT_RANGE[0]} to ${NODE_PORT_RANGE[1]}`);
  }
  check(i.nodePorts.http !== i.nodePorts.https, `${env.name}.ingress.nodePorts`, i.nodePorts, 'http and https must differ');
  if (i.certificateArn !== undefined) {
    check(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(i.certificateArn), `${env.name}.ingress.certificateArn`,
      i.certificateArn, 'expected an ACM certificate ARN');
  }
  if (i.wafAclArn !== undefined) {
    check(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/.test(i.wafAclArn), `${env.name}.ingress.wafAclArn`,
      i.wafAclArn, 'expected a regional WAFv2 web ACL ARN');
  }

  const s = env.secrets;
  check(s.readablePrefixes.length > 0, `${env.name}.secrets.readablePrefixes`, s.readablePrefixes, 'expected at least one prefix');
  for (const prefix of s.readablePrefixes) {
    check(/^[A-Za-z0-9_+=.@-]+$/.test(prefix), `${env.name}.secrets.readablePrefixes[]`, prefix,
      'expected one path segment (no slashes or wildcards): the policy grants <prefix>/*');
  }
  for (const name of s.containers) {
    check(s.readablePrefixes.some(p => name.startsWith(`${p}/`)), `${env.name}.secrets.containers[]`, name,
      `expected a secret name under one of the readable prefixes (${s.readablePrefixes.map(p => `${p}/`).join(', ')})`);
  }

  validateObservability(env);

  const a = env.argocd;
  check(/^https:\/\/\S+$/.test(a.helmChartsRepoUrl), `${env.name}.argocd.helmChartsRepoUrl`, a.helmChartsRepoUrl, 'expected an https:// Git URL');
  check(a.project.namespaces.length > 0, `${env.name}.argocd.project.namespaces`, a.project.namespaces, 'expected at least one namespace');
  const names = new Set<string>();
  for (const app of a.applications) {
    check(!names.has(app.name), `${env.name}.argocd.applications[].name`, app.name, 'application names must be unique');
    names.add(app.name);
    check(a.project.namespaces.includes(app.namespace), `${env.name}.argocd.applications["${app.name}"].namespace`, app.namespace,
      `expected one of the project's namespaces (${a.project.namespaces.join(', ')})`);
  }
}

const MAX_RETENTION_DAYS = 3650;
/** A DNS hostname: labels of letters, digits and hyphens (RFC 1123), at least two of them, at most 253 characters. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

function validateObservability(env: EnvironmentConfig): void {
  const o = env.observability;
  if (!o.enabled) return;
  const field = `${env.name}.observability`;
  for (const key of ['metricsRetentionDays', 'logRetentionDays'] as const) {
    check(Number.isInteger(o[key]) && o[key] >= 1 && o[key] <= MAX_RETENTION_DAYS, `${field}.${key}`, o[key],
      `expected a whole number of days from 1 to ${MAX_RETENTION_DAYS}`);
  }
  if (o.grafanaHostname !== undefined) {
    check(HOSTNAME.test(o.grafanaHostname), `${field}.grafanaHostname`, o.grafanaHostname, 'expected a lowercase DNS hostname such as grafana.example.com');
  }
  if (o.alertWebhookSecret !== undefined) {
    const prefixes = env.secrets.readablePrefixes;
    check(prefixes.some(p => o.alertWebhookSecret!.startsWith(`${p}/`)), `${field}.alertWebhookSecret`, o.alertWebhookSecret,
      `expected a secret name under one of the readable prefixes (${prefixes.map(p => `${p}/`).join(', ')}): the cluster must read it`);
  }
}

/** Validates one environment; returns warnings to show at synth. */
export function validateEnvironment(env: EnvironmentConfig, options: ValidationOptions = {}): string[] {
  check(/^[a-z][a-z0-9]{0,9}$/.test(env.name), 'environment.name', env.name,
    'expected 1-10 lowercase letters or digits, starting with a letter (it becomes part of stack ids and state keys)');
  check(!RESERVED_ENVIRONMENT_NAMES.includes(env.name), 'environment.name', env.name,
    `${RESERVED_ENVIRONMENT_NAMES.join(' and ')} are reserved: the shared stack's state path and CI roles use them`);
  validateNetwork(env);
  const warnings = validateCluster(env, options.today ?? new Date());
  validateAddons(env);
  return warnings;
}

/** Validates the platform and every environment, and what environments must not share. Returns warnings. */
export function validateAll(platform: PlatformConfig, envs: readonly EnvironmentConfig[], options: ValidationOptions = {}): string[] {
  validatePlatform(platform);
  check(envs.length > 0, 'environments', [], 'expected at least one environment');
  const warnings = envs.flatMap(env => validateEnvironment(env, options));
  envs.forEach((env, i) => {
    for (const other of envs.slice(i + 1)) {
      check(env.name !== other.name, `${other.name}.name`, other.name, 'environment names must be unique');
      check(env.cluster.name !== other.cluster.name, `${other.name}.cluster.name`, other.cluster.name, `already used by ${env.name}`);
      check(!cidrsOverlap(parseCidr(env.network.cidr)!, parseCidr(other.network.cidr)!), `${other.name}.network.cidr`, other.network.cidr,
        `overlaps ${env.name}.network.cidr (${env.network.cidr}); VPCs must not overlap so they can be peered later`);
      const shared = env.secrets.readablePrefixes.filter(p => other.secrets.readablePrefixes.includes(p));
      check(shared.length === 0, `${other.name}.secrets.readablePrefixes`, other.secrets.readablePrefixes,
        `${shared.join(', ')} is also readable by ${env.name}; each secret prefix belongs to one cluster`);
    }
  });
  return warnings;
}
