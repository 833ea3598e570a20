/**
 * A cluster's pods and NetworkPolicies, and which traffic between two pods the policies allow, following the
 * NetworkPolicy semantics of the Kubernetes API:
 *
 * - a pod is isolated for ingress (egress) when some policy of its namespace selects it and has that policy type;
 *   a pod that is not isolated allows everything in that direction;
 * - traffic from A to B is allowed only when A's egress allows it *and* B's ingress allows it;
 * - a peer with a podSelector only selects pods of the policy's own namespace; with a namespaceSelector only, every pod
 *   of the selected namespaces; with both, pods matching both (AND);
 * - an ipBlock peer selects every pod of the cluster when the part of its `cidr` that `except` leaves overlaps the
 *   cluster's pod ranges, and, as an egress destination, its Service ranges too; otherwise no pod (see below);
 * - a rule without peers allows every peer, a rule without ports every port; a named port resolves against the
 *   destination pod's declared container ports.
 *
 * ipBlocks and pods. The API docs say ipBlocks "should be cluster-external IPs", but do not stop them from holding pod
 * IPs, and most network plugins then match the pods: the upstream conformance test "should allow egress access to
 * server in CIDR block" (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go) opens a path to a pod by a
 * /32 of its IP and expects it to work. Cilium is an exception (cilium/cilium#9209); the guardrail assumes the common
 * behaviour, which allows more. Pod IPs are not known before the pods run, so any overlap with a pod range counts as
 * reaching every pod of the cluster: a narrower answer would be a guess.
 *
 * ipBlocks and Services. Whether a Service IP is rewritten to a pod IP before or after the policy sees it "is not
 * defined" (the network-policies page, under "ipBlock"). Where the rewrite comes first (kube-proxy's DNAT runs in the
 * nat table, before the filter rules that iptables-based plugins enforce), an egress ipBlock on the Service range
 * reaches no pod by itself; where it comes after, it reaches every pod behind a Service. The guardrail relies on
 * neither: an egress ipBlock that reaches into a Service range counts as reaching every pod. Sources are not Service
 * IPs, so for ingress only the pod ranges count.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { DEFAULT_POD_SUBNETS, DEFAULT_SERVICE_SUBNETS } from '../../cluster/cluster-defaults';
import { AddressRange, parseCidr, remainderOverlaps } from '../../core/cidr';
import { NAMESPACE_NAME_LABEL } from '../../core/labels';
import { LabelIndex } from '../_label-index';
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
  /**
   * The cluster's pod CIDRs: an ipBlock reaching into them selects every pod.
   * @default DEFAULT_POD_SUBNETS - those of a cluster that declares none (10.244.0.0/16)
   */
  readonly podSubnets?: readonly string[];
  /**
   * The cluster's Service CIDRs: an egress ipBlock reaching into them selects every pod.
   * @default DEFAULT_SERVICE_SUBNETS - those of a cluster that declares none (10.96.0.0/12)
   */
  readonly serviceSubnets?: readonly string[];
}

/** Traffic allowed from one pod group to another. */
export interface AllowedPair {
  readonly from: PodGroup;
  readonly to: PodGroup;
  /** Never empty. */
  readonly ports: PortSet;
}

/** A rule of a policy that selects a pod, in one direction. */
interface SelectingRule {
  readonly policy: any;
  readonly rule: any;
}

/** Where a pod stands in one direction: open (not isolated), or isolated with the rules of the policies selecting it. */
interface Side {
  readonly isolated: boolean;
  readonly rules: readonly SelectingRule[];
  /** Whether a rule lets every pod through (to some port): it has no peers, or an ipBlock that selects every pod. */
  readonly anyPeer: boolean;
}

const OPEN: Side = { isolated: false, rules: [], anyPeer: true };

/**
 * The pods and policies of one cluster, and the traffic they allow.
 *
 * Evaluation is indexed, so that a cluster of thousands of workloads costs about as much as the traffic its policies
 * allow: each policy finds the pods it selects through a label index (not by testing every pod), and
 * {@link allowedPairs} visits only pairs where one side's rules name the other — every pair when a side is open or has
 * a rule without peers or with an ipBlock that selects every pod. {@link allowed} is the definition; {@link allowedPairs}
 * returns exactly the pairs it allows.
 */
