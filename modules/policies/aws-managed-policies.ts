import { awsManagedPolicyArn } from '../iam/arn';
import { arnPartition } from '../iam/partition';

/**
 * The AWS managed policies the CI roles attach, as the evaluator reads them. They are AWS's published documents
 * (AWS Managed Policy Reference), kept to their statement shape: PowerUserAccess in full (v12), ReadOnlyAccess as
 * its entries for the services this platform uses (the published document lists Describe/Get/List and data reads
 * per service; only those entries are copied here).
 */
export interface ManagedPolicyModel {
  /** The policy's name: its ARN is `arn:<partition>:iam::aws:policy/<name>` in every partition. */
  readonly name: string;
  readonly source: string;
  readonly document: { readonly Version: '2012-10-17'; readonly Statement: readonly Record<string, unknown>[] };
}

/** https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html (v12, 2026-02-12). */
export const POWER_USER_ACCESS: ManagedPolicyModel = {
  name: 'PowerUserAccess',
  source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetGovCloudAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeEffectivePolicy',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
};

/**
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html: the entries of the services
 * the platform's stacks use. It grants data reads too (DynamoDB items, log events, S3 objects, image layers, SQS
 * messages), which is why the plan roles deny them (ci-policies.ts).
 */
export const READ_ONLY_ACCESS: ManagedPolicyModel = {
  name: 'ReadOnlyAccess',
  source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'acm:Describe*',
          'acm:Get*',
          'acm:List*',
          'autoscaling:Describe*',
          'dynamodb:BatchGet*',
          'dynamodb:Describe*',
          'dynamodb:Get*',
          'dynamodb:List*',
          'dynamodb:Query',
          'dynamodb:Scan',
          'ec2:Describe*',
          'ec2:Get*',
          'ecr:BatchCheck*',
          'ecr:BatchGet*',
          'ecr:Describe*',
          'ecr:Get*',
          'ecr:List*',
          'eks:Describe*',
          'eks:List*',
          'elasticloadbalancing:Describe*',
          'events:Describe*',
          'events:List*',
          'iam:Generate*',
          'iam:Get*',
          'iam:List*',
          'iam:Simulate*',
          'kms:Describe*',
          'kms:Get*',
          'kms:List*',
          'logs:Describe*',
          'logs:FilterLogEvents',
          'logs:Get*',
          'logs:List*',
          'logs:StartQuery',
          'logs:StopQuery',
          'route53:Get*',
          'route53:List*',
          'route53:Test*',
          's3:Describe*',
          's3:Get*',
          's3:List*',
          'secretsmanager:Describe*',
          'secretsmanager:GetResourcePolicy',
          'secretsmanager:List*',
          'sqs:Get*',
          'sqs:List*',
          'sqs:Receive*',
          'ssm:Describe*',
          'ssm:Get*',
          'ssm:List*',
        ],
        Resource: '*',
      },
    ],
  },
};

export const MANAGED_POLICY_MODELS: readonly ManagedPolicyModel[] = [POWER_USER_ACCESS, READ_ONLY_ACCESS];

/** The model of the managed policy an ARN names, in any partition (`arn:aws-cn:iam::aws:policy/...` in China). */
export function managedPolicyModel(arn: string): ManagedPolicyModel {
  const model = MANAGED_POLICY_MODELS.find(m => awsManagedPolicyArn(m.name, arnPartition(arn)) === arn);
  if (model === undefined) throw new Error(`no model of the managed policy ${arn}: add its published document`);
  return model;
}
