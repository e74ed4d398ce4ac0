import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument, renderPolicy } from '../iam/render';

/** Where a key lives and which log groups may use it. */
export interface LogsKeyPolicyInput {
  readonly accountId: string;
  readonly region: string;
  /** CloudWatch log group names the Logs service may encrypt with the key, e.g. `/aws/eks/myapp-dev/cluster`. */
  readonly logGroupNames: readonly string[];
}

/**
 * A key policy: the account administers the key through IAM (the AWS default statement, so IAM policies such as
 * the EKS cluster role's can grant use of it), and CloudWatch Logs of this region may use it only for the named
 * log groups (the encryption-context condition stops any other log group from borrowing the key).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function logsKeyPolicy(input: LogsKeyPolicyInput): string {
  const { region, accountId } = input;
  const partition = awsPartition(region);
  const logGroupArns = input.logGroupNames.map(name =>
    arn({ service: 'logs', region, account: accountId, resource: `log-group:${name}` }, partition),
  );
  return renderPolicy(
    policyDocument([
      {
        Sid: 'AccountAdministersKeyThroughIam',
        Effect: 'Allow',
        Principal: { AWS: arn({ service: 'iam', account: accountId, resource: 'root' }, partition) },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'CloudWatchLogsUsesKeyForTheseLogGroups',
        Effect: 'Allow',
        Principal: { Service: `logs.${input.region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArns } },
      },
    ]),
  );
}

/** Properties for {@link LogsKmsKey}. */
export interface LogsKmsKeyProps extends LogsKeyPolicyInput {
  readonly description: string;
  /** Days before a scheduled deletion happens. @default 30 (the maximum: time to notice a mistake) */
  readonly deletionWindowInDays?: number;
}

/** A rotating customer-managed KMS key that CloudWatch Logs may use for the named log groups. */
export class LogsKmsKey extends Construct {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogsKmsKeyProps) {
    super(scope, id);
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: logsKeyPolicy(props),
    });
  }
}
