import { Json } from './addons-helpers';
import { realStack, resources } from './helpers';

describe.each(['dev', 'prod'])('%s storage', env => {
  const classes = () => Object.values(resources(realStack(`${env}-addons`), 'kubernetes_storage_class_v1'));

  test('one default StorageClass: gp3, encrypted, EBS CSI, WaitForFirstConsumer', () => {
    expect(classes()).toHaveLength(1);
    const [sc] = classes();
    const metadata = sc.metadata as Json;
    expect(metadata).toEqual({ name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    expect(sc).toMatchObject({
      storage_provisioner: 'ebs.csi.aws.com',
      volume_binding_mode: 'WaitForFirstConsumer',
      reclaim_policy: 'Delete',
      allow_volume_expansion: true,
      parameters: { type: 'gp3', encrypted: 'true' },
    });
  });

  test('no other StorageClass claims to be the default', () => {
    const defaults = classes().filter(sc => JSON.stringify(sc.metadata).includes('is-default-class'));
    expect(defaults).toHaveLength(1);
    expect(resources(realStack(`${env}-addons`), 'kubernetes_storage_class')).toEqual({});
  });
});
