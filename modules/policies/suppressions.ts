import { ENVIRONMENTS } from '../../environments';
import type { EnvironmentConfig } from '../../environments/types';
import {
  accountStackId, hasOwnAccount, secretContainerNames, SHARED_STACK_ID, STATE_BACKEND_STACK_ID, stackId,
} from '../naming';
import { secretConstructId } from '../shared/secret-containers';
import { edgeController, runsIngressNginx, servesHttps } from '../edge/edge-config';
import { addressOf } from './address';

/**
 * The one table of accepted findings, keyed by (rule, stack, address), each with the reason it is accepted
 * (SECURITY-RULES Part C). A suppression that matches no finding is itself reported (`unused-suppression`), and
 * `npm run policy` fails on it, so the table cannot rot.
 */
export interface Suppression {
  /** Rule name (the rule's file name), e.g. `eks-public-access-cidrs`. */
  readonly rule: string;
  /** Stack id, e.g. `dev-eks`. */
  readonly stack: string;
  /** Terraform address `type.name` of the resource the finding names (see {@link addressOf}). */
  readonly address: string;
  /** Why the finding is accepted: the design decision, the compensating controls, when to revisit. */
  readonly reason: string;
}

const WORLD = '0.0.0.0/0';

/** A reason written over several source lines (starting and ending with text), as the one line the report prints. */
function oneLine(parts: TemplateStringsArray, ...values: readonly string[]): string {
  return parts
    .map((part, i) => `${part}${values[i] ?? ''}`)
    .join('')
    .replace(/\s+/g, ' ');
}

/** Accepted findings of the state-backend and shared stacks (they do not depend on the environments). */
const PLATFORM: readonly Suppression[] = [
  {
    rule: 's3-bucket-cmk',
    stack: STATE_BACKEND_STACK_ID,
    address: addressOf('aws_s3_bucket_server_side_encryption_configuration', 'state-bucket-encryption'),
    reason:
      oneLine`The design asks for AES-256 server-side encryption of the state bucket. Compensating controls: all four
        public access block flags, BucketOwnerEnforced, TLS-only bucket policy, versioning, access only through the CI
        roles. A CMK would add a key-policy gate and decrypt audit trail: revisit if state must be isolated from
        account admins.`,
  },
  {
    rule: 'dynamodb-cmk',
    stack: STATE_BACKEND_STACK_ID,
    address: addressOf('aws_dynamodb_table', 'lock-table'),
    reason:
      oneLine`The lock table holds only lock IDs and state checksums, no state or secrets; it is encrypted at rest
        with the AWS-owned key. DynamoDB locking is deprecated since Terraform 1.11 (platform.state.useLockfile
        replaces it).`,
  },
];

/**
 * Accepted findings of the shared stack's permissions boundaries (they name every environment's roles by ARN); the
 * bootstrap stack of an environment's own account carries the same two boundaries (boundarySuppressions).
 */
const BOUNDARY: readonly Suppression[] = [
  {
    rule: 'iam-passrole-pinned',
    stack: SHARED_STACK_ID,
    address: addressOf('aws_iam_policy', 'workload-boundary'),
    reason:
      oneLine`A permissions boundary, not a grant: it caps what Karpenter's controller may pass at the Karpenter node
        roles of the environments (\`*-karpenter-node\`, only to ec2.amazonaws.com; the CI boundary keeps CI roles out
        of that name). Those roles live in the environment stacks, so the rule cannot see them as node roles of this
        stack.`,
  },
  {
    rule: 'iam-no-admin-actions',
    stack: SHARED_STACK_ID,
    address: addressOf('aws_iam_policy', 'ci', 'ci-boundary'),
    reason:
      oneLine`The CI permissions boundary, not a grant: its Allow has the shape of PowerUserAccess (NotAction iam,
        organizations, account) in the platform region, the cap of the apply roles. What each CI role may do comes
        from its own policies; the boundary adds the Denies no CI role may escape (unbounded roles, state tampering,
        secret values, boundary changes).`,
  },
  {
    rule: 'iam-passrole-pinned',
    stack: SHARED_STACK_ID,
    address: addressOf('aws_iam_policy', 'ci', 'ci-boundary'),
    reason:
      oneLine`The CI permissions boundary, not a grant: it lets CI roles keep the PassRole their own policies give
        them (each apply role names the exact roles and services it passes, iam-passrole-pinned judges those
        policies); a boundary that named the roles would need an administrator's apply for every new environment.`,
  },
];

/** The stack with an environment's secrets and CI roles: shared, or the bootstrap stack of its own account. */
function ciStackOf(env: EnvironmentConfig): string {
  return hasOwnAccount(env) ? accountStackId(env.name) : SHARED_STACK_ID;
}

/** The boundaries' suppressions, for the bootstrap stack of each environment in its own account. */
function accountBoundarySuppressions(environments: readonly EnvironmentConfig[]): Suppression[] {
  return environments
    .filter(hasOwnAccount)
    .flatMap(env => BOUNDARY.map(s => ({ ...s, stack: accountStackId(env.name) })));
}