export class ClusterNetwork {
  /** Namespaces, managed first (in the given order), then the others the policies name (sorted). */
  public readonly namespaces: readonly NamespaceNode[];
  /** Pod groups: rendered workloads, one unlabelled pod per namespace, and one pod per selector the policies use. */
  public readonly pods: readonly PodGroup[];
  private readonly policies: readonly any[];
  private readonly byName: ReadonlyMap<string, NamespaceNode>;
  private readonly index = new Map<PodGroup, number>();
  private readonly podIndex = new LabelIndex<number>();
  private readonly selected = new Map<string, readonly number[]>();
  private readonly ruleMatches = { Egress: new Map<any, readonly number[]>(), Ingress: new Map<any, readonly number[]>() };
  private sides?: { readonly Egress: readonly Side[]; readonly Ingress: readonly Side[] };
  /** The ranges an ipBlock must reach into to select pods: pod ranges for sources, pod and Service ranges for destinations. */
  private readonly clusterRanges: { readonly Egress: readonly AddressRange[]; readonly Ingress: readonly AddressRange[] };
  private readonly ipBlockVerdicts = { Egress: new Map<any, boolean>(), Ingress: new Map<any, boolean>() };

  constructor(props: ClusterNetworkProps) {
    const ranges = (texts: readonly string[]) => texts.map(parseCidr).filter((r): r is AddressRange => r !== undefined);
    const pods = ranges(props.podSubnets ?? DEFAULT_POD_SUBNETS);
    this.clusterRanges = { Ingress: pods, Egress: [...pods, ...ranges(props.serviceSubnets ?? DEFAULT_SERVICE_SUBNETS)] };
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
    this.pods.forEach((pod, i) => {
      this.index.set(pod, i);
      this.podIndex.add(pod.namespace, pod.labels, i);
    });
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
   * Every ordered pair of pod groups (a group with itself included) that `allowed` gives some port, ordered by source
   * then destination as in `pods`.
   */
  public allowedPairs(): AllowedPair[] {
    const { Egress: egress, Ingress: ingress } = this.directions();
    const everyDestination = (i: number) => !egress[i].isolated || egress[i].anyPeer;
    const everySource = (i: number) => !ingress[i].isolated || ingress[i].anyPeer;
    const pairs: Array<{ from: number; to: number; ports: PortSet }> = [];
    const add = (from: number, to: number) => {
      const ports = this.allowed(this.pods[from], this.pods[to]);
      if (!ports.isEmpty) pairs.push({ from, to, ports });
    };
    const openSources = this.pods.map((_, i) => i).filter(everyDestination);
    const openDestinations = this.pods.map((_, i) => i).filter(everySource);
    // Both sides let every pod through: every such pair.
    for (const from of openSources) for (const to of openDestinations) add(from, to);
    // The source lets every pod through; the destination's ingress rules name the sources.
    for (let to = 0; to < this.pods.length; to++) {
      if (everySource(to)) continue;
      for (const from of this.peersNamedBy('Ingress', ingress[to])) if (everyDestination(from)) add(from, to);
    }
    // The source's egress rules name the destinations.
    for (let from = 0; from < this.pods.length; from++) {
      if (everyDestination(from)) continue;
      for (const to of this.peersNamedBy('Egress', egress[from])) add(from, to);
    }
    return pairs
      .sort((x, y) => x.from - y.from || x.to - y.to)
      .map(({ from, to, ports }) => ({ from: this.pods[from], to: this.pods[to], ports }));
  }

  /**
   * What the policies selecting `pod` allow in one direction, with `peer` on the other end (the destination of egress,
   * the source of ingress). Ports always resolve against the destination.
   */
  private allowedBy(direction: PolicyType, pod: PodGroup, peer: PodGroup): PortSet {
    const side = this.sideOf(direction, pod);
    if (!side.isolated) {
      return PortSet.ALL;
    }
    const destination = direction === 'Egress' ? peer : pod;
    let allowed = PortSet.NONE;
    for (const { policy, rule } of side.rules) {
      const peers = direction === 'Egress' ? rule?.to : rule?.from;
      if (peers === undefined || peers.length === 0 || peers.some((p: any) => this.peerSelects(direction, p, policy.metadata.namespace, peer))) {
        allowed = allowed.union(portsOf(rule?.ports, destination));
      }
    }
    return allowed;
  }

  private peerSelects(direction: PolicyType, peer: any, policyNamespace: string, pod: PodGroup): boolean {
    if (peer?.ipBlock) {
      return this.ipBlockSelectsPods(direction, peer.ipBlock);
    }
    if (!peer || (!peer.namespaceSelector && !peer.podSelector)) {
      return false;
    }
    const namespaceMatches = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.byName.get(pod.namespace)?.labels)
      : pod.namespace === policyNamespace;
    return namespaceMatches && (!peer.podSelector || selectorMatches(peer.podSelector, pod.labels));
  }

