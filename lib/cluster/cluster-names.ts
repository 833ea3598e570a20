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

/**
 * Name of the Gateway listener of a host: the host itself. Hosts are unique per Gateway (the resolver refuses a host
 * two environments claim) and a host name matches the Gateway API's `SectionName` pattern (lowercase DNS labels).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#sectionname
 */
export function gatewayListenerName(host: string): string {
  return host;
}

/** Name of the Secret holding a Gateway listener's certificate, in the Gateway's namespace: `<host>-tls`. */
export function gatewayCertificateSecretName(host: string): string {
  return `${host}-tls`;
}

/** The placeholder of a locally held key's material in the EncryptionConfiguration: `${ENCRYPTION_KEY_<NAME>}`. */
export function encryptionKeyPlaceholder(key: string): string {
  return `\${ENCRYPTION_KEY_${key.toUpperCase().replace(/-/g, '_')}}`;
}
