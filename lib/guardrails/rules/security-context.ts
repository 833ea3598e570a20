/** The hardened security context: no privilege, no escalation, not root, read-only root, no capabilities, seccomp. */
import { describeContainer, effectiveSecurity } from '../_objects';
import { Rule, Tool, ref } from '../rule';
import { checkContainers } from './_helpers';

/** The only capability Pod Security `restricted` lets a container add (binding ports below 1024). */
const ADDABLE_CAPABILITY = 'NET_BIND_SERVICE';

/** Seccomp profile types that confine system calls. */
const CONFINING_SECCOMP = ['RuntimeDefault', 'Localhost'];

/** No container is privileged. */
export const NO_PRIVILEGED: Rule = {
  id: 'no-privileged',
  title: 'No privileged containers',
  rationale: 'A privileged container has every device and capability of the node: escaping it is escaping nothing.',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'baseline: Privileged Containers'), ref(Tool.KUBE_LINTER, 'privileged-container'),
    ref(Tool.KUBE_SCORE, 'container-security-context-privileged'), ref(Tool.POLARIS, 'runAsPrivileged'),
    ref(Tool.KYVERNO, 'disallow-privileged-containers'),
  ],
  fix: 'Remove securityContext.privileged (or set it to false); add the one capability the app needs instead, if any.',
  check: (context) => checkContainers(context, (_w, c) => c.container.securityContext?.privileged === true
    ? [{ message: `${describeContainer(c)} sets securityContext.privileged: true`, field: 'securityContext.privileged' }]
    : []),
};

/** Every container sets allowPrivilegeEscalation: false. */
export const NO_PRIVILEGE_ESCALATION: Rule = {
  id: 'no-privilege-escalation',
  title: 'Containers cannot escalate privileges',
  rationale: 'Unless it is false, setuid binaries and file capabilities let a process gain more privileges than it started with (it defaults to true).',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'restricted: Privilege Escalation'), ref(Tool.KUBE_LINTER, 'privilege-escalation-container'),
    ref(Tool.POLARIS, 'privilegeEscalationAllowed'), ref(Tool.KYVERNO, 'disallow-privilege-escalation'),
  ],
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  check: (context) => checkContainers(context, (_w, c) => {
    const value = c.container.securityContext?.allowPrivilegeEscalation;
    if (value === false) return [];
    return [{
      message: value === true
        ? `${describeContainer(c)} sets securityContext.allowPrivilegeEscalation: true`
        : `${describeContainer(c)} does not set securityContext.allowPrivilegeEscalation: false (it defaults to true)`,
      field: 'securityContext.allowPrivilegeEscalation',
    }];
  }),
};

/** Every container runs as a non-root user. */
export const RUN_AS_NON_ROOT: Rule = {
  id: 'run-as-non-root',
  title: 'Containers run as a non-root user',
  rationale: 'Root in a container is root on the node the moment anything else goes wrong (a kernel bug, a writable host mount).',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'restricted: Running as Non-root'), ref(Tool.POD_SECURITY_STANDARDS, 'restricted: Running as Non-root user'),
    ref(Tool.KUBE_LINTER, 'run-as-non-root'), ref(Tool.KUBE_SCORE, 'container-security-context-user-group-id'), ref(Tool.POLARIS, 'runAsRootAllowed'),
    ref(Tool.KYVERNO, 'require-run-as-nonroot'),
  ],
  fix: 'Set securityContext.runAsNonRoot: true (on the pod or each container) and a non-zero runAsUser, e.g. 10001.',
  check: (context) => checkContainers(context, (w, c) => {
    const problems = [];
    if (effectiveSecurity(w, c, 'runAsNonRoot') !== true) {
      problems.push({ message: `${describeContainer(c)} does not set runAsNonRoot: true (on the pod or the container)`, field: 'securityContext.runAsNonRoot' });
    }
    if (effectiveSecurity(w, c, 'runAsUser') === 0) {
      problems.push({ message: `${describeContainer(c)} runs as user 0 (root)`, field: 'securityContext.runAsUser' });
    }
    return problems;
  }),
};

