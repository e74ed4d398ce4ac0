/**
 * Typed configuration of the platform. Environment files (`dev.ts`, `prod.ts`, ...) hold data only;
 * `validate.ts` checks it before any stack is built.
 */

/** The account, region and names shared by every stack. Set once, in `platform.ts`. */
export interface PlatformConfig {
  /** Short project name, used as the prefix of AWS names (`myapp-dev`, `myapp-terraform-locks`). */
  readonly project: string;
  readonly aws: {
    /**
     * The platform account (12 digits): state backend, ECR, shared CI roles, and every environment without an
     * account of its own (`EnvironmentConfig.aws`).
     */
    readonly accountId: string;
    /** The one AWS region every stack deploys into (in every account), e.g. `us-east-1`. */
    readonly region: string;
  };
  readonly state: StateConfig;
  readonly github: GithubConfig;
  readonly ecr: EcrConfig;
  /** Tags added to every taggable resource through the provider's `default_tags`. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Whether the shared stack creates the account's `AWSServiceRoleForEC2Spot` (EC2 launches no spot capacity without
   * it). `false` for an account that already has it and keeps it out of Terraform; to manage an existing one instead,
   * keep `true` and `terraform import` it (docs/DEPLOYMENT.md, section 3). @default true
   */
  readonly createSpotServiceLinkedRole?: boolean;
}

/** Where every stack keeps its Terraform state. */
export interface StateConfig {
  /** S3 bucket for all state files (globally unique, 3-63 chars, lowercase). */
  readonly bucket: string;
  /** DynamoDB lock table (the seed's locking; deprecated by Terraform 1.11 but still supported). */
  readonly lockTable: string;
  /**
   * Also lock with an S3 lock file (`use_lockfile`, Terraform >= 1.10). Both locks are taken when both are on,
   * which is Terraform's documented migration path away from DynamoDB.
   */
  readonly useLockfile: boolean;
  /** Days to keep non-current state versions before they expire. */
  readonly noncurrentVersionDays: number;
  /**
   * Where the state-backend stack keeps its own state. `false` for the first apply: the stack creates the bucket and
   * the lock table, so its state starts local, in `terraform.state-backend.tfstate` at the project root (outside
   * `cdktf.out/`, which synth may rewrite). Set `true` once the bucket exists, run `npx cdktf synth`, then
   * `terraform init -migrate-state` in `cdktf.out/stacks/state-backend` to move the stack's own state into the bucket
   * at key `state-backend/terraform.tfstate` (same bucket and lock table as every other stack).
   */
  readonly stateBackendInS3: boolean;
}

/** GitHub repositories whose Actions assume the CI roles through OIDC. */
export interface GithubConfig {
  /** Organisation or user that owns both repositories. */
  readonly owner: string;
  /** This repository: its pull requests plan, its `main` branch and environments apply. */
  readonly infraRepository: string;
  /** The application repository whose CI pushes images to ECR. */
  readonly appRepository: string;
  /**
   * How GitHub writes the OIDC `sub` claim. `name` is `repo:owner/repo:...`; `id` is the immutable form
   * `repo:owner@<ownerId>/repo@<repoId>:...` that repositories created from 2026-07-15 send.
   */
  readonly subjectFormat: 'name' | 'id';
  /** Numeric owner id, required when `subjectFormat` is `id`. */
  readonly ownerId?: string;
  /** Numeric repository ids by repository name, required when `subjectFormat` is `id`. */
  readonly repositoryIds?: Readonly<Record<string, string>>;
  /** Branch whose pushes may apply (with no GitHub environment on the job). */
  readonly applyBranch: string;
}

/** ECR repositories of the shared stack. */
export interface EcrConfig {
  /** Repository names, e.g. `myapp/api`. */
  readonly repositories: readonly string[];
  /** How many tagged images each repository keeps. */
  readonly keepLastImages: number;
  /** Days after which untagged images expire. */
  readonly untaggedExpiryDays: number;
}

/** One environment: its VPC, cluster and add-ons. Adding an environment means adding one such file. */
export interface EnvironmentConfig {
  /** Environment name: lowercase letters and digits, used in stack ids (`dev-vpc`) and state keys (`dev/vpc/...`). */
  readonly name: string;
  readonly network: NetworkConfig;
  readonly cluster: ClusterConfig;
  readonly karpenter: KarpenterConfig;
  readonly ingress: IngressConfig;
  readonly secrets: SecretsConfig;
  readonly argocd: ArgoCdConfig;
  readonly observability: ObservabilityConfig;
  /** Extra tags for this environment's resources (the provider adds environment, project and managed-by). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The environment in an AWS account of its own, AWS's strongest boundary between environments. The state bucket,
   * the lock table, ECR and the shared CI roles stay in `platform.aws.accountId`; the environment's stacks, its CI
   * roles and GitHub OIDC provider, its secrets and log bucket live in this account (docs/DEPLOYMENT.md, "One AWS
   * account per environment"). @default - the platform account, isolated by tags and ARNs like every environment
   */
  readonly aws?: EnvironmentAccountConfig;
}

