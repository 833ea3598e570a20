/**
 * A cluster's pods and NetworkPolicies, and which traffic between two pods the policies allow, following the
 * NetworkPolicy semantics of the Kubernetes API:
 *
 * - a pod is isolated for ingress (egress) when some policy of its namespace selects it and has that policy type;
 *   a pod that is not isolated allows everything in that direction;
 * - traffic from A to B is allowed only when A's egress allows it *and* B's ingress allows it;
 * - a peer with a podSelector only selects pods of the policy's own namespace; with a namespaceSelector only, every pod
 *   of the selected namespaces; with both, pods matching both (AND); an ipBlock never selects pods of the cluster;
 * - a rule without peers allows every peer, a rule without ports every port; a named port resolves against the
 *   destination pod's declared container ports.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { NAMESPACE_NAME_LABEL } from '../../config/defaults';
import { stableJson, workloadsOf } from '../_objects';
import { PolicyType, peersOf, policyTypesOf } from '../_network-policy';
import { Labels, formatLabels, isEmptySelector, labelsSelectedBy, selectorMatches } from '../_selector';
import { PortProtocol, PortSet } from './port-set';

/** A namespace of the cluster. */
export interface NamespaceNode {
  readonly name: string;
  /** Its labels, with the one the API server sets (`kubernetes.io/metadata.name`). */
  readonly labels: Labels;
  /** The environment that owns it, if any. */
  readonly environment?: string;
  /**
   * Whether its NetworkPolicies are known. A namespace outside the platform (kube-system, the ingress controller's)
   * is taken as not isolated, since its own policies are not in the output.
   */
  readonly managed: boolean;
}

/** A declared container port. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: PortProtocol;
}

/** Pods that the policies treat alike: a workload's pods, or a representative of pods not rendered. */
export interface PodGroup {
  readonly namespace: string;
  /** `Deployment/api`, `any pod`, or `pods {k8s-app=kube-dns}`. */
  readonly name: string;
  readonly labels: Labels;
  /** Declared container ports; `undefined` when unknown (named ports then match any port of their protocol). */
  readonly ports?: readonly ContainerPort[];
  /** Whether it is a rendered workload (not a representative). */
  readonly workload: boolean;
}

/** What a cluster network is built from. */
export interface ClusterNetworkProps {
  /** Namespaces whose policies are known (the environments'), with their labels. */
  readonly namespaces: ReadonlyArray<{ readonly name: string; readonly labels?: Labels; readonly environment?: string }>;
  /** Every rendered object of those namespaces (workloads and NetworkPolicies are read). */
  readonly objects: readonly any[];
}

/** The pods and policies of one cluster, and the traffic they allow. */
export class ClusterNetwork {
  /** Namespaces, managed first (in the given order), then the others the policies name (sorted). */
  public readonly namespaces: readonly NamespaceNode[];
  /** Pod groups: rendered workloads, one unlabelled pod per namespace, and one pod per selector the policies use. */
  public readonly pods: readonly PodGroup[];
  private readonly policies: readonly any[];
  private readonly byName: ReadonlyMap<string, NamespaceNode>;

  constructor(props: ClusterNetworkProps) {
    const managed = props.namespaces.map((ns): NamespaceNode => ({
      name: ns.name,
      labels: { ...ns.labels, [NAMESPACE_NAME_LABEL]: ns.name },
      environment: ns.environment,
      managed: true,
    }));
    const managedNames = new Set(managed.map((ns) => ns.name));
    this.policies = props.objects.filter((o) => o?.kind === 'NetworkPolicy' && managedNames.has(o.metadata?.namespace));
    const others = [...new Set(this.policies.flatMap((p) => peersOf(p).flatMap(({ peer }) => namespacesNamedBy(peer?.namespaceSelector))))]
      .filter((name) => !managedNames.has(name))
      .sort()
      .map((name): NamespaceNode => ({ name, labels: { [NAMESPACE_NAME_LABEL]: name }, managed: false }));
    this.namespaces = [...managed, ...others];
    this.byName = new Map(this.namespaces.map((ns) => [ns.name, ns]));
    this.pods = this.podGroups(props.objects.filter((o) => managedNames.has(o?.metadata?.namespace)));
  }

  /** A namespace by name. */
  public namespace(name: string): NamespaceNode | undefined {
    return this.byName.get(name);
  }

  /** The ports on which `from` may open connections to `to`: what `from`'s egress allows and `to`'s ingress allows. */
  public allowed(from: PodGroup, to: PodGroup): PortSet {
    return this.allowedBy('Egress', from, to).intersect(this.allowedBy('Ingress', to, from));
  }

