/** Ingresses serve named hosts over TLS, and route to Services that exist. */
import { Finding, Rule, Tool, ref } from '../rule';
import { objectsNamed, objectsOfKind } from './_helpers';

/** The hosts of an Ingress's rules, with their index (a rule without host has host `undefined`). */
function ruleHosts(ingress: any): Array<{ host: string | undefined; i: number }> {
  return (ingress.spec?.rules ?? []).map((rule: any, i: number) => ({ host: rule?.host, i }));
}

/** Whether a TLS host (possibly `*.example.com`) covers a rule host. */
function covers(tlsHost: string, host: string): boolean {
  if (!tlsHost.startsWith('*.')) return tlsHost === host;
  // A wildcard certificate covers exactly one label: *.example.com covers api.example.com, not a.b.example.com.
  const suffix = tlsHost.slice(1);
  return host.endsWith(suffix) && /^[^.]+$/.test(host.slice(0, -suffix.length));
}

/** Every host of an Ingress is served over TLS. */
export const INGRESS_TLS: Rule = {
  id: 'ingress-tls',
  title: 'Ingress hosts are served over TLS',
  rationale: 'Without a TLS entry for the host, the controller serves it in clear text (or with its default certificate).',
  references: [ref(Tool.POLARIS, 'tlsSettingsMissing'), ref(Tool.KYVERNO, 'require-ingress-https')],
  fix: 'List every rule host under spec.tls[].hosts with the secretName of its certificate (e.g. issued by cert-manager).',
  check: (context) => objectsOfKind(context, 'Ingress').flatMap((ingress): Finding[] => {
    const tlsHosts: string[] = (ingress.spec?.tls ?? []).flatMap((t: any) => t?.hosts ?? []);
    return ruleHosts(ingress)
      .filter(({ host }) => host !== undefined && !tlsHosts.some((t) => covers(t, host)))
      .map(({ host, i }) => ({ object: ingress, message: `host "${host}" has no TLS entry in spec.tls`, path: `spec.rules[${i}].host` }));
  }),
};

/** Every Ingress rule names one exact host. */
export const INGRESS_HOST: Rule = {
  id: 'ingress-host',
  title: 'Ingress rules name exact hosts',
  rationale: 'A rule without host, or with a wildcard, catches traffic meant for other apps and environments on the same controller.',
  references: [ref(Tool.KYVERNO, 'restrict-ingress-wildcard'), ref(Tool.KYVERNO, 'disallow-empty-ingress-host')],
  fix: 'Set each rule\'s host to the environment\'s host for the app, e.g. api.staging.example.com.',
  check: (context) => objectsOfKind(context, 'Ingress').flatMap((ingress): Finding[] => [
    ...ruleHosts(ingress).filter(({ host }) => host === undefined || host.includes('*')).map(({ host, i }) => ({
      object: ingress,
      message: host === undefined ? `spec.rules[${i}] has no host, so it matches every host` : `spec.rules[${i}] has wildcard host "${host}"`,
      path: `spec.rules[${i}].host`,
    })),
    ...(ingress.spec?.defaultBackend
      ? [{ object: ingress, message: 'sets spec.defaultBackend, which receives every request no rule matches', path: 'spec.defaultBackend' }] : []),
  ]),
};

/** Every backend of an Ingress is a Service of the output, on a port it has. */
export const INGRESS_BACKEND: Rule = {
  id: 'ingress-backend',
  title: 'Ingress backends exist',
  rationale: 'A backend naming a missing Service or port answers every request with 503.',
  references: [ref(Tool.KUBE_LINTER, 'dangling-ingress'), ref(Tool.KUBE_SCORE, 'ingress-targets-service')],
  fix: 'Point the backend at the Service the app renders, by its name and one of its port names or numbers.',
  check: (context) => {
    return objectsOfKind(context, 'Ingress').flatMap((ingress): Finding[] => {
      const backends: Array<{ backend: any; path: string }> = [
        ...(ingress.spec?.defaultBackend ? [{ backend: ingress.spec.defaultBackend, path: 'spec.defaultBackend' }] : []),
        ...(ingress.spec?.rules ?? []).flatMap((rule: any, i: number) => (rule?.http?.paths ?? [])
          .map((p: any, j: number) => ({ backend: p?.backend, path: `spec.rules[${i}].http.paths[${j}].backend` }))),
      ];
      return backends.filter(({ backend }) => backend?.service).flatMap(({ backend, path }): Finding[] => {
        const { name, port } = backend.service;
        const service = objectsNamed(context, 'Service', ingress.metadata?.namespace, name)[0];
        if (!service) return [{ object: ingress, message: `${path} names Service "${name}", which the output does not have`, path }];
        const hasPort = (service.spec?.ports ?? []).some((p: any) => (port?.name !== undefined ? p.name === port.name : p.port === port?.number));
        return hasPort ? [] : [{ object: ingress, message: `${path} names port ${port?.name !== undefined ? `"${port.name}"` : port?.number} `
          + `of Service "${name}", which it does not have`, path: `${path}.service.port` }];
      });
    });
  },
};
