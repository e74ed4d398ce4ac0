import { validateArgoCdObjectsProps } from '../modules/argocd/validation';
import { ADDON_VERSIONS, findAddonVersions } from '../modules/cluster/addon-versions';
import { validateEksClusterProps, validateSystemNodeGroupProps } from '../modules/cluster/validation';
import { ConfigError, ConfigurationErrors } from '../modules/config-errors';
import { awsPartition } from '../modules/iam/partition';
import { validateDomainCertificateProps, validateEdgeMode, validateHostedZoneProps } from '../modules/edge/validation';
import { validateSecretsReadProps } from '../modules/external-secrets/validation';
import { validateIngressNginxProps } from '../modules/ingress-nginx/validation';
import { validateKarpenterProps } from '../modules/karpenter/validation';
import { cidrsOverlap, parseCidr } from '../modules/network/cidr';
import { validateVpcNetworkProps } from '../modules/network/validation';
import { validateEcrRepositoriesProps } from '../modules/shared/validation';
import { accountOf } from '../modules/naming';
import { validateObservabilityProps } from '../modules/observability/validation';
import { findKubernetesVersion, KUBERNETES_VERSIONS, supportPhase } from './kubernetes-versions';
import { DEFAULT_SUPPORT_TYPE, EnvironmentConfig, PlatformConfig } from './types';

// the errors are the constructs' (modules/config-errors.ts): re-exported for the entry points and the scaffold
export { ConfigError, ConfigurationErrors };

export interface ValidationOptions {
  /** The date the lifecycle table is read at. @default - now */
  readonly today?: Date;
}

const RESERVED_ENVIRONMENT_NAMES = ['shared', 'state'];

/** The errors of the validation run in progress; undefined outside one. */
let collected: ConfigError[] | undefined;

/** Records a ConfigError unless `condition` holds; returns `condition` so a dependent check can be skipped. */
function check(condition: boolean, field: string, value: unknown, allowed: string): boolean {
  if (!condition) {
    const error = new ConfigError(field, value, allowed);
    if (collected === undefined) throw error;
    collected.push(error);
  }
  return condition;
}

/**
 * Records the errors of a construct's own rules (its `validate<Construct>Props`, the one bound and message of each
 * rule); returns whether there were none. Rules that crashed after a failed check: their errors, then the crash.
 */
function report(validate: () => readonly ConfigError[]): boolean {
  let errors: readonly ConfigError[];
  try {
    errors = validate();
  } catch (e) {
    if (!(e instanceof ConfigurationErrors) || e.cause === undefined) throw e;
    for (const error of e.errors) check(false, error.field, error.value, error.allowed);
    throw e.cause;
  }
  for (const error of errors) check(false, error.field, error.value, error.allowed);
  return errors.length === 0;
}

/**
 * Runs `validate` collecting every failed check, then throws them as one ConfigurationErrors. A nested run joins the
 * outer one. An unexpected exception after a failed check is most likely that bad value's consequence, so the
 * collected errors are reported (the exception as their cause); without one it propagates with its stack trace.
 */
function collectingErrors<T>(validate: () => T): T {
  if (collected !== undefined) return validate();
  const errors: ConfigError[] = (collected = []);
  try {
    const result = validate();
    if (errors.length > 0) throw new ConfigurationErrors(errors);
    return result;
  } catch (e) {
    if (e instanceof ConfigurationErrors || errors.length === 0) throw e;
    throw new ConfigurationErrors(errors, { cause: e });
  } finally {
    collected = undefined;
  }
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
  collectingErrors(() => checkPlatform(platform));
}

