import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import { nameConstructId } from '../naming';
import { suppress } from '../policies/suppress';

/** Properties for {@link SecretContainers}. */
export interface SecretContainersProps {
  /** Secret names, e.g. `dev/myapp/database`. */
  readonly names: readonly string[];
  /** ARN of the CMK that encrypts every secret. */
  readonly kmsKeyArn: string;
  /** Days a deleted secret can still be restored (7-30). @default 30 */
  readonly recoveryWindowInDays?: number;
}

/** The longest window Secrets Manager allows: an accidental delete stays recoverable for a month. */
export const DEFAULT_RECOVERY_WINDOW_DAYS = 30;

/**
 * Why there is no `aws_secretsmanager_secret_rotation` (SECURITY-RULES check 41, CKV2_AWS_57): the containers hold
 * third-party or application credentials whose rotation needs a rotation Lambda per kind of secret; values are set
 * out of band (`aws secretsmanager put-secret-value`), never through Terraform.
 */
export const ROTATION_SUPPRESSION_REASON = `SECURITY-RULES C6: an empty container populated out of band for a database
  this platform does not run, so no rotation Lambda can reach it. Add an aws_secretsmanager_secret_rotation when the
  database exists (review 2027-05).`;

export function validateSecretContainersProps(props: SecretContainersProps): void {
  const days = props.recoveryWindowInDays ?? DEFAULT_RECOVERY_WINDOW_DAYS;
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    throw new Error(`recoveryWindowInDays must be a whole number from 7 to 30, got ${days}`);
  }
  const seen = new Set<string>();
  for (const name of props.names) {
    if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
      throw new Error(`secret names must be 1-512 letters, digits or /_+=.@-, got "${name}"`);
    }
    if (seen.has(name)) throw new Error(`secret names must be unique, got "${name}" twice`);
    seen.add(name);
  }
}

/**
 * Empty Secrets Manager secrets (names only): no `aws_secretsmanager_secret_version`, so no value ever reaches Git
 * or the Terraform state. External Secrets reads them by name.
 */
export class SecretContainers extends Construct {
  /** Secrets by name. */
  public readonly secrets: Readonly<Record<string, SecretsmanagerSecret>>;

  constructor(scope: Construct, id: string, props: SecretContainersProps) {
    super(scope, id);
    validateSecretContainersProps(props);
    const recoveryWindowInDays = props.recoveryWindowInDays ?? DEFAULT_RECOVERY_WINDOW_DAYS;
    const secrets: Record<string, SecretsmanagerSecret> = {};
    for (const name of props.names) {
      secrets[name] = new SecretsmanagerSecret(this, nameConstructId(name), {
        name,
        description: `${name}: value set out of band, read by External Secrets`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays,
      });
      suppress(secrets[name], 'secrets-manager-rotation', ROTATION_SUPPRESSION_REASON);
    }
    this.secrets = secrets;
  }
}
