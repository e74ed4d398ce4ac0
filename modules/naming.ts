import { createHash } from 'crypto';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { ADDON_STATE_NAMESPACE, KARPENTER_NAMESPACE, LBC_NAMESPACE } from './addons/namespaces';
import { ARGO_CD_RELEASE_NAMESPACE } from './argocd/namespaces';
import { arn } from './iam/arn';
import { awsPartition } from './iam/partition';
import { MONITORING_RELEASE_NAMESPACE } from './observability/namespaces';

/**
 * Every name the platform derives: stack ids, state keys, IAM role names. No other file builds names, so the
 * stacks, the Terragrunt tree, the CI workflows and the validation agree by construction.
 */

/** The layers of one environment, in deploy order. */
export const ENVIRONMENT_LAYERS = ['vpc', 'eks', 'addons'] as const;
export type EnvironmentLayer = (typeof ENVIRONMENT_LAYERS)[number];

export const STATE_BACKEND_STACK_ID = 'state-backend';
export const SHARED_STACK_ID = 'shared';

/** `dev` + `vpc` -> `dev-vpc`. */
export function stackId(env: string, layer: EnvironmentLayer): string {
  return `${env}-${layer}`;
}

/** State key prefix of a layer: `dev/vpc`; the shared stack's is `shared`. Terragrunt units live at the same path. */
export function statePath(env: string, layer: EnvironmentLayer): string {
  return `${env}/${layer}`;
}

export const SHARED_STATE_PATH = 'shared';

export function stateKey(path: string): string {
  return `${path}/terraform.tfstate`;
}

/** AWS name limits the derived names must fit (each service's quotas page / API reference). */
export const NAME_LIMITS = { iamRole: 64, eventBridgeRule: 64, sqsQueue: 80, securityGroupNamePrefix: 100 } as const;

const HASH_LENGTH = 8;

/** First characters of the SHA-256 of a name: the same name always gives the same suffix. */
export function nameHash(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
}

/**
 * `name` when it fits in `max` characters, else its first characters, `-` and a hash of the whole name: stable
 * across synths and different for different names (two names that share the kept prefix differ in the hash).
 */
export function shortenName(name: string, max: number): string {
  if (name.length <= max) return name;
  return `${name.slice(0, max - HASH_LENGTH - 1).replace(/[-_]+$/, '')}-${nameHash(name)}`;
}

/** Longest suffix of {@link environmentRoleNames}: `-aws-load-balancer-controller`. */
const LONGEST_ROLE_SUFFIX = 29;
/** Longest cluster name kept whole in role names. */
export const NAME_BASE_MAX = NAME_LIMITS.iamRole - LONGEST_ROLE_SUFFIX;

/**
 * The prefix of an environment's role names: the cluster name, or for a name too long to leave room for the
 * suffixes (EKS allows 100 characters), its shortened form. Every role of the environment starts with `<base>-`, so
 * an IAM policy can still scope them by prefix.
 */
export function environmentNameBase(env: EnvironmentConfig): string {
  return shortenName(env.cluster.name, NAME_BASE_MAX);
}

/** IAM role names of one environment's workloads (each at most 64 characters whatever the cluster name). */
export function environmentRoleNames(env: EnvironmentConfig) {
  const c = environmentNameBase(env);
  return {
    cluster: `${c}-cluster`,
    systemNodes: `${c}-system-nodes`,
    vpcCni: `${c}-vpc-cni`,
    ebsCsi: `${c}-ebs-csi`,
    flowLogs: `${c}-vpc-flow-logs`,
    karpenterController: `${c}-karpenter`,
    karpenterNode: `${c}-karpenter-node`,
    loadBalancerController: `${c}-aws-load-balancer-controller`,
    externalSecrets: `${c}-external-secrets`,
    externalDns: `${c}-external-dns`,
    loki: `${c}-loki`,
  } as const;
}

/**
 * The Loki chunks bucket of an environment. The shared stack creates it (with `prevent_destroy`), so an
 * environment's logs outlive its addons layer and cluster, like its images and secrets.
 */
export function logBucketName(platform: PlatformConfig, env: string): string {
  return `${platform.project}-${env}-logs-${platform.aws.accountId}`;
}

/** Every environment's {@link logBucketName}, as an IAM resource pattern. */
export function logBucketPattern(platform: PlatformConfig): string {
  return `${platform.project}-*-logs-${platform.aws.accountId}`;
}

/** Secrets Manager containers the platform itself reads in an environment (Grafana's login, the alert webhook). */
export function platformSecretNames(env: EnvironmentConfig): { grafanaAdmin?: string; alertWebhook?: string } {
  if (!env.observability.enabled) return {};
  return {
    grafanaAdmin: `${env.secrets.readablePrefixes[0]}/platform/grafana-admin`,
    alertWebhook: env.observability.alertWebhookSecret,
  };
}

/** Every secret container the shared stack creates for an environment: the configured ones and the platform's. */
export function secretContainerNames(env: EnvironmentConfig): string[] {
  const platformSecrets = Object.values(platformSecretNames(env)).filter((n): n is string => n !== undefined);
  return [...new Set([...env.secrets.containers, ...platformSecrets])];
}

