import * as path from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { ClusterArtefacts } from '../cluster/cluster-artefacts';
import { Cluster, Environment, Platform } from '../config/model';
import { ClusterChart } from '../k8s/cluster-chart';
import { AppChart } from '../k8s/app-chart';
import { EnvironmentChart } from '../k8s/environment-chart';

/** Folder of the cluster outputs inside the manifests folder: `dist/clusters/<cluster>/`. */
export const CLUSTERS_DIR = 'clusters';

/** Props of {@link PlatformCharts}. */
export interface PlatformChartsProps {
  /** The validated platform. */
  readonly platform: Platform;
  /**
   * Folder the manifests are written to: `<outdir>/<environment>/` and `<outdir>/clusters/<cluster>/`.
   * @default - `CDK8S_OUTDIR`, else 'dist'
   */
  readonly outdir?: string;
}

/** One environment's cdk8s App and chart. */
export interface EnvironmentOutput {
  readonly environment: Environment;
  readonly app: App;
  readonly chart: EnvironmentChart;
  /** One chart per app that runs in the environment. */
  readonly apps: AppChart[];
}

/** One cluster's cdk8s App and chart. */
export interface ClusterOutput {
  readonly cluster: Cluster;
  readonly app: App;
  readonly chart: ClusterChart;
  /** What builds the cluster (kubeadm, Cluster API, kind, audit and encryption files): same folder, never in its Terraform. */
  readonly artefacts: ClusterArtefacts;
}

/**
 * The manifests of a whole platform: one cdk8s App per environment and per cluster, each writing its own folder, so
 * objects of different environments never share a file. Both renderers read these charts: `synth()` writes YAML, and
 * the Terraform stacks take `manifestsOf()`, so manifests and Terraform cannot drift.
 */
export class PlatformCharts {
  /** The platform. */
  public readonly platform: Platform;
  /** Where the manifests are written. */
  public readonly outdir: string;
  private readonly envs = new Map<string, EnvironmentOutput>();
  private readonly clusterOutputs = new Map<string, ClusterOutput>();

  constructor(props: PlatformChartsProps) {
    this.platform = props.platform;
    this.outdir = props.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
    for (const environment of this.platform.environments) {
      const app = this.app(environment.name);
      const chart = new EnvironmentChart(app, 'environment', { environment });
      const apps = environment.apps.map((a) => new AppChart(app, `app-${a.name}`, { environment, app: a }));
      this.envs.set(environment.name, { environment, app, chart, apps });
    }
    for (const cluster of this.platform.clusters) {
      const app = this.app(path.join(CLUSTERS_DIR, cluster.name));
      const environments = this.platform.environments.filter((e) => e.cluster.name === cluster.name);
      const chart = new ClusterChart(app, 'cluster', { cluster, environments });
      const artefacts = new ClusterArtefacts({ cluster, outdir: path.join(this.outdir, CLUSTERS_DIR, cluster.name) });
      this.clusterOutputs.set(cluster.name, { cluster, app, chart, artefacts });
    }
  }

  /** The environments' outputs, in platform order. */
  public get environments(): EnvironmentOutput[] {
    return [...this.envs.values()];
  }

  /** The clusters' outputs, in platform order. */
  public get clusters(): ClusterOutput[] {
    return [...this.clusterOutputs.values()];
  }

  /** One environment's output. */
  public environment(name: string): EnvironmentOutput {
    const output = this.envs.get(name);
    if (!output) {
      throw new Error(`unknown environment "${name}"; expected one of ${[...this.envs.keys()].map((n) => `"${n}"`).join(', ')}`);
    }
    return output;
  }

  /** One cluster's output. */
  public cluster(name: string): ClusterOutput {
    const output = this.clusterOutputs.get(name);
    if (!output) {
      throw new Error(`unknown cluster "${name}"; expected one of ${[...this.clusterOutputs.keys()].map((n) => `"${n}"`).join(', ')}`);
    }
    return output;
  }

  /** The rendered objects of an App, in output order (all its charts). */
  public static manifestsOf(app: App): any[] {
    return app.charts.flatMap((chart) => chart.toJson());
  }

  /** Writes every App's YAML, and every cluster's artefacts, under the outdir. */
  public synth(): void {
    for (const output of [...this.envs.values(), ...this.clusterOutputs.values()]) {
      output.app.synth();
    }
    for (const output of this.clusterOutputs.values()) {
      output.artefacts.synth();
    }
  }

  private app(folder: string): App {
    return new App({ outdir: path.join(this.outdir, folder), outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  }
}
