import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { addonVersionsFor } from '../cluster/addon-versions';
import { addonConfigurations } from '../cluster/addon-configurations';
import { US_EAST_1_PRICES } from '../cost/prices';
import { AL2023_AMI_ALIAS, NODE_POOL_ARCHITECTURES } from '../karpenter/node-pool';
import { accountOf, environmentPlatform, platformSecretNames } from '../naming';
import { githubOidcProviderArn } from '../shared/github-subjects';
import { SPOT_SERVICE_LINKED_ROLE } from '../shared/spot-role-names';

/** EC2 vCPU quotas (Service Quotas, service `ec2`): standard families A, C, D, H, I, M, R, T, Z. */
export const VCPU_QUOTAS = {
  onDemand: { code: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances' },
  spot: { code: 'L-34B43A08', name: 'All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests' },
} as const;

/** What the preflight checks for one environment, all taken from the configuration. */
export interface PreflightFacts {
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  /** IAM principals that must exist: `role` or `user` and its name. */
  readonly admins: readonly { readonly arn: string; readonly kind: 'role' | 'user'; readonly name: string }[];
  readonly githubOidcProviderArn: string;
  /** `create`: the shared stack creates the Spot role; `existing`: the account must already have it. */
  readonly spotRole: { readonly name: string; readonly mode: 'create' | 'existing'; readonly needed: boolean };
  /** Pinned versions, and the configuration keys (dotted paths) each configured add-on is sent. */
  readonly addons: readonly {
    readonly name: string;
    readonly version: string;
    readonly configKeys: readonly string[];
  }[];
  /** SSM parameter Karpenter resolves the pinned AL2023 alias through. */
  readonly amiParameter: string;
  /** vCPUs the quotas must allow, account-wide (every environment shares the account's quotas). */
  readonly vcpuQuotas: readonly { readonly code: string; readonly name: string; readonly needed: number }[];
  /** Public Route 53 zone the addons layer looks up (never creates) for the certificate and external-dns. */
  readonly hostedZone?: string;
  /**
   * Secrets Manager secrets the platform reads at the first addons apply: the shared stack creates them empty, a
   * value must be put in before. `example` is a placeholder `--secret-string` of the shape the platform reads.
   */
  readonly platformSecrets: readonly { readonly name: string; readonly purpose: string; readonly example: string }[];
}

/** Placeholder values of the platform's secrets, in the shape it reads (modules/observability/observability.ts). */
const SECRET_EXAMPLES = {
  grafanaAdmin: {
    purpose: "Grafana's admin login",
    example: JSON.stringify({ username: 'admin', password: '<a long random password>' }),
  },
  alertWebhook: { purpose: 'the alert webhook URL', example: 'https://hooks.example.com/<your webhook>' },
} as const;

/**
 * Karpenter's AL2023 alias `al2023@<version>` resolves through this public SSM parameter (karpenter-provider-aws
 * `pkg/providers/amifamily/al2023.go`, the EKS optimized AMI parameters of the EKS user guide).
 */
export function al2023AmiParameter(
  kubernetesVersion: string,
  alias: string = AL2023_AMI_ALIAS,
  arch = NODE_POOL_ARCHITECTURES[0],
): string {
  const version = alias.split('@')[1];
  const a = arch === 'amd64' ? 'x86_64' : 'arm64';
  const image = `amazon-eks-node-al2023-${a}-standard-${kubernetesVersion}-${version}`;
  return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/${a}/standard/${image}/image_id`;
}

function systemNodeVcpus(env: EnvironmentConfig): number {
  const ng = env.cluster.systemNodeGroup;
  // the price table knows the vCPUs of the types it prices; the validation restricts nothing more here
  return ng.maxSize * (US_EAST_1_PRICES.ec2Vcpus[ng.instanceType] ?? 0);
}

export function preflightFacts(
  platform: PlatformConfig,
  environments: readonly EnvironmentConfig[],
  env: EnvironmentConfig,
): PreflightFacts {
  const versions = addonVersionsFor(env.cluster.kubernetesVersion);
  // what the environment's account holds: its own account (env.aws), or the platform account and its environments
  const accountId = accountOf(platform, env);
  const inAccount = environments.filter(e => accountOf(platform, e) === accountId);
  const onDemand = inAccount.reduce(
    (sum, e) => sum + systemNodeVcpus(e) + (e.karpenter.capacityTypes.includes('on-demand') ? e.karpenter.cpuLimit : 0),
    0,
  );
  const spot = inAccount.reduce(
    (sum, e) => sum + (e.karpenter.capacityTypes.includes('spot') ? e.karpenter.cpuLimit : 0),
    0,
  );
  return {
    environment: env.name,
    accountId,
    region: platform.aws.region,
    clusterName: env.cluster.name,
    kubernetesVersion: env.cluster.kubernetesVersion,
    admins: env.cluster.adminPrincipalArns.map(arn => {
      const [kind, ...path] = arn.split(':').slice(5).join(':').split('/');
      return { arn, kind: kind as 'role' | 'user', name: path[path.length - 1] };
    }),
    githubOidcProviderArn: githubOidcProviderArn(environmentPlatform(platform, env)),
    spotRole: {
      name: SPOT_SERVICE_LINKED_ROLE,
      mode:
        ((env.aws === undefined ? platform.createSpotServiceLinkedRole : env.aws.createSpotServiceLinkedRole) ?? true)
          ? 'create'
          : 'existing',
      needed: inAccount.some(e => e.karpenter.capacityTypes.includes('spot')),
    },
    addons: Object.entries(versions).map(([name, version]) => ({
      name,
      version,
      configKeys: configKeyPaths(
        addonConfigurations(platform.aws.region, env.karpenter.cpuLimit)[name as keyof typeof versions] ?? {},
      ),
    })),
    amiParameter: al2023AmiParameter(env.cluster.kubernetesVersion),
    vcpuQuotas: [
      { ...VCPU_QUOTAS.onDemand, needed: onDemand },
      { ...VCPU_QUOTAS.spot, needed: spot },
    ],
    hostedZone: env.ingress.domain?.zoneName,
    platformSecrets: Object.entries(platformSecretNames(env))
      .filter((e): e is [keyof typeof SECRET_EXAMPLES, string] => e[1] !== undefined)
      .map(([key, name]) => ({ name, ...SECRET_EXAMPLES[key] })),
  };
}

/** The facts as tab-separated lines for bash (`while IFS=$'\t' read -r kind a b c`). */
export function renderFactLines(f: PreflightFacts): string {
  const lines: string[][] = [
    ['account', f.accountId],
    ['region', f.region],
    ['cluster', f.clusterName, f.kubernetesVersion],
    ...f.admins.map(a => ['admin', a.kind, a.name, a.arn]),
    ['oidc', f.githubOidcProviderArn],
    ['spot-role', f.spotRole.name, f.spotRole.mode, f.spotRole.needed ? 'needed' : 'unused'],
    ...f.addons.map(a => ['addon', a.name, a.version, f.kubernetesVersion]),
    ...f.addons
      .filter(a => a.configKeys.length > 0)
      .map(a => ['addon-config', a.name, a.version, a.configKeys.join(',')]),
    ['ami', f.amiParameter],
    ...f.vcpuQuotas.map(q => ['quota', q.code, String(q.needed), q.name]),
    ...(f.hostedZone === undefined ? [] : [['zone', f.hostedZone]]),
    ...f.platformSecrets.map(s => ['secret', s.name, s.purpose, s.example]),
  ];
  return lines.map(l => l.join('\t')).join('\n') + '\n';
}

/** Dotted paths of an object's keys, down to values that are not plain objects (`node.env`, `controller.env`). */
export function configKeyPaths(config: object, prefix = ''): string[] {
  return Object.entries(config).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? configKeyPaths(value as object, `${path}.`)
      : [path];
  });
}
