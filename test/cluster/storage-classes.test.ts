import { Testing } from 'cdk8s';
import { StorageClasses } from '../../lib/cluster/storage-classes';
import { StorageClass } from '../../lib/cluster/cluster-model';
import { ReclaimPolicy, VolumeBindingMode } from '../../lib/cluster/cluster-types';

const CLASSES: StorageClass[] = [
  {
    name: 'retained', provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' }, reclaimPolicy: ReclaimPolicy.RETAIN,
    volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER, allowVolumeExpansion: true,
  },
  { name: 'scratch', provisioner: 'csi.example.com', parameters: {}, reclaimPolicy: ReclaimPolicy.DELETE, volumeBindingMode: VolumeBindingMode.IMMEDIATE, allowVolumeExpansion: false },
];

describe('StorageClasses', () => {
  test('renders each class with its policy, marking the default one', () => {
    const chart = Testing.chart();
    new StorageClasses(chart, 'StorageClasses', { classes: CLASSES, defaultClass: 'retained' });

    expect(Testing.synth(chart)).toStrictEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'retained', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        provisioner: 'ebs.csi.aws.com',
        parameters: { type: 'gp3' },
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'scratch' },
        provisioner: 'csi.example.com',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
        allowVolumeExpansion: false,
      },
    ]);
  });

  test('marks no class default when none is named', () => {
    const chart = Testing.chart();
    new StorageClasses(chart, 'StorageClasses', { classes: CLASSES });

    expect(Testing.synth(chart).map((o) => o.metadata.annotations)).toEqual([undefined, undefined]);
  });
});
