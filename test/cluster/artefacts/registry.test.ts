import { App, Testing } from 'cdk8s';
import { auditPolicyArtefact } from '../../../lib/cluster/artefacts/audit-policy';
import { clusterApiArtefact } from '../../../lib/cluster/artefacts/cluster-api';
import { encryptionConfigArtefact } from '../../../lib/cluster/artefacts/encryption-config';
import { kindArtefact } from '../../../lib/cluster/artefacts/kind-config';
import { kubeadmArtefact } from '../../../lib/cluster/artefacts/kubeadm-config';
import { CLUSTER_ARTEFACTS } from '../../../lib/cluster/artefacts/registry';
import { HA_CONTROL_PLANE, testCluster, WEB_POOL } from '../util';

describe('CLUSTER_ARTEFACTS', () => {
  test('lists each artefact once: the Cluster API chart, then kubeadm, audit, encryption and kind files in this order', () => {
    const order = [clusterApiArtefact, kubeadmArtefact, auditPolicyArtefact, encryptionConfigArtefact, kindArtefact]
      .map((artefact) => CLUSTER_ARTEFACTS.indexOf(artefact));

    expect(new Set(CLUSTER_ARTEFACTS).size).toBe(CLUSTER_ARTEFACTS.length);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).not.toContain(-1);
  });

  test('each artefact writes something for a cluster, and no two write the same file', () => {
    const cluster = testCluster({ controlPlane: HA_CONTROL_PLANE, nodePools: [WEB_POOL] });
    const app: App = Testing.app();
    const written = CLUSTER_ARTEFACTS.map((artefact) => [
      ...(artefact.files?.(cluster) ?? []).map((f) => f.path),
      ...(artefact.chart ? [`${artefact.chart(app, cluster).node.id}.k8s.yaml`] : []),
    ]);

    expect(written.every((paths) => paths.length > 0)).toBe(true);
    expect(new Set(written.flat()).size).toBe(written.flat().length);
  });
});