/**
 * An environment's own AWS account. It sits in the environment's file because it is a property of the environment,
 * next to its cluster and network: adding an account-per-environment is one field in one file.
 */
export interface EnvironmentAccountConfig {
  /** The environment's account (12 digits), not the platform account. */
  readonly accountId: string;
  /**
   * Role in this account that an administrator of the platform account assumes to apply the `<env>-account`
   * bootstrap stack (OIDC provider, CI roles, boundaries, secrets, logs). @default 'OrganizationAccountAccessRole'
   * (what AWS Organizations creates in a member account)
   */
  readonly bootstrapRoleName?: string;
  /**
   * Administrators of this account (role or user ARNs, `*` allowed) who, besides the bootstrap role, may read and
   * write the environment's state `<env>/*` and release its lock files across accounts: the break-glass path for
   * `scripts/destroy.sh`, `terraform force-unlock`, `state rm` and import (docs/DEPLOYMENT.md, "One AWS account per
   * environment"). @default - the bootstrap role only
   */
  readonly stateAdminArns?: readonly string[];
  /**
   * Whether the bootstrap stack creates this account's `AWSServiceRoleForEC2Spot` (like
   * `platform.createSpotServiceLinkedRole` for the platform account). @default true
   */
  readonly createSpotServiceLinkedRole?: boolean;
}

export interface NetworkConfig {
  /** VPC IPv4 CIDR, a /16 to /24 block, e.g. `10.0.0.0/16`. */
  readonly cidr: string;
  /** Availability zones to spread subnets over (looked up at plan time). */
  readonly azCount: number;
  /** `single`: one NAT gateway for the VPC (cheaper); `per-az`: one per zone (survives a zone outage). */
  readonly natGateways: 'single' | 'per-az';
  /** Retention of the VPC flow-log group, in days. */
  readonly flowLogRetentionDays: number;
}

