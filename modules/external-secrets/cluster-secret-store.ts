import type { KubernetesObject } from '../addons/local-chart';

/**
 * A `ClusterSecretStore` of External Secrets for AWS Secrets Manager, typed after the v1 CRD of chart 2.9.0
 * (`config/crds/bases/external-secrets.io_clustersecretstores.yaml`): only the fields this project sets.
 */
export interface ClusterSecretStore extends KubernetesObject {
  readonly apiVersion: 'external-secrets.io/v1';
  readonly kind: 'ClusterSecretStore';
  readonly metadata: { readonly name: string };
  readonly spec: {
    /** How often the controller re-validates the store: a Go duration (or legacy integer seconds). */
    readonly refreshInterval: string;
    /** The namespaces whose ExternalSecrets may use the store (`spec.conditions[].namespaces`). */
    readonly conditions?: readonly { readonly namespaces: readonly string[] }[];
    readonly provider: {
      readonly aws: {
        readonly service: 'SecretsManager';
        readonly region: string;
        /** The role the controller assumes for this store (`spec.provider.aws.role`). */
        readonly role?: string;
      };
    };
  };
}

/** Properties of {@link clusterSecretStore}. */
export interface ClusterSecretStoreProps {
  /** @default aws-secrets-manager */
  readonly name?: string;
  readonly region: string;
  /** @default 1h */
  readonly refreshInterval?: string;
  /** Namespaces that may use the store. @default - every namespace */
  readonly namespaces?: readonly string[];
  /** ARN of the role the controller assumes to read through this store. @default - the controller's own credentials */
  readonly roleArn?: string;
}

export const DEFAULT_CLUSTER_SECRET_STORE_NAME = 'aws-secrets-manager';
export const DEFAULT_STORE_REFRESH_INTERVAL = '1h';

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export function validateClusterSecretStoreProps(props: ClusterSecretStoreProps): void {
  const refreshInterval = props.refreshInterval ?? DEFAULT_STORE_REFRESH_INTERVAL;
  if (!GO_DURATION.test(refreshInterval)) {
    throw new Error(
      `refreshInterval of the ClusterSecretStore must be a Go duration such as 1h or 30m, got "${refreshInterval}"`,
    );
  }
  for (const ns of props.namespaces ?? []) {
    // the CRD's pattern for spec.conditions[].namespaces[] (a DNS label)
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63) {
      throw new Error(
        `namespaces of the ClusterSecretStore must be Kubernetes namespace names (DNS labels), got "${ns}"`,
      );
    }
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
    throw new Error(`region of the ClusterSecretStore must be an AWS region such as us-east-1, got "${props.region}"`);
  }
}

/**
 * A store for AWS Secrets Manager. Without `auth` the provider uses the controller pod's credentials, which EKS Pod
 * Identity supplies (a `serviceAccountRef` cannot be combined with Pod Identity, docs/provider/aws-access.md); with
 * `roleArn` it assumes that role with them first, and `namespaces` limits which namespaces may use the store.
 */
export function clusterSecretStore(props: ClusterSecretStoreProps): ClusterSecretStore {
  validateClusterSecretStoreProps(props);
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: props.name ?? DEFAULT_CLUSTER_SECRET_STORE_NAME },
    spec: {
      refreshInterval: props.refreshInterval ?? DEFAULT_STORE_REFRESH_INTERVAL,
      ...(props.namespaces !== undefined ? { conditions: [{ namespaces: [...props.namespaces] }] } : {}),
      provider: {
        aws: {
          service: 'SecretsManager',
          region: props.region,
          ...(props.roleArn !== undefined ? { role: props.roleArn } : {}),
        },
      },
    },
  };
}

/**
 * The store of one secret prefix: usable only from the namespace of the same name (`dev/*` from `dev`), reading with
 * that prefix's own role. The first prefix (the environment's own namespace) keeps the name `aws-secrets-manager`,
 * so the seed's ExternalSecret works unchanged; the others are `aws-secrets-manager-<prefix>`.
 */
export function prefixStoreName(prefix: string, first: boolean): string {
  return first ? DEFAULT_CLUSTER_SECRET_STORE_NAME : `${DEFAULT_CLUSTER_SECRET_STORE_NAME}-${prefix}`;
}
