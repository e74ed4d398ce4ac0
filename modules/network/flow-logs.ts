import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyDocument, renderPolicy } from '../iam/render';
import { LogsKmsKey } from './logs-kms-key';

/** Properties for {@link VpcFlowLogs}. */
export interface VpcFlowLogsProps {
  readonly vpcId: string;
  /** Prefix of names, e.g. the cluster name: the group is `/aws/vpc/<name>/flow-logs`. */
  readonly name: string;
  readonly retentionInDays: number;
  /** Name of the IAM role the flow-log service assumes. */
  readonly roleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  readonly accountId: string;
  readonly region: string;
}

/** What the flow-log service does on its log group. */
export const FLOW_LOG_GROUP_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];
/** What it does before it knows the group: list the account's log groups. */
export const FLOW_LOG_ACCOUNT_ACTIONS = ['logs:DescribeLogGroups'];

/** Flow-log group name of a VPC. */
export function flowLogGroupName(name: string): string {
  return `/aws/vpc/${name}/flow-logs`;
}

/**
 * VPC flow logs (all traffic, 1-minute aggregation) into a CloudWatch log group with retention and its own
 * rotating KMS key. The delivery role may only write to that group and only be assumed for this account.
 */
export class VpcFlowLogs extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly flowLog: FlowLog;
  public readonly kmsKey: LogsKmsKey;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const logGroupName = flowLogGroupName(props.name);
    this.kmsKey = new LogsKmsKey(this, 'kms-key', {
      description: `${props.name} VPC flow-log encryption`,
      accountId: props.accountId,
      region: props.region,
      logGroupNames: [logGroupName],
    });
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: this.kmsKey.key.arn,
    });
    const trust = policyDocument([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Principal: { Service: ['vpc-flow-logs.amazonaws.com'] },
        // confused-deputy guard: only flow logs of this account may use the role
        Condition: { StringEquals: { 'aws:SourceAccount': [props.accountId] } },
      },
    ]);
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: renderPolicy(trust),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    // the actions of the flow-log role in the VPC user guide (flow-logs-iam-role.html), except CreateLogGroup: the
    // group exists. DescribeLogGroups has no resource type (service authorization reference), so it takes "*".
    const write = policyDocument([
      { Effect: 'Allow', Action: [...FLOW_LOG_GROUP_ACTIONS], Resource: [`${this.logGroup.arn}:*`] },
      { Effect: 'Allow', Action: [...FLOW_LOG_ACCOUNT_ACTIONS], Resource: ['*'] },
    ]);
    new IamRolePolicy(this, 'write-policy', { role: role.id, policy: renderPolicy(write) });
    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