function checkPlatform(platform: PlatformConfig): void {
  check(
    /^[a-z][a-z0-9-]{1,19}$/.test(platform.project),
    'platform.project',
    platform.project,
    'expected 2-20 lowercase letters, digits or hyphens, starting with a letter',
  );
  check(
    /^\d{12}$/.test(platform.aws.accountId),
    'platform.aws.accountId',
    platform.aws.accountId,
    'expected 12 digits',
  );
  check(
    /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(platform.aws.region),
    'platform.aws.region',
    platform.aws.region,
    'expected an AWS region code such as us-east-1',
  );
  const bucketProblem = s3BucketNameProblem(platform.state.bucket);
  check(
    bucketProblem === undefined,
    'platform.state.bucket',
    platform.state.bucket,
    `an S3 bucket name ${bucketProblem}`,
  );
  check(
    /^[A-Za-z0-9_.-]{3,255}$/.test(platform.state.lockTable),
    'platform.state.lockTable',
    platform.state.lockTable,
    'expected a DynamoDB table name: 3-255 letters, digits, underscores, dots or hyphens',
  );
  check(
    Number.isInteger(platform.state.noncurrentVersionDays) && platform.state.noncurrentVersionDays >= 1,
    'platform.state.noncurrentVersionDays',
    platform.state.noncurrentVersionDays,
    'expected a whole number of days >= 1',
  );
  const gh = platform.github;
  for (const [field, value] of [
    ['owner', gh.owner],
    ['infraRepository', gh.infraRepository],
    ['appRepository', gh.appRepository],
  ]) {
    check(
      /^[A-Za-z0-9_.-]{1,100}$/.test(value),
      `platform.github.${field}`,
      value,
      'expected a GitHub owner or repository name',
    );
  }
  if (gh.subjectFormat === 'id') {
    check(
      /^\d+$/.test(gh.ownerId ?? ''),
      'platform.github.ownerId',
      gh.ownerId,
      'a numeric owner id is required when subjectFormat is "id"',
    );
    for (const repo of [gh.infraRepository, gh.appRepository]) {
      const id = gh.repositoryIds?.[repo];
      check(
        /^\d+$/.test(id ?? ''),
        `platform.github.repositoryIds["${repo}"]`,
        id,
        'a numeric repository id is required when subjectFormat is "id"',
      );
    }
  }
  report(() => validateEcrRepositoriesProps(platform.ecr, 'platform.ecr'));
}

/** Returns warnings (a version in extended support); throws for a version EKS no longer creates. */
function validateCluster(env: EnvironmentConfig, today: Date): string[] {
  const f = `${env.name}.cluster`;
  const c = env.cluster;
  const supportType = c.supportType ?? DEFAULT_SUPPORT_TYPE;
  report(() => validateEksClusterProps({ ...c, supportType }, f));
  const known = KUBERNETES_VERSIONS.map(v => v.version).join(', ');
  const entry = findKubernetesVersion(c.kubernetesVersion);
  check(entry !== undefined, `${f}.kubernetesVersion`, c.kubernetesVersion, `expected one of ${known}`);
  const phase = entry === undefined ? undefined : supportPhase(entry, today);
  check(
    phase !== 'ended',
    `${f}.kubernetesVersion`,
    c.kubernetesVersion,
    `EKS extended support for ${c.kubernetesVersion} ended on ${entry?.endOfExtendedSupport} and EKS no longer ` +
      `creates such clusters; ` +
      `choose a version in standard support (${KUBERNETES_VERSIONS.filter(v => supportPhase(v, today) === 'standard')
        .map(v => v.version)
        .join(', ')})`,
  );
  check(
    findAddonVersions(c.kubernetesVersion) !== undefined,
    `${f}.kubernetesVersion`,
    c.kubernetesVersion,
    `no managed add-on versions are pinned for it in modules/cluster/addon-versions.ts (pinned: ` +
      `${Object.keys(ADDON_VERSIONS).join(', ')}); add a row first`,
  );
  const warnings: string[] = [];
  if (phase === 'extended') {
    warnings.push(
      `${f}.kubernetesVersion ${c.kubernetesVersion} left standard support on ${entry!.endOfStandardSupport}: ` +
        (supportType === 'STANDARD'
          ? 'with supportType STANDARD EKS upgrades the control plane to the next minor by itself; ' +
            'upgrade on purpose first'
          : `extended support costs extra and ends on ${entry!.endOfExtendedSupport}`),
    );
  }
  check(
    c.adminPrincipalArns.length > 0 || c.allowNoClusterAdmins === true,
    `${f}.adminPrincipalArns`,
    c.adminPrincipalArns,
    'expected at least one IAM role or user ARN (the cluster creator gets no access); to leave administration to ' +
      'the CI ' +
      `apply role alone, set ${f}.allowNoClusterAdmins: true`,
  );
  for (const arn of c.adminPrincipalArns) {
    check(
      /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(arn),
      `${f}.adminPrincipalArns[]`,
      arn,
      'expected an IAM role or user ARN',
    );
  }
  report(() => validateSystemNodeGroupProps(c.systemNodeGroup, `${f}.systemNodeGroup`));
  return warnings;
}

