/**
 * Cluster contexts per environment: a kubeconfig fragment that defines a context named after the environment, made of
 * its cluster's context (the cluster and user entries of the same name) and the environment's namespace. Merged with
 * the kubeconfig that holds the clusters (`KUBECONFIG=~/.kube/config:dist/kubeconfig/dev.yaml`), `--context dev`
 * selects the environment by name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { Environment } from '../environment/environment-model';
import { Platform } from '../platform/platform-model';

/** Folder of the fragments inside the manifests folder: `dist/kubeconfig/<environment>.yaml`. */
export const KUBECONFIG_DIR = 'kubeconfig';

/** The kubeconfig fragment of one environment, as YAML with a header saying what it refers to. */
export function kubeconfigFragment(env: Environment): string {
  const clusterContext = env.cluster.kubeconfig.context;
  const kubeconfig = env.cluster.kubeconfig.path.replace(/^~(?=\/)/, '$HOME');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    contexts: [{ name: env.name, context: { cluster: clusterContext, user: clusterContext, namespace: env.namespace } }],
  };
  return `# Context "${env.name}": cluster context "${clusterContext}" (its cluster and user entries) with namespace "${env.namespace}".\n`
    + `# Use with the kubeconfig that defines them: KUBECONFIG=${kubeconfig}:dist/${KUBECONFIG_DIR}/${env.name}.yaml kubectl --context ${env.name} …\n`
    + stringify(config);
}

/** Writes `<dir>/<environment>.yaml` for every environment; returns the files written, in platform order. */
export function writeKubeconfigs(platform: Platform, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return platform.environments.map((env) => {
    const file = path.join(dir, `${env.name}.yaml`);
    fs.writeFileSync(file, kubeconfigFragment(env));
    return file;
  });
}
