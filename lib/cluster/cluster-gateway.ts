import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode,
} from '../../imports/gateway-gateway.networking.k8s.io';
import { ClusterGateway } from './cluster-model';
import { gatewayCertificateSecretName, gatewayListenerName } from './cluster-names';
import { NAMESPACE_NAME_LABEL } from '../core/labels';

/** cert-manager's Gateway annotation: it issues a Certificate for each TLS listener from this ClusterIssuer. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/** HTTPS: what every listener serves (TLS terminated at the Gateway). */
const HTTPS_PORT = 443;

/** A host the Gateway serves, and the one namespace whose routes may attach to it. */
export interface GatewayListener {
  /** Host name, e.g. `shop.dev.example.com`. */
  readonly host: string;
  /** Namespace of the environment that owns the host. */
  readonly namespace: string;
}

/** Props of {@link ClusterGatewayObjects}. */
export interface ClusterGatewayObjectsProps {
  /** The cluster's Gateway. */
  readonly gateway: ClusterGateway;
  /** The hosts of the environments on the cluster; each becomes an HTTPS listener. */
  readonly listeners: readonly GatewayListener[];
}

/**
 * The cluster's Gateway API entry point: the Gateway's namespace and the Gateway, with one HTTPS listener per host
 * (port 443, TLS terminated with the certificate Secret `<host>-tls` of the Gateway's namespace), each admitting
 * HTTPRoutes only from the namespace of the environment that owns the host, selected by `kubernetes.io/metadata.name`
 * (set by the API server, so no tenant can forge it; one environment cannot attach a route to another's host).
 *
 * Certificates come from cert-manager's Gateway support: with the `cert-manager.io/cluster-issuer` annotation it
 * creates, for every listener with a hostname, TLS mode `Terminate` and a certificateRef, a Certificate whose Secret
 * is that certificateRef in the Gateway's namespace. So every Secret named here has an issuer, and no ReferenceGrant
 * is needed (Secret and Gateway share a namespace). cert-manager must run with Gateway API support enabled
 * (`config.enableGatewayAPI`, cert-manager ≥ 1.15).
 *
 * Without hosts there is nothing to route and no Gateway: the CRD requires at least one listener.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 * @see https://gateway-api.sigs.k8s.io/guides/multiple-ns/ (routes from selected namespaces)
 * @see https://cert-manager.io/docs/usage/gateway/
 */
export class ClusterGatewayObjects extends Construct {
  /** The Gateway, when the cluster serves a host. */
  public readonly resource?: ApiObject;

  constructor(scope: Construct, id: string, props: ClusterGatewayObjectsProps) {
    super(scope, id);
    const gateway = props.gateway;
    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: gateway.namespace } });
    if (props.listeners.length === 0) return;
    // Sorted by host: the output does not depend on the order environments and apps are declared in.
    const listeners = [...props.listeners].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
    this.resource = new Gateway(this, 'Resource', {
      metadata: { name: gateway.name, namespace: gateway.namespace, annotations: { [CLUSTER_ISSUER_ANNOTATION]: gateway.clusterIssuer } },
      spec: {
        gatewayClassName: gateway.className,
        listeners: listeners.map((listener) => ({
          name: gatewayListenerName(listener.host),
          hostname: listener.host,
          port: HTTPS_PORT,
          protocol: 'HTTPS',
          tls: {
            mode: GatewaySpecListenersTlsMode.TERMINATE,
            certificateRefs: [{ group: '', kind: 'Secret', name: gatewayCertificateSecretName(listener.host) }],
          },
          allowedRoutes: {
            kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
            namespaces: {
              from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
              selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [listener.namespace] }] },
            },
          },
        })),
      },
    });
  }
}