  /**
   * What the policies selecting `pod` allow in one direction, with `peer` on the other end (the destination of egress,
   * the source of ingress). Ports always resolve against the destination.
   */
  private allowedBy(direction: PolicyType, pod: PodGroup, peer: PodGroup): PortSet {
    if (!this.byName.get(pod.namespace)?.managed) {
      return PortSet.ALL;
    }
    const selecting = this.policies.filter((p) => p.metadata?.namespace === pod.namespace && policyTypesOf(p).includes(direction)
      && selectorMatches(p.spec?.podSelector, pod.labels));
    if (selecting.length === 0) {
      return PortSet.ALL;
    }
    const destination = direction === 'Egress' ? peer : pod;
    let allowed = PortSet.NONE;
    for (const policy of selecting) {
      const rules = (direction === 'Egress' ? policy.spec?.egress : policy.spec?.ingress) ?? [];
      for (const rule of rules) {
        const peers = direction === 'Egress' ? rule?.to : rule?.from;
        if (peers === undefined || peers.length === 0 || peers.some((p: any) => this.peerSelects(p, policy.metadata.namespace, peer))) {
          allowed = allowed.union(portsOf(rule?.ports, destination));
        }
      }
    }
    return allowed;
  }

  private peerSelects(peer: any, policyNamespace: string, pod: PodGroup): boolean {
    if (!peer || peer.ipBlock || (!peer.namespaceSelector && !peer.podSelector)) {
      return false;
    }
    const namespaceMatches = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.byName.get(pod.namespace)?.labels)
      : pod.namespace === policyNamespace;
    return namespaceMatches && (!peer.podSelector || selectorMatches(peer.podSelector, pod.labels));
  }

  private podGroups(objects: readonly any[]): PodGroup[] {
    const groups: PodGroup[] = workloadsOf(objects).map((w) => ({
      namespace: w.namespace!,
      name: w.ref,
      labels: w.podLabels,
      ports: w.containers.filter((c) => !c.init).flatMap((c) => (c.container.ports ?? []).map((p: any) => ({
        name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP',
      }))),
      workload: true,
    }));
    const seen = new Set(groups.map((g) => `${g.namespace} ${stableJson(g.labels)}`));
    const add = (namespace: string, labels: Labels | undefined) => {
      const key = `${namespace} ${stableJson(labels)}`;
      if (labels === undefined || seen.has(key)) return;
      seen.add(key);
      const name = Object.keys(labels).length === 0 ? 'any pod' : `pods ${formatLabels(labels)}`;
      groups.push({ namespace, name, labels, workload: false });
    };
    // Pods not rendered here (added later, or run by hand) are represented by an unlabelled pod, and by one pod for
    // each selector a policy uses, so that traffic any such pod could get is seen too.
    for (const ns of this.namespaces) add(ns.name, {});
    for (const policy of this.policies) {
      const namespace = policy.metadata.namespace;
      if (!isEmptySelector(policy.spec?.podSelector)) add(namespace, labelsSelectedBy(policy.spec.podSelector));
      for (const { peer } of peersOf(policy)) {
        if (!peer?.podSelector || isEmptySelector(peer.podSelector) || peer.ipBlock) continue;
        const namespaces = peer.namespaceSelector
          ? this.namespaces.filter((ns) => selectorMatches(peer.namespaceSelector, ns.labels)).map((ns) => ns.name)
          : [namespace];
        for (const name of namespaces) add(name, labelsSelectedBy(peer.podSelector));
      }
    }
    return groups;
  }
}

/** The namespaces a namespaceSelector names through `kubernetes.io/metadata.name` (matchLabels or In). */
function namespacesNamedBy(selector: any): string[] {
  if (!selector) return [];
  const named = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  const listed = (selector.matchExpressions ?? [])
    .filter((e: any) => e?.key === NAMESPACE_NAME_LABEL && e.operator === 'In')
    .flatMap((e: any) => e.values ?? []);
  return [...(typeof named === 'string' ? [named] : []), ...listed];
}

/** The ports a rule's `ports` open towards a destination pod (no ports: all). */
function portsOf(ports: any[] | undefined, destination: PodGroup): PortSet {
  if (!ports || ports.length === 0) {
    return PortSet.ALL;
  }
  let out = PortSet.NONE;
  for (const port of ports) {
    const protocol: PortProtocol = port?.protocol ?? 'TCP';
    if (port?.port === undefined) {
      out = out.union(PortSet.allOf(protocol));
    } else if (typeof port.port === 'number') {
      out = out.union(PortSet.of(protocol, port.port, port.endPort ?? port.port));
    } else if (destination.ports === undefined) {
      // An unknown pod may declare the named port on any number.
      out = out.union(PortSet.allOf(protocol));
    } else {
      for (const declared of destination.ports.filter((p) => p.name === port.port && p.protocol === protocol)) {
        out = out.union(PortSet.of(protocol, declared.containerPort));
      }
    }
  }
  return out;
}
