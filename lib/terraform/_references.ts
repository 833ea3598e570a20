/**
 * Which objects an object needs to exist before it is applied, read from its fields: a RoleBinding its Role and
 * ServiceAccounts, a workload its ServiceAccount, ConfigMaps and claims, an autoscaler its target, an Ingress its
 * Services. Edges follow references only, so an environment of n objects gets O(n) `depends_on` entries.
 */
import { podSpecOf } from '../core/manifest';

/** A reference to another object of the same namespace. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
}

/** The objects `manifest` refers to (duplicates removed, in field order). */
export function referencesOf(manifest: any): ObjectRef[] {
  const refs: ObjectRef[] = [];
  const add = (kind: string, name: unknown) => {
    if (typeof name === 'string' && !refs.some((r) => r.kind === kind && r.name === name)) {
      refs.push({ kind, name });
    }
  };
  switch (manifest.kind) {
    case 'RoleBinding':
      if (manifest.roleRef?.kind === 'Role') add('Role', manifest.roleRef.name);
      for (const subject of manifest.subjects ?? []) {
        if (subject.kind === 'ServiceAccount' && (subject.namespace ?? manifest.metadata?.namespace) === manifest.metadata?.namespace) {
          add('ServiceAccount', subject.name);
        }
      }
      break;
    case 'HorizontalPodAutoscaler':
      add(manifest.spec?.scaleTargetRef?.kind, manifest.spec?.scaleTargetRef?.name);
      break;
    case 'Ingress':
      add('Service', manifest.spec?.defaultBackend?.service?.name);
      for (const rule of manifest.spec?.rules ?? []) {
        for (const path of rule.http?.paths ?? []) add('Service', path.backend?.service?.name);
      }
      break;
    default:
      break;
  }
  const podSpec = podSpecOf(manifest);
  if (podSpec) {
    add('ServiceAccount', podSpec.serviceAccountName);
    for (const volume of podSpec.volumes ?? []) {
      add('ConfigMap', volume.configMap?.name);
      add('PersistentVolumeClaim', volume.persistentVolumeClaim?.claimName);
      for (const source of volume.projected?.sources ?? []) add('ConfigMap', source.configMap?.name);
    }
    for (const container of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])]) {
      for (const from of container.envFrom ?? []) add('ConfigMap', from.configMapRef?.name);
      for (const env of container.env ?? []) add('ConfigMap', env.valueFrom?.configMapKeyRef?.name);
    }
  }
  return refs;
}
