/**
 * The Pod Security Standards, evaluated on a pod spec the way Pod Security admission does (policy version v1.27, the
 * version the namespaces pin), with its reasons and details, so a violation reads like the API server's refusal.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import { ContainerRef, Workload, describeContainer } from './_objects';

/** A Pod Security Standards level, as the namespace label `pod-security.kubernetes.io/enforce` sets it. */
export type PodSecurityProfile = 'privileged' | 'baseline' | 'restricted';

/** One control a pod fails: PSA's reason (`allowPrivilegeEscalation != false`) and the detail. */
export interface PodSecurityFailure {
  readonly reason: string;
  readonly detail: string;
}

/** Capabilities baseline allows to be added (the container runtime's defaults). */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID',
  'SYS_CHROOT',
];

/** Sysctls baseline allows (v1.27: the namespaced ones that cannot affect other pods). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
];

/** SELinux types baseline allows. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

/** Volume types restricted allows. */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Every control of `profile` that the workload's pods fail; empty when they would be admitted. */
export function podSecurityFailures(workload: Workload, profile: PodSecurityProfile): PodSecurityFailure[] {
  if (profile === 'privileged') {
    return [];
  }
  const failures = baseline(workload);
  return profile === 'restricted' ? [...failures, ...restricted(workload)] : failures;
}

function baseline(w: Workload): PodSecurityFailure[] {
  const pod = w.podSpec;
  const out: PodSecurityFailure[] = [];
  const each = (reason: string, detail: (c: ContainerRef) => string | undefined) => {
    for (const c of w.containers) {
      const text = detail(c);
      if (text) out.push({ reason, detail: text });
    }
  };
  if (pod.securityContext?.windowsOptions?.hostProcess === true) out.push({ reason: 'hostProcess', detail: 'pod must not set securityContext.windowsOptions.hostProcess=true' });
  each('hostProcess', (c) => c.container.securityContext?.windowsOptions?.hostProcess === true
    ? `${describeContainer(c)} must not set securityContext.windowsOptions.hostProcess=true` : undefined);
  const hostNamespaces = ['hostNetwork', 'hostPID', 'hostIPC'].filter((field) => pod[field] === true);
  if (hostNamespaces.length > 0) out.push({ reason: 'host namespaces', detail: hostNamespaces.map((f) => `${f}=true`).join(', ') });
  each('privileged', (c) => c.container.securityContext?.privileged === true
    ? `${describeContainer(c)} must not set securityContext.privileged=true` : undefined);
  each('non-default capabilities', (c) => {
    const added: string[] = (c.container.securityContext?.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.includes(cap));
    return added.length > 0 ? `${describeContainer(c)} must not include ${added.map((a) => `"${a}"`).join(', ')} in securityContext.capabilities.add` : undefined;
  });
  for (const volume of (pod.volumes ?? []).filter((v: any) => v.hostPath)) out.push({ reason: 'hostPath volumes', detail: `volume "${volume.name}"` });
  each('hostPort', (c) => {
    const ports = (c.container.ports ?? []).filter((p: any) => p.hostPort !== undefined && p.hostPort !== 0).map((p: any) => p.hostPort);
    return ports.length > 0 ? `${describeContainer(c)} uses hostPort ${ports.join(', ')}` : undefined;
  });
  for (const [key, value] of Object.entries(w.podAnnotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      out.push({ reason: 'forbidden AppArmor profile', detail: `${key}="${value}"` });
    }
  }
  const seLinux = [pod.securityContext?.seLinuxOptions, ...w.containers.map((c) => c.container.securityContext?.seLinuxOptions)].filter(Boolean);
  for (const options of seLinux) {
    if (!SELINUX_TYPES.includes(options.type ?? '') || options.user || options.role) {
      out.push({ reason: 'seLinuxOptions', detail: `forbidden securityContext.seLinuxOptions ${JSON.stringify(options)}` });
    }
  }
  each('procMount', (c) => {
    const procMount = c.container.securityContext?.procMount;
    return procMount !== undefined && procMount !== 'Default' ? `${describeContainer(c)} must not set securityContext.procMount to "${procMount}"` : undefined;
  });
  if (pod.securityContext?.seccompProfile?.type === 'Unconfined') {
    out.push({ reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"' });
  }
  each('seccompProfile', (c) => c.container.securityContext?.seccompProfile?.type === 'Unconfined'
    ? `${describeContainer(c)} must not set securityContext.seccompProfile.type to "Unconfined"` : undefined);
  const sysctls = (pod.securityContext?.sysctls ?? []).map((s: any) => s.name).filter((name: string) => !SAFE_SYSCTLS.includes(name));
  if (sysctls.length > 0) out.push({ reason: 'forbidden sysctls', detail: sysctls.join(', ') });
  return out;
}

function restricted(w: Workload): PodSecurityFailure[] {
  const pod = w.podSpec;
  const out: PodSecurityFailure[] = [];
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type && !RESTRICTED_VOLUME_TYPES.includes(type) && type !== 'hostPath') {
      out.push({ reason: 'restricted volume types', detail: `volume "${volume.name}" uses restricted volume type "${type}"` });
    }
  }
  for (const c of w.containers) {
    if (c.container.securityContext?.allowPrivilegeEscalation !== false) {
      out.push({ reason: 'allowPrivilegeEscalation != false', detail: `${describeContainer(c)} must set securityContext.allowPrivilegeEscalation=false` });
    }
  }
  const podNonRoot = pod.securityContext?.runAsNonRoot;
  for (const c of w.containers) {
    const nonRoot = c.container.securityContext?.runAsNonRoot ?? podNonRoot;
    if (nonRoot !== true) {
      out.push({ reason: 'runAsNonRoot != true', detail: `pod or ${describeContainer(c)} must set securityContext.runAsNonRoot=true` });
    }
  }
  if (pod.securityContext?.runAsUser === 0) out.push({ reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' });
  for (const c of w.containers.filter((r) => r.container.securityContext?.runAsUser === 0)) {
    out.push({ reason: 'runAsUser=0', detail: `${describeContainer(c)} must not set runAsUser=0` });
  }
  const podSeccomp = pod.securityContext?.seccompProfile?.type;
  for (const c of w.containers) {
    const type = c.container.securityContext?.seccompProfile?.type ?? podSeccomp;
    if (type !== 'RuntimeDefault' && type !== 'Localhost') {
      out.push({ reason: 'seccompProfile', detail: `pod or ${describeContainer(c)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` });
    }
  }
  for (const c of w.containers) {
    const capabilities = c.container.securityContext?.capabilities;
    if (!(capabilities?.drop ?? []).includes('ALL')) {
      out.push({ reason: 'unrestricted capabilities', detail: `${describeContainer(c)} must set securityContext.capabilities.drop=["ALL"]` });
    }
    const added = (capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.includes(cap));
    if (added.length > 0) {
      out.push({
        reason: 'unrestricted capabilities',
        detail: `${describeContainer(c)} must not include ${added.map((a: string) => `"${a}"`).join(', ')} in securityContext.capabilities.add`,
      });
    }
  }
  return out;
}