  /**
   * Whether an ipBlock selects every pod of the cluster in one direction: whether what `except` leaves of its `cidr`
   * overlaps a pod range (or, for a destination, a Service range). A `cidr` that does not parse counts as selecting
   * them, an `except` that does not parse as removing nothing: the answer errs towards more traffic.
   */
  private ipBlockSelectsPods(direction: PolicyType, ipBlock: any): boolean {
    let verdict = this.ipBlockVerdicts[direction].get(ipBlock);
    if (verdict === undefined) {
      const cidr = typeof ipBlock?.cidr === 'string' ? parseCidr(ipBlock.cidr) : undefined;
      const except = (Array.isArray(ipBlock?.except) ? ipBlock.except : [])
        .map((e: unknown) => (typeof e === 'string' ? parseCidr(e) : undefined))
        .filter((e: AddressRange | undefined): e is AddressRange => e !== undefined);
      verdict = cidr === undefined || this.clusterRanges[direction].some((range) => remainderOverlaps(cidr, except, range));
      this.ipBlockVerdicts[direction].set(ipBlock, verdict);
    }
    return verdict;
  }

  /** A pod's side in one direction; for a pod not of this network, worked out from the policies. */
  private sideOf(direction: PolicyType, pod: PodGroup): Side {
    const i = this.index.get(pod);
    if (i !== undefined) {
      return this.directions()[direction][i];
    }
    if (!this.byName.get(pod.namespace)?.managed) {
      return OPEN;
    }
    return this.side(this.policies.filter((p) => p.metadata?.namespace === pod.namespace && policyTypesOf(p).includes(direction)
      && selectorMatches(p.spec?.podSelector, pod.labels)), direction);
  }

  /** Every pod's side in each direction, from the pods each policy selects (found through the label index). */
  private directions(): { readonly Egress: readonly Side[]; readonly Ingress: readonly Side[] } {
    if (!this.sides) {
      const selecting = { Egress: this.pods.map((): any[] => []), Ingress: this.pods.map((): any[] => []) };
      for (const policy of this.policies) {
        const types = policyTypesOf(policy);
        for (const i of this.podsSelected(policy.metadata.namespace, policy.spec?.podSelector ?? {})) {
          for (const direction of types) selecting[direction][i].push(policy);
        }
      }
      const sidesOf = (direction: PolicyType) => this.pods.map((pod, i) => (this.byName.get(pod.namespace)?.managed
        ? this.side(selecting[direction][i], direction)
        : OPEN));
      this.sides = { Egress: sidesOf('Egress'), Ingress: sidesOf('Ingress') };
    }
    return this.sides;
  }

  /** The pods the peers of a side's rules select, each once. */
  private peersNamedBy(direction: PolicyType, side: Side): number[] {
    const out = new Set<number>();
    for (const { policy, rule } of side.rules) {
      for (const i of this.podsMatchedBy(direction, rule, policy.metadata.namespace)) out.add(i);
    }
    return [...out];
  }

  /** The pods the peers of a rule select (`to` of an egress rule, `from` of an ingress rule). */
  private podsMatchedBy(direction: PolicyType, rule: any, policyNamespace: string): readonly number[] {
    let matched = this.ruleMatches[direction].get(rule);
    if (!matched) {
      const out = new Set<number>();
      for (const peer of (direction === 'Egress' ? rule?.to : rule?.from) ?? []) {
        // An ipBlock that selects pods selects all of them, which makes its side `anyPeer`: no rule of it is read here.
        if (!peer || peer.ipBlock || (!peer.namespaceSelector && !peer.podSelector)) continue;
        const namespaces = peer.namespaceSelector
          ? this.namespaces.filter((ns) => selectorMatches(peer.namespaceSelector, ns.labels)).map((ns) => ns.name)
          : [policyNamespace];
        for (const namespace of namespaces) {
          for (const i of this.podsSelected(namespace, peer.podSelector ?? {})) out.add(i);
        }
      }
      matched = [...out];
      this.ruleMatches[direction].set(rule, matched);
    }
    return matched;
  }

  /** The pods of a namespace a label selector selects, through the label index (cached per selector). */
  private podsSelected(namespace: string, selector: any): readonly number[] {
    const cacheKey = `${namespace}\u0000${stableJson(selector)}`;
    let selected = this.selected.get(cacheKey);
    if (!selected) {
      selected = this.podIndex.candidates(namespace, selector?.matchLabels ?? {}).filter((i) => selectorMatches(selector, this.pods[i].labels));
      this.selected.set(cacheKey, selected);
    }
    return selected;
  }

  /** A pod's side in one direction, from the policies of that type selecting it: open when there are none. */
  private side(policies: readonly any[], direction: PolicyType): Side {
    if (policies.length === 0) {
      return OPEN;
    }
    const rules = policies.flatMap((policy) => ((direction === 'Egress' ? policy.spec?.egress : policy.spec?.ingress) ?? [])
      .map((rule: any): SelectingRule => ({ policy, rule })));
    const anyPeer = rules.some(({ rule }) => {
      const peers = direction === 'Egress' ? rule?.to : rule?.from;
      return peers === undefined || peers.length === 0 || peers.some((p: any) => p?.ipBlock && this.ipBlockSelectsPods(direction, p.ipBlock));
    });
    return { isolated: true, rules, anyPeer };
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
