import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CLUSTER_API_CHART } from '../../lib/cluster/artefacts/cluster-api';
import { ClusterArtefacts } from '../../lib/cluster/cluster-artefacts';
import { HA_CONTROL_PLANE, testCluster, WEB_POOL } from './util';

let outdir: string;

beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'artefacts-test-'));
});

afterEach(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

function artefacts(): ClusterArtefacts {
  return new ClusterArtefacts({ cluster: testCluster({ controlPlane: HA_CONTROL_PLANE, nodePools: [WEB_POOL] }), outdir });
}

function written(): string[] {
  return fs.readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.relative(outdir, path.join(e.parentPath, e.name))).sort();
}

describe('ClusterArtefacts', () => {
  test('writes the Cluster API manifests, kubeadm, audit, encryption and kind files into the cluster\'s folder', () => {
    artefacts().synth();

    expect(written()).toEqual([
      'audit-policy.yaml', 'cluster-api.k8s.yaml', 'encryption-config.yaml', 'kind.yaml',
      'kubeadm/init.yaml', 'kubeadm/join-control-plane.yaml', 'kubeadm/join-web-zone-a.yaml', 'kubeadm/join-web-zone-b.yaml', 'kubeadm/join-web-zone-c.yaml',
    ]);
  });

  test('writes each file as the YAML documents it holds', () => {
    const output = artefacts();
    output.synth();

    for (const file of output.files) {
      const docs = parseAllDocuments(fs.readFileSync(path.join(outdir, file.path), 'utf8')).map((d) => d.toJS());
      expect(docs).toEqual(file.documents);
    }
    const init = parseAllDocuments(fs.readFileSync(path.join(outdir, 'kubeadm/init.yaml'), 'utf8')).map((d) => d.toJS().kind);
    expect(init).toEqual(['InitConfiguration', 'ClusterConfiguration']);
  });

  test('writes the same bytes every time', () => {
    artefacts().synth();
    const first = written().map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'));
    artefacts().synth();

    expect(written().map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'))).toEqual(first);
  });

  test('adds the chart of each artefact that has one to its App, and hands out copies of the list', () => {
    const output = artefacts();
    output.charts.pop();

    expect(output.charts.map((c) => c.node.id)).toEqual([CLUSTER_API_CHART]);
    expect(output.app.charts).toEqual(output.charts);
    expect(output.chart(CLUSTER_API_CHART)).toBe(output.charts[0]);
  });

  test('fails when asked for a chart no artefact added', () => {
    expect(() => artefacts().chart('cluster-apis')).toThrow(new Error('cluster "lab" has no artefact chart "cluster-apis"; expected one of "cluster-api"'));
  });

  test('hands out copies of its files', () => {
    const output = artefacts();
    const count = output.files.length;
    output.files.pop();
    output.files[0].documents.pop();

    expect(output.files).toHaveLength(count);
    expect(output.files[0].documents).toHaveLength(2);
  });

  test('writes a file added to it', () => {
    const output = artefacts();
    output.addFile({ path: 'aws/./machines.yaml', documents: [{ kind: 'AWSMachineTemplate' }, { kind: 'AWSCluster' }] });
    output.synth();

    expect(fs.readFileSync(path.join(outdir, 'aws/machines.yaml'), 'utf8')).toBe('kind: AWSMachineTemplate\n---\nkind: AWSCluster\n');
  });

  test.each([['../elsewhere.yaml'], ['/etc/kubernetes/x.yaml'], ['a/../../x.yaml'], ['.']])('fails when an added file would leave the folder (%s)', (file) => {
    expect(() => artefacts().addFile({ path: file, documents: [] })).toThrow(`artefact path "${file}" of cluster "lab" must stay inside the cluster's `
      + 'folder; use a relative path such as "aws/machines.yaml"');
  });

  test.each([['kind.yaml'], ['cluster-api.k8s.yaml'], ['cluster.k8s.yaml']])('fails when an added file takes the name of another (%s)', (file) => {
    expect(() => artefacts().addFile({ path: file, documents: [] }))
      .toThrow(`artefact path "${file}" of cluster "lab" is already taken; choose another name`);
  });
});
