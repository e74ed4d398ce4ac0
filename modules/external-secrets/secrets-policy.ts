import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument } from '../iam/render';
import type { PolicyDocument } from '../iam/statement';
import { NAME_BASE_MAX, NAME_LIMITS, shortenName } from '../naming';
import { refuseInvalid } from '../config-errors';
import { validateSecretsReadProps } from './validation';

/** Where the secrets live and which name prefixes the cluster may read. */
export interface SecretsReadInput {
  readonly accountId: string;
  readonly region: string;
  /** Secret name prefixes, e.g. `dev` grants `dev/*`. */
  readonly readablePrefixes: readonly string[];
}

/**
 * What the AWS provider of External Secrets calls to read a secret by name (docs/provider/aws-access.md, "EKS Pod
 * Identity Setup"). `ListSecrets` is left out on purpose: it takes no resource ARN, so it could only be granted on
 * `*` and would list every secret name of the account (SECURITY-RULES check 31).
 */
export const SECRETS_MANAGER_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
  'secretsmanager:ListSecretVersionIds',
] as const;

export function validateSecretsReadInput(input: SecretsReadInput): void {
  refuseInvalid(validateSecretsReadProps(input, 'secrets'));
}

/** `dev` -> `arn:<partition>:secretsmanager:<region>:<account>:secret:dev/*` (the `/` keeps out `devops/...`). */
export function secretArnPatterns(input: SecretsReadInput): string[] {
  const { region, accountId } = input;
  const partition = awsPartition(region);
  const secrets = (resource: string) =>
    arn({ service: 'secretsmanager', region, account: accountId, resource }, partition);
  return input.readablePrefixes.map(p => secrets(`secret:${p}/*`));
}

/**
 * The External Secrets controller's permissions: read the secrets under the environment's prefixes, and decrypt
 * them only when Secrets Manager asks KMS on its behalf for one of those secrets (customer-managed keys). Literal
 * JSON, so the synthesized stack shows the exact document and tests can evaluate it.
 */
export function externalSecretsPolicy(input: SecretsReadInput): PolicyDocument {
  validateSecretsReadInput(input);
  const secretArns = secretArnPatterns(input);
  const { region, accountId } = input;
  const keys = arn({ service: 'kms', region, account: accountId, resource: 'key/*' }, awsPartition(region));
  return policyDocument([
    {
      Sid: 'ReadEnvironmentSecrets',
      Effect: 'Allow',
      Action: [...SECRETS_MANAGER_READ_ACTIONS],
      Resource: secretArns,
    },
    {
      Sid: 'DecryptEnvironmentSecretsViaSecretsManager',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [keys],
      Condition: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${input.region}.amazonaws.com` },
        // Secrets Manager passes the secret's ARN as encryption context: the key works only for these secrets.
        StringLike: { 'kms:EncryptionContext:SecretARN': secretArns },
      },
    },
  ]);
}

/**
 * The role of one prefix's store: `<cluster>-eso-<prefix>` (under the cluster's name prefix, with the workload
 * boundary).
 */
export function storeRoleName(clusterName: string, prefix: string): string {
  // starts with the environment's role-name base (so the CI apply role's prefix scope covers it), fits IAM's limit
  return shortenName(`${shortenName(clusterName, NAME_BASE_MAX)}-eso-${prefix}`, NAME_LIMITS.iamRole);
}

/**
 * The controller's own permissions: assume the store roles, and nothing else (it reads no secret itself).
 * `sts:TagSession` lets the Pod Identity session tags pass on to the store roles' sessions.
 */
export function controllerAssumePolicy(storeRoleArns: readonly string[]): PolicyDocument {
  return policyDocument([
    {
      Sid: 'AssumeStoreRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: [...storeRoleArns],
    },
  ]);
}
