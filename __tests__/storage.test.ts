import { parse } from 'yaml';
import { KubernetesObject, renderObject } from '../modules/addons/local-chart';
import { defaultStorageClass } from '../modules/storage/storage-class';
import { Json, release, releaseValues, renderedObjects } from './addons-helpers';
import { realPlatform, realStack, resources } from './helpers';

const GP3 = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'ebs.csi.aws.com',
  parameters: { type: 'gp3', encrypted: 'true' },
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
  allowVolumeExpansion: true,
};

describe.each(['dev', 'prod'])('%s storage', env => {
  const stack = () => realStack(`${env}-addons`);
  const construct = () => realPlatform().environments[env].addons.storage;

  test('one default StorageClass: gp3, encrypted, EBS CSI, WaitForFirstConsumer, expandable, reclaim Delete', () => {
    const objects = renderedObjects(`${env}-addons`, 'storage-class');
    expect(objects).toEqual([GP3]);
    // the construct's typed object is what Helm installs
    expect(construct().release.objects.map(o => parse(renderObject(o)) as KubernetesObject)).toEqual([GP3]);
  });

  test('installed by a local-chart release in addon-releases: exact version, atomic, waited for, a timeout', () => {
    const rel = release(stack(), 'storage-class');
    expect(rel).toMatchObject({
      namespace: 'addon-releases',
      version: '1.0.0',
      atomic: true,
      wait: true,
      cleanup_on_fail: true,
    });
    expect(rel.timeout).toBeGreaterThan(0);
    expect(rel.chart).toMatch(/^assets\//);
    expect(rel.repository).toBeUndefined();
    expect(releaseValues(rel)).toEqual({});
  });

  test('no other StorageClass claims to be the default, and no kubernetes_* resource exists in the layer', () => {
    const releases = Object.values(resources(stack(), 'helm_release')).filter(r => r.repository === undefined);
    const defaults = releases
      .flatMap(r => renderedObjects(`${env}-addons`, r.name as string))
      .filter((o: Json) => o.kind === 'StorageClass' && JSON.stringify(o.metadata).includes('is-default-class'));
    expect(defaults).toHaveLength(1);
    expect(Object.keys(stack().resource ?? {}).filter(type => type.startsWith('kubernetes_'))).toEqual([]);
    // the provider stays configured: it is part of the layer's contract
    expect(stack().provider?.kubernetes).toHaveLength(1);
  });
});

describe('defaultStorageClass', () => {
  test('a KMS key goes into parameters.kmsKeyId; the name can change', () => {
    const kmsKeyArn = 'arn:aws:kms:us-east-1:111111111111:key/abc';
    expect(defaultStorageClass({ name: 'gp3-cmk', kmsKeyArn })).toMatchObject({
      metadata: { name: 'gp3-cmk' },
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: kmsKeyArn },
    });
  });
});