function validateAddons(env: EnvironmentConfig): void {
  report(() => validateKarpenterProps(env.karpenter, `${env.name}.karpenter`));

  report(() => validateIngressNginxProps(env.ingress, `${env.name}.ingress`));
  validateEdge(env);

  const s = env.secrets;
  report(() => validateSecretsReadProps(s, `${env.name}.secrets`));
  for (const name of s.containers) {
    check(
      s.readablePrefixes.some(p => name.startsWith(`${p}/`)),
      `${env.name}.secrets.containers[]`,
      name,
      `expected a secret name under one of the readable prefixes (${s.readablePrefixes.map(p => `${p}/`).join(', ')})`,
    );
  }

  validateObservability(env);

  report(() => validateArgoCdObjectsProps(env.argocd, `${env.name}.argocd`));
}

function validateEdge(env: EnvironmentConfig): void {
  const f = `${env.name}.ingress`;
  report(() => validateEdgeMode(env.ingress, f));
  const domain = env.ingress.domain;
  if (domain === undefined) return;
  report(() => validateHostedZoneProps(domain, `${f}.domain`));
  report(() => validateDomainCertificateProps(domain, `${f}.domain`));
}

/** The edge of an environment without TLS: allowed (dev), but said at every synth. */
function edgeWarnings(env: EnvironmentConfig): string[] {
  if (env.ingress.domain !== undefined || env.ingress.certificateArn !== undefined) return [];
  return [
    `${env.name}.ingress.domain is not set (nor certificateArn): the internet-facing ALB serves plain HTTP; ` +
      'set a Route 53 zone and hostnames to get HTTPS and DNS',
  ];
}

function validateObservability(env: EnvironmentConfig): void {
  const o = env.observability;
  if (!o.enabled) return;
  const field = `${env.name}.observability`;
  report(() => validateObservabilityProps(o, field));
  // what Grafana and Alertmanager need from the edge and the secrets: rules across sections of the environment
  if (o.grafanaHostname !== undefined) {
    // the certificate and external-dns cover the domain's hostnames only: Grafana's must be one of them
    const domain = env.ingress.domain;
    check(
      domain === undefined ||
        domain.hostnames.some(
          h =>
            h === o.grafanaHostname ||
            (h.startsWith('*.') &&
              o.grafanaHostname!.endsWith(h.slice(1)) &&
              !o.grafanaHostname!.slice(0, -h.length + 1).includes('.')),
        ),
      `${field}.grafanaHostname`,
      o.grafanaHostname,
      `expected one of ingress.domain.hostnames (${domain?.hostnames.join(', ')}): only those get the certificate ` +
        `and DNS`,
    );
    // Grafana's chart renders an Ingress of class nginx; the Gateway API edge accepts routes from app namespaces only
    check(
      env.ingress.controller !== 'gateway-api' || env.ingress.keepIngressNginx !== undefined,
      `${field}.grafanaHostname`,
      o.grafanaHostname,
      'is served through ingress-nginx: with ingress.controller "gateway-api" leave it unset and use kubectl ' +
        'port-forward',
    );
  }
  if (o.alertWebhookSecret !== undefined) {
    // Alertmanager's ExternalSecret reads through the first prefix's store, whose role reads only that prefix
    const first = env.secrets.readablePrefixes[0];
    check(
      first !== undefined && o.alertWebhookSecret.startsWith(`${first}/`),
      `${field}.alertWebhookSecret`,
      o.alertWebhookSecret,
      `expected a secret name under the first readable prefix (${first}/): the monitoring namespace reads through ` +
        `its store`,
    );
  }
}

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** An environment's own account (`env.aws`); returns whether its id is usable, so dependent checks can be skipped. */
function validateEnvironmentAccount(platform: PlatformConfig, env: EnvironmentConfig): boolean {
  const a = env.aws!;
  const f = `${env.name}.aws`;
  const digits = /^\d{12}$/.test(a.accountId);
  const valid =
    check(digits, `${f}.accountId`, a.accountId, 'expected 12 digits (an AWS account id)') &&
    check(
      a.accountId !== platform.aws.accountId,
      `${f}.accountId`,
      a.accountId,
      'is the platform account (platform.aws.accountId): leave aws unset for an environment of the platform account',
    );
  if (a.bootstrapRoleName !== undefined) {
    check(
      IAM_ROLE_NAME.test(a.bootstrapRoleName),
      `${f}.bootstrapRoleName`,
      a.bootstrapRoleName,
      'expected an IAM role name (1-64 letters, digits or +=,.@_-)',
    );
  }
  // the state bucket policy grants them `<env>/*`: a principal of another account would widen that grant
  const admin = new RegExp(`^arn:${awsPartition(platform.aws.region)}:iam::${a.accountId}:(role|user)/\\S+$`);
  for (const [i, arn] of (valid ? (a.stateAdminArns ?? []) : []).entries()) {
    check(
      admin.test(arn),
      `${f}.stateAdminArns[${i}]`,
      arn,
      `expected an IAM role or user ARN of the environment's account ${a.accountId} (${f}.accountId)`,
    );
  }
  return valid;
}

