import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import type { PolicyStatement } from '../iam/statement';
import { logBucketPattern } from '../naming';
import { environmentNamePrefixes, IAM_ROLE_ACTIONS } from './ci-policies';
import { SHARED_CI_TARGET } from './github-subjects';

/**
 * Isolation between the CI targets in the one account (docs/DEPLOYMENT.md, "Isolation between environments"). The
 * CI roles of a target get explicit Denies on what belongs to every other target, which win over any Allow
 * (PowerUserAccess, ReadOnlyAccess):
 * - by ARN: the other clusters and everything under them (node groups, add-ons, access entries, Pod Identity
 *   associations), the other environments' IAM names and Secrets Manager prefixes;
 * - by tag: any EC2, ELB, KMS, Logs, SQS, EventBridge, EKS or Secrets Manager resource whose `environment` tag
 *   (provider default_tags) names another target, and any request that would tag a resource as another target's.
 *   `StringEquals` on the other names, not `StringNotEquals` on the own one: an untagged resource or a request
 *   without tags (every Describe) carries no key, and the condition is false for it (IAM "Condition operators").
 * The state prefix of each target is isolated by the state statements (ci-policies.ts).
 */

/** Services whose resources carry the `environment` tag of the stack that made them. */
export const TAGGED_SERVICES = [
  'ec2',
  'elasticloadbalancing',
  'kms',
  'logs',
  'sqs',
  'events',
  'eks',
  'secretsmanager',
  'acm',
];

/** The tag every resource carries through the provider's default_tags (naming.ts defaultTags). */
export const ENVIRONMENT_TAG = 'environment';

/** One CI target as isolation sees it: its name (the tag value) and, for an environment, its names. */
export interface IsolationTarget {
  readonly name: string;
  readonly environment?: EnvironmentConfig;
}

function clusterArns(platform: PlatformConfig, clusterName: string): string[] {
  const { region, accountId } = platform.aws;
  const eks = (resource: string) => arn({ service: 'eks', region, account: accountId, resource }, awsPartition(region));
  return [eks(`cluster/${clusterName}`), eks(`*/${clusterName}/*`)];
}

/** The Denies that keep `self`'s CI roles out of every target in `others`. */
export function isolationStatements(
  platform: PlatformConfig,
  self: IsolationTarget,
  others: readonly IsolationTarget[],
): PolicyStatement[] {
  const otherEnvs = others.flatMap(o => (o.environment === undefined ? [] : [o.environment]));
  const otherNames = others.map(o => o.name);
  const { accountId: account, region } = platform.aws;
  const partition = awsPartition(region);
  const statements: PolicyStatement[] = [];
  if (otherNames.length === 0) return statements;
  statements.push(
    {
      Sid: 'NoOtherTargetsResources',
      Effect: 'Deny',
      Action: TAGGED_SERVICES.map(s => `${s}:*`),
      Resource: ['*'],
      Condition: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: otherNames } },
    },
    {
      Sid: 'NoTaggingAsOtherTargets',
      Effect: 'Deny',
      Action: TAGGED_SERVICES.map(s => `${s}:*`),
      Resource: ['*'],
      Condition: { StringEquals: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: otherNames } },
    },
  );
  if (self.environment !== undefined) {
    // the Loki buckets belong to the shared stack (logs outlive an environment): no environment's CI changes them
    const logBuckets = arn({ service: 's3', resource: logBucketPattern(platform) }, partition);
    statements.push({
      Sid: 'NoLogBuckets',
      Effect: 'Deny',
      Action: ['s3:Create*', 's3:Delete*', 's3:Put*', 's3:Replicate*', 's3:Restore*'],
      Resource: [logBuckets, `${logBuckets}/*`],
    });
  }
  if (otherEnvs.length === 0) return statements;
  statements.push(
    {
      Sid: 'NoOtherClusters',
      Effect: 'Deny',
      Action: ['eks:*'],
      Resource: otherEnvs.flatMap(e => clusterArns(platform, e.cluster.name)),
    },
    {
      Sid: 'NoOtherEnvironmentsIam',
      Effect: 'Deny',
      Action: [...IAM_ROLE_ACTIONS, 'iam:PassRole'],
      Resource: otherEnvs
        .flatMap(e => environmentNamePrefixes(platform, e))
        .flatMap(p => ['role', 'policy', 'instance-profile'].map(kind => `${kind}/${p}*`))
        .map(resource => arn({ service: 'iam', account, resource }, partition)),
    },
  );
  // DNS: zones are looked up by name (their ids are unknown at synth) and environments may share one, so the names
  // are what is isolated: the other environments' hostnames, their ACM validation records (`_<token>.<host>`) and
  // external-dns's TXT registry records (`a-<host>`, `cname-<host>`) end with the hostname
  // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
  const otherHostnames = otherEnvs.flatMap(e => e.ingress.domain?.hostnames ?? []);
  if (otherHostnames.length > 0) {
    statements.push({
      Sid: 'NoOtherEnvironmentsRecords',
      Effect: 'Deny',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: ['*'],
      Condition: {
        'ForAnyValue:StringLike': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
            ...new Set(otherHostnames.flatMap(h => [h, `*.${h.replace(/^\*\./, '')}`, `*-${h.replace(/^\*\./, '')}`])),
          ],
        },
      },
    });
  }
  // the shared target keeps every environment's (empty) secret containers, so it is not denied their prefixes
  if (self.name !== SHARED_CI_TARGET) {
    const prefixes = otherEnvs.flatMap(e => e.secrets.readablePrefixes);
    statements.push({
      Sid: 'NoOtherEnvironmentsSecrets',
      Effect: 'Deny',
      Action: ['secretsmanager:*'],
      Resource: prefixes.map(p =>
        arn({ service: 'secretsmanager', region, account, resource: `secret:${p}/*` }, partition),
      ),
    });
  }
  return statements;
}
