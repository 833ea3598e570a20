import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode,
} from '../../imports/gateway-gateway.networking.k8s.io';
import {
  HttpRoute, HttpRouteSpecRulesFiltersRequestRedirectScheme, HttpRouteSpecRulesFiltersRequestRedirectStatusCode, HttpRouteSpecRulesFiltersType,
} from '../../imports/gateway-httproute-gateway.networking.k8s.io';
import { ClusterGateway } from './cluster-model';
import { gatewayCertificateSecretName, gatewayListenerName } from './cluster-names';
import { NAMESPACE_NAME_LABEL } from '../core/labels';

/** cert-manager's Gateway annotation: it issues a Certificate for each TLS listener from this ClusterIssuer. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/** HTTPS: what every host's listener serves (TLS terminated at the Gateway). */
const HTTPS_PORT = 443;

/** Plain HTTP: one listener for all hosts, whose only route redirects to HTTPS. */
const HTTP_PORT = 80;

/** Name of the plain-HTTP listener, and of the route that redirects it (hosts have dots, so no host listener is named so). */
export const HTTP_REDIRECT_LISTENER = 'http';

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
  /**
   * The Pod Security version the Gateway's namespace pins (`v1.36`): the cluster's own minor.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   */
  readonly podSecurityVersion: string;
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
 * Plain HTTP is answered with a redirect, never with content: one listener on port 80 without hostname, which admits
 * routes only from the Gateway's own namespace (`from: Same`, so no environment can serve plain HTTP), and one
 * HTTPRoute there, for exactly the hosts of the HTTPS listeners, whose only rule is a `RequestRedirect` filter to
 * `https` with status 301 (the Gateway API's "HTTP redirects" guide; without a port, the redirect uses the scheme's
 * well-known port, 443).
 *
 * The namespace enforces Pod Security `restricted`, pinned to the cluster's minor: it holds the Gateway, its route and
 * its certificate Secrets, and no pods, unless the implementation runs its data plane there (`dataPlaneNamespace` is
 * the Gateway's namespace), which then enforces `baseline`, with `restricted` audited and warned.
 *
 * Without hosts there is nothing to route and no Gateway: the CRD requires at least one listener.
 *
 * @see https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 * @see https://gateway-api.sigs.k8s.io/guides/multiple-ns/ (routes from selected namespaces)
 * @see https://cert-manager.io/docs/usage/gateway/
 */
export class ClusterGatewayObjects extends Construct {
  /** The Gateway, when the cluster serves a host. */
  public readonly resource?: ApiObject;
  /** The route that redirects plain HTTP to HTTPS, when the cluster serves a host. */
  public readonly redirect?: ApiObject;

  constructor(scope: Construct, id: string, props: ClusterGatewayObjectsProps) {
    super(scope, id);
    const gateway = props.gateway;
    const enforce = gateway.dataPlaneNamespace === gateway.namespace ? 'baseline' : 'restricted';
    const podSecurity: Record<string, string> = {};
    for (const [mode, level] of [['enforce', enforce], ['audit', 'restricted'], ['warn', 'restricted']]) {
      podSecurity[`pod-security.kubernetes.io/${mode}`] = level;
      podSecurity[`pod-security.kubernetes.io/${mode}-version`] = props.podSecurityVersion;
    }
    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: gateway.namespace, labels: podSecurity } });
    if (props.listeners.length === 0) return;
    // Sorted by host: the output does not depend on the order environments and apps are declared in.
    const listeners = [...props.listeners].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
    this.resource = new Gateway(this, 'Resource', {
      metadata: { name: gateway.name, namespace: gateway.namespace, annotations: { [CLUSTER_ISSUER_ANNOTATION]: gateway.clusterIssuer } },
      spec: {
        gatewayClassName: gateway.className,
        listeners: [...listeners.map((listener) => ({
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
        })), {
          name: HTTP_REDIRECT_LISTENER,
          port: HTTP_PORT,
          protocol: 'HTTP',
          allowedRoutes: {
            kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
            namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME },
          },
        }],
      },
    });
    this.redirect = new HttpRoute(this, 'HttpsRedirect', {
      metadata: { name: `${gateway.name}-https-redirect`, namespace: gateway.namespace },
      spec: {
        parentRefs: [{ name: gateway.name, sectionName: HTTP_REDIRECT_LISTENER }],
        hostnames: listeners.map((listener) => listener.host),
        rules: [{
          filters: [{
            type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
            requestRedirect: {
              scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
              statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
            },
          }],
        }],
      },
    });
  }
}
