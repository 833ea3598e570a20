/**
 * The Pod Security Standards, evaluated on a pod spec the way Pod Security admission does at a given policy version
 * (the minor the namespace label pins, never newer than the cluster's own), with its reasons and details, so a
 * violation reads like the API server's refusal.
 *
 * Each control follows the versioned check of upstream's `k8s.io/pod-security-admission/policy` (one file per
 * control, `check_<control>.go`, each listing `VersionedCheck{MinimumVersion: …}`). What changed between 1.27 and 1.36:
 * - sysctls (check_sysctls.go): 1.29 allows `net.ipv4.tcp_keepalive_*` and `tcp_fin_timeout`, 1.32 `tcp_rmem`/`tcp_wmem`;
 * - seLinuxOptions (check_seLinuxOptions.go): 1.31 allows the type `container_engine_t`;
 * - hostProbesAndHostLifecycle (check_hostProbesAndhostLifecycle.go): from 1.34, probes and lifecycle handlers must not
 *   set `host`;
 * - procMount, runAsNonRoot, runAsUser (check_procMount_baseline.go, check_runAsNonRoot.go, check_runAsUser.go): from
 *   1.35, a pod in a user namespace (`hostUsers: false`) passes them; restricted keeps procMount regardless
 *   (check_procMount_restricted.go).
 * The appArmorProfile check covers the annotation and the `appArmorProfile` fields at every version.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * @see https://github.com/kubernetes/pod-security-admission/tree/master/policy
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

/** Sysctls baseline allows, by the policy minor that first allowed them (the namespaced ones that cannot affect other pods). */
const SAFE_SYSCTLS: ReadonlyArray<{ readonly since: number; readonly names: readonly string[] }> = [
  {
    since: 0,
    names: ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'],
  },
  { since: 27, names: ['net.ipv4.ip_local_reserved_ports'] },
  { since: 29, names: ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] },
  { since: 32, names: ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'] },
];

/** SELinux types baseline allows, by the policy minor that first allowed them. */
const SELINUX_TYPES: ReadonlyArray<{ readonly since: number; readonly names: readonly string[] }> = [
  { since: 0, names: ['', 'container_t', 'container_init_t', 'container_kvm_t'] },
  { since: 31, names: ['container_engine_t'] },
];

/** AppArmor profile types baseline allows in the `appArmorProfile` fields. */
const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];

/** From this policy minor on, a pod in a user namespace passes procMount (baseline), runAsNonRoot and runAsUser. */
const USER_NAMESPACE_RELAXATION = 35;

/** From this policy minor on, probes and lifecycle handlers must not name a host. */
const HOST_PROBES_CHECK = 34;

/** What a versioned list allows at `minor`. */
function allowedAt(list: ReadonlyArray<{ readonly since: number; readonly names: readonly string[] }>, minor: number): string[] {
  return list.filter((entry) => entry.since <= minor).flatMap((entry) => entry.names);
}

/** Whether the pod runs in a user namespace (`hostUsers: false`), which 1.35 policies relax some controls for. */
function inUserNamespace(podSpec: any): boolean {
  return podSpec.hostUsers === false;
}

/** Volume types restricted allows. */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * Every control of `profile`, at policy minor `minor` (`36` for `v1.36`), that the workload's pods fail; empty when
 * they would be admitted.
 */
export function podSecurityFailures(workload: Workload, profile: PodSecurityProfile, minor: number): PodSecurityFailure[] {
  if (profile === 'privileged') {
    return [];
  }
  const failures = baseline(workload, minor, profile);
  return profile === 'restricted' ? [...failures, ...restricted(workload, minor)] : failures;
}

function baseline(w: Workload, minor: number, profile: PodSecurityProfile): PodSecurityFailure[] {
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
  const appArmor = [
    ...(pod.securityContext?.appArmorProfile ? [{ who: 'pod', type: pod.securityContext.appArmorProfile.type }] : []),
    ...w.containers.filter((c) => c.container.securityContext?.appArmorProfile)
      .map((c) => ({ who: describeContainer(c), type: c.container.securityContext.appArmorProfile.type })),
  ].filter((a) => !APPARMOR_TYPES.includes(a.type));
  for (const a of appArmor) {
    out.push({ reason: 'forbidden AppArmor profile', detail: `${a.who} must not set securityContext.appArmorProfile.type to "${a.type}"` });
  }
  const seLinuxTypes = allowedAt(SELINUX_TYPES, minor);
  const seLinux = [pod.securityContext?.seLinuxOptions, ...w.containers.map((c) => c.container.securityContext?.seLinuxOptions)].filter(Boolean);
  for (const options of seLinux) {
    if (!seLinuxTypes.includes(options.type ?? '') || options.user || options.role) {
      out.push({ reason: 'seLinuxOptions', detail: `forbidden securityContext.seLinuxOptions ${JSON.stringify(options)}` });
    }
  }
  // restricted keeps procMount for user-namespace pods too (check_procMount_restricted.go overrides the baseline check).
  const procMountRelaxed = minor >= USER_NAMESPACE_RELAXATION && inUserNamespace(pod) && profile === 'baseline';
  if (!procMountRelaxed) {
    each('procMount', (c) => {
      const procMount = c.container.securityContext?.procMount;
      return procMount !== undefined && procMount !== 'Default' ? `${describeContainer(c)} must not set securityContext.procMount to "${procMount}"` : undefined;
    });
  }
  if (pod.securityContext?.seccompProfile?.type === 'Unconfined') {
    out.push({ reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"' });
  }
  each('seccompProfile', (c) => c.container.securityContext?.seccompProfile?.type === 'Unconfined'
    ? `${describeContainer(c)} must not set securityContext.seccompProfile.type to "Unconfined"` : undefined);
  const safeSysctls = allowedAt(SAFE_SYSCTLS, minor);
  const sysctls = (pod.securityContext?.sysctls ?? []).map((s: any) => s.name).filter((name: string) => !safeSysctls.includes(name));
  if (sysctls.length > 0) out.push({ reason: 'forbidden sysctls', detail: sysctls.join(', ') });
  if (minor >= HOST_PROBES_CHECK) {
    each('probe or lifecycle host', (c) => {
      const { livenessProbe, readinessProbe, startupProbe, lifecycle } = c.container;
      const handlers = [livenessProbe, readinessProbe, startupProbe, lifecycle?.postStart, lifecycle?.preStop];
      const hosts = [...new Set(handlers.flatMap((h: any) => [h?.httpGet?.host, h?.tcpSocket?.host]).filter((host: any) => typeof host === 'string' && host !== ''))];
      return hosts.length > 0 ? `${describeContainer(c)} uses probe or lifecycle ${hosts.length === 1 ? 'host' : 'hosts'} ${hosts.map((h) => `"${h}"`).join(', ')}` : undefined;
    });
  }
  return out;
}

function restricted(w: Workload, minor: number): PodSecurityFailure[] {
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
  const userNamespace = minor >= USER_NAMESPACE_RELAXATION && inUserNamespace(pod);
  const podNonRoot = pod.securityContext?.runAsNonRoot;
  for (const c of userNamespace ? [] : w.containers) {
    const nonRoot = c.container.securityContext?.runAsNonRoot ?? podNonRoot;
    if (nonRoot !== true) {
      out.push({ reason: 'runAsNonRoot != true', detail: `pod or ${describeContainer(c)} must set securityContext.runAsNonRoot=true` });
    }
  }
  if (!userNamespace && pod.securityContext?.runAsUser === 0) out.push({ reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' });
  for (const c of userNamespace ? [] : w.containers.filter((r) => r.container.securityContext?.runAsUser === 0)) {
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
