/**
 * What a plan's refresh calls for each resource and data-source type the stacks use (the AWS provider's Read
 * functions, hashicorp/terraform-provider-aws `internal/service/<service>/*.go`). A test keeps every type of the
 * synthesized stacks in this table and evaluates each action for the plan role: ReadOnlyAccess grants them, and
 * none may fall under the plan role's data-read Denies. An empty list: the type calls no AWS API.
 */
export const PLAN_REFRESH_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  aws_acm_certificate: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
  aws_acm_certificate_validation: ['acm:DescribeCertificate'],
  aws_availability_zones: ['ec2:DescribeAvailabilityZones'],
  aws_cloudwatch_event_rule: ['events:DescribeRule', 'events:ListTagsForResource'],
  aws_cloudwatch_event_target: ['events:ListTargetsByRule'],
  aws_cloudwatch_log_group: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'],
  aws_default_security_group: ['ec2:DescribeSecurityGroups'],
  aws_ecr_lifecycle_policy: ['ecr:GetLifecyclePolicy'],
  aws_ecr_repository: ['ecr:DescribeRepositories', 'ecr:ListTagsForResource'],
  aws_eip: ['ec2:DescribeAddresses'],
  aws_eks_access_entry: ['eks:DescribeAccessEntry'],
  aws_eks_access_policy_association: ['eks:ListAssociatedAccessPolicies'],
  aws_eks_addon: ['eks:DescribeAddon'],
  aws_eks_cluster: ['eks:DescribeCluster'],
  aws_eks_node_group: ['eks:DescribeNodegroup'],
  aws_eks_pod_identity_association: ['eks:DescribePodIdentityAssociation'],
  aws_flow_log: ['ec2:DescribeFlowLogs'],
  aws_iam_openid_connect_provider: ['iam:GetOpenIDConnectProvider'],
  aws_iam_policy: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyTags'],
  aws_iam_policy_document: [],
  aws_iam_role: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies'],
  aws_iam_role_policy: ['iam:GetRolePolicy'],
  aws_iam_role_policy_attachment: ['iam:ListAttachedRolePolicies'],
  aws_iam_service_linked_role: ['iam:GetRole'],
  aws_internet_gateway: ['ec2:DescribeInternetGateways'],
  aws_kms_alias: ['kms:ListAliases'],
  aws_kms_key: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
  aws_launch_template: ['ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions'],
  aws_nat_gateway: ['ec2:DescribeNatGateways'],
  aws_route: ['ec2:DescribeRouteTables'],
  aws_route_table: ['ec2:DescribeRouteTables'],
  aws_route_table_association: ['ec2:DescribeRouteTables'],
  aws_secretsmanager_secret: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
  aws_security_group: ['ec2:DescribeSecurityGroups'],
  aws_sqs_queue: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
  aws_sqs_queue_policy: ['sqs:GetQueueAttributes'],
  aws_subnet: ['ec2:DescribeSubnets'],
  aws_vpc: ['ec2:DescribeVpcs', 'ec2:DescribeVpcAttribute'],
  aws_vpc_security_group_egress_rule: ['ec2:DescribeSecurityGroupRules'],
  aws_vpc_security_group_ingress_rule: ['ec2:DescribeSecurityGroupRules'],
  // in the cluster, through the plan role's access entry; the token is a presigned sts:GetCallerIdentity (no permission)
  helm_release: [],
  aws_route53_record: ['route53:ListResourceRecordSets'],
  // the log buckets (shared stack): the bucket's Read (internal/service/s3/bucket.go) reads every sub-configuration
  aws_s3_bucket: [
    's3:ListBucket', 's3:GetBucketPolicy', 's3:GetBucketAcl', 's3:GetBucketCORS', 's3:GetBucketWebsite',
    's3:GetBucketVersioning', 's3:GetAccelerateConfiguration', 's3:GetBucketRequestPayment', 's3:GetBucketLogging',
    's3:GetLifecycleConfiguration', 's3:GetReplicationConfiguration', 's3:GetEncryptionConfiguration',
    's3:GetBucketObjectLockConfiguration', 's3:GetBucketTagging',
  ],
  aws_s3_bucket_lifecycle_configuration: ['s3:GetLifecycleConfiguration'],
  aws_s3_bucket_ownership_controls: ['s3:GetBucketOwnershipControls'],
  aws_s3_bucket_policy: ['s3:GetBucketPolicy'],
  aws_s3_bucket_public_access_block: ['s3:GetBucketPublicAccessBlock'],
  aws_s3_bucket_server_side_encryption_configuration: ['s3:GetEncryptionConfiguration'],
  aws_s3_bucket_versioning: ['s3:GetBucketVersioning'],
  aws_route53_zone: ['route53:ListHostedZones', 'route53:GetHostedZone', 'route53:ListTagsForResource'],
  // runs only at apply (the Gateway API CRDs); a plan reads its state
  terraform_data: [],
  // hashicorp/time: state only
  time_sleep: [],
  // the upstream layer's state object, under the same prefix (contracts.ts)
  terraform_remote_state: ['s3:GetObject'],
};
