/** An AWS partition: an ARN's second field (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Every partition, for matching an ARN whose partition is not known. */
export const AWS_PARTITIONS: readonly AwsPartition[] = ['aws', 'aws-cn', 'aws-us-gov'];

/**
 * The partition of a region: `aws-us-gov` for GovCloud (`us-gov-west-1`), `aws-cn` for China (`cn-north-1`),
 * otherwise `aws` (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
 */
export function awsPartition(region: string): AwsPartition {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/**
 * The region global services (IAM, Route 53, CloudFront) sign their requests in, which is the `aws:RequestedRegion`
 * a policy sees for them: us-east-1, cn-north-1 in China, us-gov-west-1 in GovCloud (the SDKs' partition endpoints
 * `aws-global`, `aws-cn-global`, `aws-us-gov-global`; https://docs.aws.amazon.com/general/latest/gr/iam-service.html).
 */
export function globalServiceRegion(partition: AwsPartition): string {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

/** The partition an ARN is in (its second field): `aws-cn` for `arn:aws-cn:iam::123456789012:role/ci`. */
export function arnPartition(arn: string): AwsPartition {
  const partition = AWS_PARTITIONS.find(p => arn.startsWith(`arn:${p}:`));
  if (partition === undefined) throw new Error(`${arn} is not an ARN of a partition (${AWS_PARTITIONS.join(', ')})`);
  return partition;
}
