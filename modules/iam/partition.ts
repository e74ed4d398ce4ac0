/** An AWS partition: an ARN's second field (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/**
 * The partition of a region: `aws-us-gov` for GovCloud (`us-gov-west-1`), `aws-cn` for China (`cn-north-1`),
 * otherwise `aws` (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
 */
export function awsPartition(region: string): AwsPartition {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}
