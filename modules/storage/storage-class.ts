import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { Construct } from 'constructs';

/** Properties for {@link DefaultStorageClass}. */
export interface DefaultStorageClassProps {
  /** StorageClass name. @default gp3 */
  readonly name?: string;
  /** KMS key for the volumes. @default - the account's default EBS key (aws/ebs) */
  readonly kmsKeyArn?: string;
}

export const DEFAULT_STORAGE_CLASS_NAME = 'gp3';

/**
 * The cluster's default StorageClass: encrypted gp3 through the EBS CSI driver (installed by the eks layer). Since
 * Kubernetes 1.30 EKS marks no class as default, so PVCs without a class would stay Pending without this one.
 * Volumes bind where the pod lands (`WaitForFirstConsumer`), so a volume never ends up in another zone than its pod.
 * A core type, so the kubernetes provider plans it without any CRD.
 */
export class DefaultStorageClass extends Construct {
  public readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: DefaultStorageClassProps = {}) {
    super(scope, id);
    const name = props.name ?? DEFAULT_STORAGE_CLASS_NAME;
    this.storageClass = new StorageClassV1(this, 'storage-class', {
      metadata: { name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storageProvisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
      parameters: { type: 'gp3', encrypted: 'true', ...(props.kmsKeyArn === undefined ? {} : { kmsKeyId: props.kmsKeyArn }) },
    });
  }
}
