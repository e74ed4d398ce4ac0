import { Construct } from 'constructs';
import { KubernetesObjects } from '../addons/kubernetes-objects';
import type { KubernetesObject } from '../addons/local-chart';
import { ADDON_STATE_NAMESPACE } from '../addons/namespaces';
import { DEFAULT_STORAGE_CLASS_NAME } from './storage-class-name';

/** Properties for {@link DefaultStorageClass} and {@link defaultStorageClass}. */
export interface DefaultStorageClassProps {
  /** StorageClass name. @default gp3 */
  readonly name?: string;
  /** KMS key for the volumes. @default - the account's default EBS key (aws/ebs) */
  readonly kmsKeyArn?: string;
}

export { DEFAULT_STORAGE_CLASS_NAME } from './storage-class-name';

/** Namespace of the release (Helm state only: a StorageClass is cluster-scoped). */
export const STORAGE_CLASS_RELEASE_NAMESPACE = ADDON_STATE_NAMESPACE;

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** A `storage.k8s.io/v1` StorageClass, as the local chart renders it. */
export interface StorageClass extends KubernetesObject {
  readonly apiVersion: 'storage.k8s.io/v1';
  readonly kind: 'StorageClass';
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly provisioner: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  readonly volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  readonly allowVolumeExpansion?: boolean;
}

/**
 * Encrypted gp3 through the EBS CSI driver (installed by the eks layer), marked as the cluster's default. Volumes
 * bind where the pod lands (`WaitForFirstConsumer`), so a volume never ends up in another zone than its pod.
 */
export function defaultStorageClass(props: DefaultStorageClassProps = {}): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: props.name ?? DEFAULT_STORAGE_CLASS_NAME, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    provisioner: 'ebs.csi.aws.com',
    parameters: {
      type: 'gp3',
      encrypted: 'true',
      ...(props.kmsKeyArn === undefined ? {} : { kmsKeyId: props.kmsKeyArn }),
    },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

/**
 * The cluster's default StorageClass ({@link defaultStorageClass}). Since Kubernetes 1.30 EKS marks no class as
 * default, so PVCs without a class would stay Pending without this one.
 *
 * A local chart installed by a Helm release in `addon-releases`, not a `kubernetes_storage_class_v1`: refreshing that
 * resource in a plan reads the cluster-scoped `storageclasses`, which the CI plan role's `AmazonEKSViewPolicy`
 * (Kubernetes `view`) does not grant, whereas a `helm_release` refreshes from its Helm state (a Secret in
 * `addon-releases`, which the plan role may read). So the addons layer has no kubernetes provider resources at all.
 */
export class DefaultStorageClass extends Construct {
  public readonly release: KubernetesObjects;

  constructor(scope: Construct, id: string, props: DefaultStorageClassProps = {}) {
    super(scope, id);
    this.release = new KubernetesObjects(this, 'storage-class', {
      chartId: 'chart',
      name: 'storage-class',
      description: 'The default StorageClass: encrypted gp3 through the EBS CSI driver',
      objects: [defaultStorageClass(props)],
      namespace: STORAGE_CLASS_RELEASE_NAMESPACE,
      timeoutSeconds: 300,
    });
  }
}