/**
 * Roles GitHub Actions assumes through OIDC (created by the shared stack, granted cluster access by each eks
 * layer).
 */
export function ciRoleNames(platform: PlatformConfig, env: string) {
  return {
    /** Read-only, trusted for pull requests: plans this environment. */
    plan: `${platform.project}-ci-plan-${env}`,
    /** Trusted for the apply branch / the protected GitHub environment: applies this environment. */
    apply: `${platform.project}-ci-apply-${env}`,
  } as const;
}

/** The application repository's CI role that pushes images to ECR. */
export function ecrPushRoleName(platform: PlatformConfig): string {
  return `${platform.project}-ci-ecr-push`;
}

/**
 * The AWS account an environment's resources live in: its own (`EnvironmentConfig.aws.accountId`) or the platform
 * account. Every ARN of an environment's resource takes its account from here (through {@link environmentPlatform}).
 */
export function accountOf(platform: PlatformConfig, env?: EnvironmentConfig | string): string {
  return typeof env === 'object' ? (env.aws?.accountId ?? platform.aws.accountId) : platform.aws.accountId;
}

/** Whether an environment has an account of its own (then its state is reached across accounts). */
export function hasOwnAccount(env: EnvironmentConfig): boolean {
  return env.aws !== undefined;
}

/**
 * The platform as the environment's stacks see it: `aws.accountId` is the environment's account, so the provider's
 * account guard, the boundary and role ARNs and every `accountId` a module is given name that account. The state
 * settings are unchanged (the bucket is found by name from any account). The same object for an environment of the
 * platform account, so its stacks synthesize as before.
 */
export function environmentPlatform(platform: PlatformConfig, env: EnvironmentConfig): PlatformConfig {
  if (!hasOwnAccount(env)) return platform;
  return { ...platform, aws: { ...platform.aws, accountId: accountOf(platform, env) } };
}

/** The bootstrap stack of an environment's own account (CI roles, boundaries, secrets, logs): `prod-account`. */
export function accountStackId(env: string): string {
  return `${env}-account`;
}

/**
 * State path of {@link accountStackId}: `prod-account`, outside `prod/`, so the environment's own CI roles (which
 * write `prod/*`) never reach the state of the stack that defines them.
 */
export function accountStatePath(env: string): string {
  return accountStackId(env);
}

/** What AWS Organizations names the administrator role it creates in a member account. */
export const DEFAULT_BOOTSTRAP_ROLE_NAME = 'OrganizationAccountAccessRole';

export function roleArn(platform: PlatformConfig, roleName: string): string {
  const resource = `role/${roleName}`;
  return arn({ service: 'iam', account: platform.aws.accountId, resource }, awsPartition(platform.aws.region));
}

export function policyArn(platform: PlatformConfig, policyName: string): string {
  const resource = `policy/${policyName}`;
  return arn({ service: 'iam', account: platform.aws.accountId, resource }, awsPartition(platform.aws.region));
}

/**
 * The permissions boundary every role of an environment carries (created by the shared stack): the most any
 * workload role may do, whatever policy a CI apply role gives it.
 */
export function workloadBoundaryPolicyName(platform: PlatformConfig): string {
  return `${platform.project}-workload-boundary`;
}

/** ARN of {@link workloadBoundaryPolicyName}: a literal, so the environment stacks need no cross-stack reference. */
export function workloadBoundaryArn(platform: PlatformConfig): string {
  return policyArn(platform, workloadBoundaryPolicyName(platform));
}

/**
 * Namespaces the addons layer installs Helm releases into. The eks layer lets the CI plan role read Secrets here
 * (Helm release state); a test keeps the addons layer's releases inside this list, and no Secret of a chart in it.
 * Each chart that can put its objects elsewhere (`namespaceOverride`) keeps its state in a namespace of Helm state
 * only: `addon-releases`, `argocd-releases` (Secrets of `argocd` would make a pull request's plan role Argo CD
 * admin), `monitoring-releases`. Two charts cannot: Karpenter and the load balancer controller name
 * `.Release.Namespace` in every template, so each runs in a namespace of its own with its state (see their modules).
 */
export const ADDON_RELEASE_NAMESPACES = [
  ADDON_STATE_NAMESPACE,
  ARGO_CD_RELEASE_NAMESPACE,
  MONITORING_RELEASE_NAMESPACE,
  // its chart renders no Secret: Helm state only
  KARPENTER_NAMESPACE,
  // Helm state and the webhook's serving key, which that state holds anyway (modules/load-balancer-controller)
  LBC_NAMESPACE,
] as const;

/** Tags every resource of a stack carries (through the AWS provider's `default_tags`). */
export function defaultTags(
  platform: PlatformConfig,
  environment: string,
  extra: Readonly<Record<string, string>> = {},
) {
  return { ...platform.tags, environment, ...extra };
}

/**
 * `myapp/api` -> `myapp-api`, `dev/myapp/database` -> `dev-myapp-database`: the construct id of a resource made for
 * each name of a list, derived from the name, never from its position (reordering the list moves no state).
 */
export function nameConstructId(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-');
}
