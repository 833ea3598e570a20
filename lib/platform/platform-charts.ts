import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { ClusterArtefacts } from '../cluster/cluster-artefacts';
import { Cluster } from '../cluster/cluster-model';
import { Environment } from '../environment/environment-model';
import { Platform } from './platform-model';
import { ClusterChart } from '../environment/cluster-chart';
import { AppChart } from '../environment/app-chart';
import { EnvironmentChart } from '../environment/environment-chart';
import { KUSTOMIZATION_FILE, kubectlPruneCommand, pruneAllowlist, renderKustomization } from './kubectl-apply';

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
  /** The resolved environment. */
  readonly environment: Environment;
  /** The cdk8s App that writes `<outdir>/<environment>/`. */
  readonly app: App;
  /** The chart of what governs the environment: namespace, quota, limits, policies, RBAC. */
  readonly chart: EnvironmentChart;
  /** One chart per app that runs in the environment. */
  readonly apps: AppChart[];
}

/** One cluster's cdk8s App and chart. */
export interface ClusterOutput {
  /** The resolved cluster. */
  readonly cluster: Cluster;
  /** The cdk8s App that writes `<outdir>/clusters/<cluster>/`. */
  readonly app: App;
  /** The chart of the cluster-scoped objects for the environments the cluster hosts. */
  readonly chart: ClusterChart;
  /** What builds the cluster (kubeadm, Cluster API, kind, audit and encryption files): same folder, never in its Terraform. */
  readonly artefacts: ClusterArtefacts;
}

/**
 * The manifests of a whole platform: one cdk8s App per environment and per cluster, each writing its own folder, so
 * objects of different environments never share a file. Both renderers read these charts: `synth()` writes YAML, and
 * the Terraform stacks take `objectsOf()`, so manifests and Terraform cannot drift.
 *
 * Each App is rendered once, on first use by `synth()`, `objectsOf()`, the Terraform stacks or the guardrails, and
 * that one rendering is shared by all of them. Build everything before the first use: a construct added afterwards
 * makes the next use render again, but a change that adds no construct (e.g. one more group of an existing
 * `AccessControl` role) is not seen.
 */
export class PlatformCharts {
  /** The platform. */
  public readonly platform: Platform;
  /** Where the manifests are written. */
  public readonly outdir: string;
  private readonly envs = new Map<string, EnvironmentOutput>();
  private readonly clusterOutputs = new Map<string, ClusterOutput>();
  private readonly rendered = new Map<App, { readonly constructs: number; readonly charts: RenderedChart[] }>();

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

  /**
   * The rendered objects of an App, in output order (all its charts), rendered afresh. For the Apps of a
   * `PlatformCharts`, prefer its `objectsOf()`, which renders each App once.
   */
  public static manifestsOf(app: App): any[] {
    return renderApp(app).flatMap((chart) => chart.objects);
  }

  /**
   * The rendered objects of one of this platform's Apps, in output order (all its charts): the same objects the
   * manifests hold, rendered once and shared (a copy of the list; do not modify the objects).
   */
  public objectsOf(app: App): any[] {
    return this.render(app).flatMap((chart) => chart.objects);
  }

  /**
   * Writes every App's YAML, and every cluster's artefacts, under the outdir. Each environment and cluster folder also
   * gets a {@link KUSTOMIZATION_FILE} listing its manifests in apply order, so `kubectl apply -k <folder>` and GitOps
   * controllers take the folder as it is: an environment's own chart (namespace and governance) first, then its apps;
   * a cluster's `cluster.k8s.yaml` only (its Cluster API objects are for a management cluster).
   */
  public synth(): void {
    for (const output of this.envs.values()) {
      const files = this.write(output.app);
      const keys = output.environment.cluster.labelKeys;
      const command = kubectlPruneCommand({
        folder: '<this folder>',
        selector: `${keys.environment}=${output.environment.name}`,
        allowlist: pruneAllowlist(this.objectsOf(output.app)),
      });
      this.writeKustomization(output.app, files, [
        `Environment "${output.environment.name}": its namespace and governance first, then its apps, for \`kubectl apply -k\``,
        'and GitOps controllers. To also delete the objects of this environment that left its definition (client-side',
        'apply; only objects kubectl applied, only with this environment\'s label, never its namespace):',
        ...command.map((line, i) => `  ${line}${i < command.length - 1 ? ' \\' : ''}`),
      ]);
    }
    for (const output of this.clusterOutputs.values()) {
      const files = this.write(output.app);
      this.writeKustomization(output.app, files, [
        `Cluster "${output.cluster.name}": the objects to apply to the cluster itself. The other files of this folder build the`,
        'cluster (kubeadm, kind, API server configuration) or are for a management cluster (Cluster API).',
      ]);
    }
    for (const output of this.clusterOutputs.values()) {
      output.artefacts.synth();
    }
  }

