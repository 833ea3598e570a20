/**
 * HTTPRoutes (Gateway API) name exact hosts, route to Services that exist, and attach to a listener their Gateway has.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
import { Finding, Rule } from '../rule';
import { objectsNamed, objectsOfKind } from './_helpers';

/** Every HTTPRoute names exact hostnames. */
export const HTTPROUTE_HOST: Rule = {
  id: 'httproute-host',
  title: 'HTTPRoutes name exact hosts',
  rationale: 'A route without hostnames takes every host its listener serves, and a wildcard catches hosts meant for other apps.',
  // No listed tool checks HTTPRoutes; the Gateway API spec defines the matching (HTTPRouteSpec.hostnames).
  references: [],
  fix: 'Set spec.hostnames to the environment\'s host for the app, e.g. shop.staging.example.com.',
  check: (context) => objectsOfKind(context, 'HTTPRoute').flatMap((route): Finding[] => {
    const hostnames: unknown[] = route.spec?.hostnames ?? [];
    if (hostnames.length === 0) return [{ object: route, message: 'has no spec.hostnames, so it matches every host of its listener', path: 'spec.hostnames' }];
    return hostnames.flatMap((host, i) => (typeof host === 'string' && host.includes('*')
      ? [{ object: route, message: `spec.hostnames[${i}] is wildcard host "${host}"`, path: `spec.hostnames[${i}]` }] : []));
  }),
};

/** Every Service backend of an HTTPRoute is a Service of the output, on a port it has. */
export const HTTPROUTE_BACKEND: Rule = {
  id: 'httproute-backend',
  title: 'HTTPRoute backends exist',
  rationale: 'A backendRef naming a missing Service or port makes the Gateway answer the route\'s requests with 500 (ResolvedRefs false).',
  references: [],
  fix: 'Point the backendRef at the Service the app renders, by its name and one of its port numbers.',
  check: (context) => objectsOfKind(context, 'HTTPRoute').flatMap((route): Finding[] => (route.spec?.rules ?? [])
    .flatMap((rule: any, i: number) => (rule?.backendRefs ?? []).map((ref: any, j: number) => ({ ref, path: `spec.rules[${i}].backendRefs[${j}]` })))
    // A backendRef is a Service when group is core ("") and kind Service, their defaults.
    .filter(({ ref }: any) => (ref?.group ?? '') === '' && (ref?.kind ?? 'Service') === 'Service' && ref?.namespace === undefined)
    .flatMap(({ ref, path }: any): Finding[] => {
      const service = objectsNamed(context, 'Service', route.metadata?.namespace, ref.name)[0];
      if (!service) return [{ object: route, message: `${path} names Service "${ref.name}", which the output does not have`, path }];
      const hasPort = (service.spec?.ports ?? []).some((p: any) => p.port === ref.port);
      return hasPort ? [] : [{ object: route, message: `${path} names port ${ref.port} of Service "${ref.name}", which it does not have`, path: `${path}.port` }];
    })),
};

/**
 * Every parent of an HTTPRoute that is a Gateway of the same output has the listener the route names, serving the
 * route's hosts. (A Gateway rendered elsewhere, such as the cluster's for an environment's routes, is checked by the
 * platform's resolution, which builds the listeners and the routes from the same list.)
 */
export const HTTPROUTE_PARENT: Rule = {
  id: 'httproute-parent',
  title: 'HTTPRoutes attach to listeners their Gateway has',
  rationale: 'A parentRef to a missing listener, or one serving other hosts, leaves the route unattached (Accepted false): nothing reaches the app.',
  references: [],
  fix: 'Set parentRefs[].sectionName to the name of the Gateway listener whose hostname is the route\'s host.',
  check: (context) => objectsOfKind(context, 'HTTPRoute').flatMap((route): Finding[] => (route.spec?.parentRefs ?? []).flatMap((ref: any, i: number): Finding[] => {
    if ((ref?.kind ?? 'Gateway') !== 'Gateway') return [];
    const gateway = objectsNamed(context, 'Gateway', ref.namespace ?? route.metadata?.namespace, ref.name)[0];
    if (!gateway || ref.sectionName === undefined) return [];
    const path = `spec.parentRefs[${i}].sectionName`;
    const listener = (gateway.spec?.listeners ?? []).find((l: any) => l?.name === ref.sectionName);
    if (!listener) return [{ object: route, message: `${path} names listener "${ref.sectionName}", which Gateway "${ref.name}" does not have`, path }];
    const foreign = (route.spec?.hostnames ?? []).filter((host: string) => listener.hostname !== undefined && listener.hostname !== host);
    return foreign.map((host: string) => ({ object: route, message: `host "${host}" is not served by listener "${ref.sectionName}" `
      + `(hostname "${listener.hostname}")`, path }));
  })),
};