/** Every container has a read-only root filesystem. */
export const READ_ONLY_ROOT_FILESYSTEM: Rule = {
  id: 'read-only-root-filesystem',
  title: 'Root filesystems are read-only',
  rationale: 'A writable root lets an intruder drop and run tools, and hides state that a restart silently loses.',
  references: [
    ref(Tool.KUBE_LINTER, 'no-read-only-root-fs'), ref(Tool.KUBE_SCORE, 'container-security-context-readonlyrootfilesystem'),
    ref(Tool.POLARIS, 'notReadOnlyRootFilesystem'), ref(Tool.KYVERNO, 'require-ro-rootfs'),
  ],
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app must write (/tmp, caches).',
  check: (context) => checkContainers(context, (_w, c) => c.container.securityContext?.readOnlyRootFilesystem === true
    ? []
    : [{ message: `${describeContainer(c)} does not set securityContext.readOnlyRootFilesystem: true`, field: 'securityContext.readOnlyRootFilesystem' }]),
};

/** Every container drops all capabilities and adds none but NET_BIND_SERVICE. */
export const DROP_CAPABILITIES: Rule = {
  id: 'drop-capabilities',
  title: 'Containers drop all capabilities',
  rationale: 'The runtime\'s default capabilities (NET_RAW, CHOWN, SETUID…) are more than an app needs and each widens what an exploit can do.',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'restricted: Capabilities'), ref(Tool.POD_SECURITY_STANDARDS, 'baseline: Capabilities'),
    ref(Tool.KUBE_LINTER, 'drop-net-raw-capability'), ref(Tool.POLARIS, 'dangerousCapabilities'), ref(Tool.POLARIS, 'insecureCapabilities'),
    ref(Tool.KYVERNO, 'require-drop-all'), ref(Tool.KYVERNO, 'disallow-capabilities-strict'),
  ],
  fix: `Set securityContext.capabilities.drop: ["ALL"]; add back only ${ADDABLE_CAPABILITY}, and only to bind a port below 1024.`,
  check: (context) => checkContainers(context, (_w, c) => {
    const capabilities = c.container.securityContext?.capabilities;
    const problems = [];
    if (!(capabilities?.drop ?? []).includes('ALL')) {
      problems.push({ message: `${describeContainer(c)} does not drop ALL capabilities`, field: 'securityContext.capabilities.drop' });
    }
    for (const added of (capabilities?.add ?? []).filter((cap: string) => cap !== ADDABLE_CAPABILITY)) {
      problems.push({ message: `${describeContainer(c)} adds capability ${added}`, field: 'securityContext.capabilities.add' });
    }
    return problems;
  }),
};

/** Every container runs under the RuntimeDefault (or a Localhost) seccomp profile. */
export const SECCOMP_PROFILE: Rule = {
  id: 'seccomp-profile',
  title: 'Containers run with a seccomp profile',
  rationale: 'Without seccomp every system call reaches the shared kernel; RuntimeDefault blocks the ones containers never need.',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'restricted: Seccomp'), ref(Tool.KUBE_SCORE, 'container-seccomp-profile'),
    ref(Tool.KYVERNO, 'restrict-seccomp-strict'),
  ],
  fix: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (it applies to every container).',
  check: (context) => checkContainers(context, (w, c) => {
    const type = effectiveSecurity(w, c, 'seccompProfile')?.type;
    if (CONFINING_SECCOMP.includes(type)) return [];
    return [{
      message: type === undefined
        ? `${describeContainer(c)} has no seccomp profile (set RuntimeDefault on the pod or the container)`
        : `${describeContainer(c)} uses seccomp profile ${type}`,
      field: 'securityContext.seccompProfile',
    }];
  }),
};
