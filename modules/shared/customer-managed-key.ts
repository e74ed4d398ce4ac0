import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument, renderPolicy } from '../iam/render';

/** Properties for {@link CustomerManagedKey}. */
export interface CustomerManagedKeyProps {
  /** Alias without the `alias/` prefix, e.g. `myapp-ecr`. */
  readonly alias: string;
  readonly description: string;
  /** The account whose IAM policies may grant use of the key. */
  readonly accountId: string;
  /** The key's region: its partition is the account principal's. */
  readonly region: string;
  /** Days KMS waits before deleting a scheduled key (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
}

export const DEFAULT_KEY_DELETION_WINDOW_DAYS = 30;

export function validateCustomerManagedKeyProps(props: CustomerManagedKeyProps): void {
  const days = props.deletionWindowInDays ?? DEFAULT_KEY_DELETION_WINDOW_DAYS;
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    throw new Error(`deletionWindowInDays of key ${props.alias} must be a whole number from 7 to 30, got ${days}`);
  }
  if (!/^[A-Za-z0-9/_-]{1,250}$/.test(props.alias) || props.alias.startsWith('aws/')) {
    throw new Error(
      `alias must be 1-250 letters, digits, /, _ or - and must not start with aws/, got "${props.alias}"`,
    );
  }
}

/**
 * A symmetric KMS key with yearly rotation, an explicit key policy and `prevent_destroy`: data encrypted with it
 * (images, secrets) is lost when the key goes, so removing it takes a deliberate edit.
 */
export class CustomerManagedKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    validateCustomerManagedKeyProps(props);
    const deletionWindowInDays = props.deletionWindowInDays ?? DEFAULT_KEY_DELETION_WINDOW_DAYS;
    // KMS's default policy: the account delegates the key to IAM, so roles get it only through their own policies.
    // The CallerAccount condition states that no other account is meant, and keeps the statement from reading as open.
    const partition = awsPartition(props.region);
    const policy = policyDocument([
      {
        Sid: 'DelegateToAccountIam',
        Effect: 'Allow',
        Principal: { AWS: [arn({ service: 'iam', account: props.accountId, resource: 'root' }, partition)] },
        Action: ['kms:*'],
        Resource: ['*'],
        Condition: { StringEquals: { 'kms:CallerAccount': [props.accountId] } },
      },
    ]);
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      isEnabled: true,
      deletionWindowInDays,
      policy: renderPolicy(policy),
      lifecycle: { preventDestroy: true },
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}
