/** Pods stay out of the node: no host namespaces, no hostPath volumes, no host ports. */
import { describeContainer } from '../_objects';
import { Finding, Rule, Tool, ref } from '../rule';
import { checkContainers } from './_helpers';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

/** Pods share no namespace with the node. */
export const NO_HOST_NAMESPACES: Rule = {
  id: 'no-host-namespaces',
  title: 'Pods do not share the node\'s namespaces',
  rationale: 'hostNetwork sees every connection of the node and bypasses NetworkPolicy; hostPID and hostIPC reach every process on it.',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'baseline: Host Namespaces'), ref(Tool.KUBE_LINTER, 'host-network'), ref(Tool.KUBE_LINTER, 'host-pid'),
    ref(Tool.KUBE_LINTER, 'host-ipc'), ref(Tool.POLARIS, 'hostNetworkSet'), ref(Tool.POLARIS, 'hostPIDSet'), ref(Tool.POLARIS, 'hostIPCSet'),
    ref(Tool.KYVERNO, 'disallow-host-namespaces'),
  ],
  fix: 'Remove hostNetwork, hostPID and hostIPC from the pod spec; expose the app through a Service instead.',
  check: (context) => context.workloads.flatMap((w): Finding[] => HOST_NAMESPACES
    .filter((field) => w.podSpec[field] === true)
    .map((field) => ({ object: w.object, message: `pod sets ${field}: true`, path: `${w.podSpecPath}.${field}` }))),
};

/** Pods mount no hostPath volume. */
export const NO_HOST_PATH: Rule = {
  id: 'no-host-path',
  title: 'Pods mount no host paths',
  rationale: 'A hostPath volume reads or writes the node\'s own files: credentials, the container runtime socket, other pods\' data.',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'baseline: HostPath Volumes'), ref(Tool.KUBE_LINTER, 'sensitive-host-mounts'),
    ref(Tool.KUBE_LINTER, 'writable-host-mount'), ref(Tool.KYVERNO, 'disallow-host-path'),
  ],
  fix: 'Use an emptyDir, a ConfigMap or Secret volume, or a PersistentVolumeClaim instead of the hostPath volume.',
  check: (context) => context.workloads.flatMap((w): Finding[] => (w.podSpec.volumes ?? [])
    .map((volume: any, i: number) => ({ volume, i }))
    .filter(({ volume }: any) => volume?.hostPath)
    .map(({ volume, i }: any) => ({
      object: w.object,
      message: `volume "${volume.name}" mounts host path ${volume.hostPath.path}`,
      path: `${w.podSpecPath}.volumes[${i}].hostPath`,
    }))),
};

/** Containers bind no host port. */
export const NO_HOST_PORT: Rule = {
  id: 'no-host-port',
  title: 'Containers bind no host ports',
  rationale: 'A hostPort opens the node itself to traffic that NetworkPolicy does not see, and pins pods to nodes where the port is free.',
  references: [
    ref(Tool.POD_SECURITY_STANDARDS, 'baseline: Host Ports'), ref(Tool.POLARIS, 'hostPortSet'), ref(Tool.KYVERNO, 'disallow-host-ports'),
  ],
  fix: 'Remove hostPort from the container ports; expose the port through a Service and the ingress controller.',
  check: (context) => checkContainers(context, (_w, c) => (c.container.ports ?? [])
    .map((port: any, i: number) => ({ port, i }))
    .filter(({ port }: any) => port?.hostPort !== undefined && port.hostPort !== 0)
    .map(({ port, i }: any) => ({
      message: `${describeContainer(c)} binds host port ${port.hostPort} (container port ${port.containerPort})`,
      field: `ports[${i}].hostPort`,
    }))),
};