  /**
   * Writes an App's YAML from its one rendering, byte for byte as `App.synth()` writes it (one file per chart, named
   * by cdk8s's own namer, through its `Yaml.save`), and returns the file names in chart order. Where charts depend on
   * other charts, cdk8s numbers the file names, and cdk8s writes the App itself.
   */
  private write(app: App): string[] {
    const charts = this.render(app);
    const indexed = charts.some((c) => c.chart.node.dependencies.length > 0);
    // cdk8s's IndexedChartNamer / SimpleChartNamer (cdk8s lib/app.js).
    const files = charts.map(({ chart }, i) => `${indexed ? `${String(i).padStart(4, '0')}-` : ''}${Names.toDnsLabel(chart)}`)
      .map((name) => `${name}${app.outputFileExtension}`);
    if (indexed) {
      app.synth();
      return files;
    }
    fs.mkdirSync(app.outdir, { recursive: true });
    charts.forEach(({ objects }, i) => Yaml.save(path.join(app.outdir, files[i]), objects));
    return files;
  }

  private writeKustomization(app: App, files: readonly string[], comment: readonly string[]): void {
    fs.writeFileSync(path.join(app.outdir, KUSTOMIZATION_FILE), renderKustomization({ resources: files, comment }));
  }

  /** The App's charts with their objects, rendered on first use and again only when constructs were added since. */
  private render(app: App): RenderedChart[] {
    const constructs = app.node.findAll().length;
    const cached = this.rendered.get(app);
    if (cached && cached.constructs === constructs) {
      return cached.charts;
    }
    const charts = renderApp(app);
    this.rendered.set(app, { constructs, charts });
    return charts;
  }

  private app(folder: string): App {
    return new App({
      outdir: path.join(this.outdir, folder),
      outputFileExtension: '.k8s.yaml',
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
      // Never `construct-metadata.json` beside the manifests, which kubectl would then fail to decode: cdk8s writes it
      // in `App.synth()` when this is true, and takes the default from CDK8S_RECORD_CONSTRUCT_METADATA (cdk8s
      // lib/app.js), which cdk8s-cli sets whenever cdk8s.yaml declares validations (cdk8s-cli lib/util.js synthApp).
      recordConstructMetadata: false,
    });
  }
}

/** One chart of an App and its rendered objects. */
interface RenderedChart {
  readonly chart: Chart;
  readonly objects: any[];
}

/**
 * Renders every chart of a cdk8s App, in output order, preparing the App once.
 *
 * cdk8s prepares the whole App — resolves construct dependencies into chart dependencies and runs every construct's
 * validation — each time it renders one chart (`App._synthChart`, which `Chart.toJson()` calls), so an App of n
 * charts costs n full passes over the App: quadratic, 24 s for an environment of 1000 app charts. Here the first
 * chart renders the ordinary way, which prepares the App exactly as cdk8s does (same errors); the App does not change
 * while its other charts render, so they are rendered without preparing it again — still through each chart's own
 * `toJson()` (e.g. node placement), and with cdk8s's own object order within a chart.
 */
function renderApp(app: App): RenderedChart[] {
  const first = app.node.findAll().find((c): c is Chart => c instanceof Chart);
  if (!first) {
    return [];
  }
  const objects = new Map<Chart, any[]>([[first, first.toJson()]]);
  const charts = app.charts; // in cdk8s's output order, now that chart dependencies are resolved
  const cdk8sApp = App as unknown as { _synthChart?: (chart: Chart) => any[] };
  const synthChart = cdk8sApp._synthChart;
  // Should a cdk8s upgrade drop the hook, every chart still renders correctly, preparing the App each time.
  const patched = typeof synthChart === 'function';
  if (patched) {
    cdk8sApp._synthChart = (chart) => (App.of(chart) === app ? objectsOfChart(chart) : synthChart.call(App, chart));
  }
  try {
    for (const chart of charts) {
      if (!objects.has(chart)) objects.set(chart, chart.toJson());
    }
  } finally {
    if (patched) cdk8sApp._synthChart = synthChart;
  }
  return charts.map((chart) => ({ chart, objects: objects.get(chart)! }));
}

/** A chart's own objects in dependency order, as cdk8s renders them once its App is prepared (cdk8s `chartToKube`). */
function objectsOfChart(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((object) => object.toJson());
}
