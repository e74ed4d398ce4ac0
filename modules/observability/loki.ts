import type { ObservabilityConfig } from '../../environments/types';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { policyDocument } from '../iam/render';
import type { PolicyDocument } from '../iam/statement';
import { DEFAULT_STORAGE_CLASS_NAME } from '../storage/storage-class';
import { MONITORING_NAMESPACE } from './namespaces';
import { memoryCapped } from '../addons/pod-resources';

/** Loki's service account: named, so the Pod Identity association cannot drift from the chart. */
export const LOKI_SERVICE_ACCOUNT = 'loki';
export const LOKI_RESOURCES = memoryCapped('100m', '256Mi', '1Gi');
/** The single binary's volume: write-ahead log and chunks not yet flushed to S3. */
export const LOKI_VOLUME_GIB = 10;

/** Properties of {@link lokiValues}. */
export interface LokiValuesInput {
  readonly config: ObservabilityConfig;
  readonly bucketName: string;
  readonly region: string;
}

/**
 * Loki in monolithic mode (one pod: one environment's logs fit it, and the chart refuses scalable targets beside
 * it), chunks and TSDB index in the environment's S3 bucket through Pod Identity (no keys), retention enforced by
 * the compactor. Caches, gateway and canary are off: they are for multi-tenant clusters.
 * @see https://github.com/grafana-community/helm-charts/blob/main/charts/loki/templates/validate.yaml
 */
export function lokiValues(input: LokiValuesInput): Record<string, unknown> {
  const bucket = input.bucketName;
  return {
    namespaceOverride: MONITORING_NAMESPACE,
    deploymentMode: 'Monolithic', // the chart's name for one process; `SingleBinary` is its deprecated alias
    serviceAccount: { create: true, name: LOKI_SERVICE_ACCOUNT },
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      schemaConfig: {
        configs: [
          {
            from: '2026-01-01',
            store: 'tsdb',
            object_store: 's3',
            schema: 'v13',
            index: { prefix: 'index_', period: '24h' },
          },
        ],
      },
      storage: { type: 's3', bucketNames: { chunks: bucket, ruler: bucket }, s3: { region: input.region } },
      limits_config: { retention_period: `${input.config.logRetentionDays * 24}h` },
      compactor: { retention_enabled: true, delete_request_store: 's3' },
    },
    singleBinary: {
      replicas: 1,
      resources: LOKI_RESOURCES,
      persistence: { enabled: true, size: `${LOKI_VOLUME_GIB}Gi`, storageClass: DEFAULT_STORAGE_CLASS_NAME },
    },
    backend: { replicas: 0 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    gateway: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    monitoring: { serviceMonitor: { enabled: true } },
    // the rules sidecar (off: no rules are loaded from ConfigMaps) would bind Loki's account to a ClusterRole that
    // reads every Secret of the cluster (templates/backend/clusterrole.yaml)
    sidecar: { rules: { enabled: false } },
  };
}

/** Loki's S3 access: the one bucket, and its CMK only through S3 for that bucket (the S3 encryption context). */
export function lokiBucketPolicy(bucketArn: string, region: string, accountId: string): PolicyDocument {
  return policyDocument([
    { Sid: 'ListTheLogBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: bucketArn },
    {
      Sid: 'ReadWriteLogObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${bucketArn}/*`,
    },
    {
      Sid: 'UseTheBucketKeyThroughS3',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: arn({ service: 'kms', region, account: accountId, resource: 'key/*' }, awsPartition(region)),
      Condition: {
        StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
      },
    },
  ]);
}
