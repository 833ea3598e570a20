import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEFAULT_DNS_NAMESPACE, DEFAULT_DNS_POD_LABELS } from '../cluster/cluster-defaults';
import { NAMESPACE_NAME_LABEL } from '../core/labels';
import { CidrPeer, NamespacePeer, Port, isCidrPeer, Protocol } from '../core/network';

/** DNS listens on port 53 over UDP and, for large answers and zone transfers, TCP (RFC 7766). */
const DNS_PORT = 53;

/** Props of {@link NetworkIsolation}. */
export interface NetworkIsolationProps {
  /** Namespace to isolate. */
  readonly namespace: string;
  /**
   * Namespace and pod labels of the cluster DNS, which every pod may query.
   * @default - CoreDNS: namespace `kube-system`, pods labelled `k8s-app: kube-dns`
   */
  readonly dns?: { readonly namespace: string; readonly podLabels: { readonly [key: string]: string } };
  /**
   * Namespace of the ingress controller, admitted to every pod of the namespace.
   * @default - the ingress controller is not admitted
   */
  readonly ingressControllerNamespace?: string;
  /**
   * Let every pod of the namespace reach every other (policy `allow-same-namespace`). Turn off where each app opens
   * exactly the paths it declares.
   * @default true
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Namespaces whose pods may connect in.
   * @default - none
   */
  readonly allowFrom?: NamespacePeer[];
  /**
   * Namespaces and external ranges pods may connect to. CIDR peers are rendered as given: their `except` should hold
   * the cluster's pod and Service ranges inside `cidr`, or the ipBlock opens those pods on most network plugins (the
   * peers of a resolved environment already do; see docs/clusters.md, "Pod and Service ranges").
   * @default - none
   */
  readonly allowTo?: Array<NamespacePeer | CidrPeer>;
}

/**
 * Default-deny isolation of a namespace: one policy denies all ingress and egress, and each further policy opens one
 * declared path (DNS, the namespace itself, the ingress controller, a named peer). Namespaces are selected only by
 * `kubernetes.io/metadata.name`, which the API server sets and no tenant can forge.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export class NetworkIsolation extends Construct {
  /** The isolated namespace. */
  public readonly namespace: string;
  private readonly policies = new Map<string, ApiObject>();

  constructor(scope: Construct, id: string, props: NetworkIsolationProps) {
    super(scope, id);
    this.namespace = props.namespace;
    const dns = props.dns ?? { namespace: DEFAULT_DNS_NAMESPACE, podLabels: DEFAULT_DNS_POD_LABELS };

    this.addPolicy('default-deny', { policyTypes: ['Ingress', 'Egress'] });
    this.addPolicy('allow-dns', {
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: selectNamespace(dns.namespace), podSelector: { matchLabels: { ...dns.podLabels } } }],
        ports: [Protocol.UDP, Protocol.TCP].map((protocol) => ({ port: k8s.IntOrString.fromNumber(DNS_PORT), protocol })),
      }],
    });
    if (props.allowSameNamespace ?? true) {
      this.addPolicy('allow-same-namespace', {
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      });
    }
    if (props.ingressControllerNamespace !== undefined) {
      this.addPolicy('allow-ingress-controller', {
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: selectNamespace(props.ingressControllerNamespace) }] }],
      });
    }
    (props.allowFrom ?? []).forEach((peer) => this.allowFrom(peer));
    (props.allowTo ?? []).forEach((peer) => this.allowTo(peer));
  }

  // The fixed policies (default-deny, allow-dns, allow-same-namespace, allow-ingress-controller) never start with
  // allow-from- or allow-to-, so no peer's namespace can produce a clashing name.

  /** Names of the NetworkPolicies, in the order they were added. */
  public get policyNames(): string[] {
    return [...this.policies.keys()];
  }

  /** Admits connections from the pods of another namespace, on the peer's ports (all ports when none are given). */
  public allowFrom(peer: NamespacePeer): void {
    this.addPolicy(`allow-from-${peer.namespace}`, {
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: selectNamespace(peer.namespace) }], ports: renderPorts(peer.ports) }],
    });
  }

  /** Opens connections to the pods of another namespace or to an external range. */
  public allowTo(peer: NamespacePeer | CidrPeer): void {
    if (isCidrPeer(peer)) {
      this.addPolicy(`allow-to-cidr-${peer.cidr.replace(/[^0-9a-f]+/gi, '-').toLowerCase()}`, {
        policyTypes: ['Egress'],
        egress: [{
          to: [{ ipBlock: { cidr: peer.cidr, except: peer.except.length > 0 ? [...peer.except] : undefined } }],
          ports: renderPorts(peer.ports),
        }],
      });
      return;
    }
    this.addPolicy(`allow-to-${peer.namespace}`, {
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: selectNamespace(peer.namespace) }], ports: renderPorts(peer.ports) }],
    });
  }

  private addPolicy(name: string, spec: Omit<k8s.NetworkPolicySpec, 'podSelector'>): void {
    if (this.policies.has(name)) {
      throw new Error(`${this.node.path}: NetworkPolicy "${name}" in namespace "${this.namespace}" is declared twice; `
        + 'list every port of a peer in one entry');
    }
    this.policies.set(name, new k8s.KubeNetworkPolicy(this, name, {
      metadata: { name, namespace: this.namespace },
      spec: { podSelector: {}, ...spec },
    }));
  }
}

/** Selects one namespace by the label the API server sets on it. */
function selectNamespace(name: string): k8s.LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: name } };
}

function renderPorts(ports: readonly Port[]): k8s.NetworkPolicyPort[] | undefined {
  if (ports.length === 0) {
    return undefined;
  }
  return ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), endPort: p.endPort, protocol: p.protocol }));
}
