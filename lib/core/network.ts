/**
 * Ports and network peers, as environments and apps declare them (`*Settings`) and as the resolved model holds them:
 * shared by an environment's allows and an app's dependencies.
 */
/** Network protocol of a port, as in the Kubernetes NetworkPolicy API. */
export enum Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** A port in a network allow rule. */
export interface PortSettings {
  /** Port number. */
  readonly port: number;
  /**
   * Last port of a range starting at `port`.
   * @default - a single port
   */
  readonly endPort?: number;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Another namespace of the same cluster that traffic may come from or go to. Name exactly one of `environment`
 * (another environment of the platform) or `namespace` (a namespace that is not an environment, e.g. `monitoring`).
 */
export interface NamespacePeerSettings {
  /**
   * Another environment on the same cluster. The only way to open traffic between environments.
   * @default - none
   */
  readonly environment?: string;
  /**
   * A namespace that is not an environment's.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Ports the rule opens.
   * @default - all ports
   */
  readonly ports?: PortSettings[];
}

/** An address range outside the cluster that pods may send traffic to. */
export interface CidrPeerSettings {
  /** CIDR, e.g. `10.20.0.0/16`. */
  readonly cidr: string;
  /**
   * CIDRs inside `cidr` that stay closed.
   * @default - none
   */
  readonly except?: string[];
  /**
   * Ports the rule opens.
   * @default - all ports
   */
  readonly ports?: PortSettings[];
}

/** A port with its defaults applied. */
export interface Port {
  readonly port: number;
  readonly endPort?: number;
  readonly protocol: Protocol;
}

/** A namespace peer; `environment` is set when the peer is another environment. */
export interface NamespacePeer {
  readonly namespace: string;
  readonly environment?: string;
  readonly ports: Port[];
}

/** An external address range. */
export interface CidrPeer {
  readonly cidr: string;
  /** The declared exceptions, then the cluster's pod and Service ranges inside `cidr` (so the block selects no pod). */
  readonly except: string[];
  readonly ports: Port[];
}

/** Whether a peer is a CIDR peer. */
export function isCidrPeer(peer: NamespacePeer | CidrPeer): peer is CidrPeer {
  return 'cidr' in peer;
}