export interface ClusterConfig {
  /** EKS cluster name (1-100 chars, letters, digits, hyphens, underscores, starting with a letter or digit). */
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.35`: must be in the lifecycle table of `kubernetes-versions.ts`. */
  readonly kubernetesVersion: string;
  /**
   * CIDRs that may reach the public API endpoint. `0.0.0.0/0` is what the seed asks for ("deploy from anywhere"):
   * it exposes the endpoint (still behind IAM authentication) to the whole internet. Narrow it to your offices and
   * CI egress ranges where you can.
   */
  readonly publicAccessCidrs: readonly string[];
  /**
   * IAM principals (roles or users) that get cluster-admin access entries, of the cluster's account: the environment's
   * (`aws.accountId`) or the platform account.
   */
  readonly adminPrincipalArns: readonly string[];
  /**
   * Accept an empty `adminPrincipalArns`: then only the CI apply role can administer the cluster (the creator gets
   * no implicit access). Without this, an empty list fails validation. @default false
   */
  readonly allowNoClusterAdmins?: boolean;
  /** Retention of the control-plane log group, in days. */
  readonly logRetentionDays: number;
  readonly systemNodeGroup: SystemNodeGroupConfig;
  /**
   * What EKS does when `kubernetesVersion` leaves standard support (`upgrade_policy.support_type`). `STANDARD`: EKS
   * upgrades the control plane to the next minor by itself, at the standard price ($0.10 per cluster-hour).
   * `EXTENDED`: the version stays, in extended support, at $0.60 per cluster-hour (+$0.50) until you upgrade.
   * Extended support cannot be turned off once it has started.
   * @default 'EXTENDED' (the EKS API default: no upgrade nobody asked for)
   * @see https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html
   */
  readonly supportType?: ClusterSupportType;
  /**
   * EKS deletion protection: `DeleteCluster` is refused until it is lifted with
   * `aws eks update-cluster-config --name <cluster> --no-deletion-protection` (scripts/destroy.sh says so).
   * @default false
   * @see https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html
   */
  readonly deletionProtection?: boolean;
}

export const CLUSTER_SUPPORT_TYPES = ['STANDARD', 'EXTENDED'] as const;
export type ClusterSupportType = (typeof CLUSTER_SUPPORT_TYPES)[number];
/** EKS's own default when a cluster sets no upgrade policy. */
export const DEFAULT_SUPPORT_TYPE: ClusterSupportType = 'EXTENDED';

export interface SystemNodeGroupConfig {
  readonly instanceType: string;
  readonly desiredSize: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** Root volume size (gp3, encrypted). */
  readonly diskSizeGiB: number;
}

export type CapacityType = 'spot' | 'on-demand';

export interface KarpenterConfig {
  /** EC2 instance families the NodePool may launch, e.g. `m5`. */
  readonly instanceFamilies: readonly string[];
  readonly capacityTypes: readonly CapacityType[];
  /** NodePool `spec.limits.cpu`: total vCPUs Karpenter may run. */
  readonly cpuLimit: number;
  /** How long a node must be empty or underutilised before consolidation, e.g. `1m`. */
  readonly consolidateAfter: string;
  /** Node lifetime before replacement, e.g. `720h`. */
  readonly expireAfter: string;
  /** Controller replicas (they run on the system nodes, one per node). */
  readonly controllerReplicas: number;
}

export interface ResourceQuantities {
  readonly cpu: string;
  readonly memory: string;
}

export interface IngressConfig {
  readonly replicas: number;
  readonly resources: { readonly requests: ResourceQuantities; readonly limits: ResourceQuantities };
  /** Fixed NodePorts the ALB targets (30000-32767). */
  readonly nodePorts: { readonly http: number; readonly https: number };
  /** ACM certificate for HTTPS on the ALB; when set, HTTP redirects to HTTPS. @default - HTTP only */
  readonly certificateArn?: string;
  /** Regional WAFv2 web ACL attached to the ALB. @default - no WAF */
  readonly wafAclArn?: string;
  /**
   * What serves the edge. `ingress-nginx` (the seed): ALB -> NodePort -> ingress-nginx. `gateway-api`: the AWS Load
   * Balancer Controller serves the Gateway API itself (ALB -> pod IPs); ingress-nginx is not installed.
   * @default 'ingress-nginx'
   */
  readonly controller?: EdgeController;
  /**
   * With `gateway-api`: keep ingress-nginx and its ALB running beside the Gateway while applications move over
   * (docs/DEPLOYMENT.md, "Moving a running environment"). `serving`: the hostnames stay on ingress-nginx's ALB and
   * the Gateway is tested through its own ALB name; `draining`: DNS follows the Gateway and the old ALB answers only
   * clients with cached answers. @default - not kept
   */
  readonly keepIngressNginx?: 'serving' | 'draining';
  /**
   * Route 53 zone and hostnames: an ACM certificate validated in the zone (HTTPS, HTTP redirects) and external-dns
   * pointing the hostnames at the ALB. @default - no DNS, and HTTP only unless `certificateArn` is set
   */
  readonly domain?: DomainConfig;
}

export type EdgeController = 'ingress-nginx' | 'gateway-api';

export interface DomainConfig {
  /** An existing public Route 53 hosted zone, looked up by name (never created), e.g. `example.com`. */
  readonly zoneName: string;
  /** Names the ALB serves, inside the zone (`app.example.com`, `*.example.com`); the first names the certificate. */
  readonly hostnames: readonly string[];
}

export interface SecretsConfig {
  /** Secrets Manager name prefixes this cluster's External Secrets may read, e.g. `dev` (grants `dev/*`). */
  readonly readablePrefixes: readonly string[];
  /** Secret containers created (empty) by the shared stack, each under one of the prefixes. */
  readonly containers: readonly string[];
}

/**
 * Prometheus, Alertmanager, Grafana and Loki in the cluster, on Karpenter capacity (the node exporter and the log
 * shipper also on the system nodes). Credentials come from Secrets Manager through External Secrets.
 */
export interface ObservabilityConfig {
  readonly enabled: boolean;
  /** How long Prometheus keeps metrics, in days. */
  readonly metricsRetentionDays: number;
  /** How long Loki keeps logs, in days: also the expiry of the chunks bucket's objects. */
  readonly logRetentionDays: number;
  /** Grafana's hostname on the environment's edge. @default - not exposed (`kubectl port-forward`) */
  readonly grafanaHostname?: string;
  /**
   * Alertmanager sends every alert to a webhook whose URL is the value of this Secrets Manager secret (created
   * empty by the shared stack, under one of `secrets.readablePrefixes`). @default - alerts stay in Alertmanager
   */
  readonly alertWebhookSecret?: string;
}

export interface ArgoCdConfig {
  /** The Git repository of Helm charts Argo CD deploys from: the only source an AppProject allows. */
  readonly helmChartsRepoUrl: string;
  /** The AppProject of this cluster. */
  readonly project: { readonly name: string; readonly namespaces: readonly string[] };
  /** Applications the cluster's ApplicationSet generates. */
  readonly applications: readonly ArgoCdApplicationConfig[];
}

export interface ArgoCdApplicationConfig {
  /** Application name, e.g. `myapp-dev`. */
  readonly name: string;
  /** Target namespace; must be one of the project's namespaces. */
  readonly namespace: string;
  /** Chart path inside the Helm-charts repository, e.g. `myapp/overlays/dev`. */
  readonly path: string;
  /** Git revision to track. */
  readonly targetRevision: string;
  /** `automated`: prune + self-heal; `manual`: sync by hand in Argo CD. */
  readonly sync: 'automated' | 'manual';
}
