import { NO_DEFAULT_NAMESPACE, SchemaValidator } from '../_lib';
import { changed, contextOf, deployment, findingsOf, messagesOf, namespace, networkPolicies } from '../fixtures';

describe('no-default-namespace', () => {
  test('passes namespaced objects in their namespace, and cluster-scoped objects without one', () => {
    const priorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'app' }, value: 1000 };
    expect(messagesOf(NO_DEFAULT_NAMESPACE, [namespace(), ...networkPolicies(), deployment(), priorityClass])).toEqual([]);
  });

  test('fails objects in default, or without namespace', () => {
    const inDefault = changed(deployment(), (d) => { d.metadata.namespace = 'default'; });
    const none = changed(deployment('api'), (d) => { delete d.metadata.namespace; });
    expect(findingsOf(NO_DEFAULT_NAMESPACE, [inDefault, none])).toEqual([
      { object: 'Deployment/default/web', message: 'is in namespace "default"', path: 'metadata.namespace' },
      { object: 'Deployment/api', message: 'sets no namespace, so it lands in "default"', path: 'metadata.namespace' },
    ]);
  });

  test('takes the scope of custom resources from their CRD', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'clusterissuers.cert-manager.io' },
      spec: {
        group: 'cert-manager.io', scope: 'Cluster', names: { kind: 'ClusterIssuer', plural: 'clusterissuers' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    };
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' }, spec: {} };
    expect(NO_DEFAULT_NAMESPACE.check(contextOf([issuer], {}, new SchemaValidator([crd])))).toEqual([]);
    expect(NO_DEFAULT_NAMESPACE.check(contextOf([issuer])).map((f) => f.message)).toEqual(['sets no namespace, so it lands in "default"']);
  });
});