/** ACM certificates and WAF web ACLs attach only to load balancers of their own account. */
function validateEnvironmentAccountResources(env: EnvironmentConfig, account: string): void {
  const i = env.ingress;
  for (const [field, arn] of [
    ['certificateArn', i.certificateArn],
    ['wafAclArn', i.wafAclArn],
  ] as const) {
    if (arn === undefined) continue;
    check(
      arn.split(':')[4] === account,
      `${env.name}.ingress.${field}`,
      arn,
      `expected an ARN of the environment's account ${account} (${env.name}.aws.accountId): its ALB is there`,
    );
  }
}

/**
 * What environments in different accounts cannot share. One account each: every bootstrap stack creates its
 * account's GitHub OIDC provider (one per account and URL). No hosted zone across accounts: the edge looks its zone
 * up by name in the environment's own account (external-dns and ACM validation write records there), and a public
 * zone name is delegated to one account's zone; give an environment of its own account a zone there (a subdomain).
 */
function validateAccountsApart(platform: PlatformConfig, envs: readonly EnvironmentConfig[]): void {
  envs.forEach((env, i) => {
    for (const other of envs.slice(i + 1)) {
      const [account, otherAccount] = [accountOf(platform, env), accountOf(platform, other)];
      if (other.aws !== undefined) {
        check(
          env.aws?.accountId !== other.aws.accountId,
          `${other.name}.aws.accountId`,
          other.aws.accountId,
          `already the account of ${env.name}: one environment per account of its own ` +
            "(each bootstrap stack creates the account's GitHub OIDC provider)",
        );
      }
      const zone = env.ingress.domain?.zoneName;
      if (zone === undefined || account === otherAccount) continue;
      check(
        other.ingress.domain?.zoneName !== zone,
        `${other.name}.ingress.domain.zoneName`,
        zone,
        `is also the zone of ${env.name}, which is in account ${account}, not ${otherAccount}: a zone is looked up ` +
          "in the environment's own account; give each account its own zone (e.g. a delegated subdomain)",
      );
    }
  });
}

/** Validates one environment; returns warnings to show at synth. */
export function validateEnvironment(env: EnvironmentConfig, options: ValidationOptions = {}): string[] {
  return collectingErrors(() => checkEnvironment(env, options));
}

function checkEnvironment(env: EnvironmentConfig, options: ValidationOptions): string[] {
  check(
    /^[a-z][a-z0-9]{0,9}$/.test(env.name),
    'environment.name',
    env.name,
    'expected 1-10 lowercase letters or digits, starting with a letter (it becomes part of stack ids and state keys)',
  );
  check(
    !RESERVED_ENVIRONMENT_NAMES.includes(env.name),
    'environment.name',
    env.name,
    `${RESERVED_ENVIRONMENT_NAMES.join(' and ')} are reserved: the shared stack's state path and CI roles use them`,
  );
  report(() => validateVpcNetworkProps(env.network, `${env.name}.network`));
  const warnings = validateCluster(env, options.today ?? new Date());
  validateAddons(env);
  return [...warnings, ...edgeWarnings(env)];
}

