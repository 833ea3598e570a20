/**
 * Names the platform gives to what builds a cluster. They end up in Cluster API label values, kubeadm file names and
 * provisioning placeholders, so the resolver checks them and the renderers use the same functions.
 */

/** Name of the control plane's KubeadmControlPlane and MachineHealthCheck: `<cluster>-control-plane`. */
export function controlPlaneName(cluster: string): string {
  return `${cluster}-control-plane`;
}

/** Name of the MachineDeployment (and KubeadmConfigTemplate) of a node pool in a zone: `<cluster>-<pool>[-<zone>]`. */
export function machineDeploymentName(cluster: string, pool: string, zone?: string): string {
  return zone === undefined ? `${cluster}-${pool}` : `${cluster}-${pool}-${zone}`;
}

/** The placeholder of a locally held key's material in the EncryptionConfiguration: `${ENCRYPTION_KEY_<NAME>}`. */
export function encryptionKeyPlaceholder(key: string): string {
  return `\${ENCRYPTION_KEY_${key.toUpperCase().replace(/-/g, '_')}}`;
}
