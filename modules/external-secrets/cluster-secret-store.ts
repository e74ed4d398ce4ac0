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
    readonly provider: {
      readonly aws: {
        readonly service: 'SecretsManager';
        readonly region: string;
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
}

export const DEFAULT_CLUSTER_SECRET_STORE_NAME = 'aws-secrets-manager';
export const DEFAULT_STORE_REFRESH_INTERVAL = '1h';

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export function validateClusterSecretStoreProps(props: ClusterSecretStoreProps): void {
  const refreshInterval = props.refreshInterval ?? DEFAULT_STORE_REFRESH_INTERVAL;
  if (!GO_DURATION.test(refreshInterval)) {
    throw new Error(`refreshInterval of the ClusterSecretStore must be a Go duration such as 1h or 30m, got "${refreshInterval}"`);
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
    throw new Error(`region of the ClusterSecretStore must be an AWS region such as us-east-1, got "${props.region}"`);
  }
}

/**
 * The store every namespace's `ExternalSecret` refers to. It has no `auth` block on purpose: the provider then uses
 * the controller pod's credentials, which EKS Pod Identity supplies (a `serviceAccountRef` cannot be combined with
 * Pod Identity, docs/provider/aws-access.md).
 */
export function clusterSecretStore(props: ClusterSecretStoreProps): ClusterSecretStore {
  validateClusterSecretStoreProps(props);
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: props.name ?? DEFAULT_CLUSTER_SECRET_STORE_NAME },
    spec: {
      refreshInterval: props.refreshInterval ?? DEFAULT_STORE_REFRESH_INTERVAL,
      provider: { aws: { service: 'SecretsManager', region: props.region } },
    },
  };
}
