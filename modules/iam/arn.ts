import type { AwsPartition } from './partition';

/** The fields of an ARN after its partition: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ArnParts {
  /** Service namespace, e.g. `iam`, `s3`, `secretsmanager`. */
  readonly service: string;
  /** @default - empty: a global service (IAM, Route 53, S3 buckets) or a pattern spanning regions */
  readonly region?: string;
  /** Account id, `aws` for AWS-owned resources (managed policies), `*` in a pattern. @default - empty (S3, AMIs) */
  readonly account?: string;
  /** Resource part, e.g. `role/name`, `table/locks`, `hostedzone/Z123`. */
  readonly resource: string;
}

/**
 * The one way the platform writes an ARN: the partition comes from the environment's region (`awsPartition`), so
 * the same code gives `arn:aws-cn:` ARNs in China and `arn:aws-us-gov:` ones in GovCloud.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function arn(parts: ArnParts, partition: AwsPartition): string {
  return `arn:${partition}:${parts.service}:${parts.region ?? ''}:${parts.account ?? ''}:${parts.resource}`;
}

/** An AWS managed IAM policy, e.g. `AmazonEKSClusterPolicy` or `service-role/AmazonEBSCSIDriverPolicy`. */
export function awsManagedPolicyArn(name: string, partition: AwsPartition): string {
  return arn({ service: 'iam', account: 'aws', resource: `policy/${name}` }, partition);
}
