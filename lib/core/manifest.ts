/** Helpers over rendered Kubernetes objects (plain JSON): where a kind keeps its pod spec, and how reports name an object. */
/** Kinds that run pods, and where each keeps its pod spec. */
const POD_SPEC_PATHS: { readonly [kind: string]: readonly string[] } = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The pod spec of a rendered object (the live object, not a copy), or `undefined` when it runs no pods. */
export function podSpecOf(manifest: any): any {
  const path = POD_SPEC_PATHS[manifest?.kind];
  return path?.reduce((node: any, key) => node?.[key], manifest);
}

/** An object's identity as reports and exceptions write it: `Kind/namespace/name`, or `Kind/name` without a namespace. */
export function objectKey(object: any): string {
  const namespace = object?.metadata?.namespace;
  const name = object?.metadata?.name ?? '(unnamed)';
  return namespace ? `${object?.kind}/${namespace}/${name}` : `${object?.kind}/${name}`;
}
