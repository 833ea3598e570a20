import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart, Names, YamlOutputType } from 'cdk8s';
import { Cluster } from './cluster-model';
import { yamlDocuments } from './_yaml';
import { ArtefactFile } from './artefacts/cluster-artefact';
import { CLUSTER_ARTEFACTS } from './artefacts/registry';

/** File of the cluster's own chart (`ClusterChart`, in the cluster's App), which shares the cluster's folder. */
const CLUSTER_CHART_FILE = 'cluster.k8s.yaml';

/** Props of {@link ClusterArtefacts}. */
export interface ClusterArtefactsProps {
  /** The validated cluster. */
  readonly cluster: Cluster;
  /** The cluster's output folder, `<outdir>/clusters/<cluster>/`. */
  readonly outdir: string;
}

/**
 * The artefacts the tools that build a cluster read, next to the cluster's manifests but never in its Terraform: what
 * each registered artefact (artefacts/registry.ts) writes for the cluster.
 *
 * - `cluster-api.k8s.yaml`: the Cluster API objects, for a management cluster (in an App of their own, so they stay
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
  /** The App of the artefacts' charts, writing one `<chart id>.k8s.yaml` per chart into the cluster's folder. */
  public readonly app: App;
  private readonly chartList: Chart[];
  private readonly fileList: ArtefactFile[];

  constructor(props: ClusterArtefactsProps) {
    this.cluster = props.cluster;
    this.outdir = props.outdir;
    // No construct-metadata.json beside the manifests, whatever CDK8S_RECORD_CONSTRUCT_METADATA says (cdk8s lib/app.js).
    this.app = new App({
      outdir: props.outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART, recordConstructMetadata: false,
    });
    this.chartList = CLUSTER_ARTEFACTS.flatMap((artefact) => (artefact.chart ? [artefact.chart(this.app, props.cluster)] : []));
    this.fileList = [];
    for (const artefact of CLUSTER_ARTEFACTS) {
      for (const file of artefact.files?.(props.cluster) ?? []) {
        this.addFile(file);
      }
    }
  }

  /** The artefacts' charts, in registry order (a copy of the list). */
  public get charts(): Chart[] {
    return [...this.chartList];
  }

  /** The files that are not Kubernetes API objects, by path inside the output folder (copies). */
  public get files(): ArtefactFile[] {
    return this.fileList.map((file) => ({ path: file.path, documents: [...file.documents] }));
  }

  /**
   * The artefacts' chart with id `id`, e.g. `CLUSTER_API_CHART`.
   *
   * @throws Error when no artefact added a chart of that id
   */
  public chart(id: string): Chart {
    const chart = this.chartList.find((c) => c.node.id === id);
    if (!chart) {
      throw new Error(`cluster "${this.cluster.name}" has no artefact chart "${id}"; expected one of ${this.chartList.map((c) => `"${c.node.id}"`).join(', ')}`);
    }
    return chart;
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
    // A chart's file is named as cdk8s's App.synth() names it for charts without dependencies (SimpleChartNamer,
    // node_modules/cdk8s/lib/app.js).
    const chartFiles = this.chartList.map((chart) => `${Names.toDnsLabel(chart)}${this.app.outputFileExtension}`);
    const taken = [...this.fileList.map((f) => f.path), ...chartFiles, CLUSTER_CHART_FILE];
    if (taken.includes(normalized)) {
      throw new Error(`artefact path "${file.path}" of cluster "${this.cluster.name}" is already taken; choose another name`);
    }
    this.fileList.push({ path: normalized, documents: [...file.documents] });
  }

  /** Writes the artefacts' charts and files into the output folder. */
  public synth(): void {
    this.app.synth();
    for (const file of this.fileList) {
      const target = path.join(this.outdir, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, yamlDocuments(file.documents));
    }
  }
}
