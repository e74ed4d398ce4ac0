import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { policyDocument, renderPolicy } from '../iam/render';
import { NAME_LIMITS, shortenName } from '../naming';

/**
 * The events Karpenter handles (DESIGN decision 6; upstream `cloudformation.yaml` v1.14.1): each rule forwards one
 * detail-type to the queue, so Karpenter drains a node before EC2 takes it away.
 */
export const INTERRUPTION_RULES = [
  { id: 'scheduled-change', source: 'aws.health', detailType: 'AWS Health Event' },
  { id: 'spot-interruption', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { id: 'rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { id: 'instance-state-change', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  {
    id: 'capacity-reservation-interruption',
    source: 'aws.ec2',
    detailType: 'EC2 Capacity Reservation Instance Interruption Warning',
  },
] as const;

/** Upstream keeps interruption messages 5 minutes: older ones are stale (a spot warning gives 2 minutes). */
export const INTERRUPTION_MESSAGE_RETENTION_SECONDS = 300;

/** Properties for {@link InterruptionQueue}. */
export interface InterruptionQueueProps {
  /** Queue name; Karpenter's `settings.interruptionQueue` takes this name. */
  readonly queueName: string;
  /** Prefix of the EventBridge rule names, e.g. the cluster name. */
  readonly rulePrefix: string;
}

const SQS_NAME = /^[A-Za-z0-9_-]{1,80}$/;
export const RULE_NAME_MAX = NAME_LIMITS.eventBridgeRule;

/** EventBridge rule name of one interruption rule: `<prefix>-karpenter-<id>`, shortened to 64 characters. */
export function interruptionRuleName(prefix: string, id: string): string {
  return shortenName(`${prefix}-karpenter-${id}`, RULE_NAME_MAX);
}

/** The interruption queue of a cluster: its name, shortened to SQS's 80 characters. */
export function interruptionQueueName(clusterName: string): string {
  return shortenName(clusterName, NAME_LIMITS.sqsQueue);
}

export function validateInterruptionQueueProps(props: InterruptionQueueProps): void {
  if (!SQS_NAME.test(props.queueName)) {
    throw new Error(`queueName must be 1-80 letters, digits, hyphens or underscores, got "${props.queueName}"`);
  }
}

/**
 * Karpenter's interruption queue: SQS-managed encryption, 300 s retention, a policy that lets only EventBridge (and
 * SQS itself) send and refuses any request without TLS; plus the five EventBridge rules that target it.
 */
export class InterruptionQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly policy: SqsQueuePolicy;
  public readonly rules: CloudwatchEventRule[];
  public readonly targets: CloudwatchEventTarget[];

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    validateInterruptionQueueProps(props);
    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      messageRetentionSeconds: INTERRUPTION_MESSAGE_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    this.policy = new SqsQueuePolicy(this, 'policy', {
      queueUrl: this.queue.url,
      policy: renderPolicy(
        policyDocument(
          [
            {
              Sid: 'AllowEventBridge',
              Effect: 'Allow',
              Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
              Action: 'sqs:SendMessage',
              Resource: this.queue.arn,
            },
            {
              Sid: 'DenyHTTP',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sqs:*',
              Resource: this.queue.arn,
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
          'EC2InterruptionPolicy',
        ),
      ),
    });
    this.rules = [];
    this.targets = [];
    for (const r of INTERRUPTION_RULES) {
      const rule = new CloudwatchEventRule(this, `rule-${r.id}`, {
        name: interruptionRuleName(props.rulePrefix, r.id),
        description: `Karpenter interruption handling: ${r.detailType}`,
        eventPattern: JSON.stringify({ source: [r.source], 'detail-type': [r.detailType] }),
      });
      this.rules.push(rule);
      this.targets.push(
        new CloudwatchEventTarget(this, `target-${r.id}`, {
          rule: rule.name,
          targetId: 'KarpenterInterruptionQueueTarget',
          arn: this.queue.arn,
        }),
      );
    }
  }
}
