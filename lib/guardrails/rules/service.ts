/** Services select pods, target ports those pods declare, and stay inside the cluster. */
import { Workload } from '../_objects';
import { formatLabels } from '../_selector';
import { Finding, Rule, Tool, ref } from '../rule';
import { objectsOfKind, workloadsSelectedByMap } from './_helpers';

/** Service types that open a port on every node or an external load balancer. */
const EXPOSED_TYPES = ['NodePort', 'LoadBalancer'];

/** Services with a selector, and the workloads whose pods they select. */
function selectingServices(context: Parameters<Rule['check']>[0]): Array<{ service: any; selected: Workload[] }> {
  return objectsOfKind(context, 'Service')
    .filter((s) => s.spec?.type !== 'ExternalName' && Object.keys(s.spec?.selector ?? {}).length > 0)
    .map((service) => ({
      service,
      selected: [...workloadsSelectedByMap(context, service.metadata?.namespace, service.spec.selector)],
    }));
}

/** Whether a workload's containers declare the port a Service targets (by name, or by number). */
function declaresPort(workload: Workload, target: number | string, protocol: string): boolean {
  return workload.containers.filter((c) => !c.init).some((c) => (c.container.ports ?? []).some((p: any) => (p.protocol ?? 'TCP') === protocol
    && (typeof target === 'string' ? p.name === target : p.containerPort === target)));
}

/** A Service's selector selects pods. */
export const SERVICE_SELECTOR: Rule = {
  id: 'service-selector',
  title: 'Service selectors match pods',
  rationale: 'A Service whose selector matches no pod has no endpoints: every request to it fails.',
  references: [ref(Tool.KUBE_LINTER, 'dangling-service'), ref(Tool.KUBE_SCORE, 'service-targets-pod')],
  fix: 'Set spec.selector to the labels of the pod template of the workload the Service fronts.',
  check: (context) => selectingServices(context)
    .filter(({ selected }) => selected.length === 0)
    .map(({ service }) => ({ object: service, message: `spec.selector ${formatLabels(service.spec.selector)} matches no pod`, path: 'spec.selector' })),
};

/** Every target port of a Service is a port its pods declare. */
export const SERVICE_TARGET_PORTS: Rule = {
  id: 'service-target-ports',
  title: 'Service target ports are declared by the pods',
  rationale: 'A named target port resolves only against declared container ports, and a numeric one nobody declares is usually a typo.',
  references: [ref(Tool.KUBE_LINTER, 'invalid-target-ports'), ref(Tool.KUBE_SCORE, 'service-targets-pod')],
  fix: 'Declare the port in the container\'s ports (with a name) and target it by that name.',
  check: (context) => selectingServices(context).flatMap(({ service, selected }): Finding[] => (service.spec.ports ?? [])
    .flatMap((port: any, i: number) => {
      const target = port.targetPort ?? port.port;
      const protocol = port.protocol ?? 'TCP';
      const label = port.name ? `port "${port.name}" (${port.port})` : `port ${port.port}`;
      return selected.filter((w) => !declaresPort(w, target, protocol)).map((w) => ({
        object: service,
        message: `${label} targets ${typeof target === 'string' ? `port "${target}"` : `port ${target}`}/${protocol}, `
          + `which no container of ${w.ref} declares`,
        path: `spec.ports[${i}].targetPort`,
      }));
    })),
};

/** No Service is of type NodePort or LoadBalancer or sets externalIPs. */
export const SERVICE_EXPOSURE: Rule = {
  id: 'service-exposure',
  title: 'Services stay inside the cluster',
  rationale: 'NodePort, LoadBalancer and externalIPs open the app beside the ingress controller: no TLS, no host routing, no single entry point.',
  references: [
    ref(Tool.KUBE_LINTER, 'exposed-services'), ref(Tool.KUBE_SCORE, 'service-type'), ref(Tool.KYVERNO, 'restrict-nodeport'),
    ref(Tool.KYVERNO, 'restrict-loadbalancer'), ref(Tool.KYVERNO, 'restrict-service-external-ips'),
  ],
  fix: 'Use a ClusterIP Service and publish it through an Ingress.',
  check: (context) => objectsOfKind(context, 'Service').flatMap((service): Finding[] => [
    ...(EXPOSED_TYPES.includes(service.spec?.type) ? [{ object: service, message: `is of type ${service.spec.type}`, path: 'spec.type' }] : []),
    ...((service.spec?.externalIPs ?? []).length > 0
      ? [{ object: service, message: `sets externalIPs ${service.spec.externalIPs.join(', ')}`, path: 'spec.externalIPs' }] : []),
  ]),
};
