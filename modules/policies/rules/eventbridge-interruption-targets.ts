import type { PolicyRule, Verdict } from '../types';
import { pass } from '../verdict';

const SOURCES = ['aws.health', 'aws.ec2'];

/**
 * Karpenter's interruption rules listen to EC2/Health events only and deliver to the interruption queue of the
 * stack.
 */
export const eventbridgeInterruptionTargets: PolicyRule = {
  name: 'eventbridge-interruption-targets',
  ruleId: 'BPG-karpenter-interruption',
  priority: 'P1',
  description: 'EventBridge rules match aws.health/aws.ec2 and target an SQS queue of the stack',
  check: view => [
    ...view
      .all('aws_cloudwatch_event_target')
      .map((t): Verdict =>
        view.referenced(t.body.arn, 'aws_sqs_queue').length === 0
          ? { address: t.address, path: 'arn', message: 'target the interruption queue (aws_sqs_queue ... .arn)' }
          : pass(t),
      ),
    ...view.all('aws_cloudwatch_event_rule').flatMap((r): Verdict[] => {
      let sources: unknown;
      try {
        sources = (JSON.parse(String(r.body.event_pattern)) as { source?: unknown }).source;
      } catch {
        // an unreadable pattern matches no source: sources stays undefined
      }
      const ok = Array.isArray(sources) && sources.length > 0 && sources.every(s => SOURCES.includes(String(s)));
      return ok
        ? [pass(r)]
        : [{ address: r.address, path: 'event_pattern.source', message: `match only sources ${SOURCES.join(', ')}` }];
    }),
  ],
};
