import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { Cluster } from './cluster-model';
import { yamlDocuments } from './_yaml';
import { ArtefactFile } from './artefact-file';
import { auditPolicy } from './audit-policy';
import { ClusterApiChart } from './cluster-api';
import { encryptionConfiguration } from './encryption-config';
import { kindFiles } from './kind-config';
import { kubeadmFiles } from './kubeadm-config';

/** Chart id, and so file name, of the Cluster API objects: `cluster-api.k8s.yaml`. */
export const CLUSTER_API_CHART = 'cluster-api';

/** Props of {@link ClusterArtefacts}. */
export interface ClusterArtefactsProps {
  /** The validated cluster. */
  readonly cluster: Cluster;
  /** The cluster's output folder, `<outdir>/clusters/<cluster>/`. */
  readonly outdir: string;
}

/**
 * The artefacts the tools that build a cluster read, next to the cluster's manifests but never in its Terraform:
 *
 * - `cluster-api.k8s.yaml`: the Cluster API objects, for a management cluster (a cdk8s App of its own, so they stay
 *   out of the cluster's App and of the `cluster-<name>` stack);
 * - `kubeadm/*.yaml`: `kubeadm init` and `kubeadm join` configurations;
 * - `audit-policy.yaml` and `encryption-config.yaml`: the files the API server flags point at;
 * - `kind.yaml`: a disposable local copy of the topology.
 */
export class ClusterArtefacts {
  /** The cluster. */
  public readonly cluster: Cluster;
  /** The cluster's output folder. */
  public readonly outdir: string;
  /** The App of the Cluster API objects. */
  public readonly clusterApi: App;
  /** Its chart. */
  public readonly clusterApiChart: ClusterApiChart;
  private readonly fileList: ArtefactFile[];

  constructor(props: ClusterArtefactsProps) {
    this.cluster = props.cluster;
    this.outdir = props.outdir;
    // No construct-metadata.json beside the manifests, whatever CDK8S_RECORD_CONSTRUCT_METADATA says (cdk8s lib/app.js).
    this.clusterApi = new App({
      outdir: props.outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART, recordConstructMetadata: false,
    });
    this.clusterApiChart = new ClusterApiChart(this.clusterApi, CLUSTER_API_CHART, { cluster: props.cluster });
    this.fileList = [];
    for (const file of [
      ...kubeadmFiles(props.cluster),
      { path: 'audit-policy.yaml', documents: [auditPolicy(props.cluster.audit)] },
      { path: 'encryption-config.yaml', documents: [encryptionConfiguration(props.cluster.encryption)] },
      ...kindFiles(props.cluster),
    ]) {
      this.addFile(file);
    }
  }

  /** The files that are not Kubernetes API objects, by path inside the output folder (copies). */
  public get files(): ArtefactFile[] {
    return this.fileList.map((file) => ({ path: file.path, documents: [...file.documents] }));
  }

  /**
   * Adds a file of your own, e.g. the provider's AWSCluster and AWSMachineTemplates, or cloud-init for the machines.
   *
   * @throws Error when the path leaves the output folder, or another artefact already has it
   */
  public addFile(file: ArtefactFile): void {
    const normalized = path.posix.normalize(file.path);
    if (path.posix.isAbsolute(normalized) || normalized === '.' || normalized.startsWith('../')) {
      throw new Error(`artefact path "${file.path}" of cluster "${this.cluster.name}" must stay inside the cluster's folder; `
        + 'use a relative path such as "aws/machines.yaml"');
    }
    const taken = [...this.fileList.map((f) => f.path), `${CLUSTER_API_CHART}.k8s.yaml`, 'cluster.k8s.yaml'];
    if (taken.includes(normalized)) {
      throw new Error(`artefact path "${file.path}" of cluster "${this.cluster.name}" is already taken; choose another name`);
    }
    this.fileList.push({ path: normalized, documents: [...file.documents] });
  }

  /** Writes the Cluster API manifests and the files into the output folder. */
  public synth(): void {
    this.clusterApi.synth();
    for (const file of this.fileList) {
      const target = path.join(this.outdir, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, yamlDocuments(file.documents));
    }
  }
}