/** Secret containers are filled out of band, so none has a rotation Lambda (one suppression per container). */
function secretContainerSuppressions(environments: readonly EnvironmentConfig[]): Suppression[] {
  return environments.flatMap(env => secretContainerNames(env).map(name => ({ env, name }))).map(({ env, name }) => ({
    rule: 'secrets-manager-rotation',
    stack: ciStackOf(env),
    address: addressOf('aws_secretsmanager_secret', 'secrets', secretConstructId(name)),
    reason:
      oneLine`SECURITY-RULES C6: an empty container populated out of band for a database this platform does not run,
        so no rotation Lambda can reach it. Add an aws_secretsmanager_secret_rotation when the database exists (review
        2027-05).`,
  }));
}

/** Accepted findings of one environment's stacks, derived from its configuration. */
function environmentSuppressions(env: EnvironmentConfig): Suppression[] {
  const eks = stackId(env.name, 'eks');
  const addons = stackId(env.name, 'addons');
  const cluster = addressOf('aws_eks_cluster', 'cluster', 'cluster');
  const out: Suppression[] = [
    {
      rule: 'eks-public-endpoint',
      stack: eks,
      address: cluster,
      reason:
        oneLine`SECURITY-RULES C1: public + private endpoint is the design (operators and CI deploy from outside the
          VPC); the API stays behind IAM authentication and access entries, and eks-public-access-cidrs judges the
          CIDRs. CIS 5.4.2 accepted.`,
    },
    {
      rule: 'sg-world-egress',
      stack: eks,
      address: addressOf('aws_vpc_security_group_egress_rule', 'security-groups', 'nodes-to-internet-https'),
      reason:
        oneLine`SECURITY-RULES C2: nodes pull images (ECR, public registries) and call AWS APIs (STS, EC2, SQS)
          through the NAT gateway; egress is narrowed to tcp/443. VPC endpoints would narrow it further.`,
    },
    {
      rule: 'iam-resource-wildcard',
      stack: addons,
      address: addressOf('aws_iam_policy', 'load-balancer-controller', 'identity', 'policy'),
      reason:
        oneLine`SECURITY-RULES C3: the AWS Load Balancer Controller policy mirrors upstream
          docs/install/iam_policy.json of the pinned chart statement for statement (a test pins its exact action set),
          so upgrades diff cleanly; its unconditioned Resource "*" statements are upstream design.`,
    },
    ...edgeSuppressions(env),
  ];
  out.push({
    rule: 'iam-passrole-pinned',
    stack: ciStackOf(env),
    address: addressOf('aws_iam_role_policy', 'ci', `apply-${env.name}`, 'inline'),
    reason:
      oneLine`The CI apply role of ${env.name} creates the environment's roles and hands them to EKS (cluster role),
        EKS Pod Identity (add-on roles) and VPC flow logs, so it passes named roles to those services. Each ARN is
        listed (environmentRoleNames), none is a wildcard, and the role is trusted only for its protected GitHub
        environment.`,
  });
  if (env.cluster.publicAccessCidrs.includes(WORLD)) {
    out.push({
      rule: 'eks-public-access-cidrs',
      stack: eks,
      address: cluster,
      reason:
        oneLine`${env.name}.cluster.publicAccessCidrs is ${WORLD} because the design asks to deploy from anywhere; the
          risk is written in the README and the environment file. Narrow it to office and CI ranges and this
          suppression goes away.`,
    });
  }
  return out;
}

/** The internet-facing ALB(s) of the configured edge: ingress-nginx's, the Gateway's, or both during a migration. */
function edgeSuppressions(env: EnvironmentConfig): Suppression[] {
  const addons = stackId(env.name, 'addons');
  const edges: { construct: string; attachedBy: string }[] = [];
  if (runsIngressNginx(env.ingress)) {
    const attachedBy = 'the Ingress annotation alb.ingress.kubernetes.io/security-groups';
    edges.push({ construct: 'ingress-nginx', attachedBy });
  }
  if (edgeController(env.ingress) === 'gateway-api') {
    edges.push({ construct: 'gateway-api', attachedBy: "the spec.securityGroups of the Gateway's LoadBalancerConfiguration" });
  }
  const ports = servesHttps(env.ingress) ? [80, 443] : [80];
  return edges.flatMap(({ construct, attachedBy }) => [
    ...ports.map(port => ({
      rule: 'sg-no-world-ingress',
      stack: addons,
      address: addressOf('aws_vpc_security_group_ingress_rule', construct, 'alb-security-group', `internet-${port}`),
      reason: port === 443
        ? 'The internet-facing ALB serves HTTPS to clients from anywhere (the certificate of the environment file).'
        : oneLine`The internet-facing ALB must accept clients from anywhere (with a certificate port 80 only redirects
          to HTTPS); nodes accept only the ALB on the target ports, and an optional WAF ACL filters requests.`,
    })),
    {
      rule: 'sg-attached',
      stack: addons,
      address: addressOf('aws_security_group', construct, 'alb-security-group', 'group'),
      reason:
        oneLine`SECURITY-RULES C9: the ALB security group is attached by the load balancer controller through
          ${attachedBy}, which Terraform does not see.`,
    },
  ]);
}

/** The suppressions of a platform built from `environments`. */
export function platformSuppressions(environments: readonly EnvironmentConfig[]): Suppression[] {
  return [
    ...PLATFORM,
    ...BOUNDARY,
    ...accountBoundarySuppressions(environments),
    ...secretContainerSuppressions(environments),
    ...environments.flatMap(environmentSuppressions),
  ];
}

/** The suppressions of the real platform (dev + prod). */
export const SUPPRESSIONS: readonly Suppression[] = platformSuppressions(ENVIRONMENTS);