/** The example values the shipped configuration carries: valid, but no real account or GitHub owner. */
export const PLACEHOLDERS = { accountId: '123456789012', githubOwner: 'my-org' } as const;

/**
 * One warning naming every field that still holds an example value (not an error: the shipped configuration is the
 * example and must synthesize). It starts with `platform.` so the build attaches it to the shared stack.
 */
export function placeholderWarning(platform: PlatformConfig, envs: readonly EnvironmentConfig[]): string | undefined {
  const fields: string[] = [];
  if (platform.aws.accountId === PLACEHOLDERS.accountId) fields.push('platform.aws.accountId');
  if (platform.state.bucket.includes(PLACEHOLDERS.accountId)) fields.push('platform.state.bucket');
  if (platform.github.owner === PLACEHOLDERS.githubOwner) fields.push('platform.github.owner');
  for (const env of envs) {
    if (env.cluster.adminPrincipalArns.some(a => a.includes(`::${PLACEHOLDERS.accountId}:`)))
      fields.push(`${env.name}.cluster.adminPrincipalArns`);
    if (env.argocd.helmChartsRepoUrl.includes(`/${PLACEHOLDERS.githubOwner}/`))
      fields.push(`${env.name}.argocd.helmChartsRepoUrl`);
  }
  if (fields.length === 0) return undefined;
  return (
    `platform.placeholders: ${fields.join(', ')} still hold the example values (account ${PLACEHOLDERS.accountId}, ` +
    `GitHub owner ${PLACEHOLDERS.githubOwner}); set your own before the first deployment (docs/DEPLOYMENT.md section 1)`
  );
}

/** Validates the platform and every environment, and what environments must not share. Returns warnings. */
export function validateAll(
  platform: PlatformConfig,
  envs: readonly EnvironmentConfig[],
  options: ValidationOptions = {},
): string[] {
  return collectingErrors(() => checkAll(platform, envs, options));
}

function checkAll(platform: PlatformConfig, envs: readonly EnvironmentConfig[], options: ValidationOptions): string[] {
  validatePlatform(platform);
  check(envs.length > 0, 'environments', [], 'expected at least one environment');
  const warnings = envs.flatMap(env => validateEnvironment(env, options));
  for (const env of envs) {
    const ownAccount = env.aws !== undefined && validateEnvironmentAccount(platform, env);
    const expected = accountOf(platform, env);
    const where = ownAccount
      ? `the environment's account ${expected} (${env.name}.aws.accountId)`
      : `the platform account ${platform.aws.accountId} (platform.aws.accountId)`;
    for (const arn of env.cluster.adminPrincipalArns) {
      const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1];
      // access entries take IAM principals of the cluster's own account (EKS user guide, access-entries.html)
      check(
        account === expected,
        `${env.name}.cluster.adminPrincipalArns[]`,
        arn,
        `expected a principal of ${where}, not ${account}`,
      );
    }
    if (ownAccount) validateEnvironmentAccountResources(env, expected);
  }
  validateAccountsApart(platform, envs);
  const placeholders = placeholderWarning(platform, envs);
  if (placeholders !== undefined) warnings.push(placeholders);
  envs.forEach((env, i) => {
    for (const other of envs.slice(i + 1)) {
      check(env.name !== other.name, `${other.name}.name`, other.name, 'environment names must be unique');
      check(
        env.cluster.name !== other.cluster.name,
        `${other.name}.cluster.name`,
        other.cluster.name,
        `already used by ${env.name}`,
      );
      const [cidr, otherCidr] = [parseCidr(env.network.cidr), parseCidr(other.network.cidr)];
      if (cidr && otherCidr)
        check(
          !cidrsOverlap(cidr, otherCidr),
          `${other.name}.network.cidr`,
          other.network.cidr,
          `overlaps ${env.name}.network.cidr (${env.network.cidr}); VPCs must not overlap so they can be peered later`,
        );
      const shared = env.secrets.readablePrefixes.filter(p => other.secrets.readablePrefixes.includes(p));
      check(
        shared.length === 0,
        `${other.name}.secrets.readablePrefixes`,
        other.secrets.readablePrefixes,
        `${shared.join(', ')} is also readable by ${env.name}; each secret prefix belongs to one cluster`,
      );
    }
  });
  return warnings;
}
