import type { PolicyRule, Violation } from '../types';

const SOURCES = ['aws.health', 'aws.ec2'];

/** Karpenter's interruption rules listen to EC2/Health events only and deliver to the interruption queue of the stack. */
export const eventbridgeInterruptionTargets: PolicyRule = {
  name: 'eventbridge-interruption-targets',
  ruleId: 'BPG-karpenter-interruption',
  priority: 'P1',
  appliesTo: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
  description: 'EventBridge rules match aws.health/aws.ec2 and target an SQS queue of the stack',
  check: view => [
    ...view
      .all('aws_cloudwatch_event_target')
      .filter(t => view.referenced(t.body.arn, 'aws_sqs_queue').length === 0)
      .map((t): Violation => ({ address: t.address, path: 'arn', message: 'target the interruption queue (aws_sqs_queue ... .arn)' })),
    ...view.all('aws_cloudwatch_event_rule').flatMap((r): Violation[] => {
      let sources: unknown;
      try {
        sources = (JSON.parse(String(r.body.event_pattern)) as { source?: unknown }).source;
      } catch {
        // an unreadable pattern matches no source: sources stays undefined
      }
      const ok = Array.isArray(sources) && sources.length > 0 && sources.every(s => SOURCES.includes(String(s)));
      return ok ? [] : [{ address: r.address, path: 'event_pattern.source', message: `match only sources ${SOURCES.join(', ')}` }];
    }),
  ],
};
