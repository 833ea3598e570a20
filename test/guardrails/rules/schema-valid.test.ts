import { SCHEMA_KNOWN, SCHEMA_VALID } from '../_lib';
import { changed, deployment, findingsOf, goodShop, messagesOf } from '../fixtures';

const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec: {} };

describe('schema-valid', () => {
  test('passes objects that match the Kubernetes schema, and leaves unknown kinds to schema-known', () => {
    expect(messagesOf(SCHEMA_VALID, [...goodShop(), widget])).toEqual([]);
  });

  test('fails every schema error of an object', () => {
    const broken = changed(deployment(), (d) => {
      d.spec.replicas = 'three';
      delete d.spec.template.spec.containers[0].name;
    });
    expect(findingsOf(SCHEMA_VALID, [broken])).toEqual([
      { object: 'Deployment/shop/web', message: 'apps/v1 Deployment: spec.replicas must be integer' },
      { object: 'Deployment/shop/web', message: 'apps/v1 Deployment: spec.template.spec.containers[0].name is required' },
    ]);
  });
});

describe('schema-known', () => {
  test('passes Kubernetes kinds', () => {
    expect(messagesOf(SCHEMA_KNOWN, goodShop())).toEqual([]);
  });

  test('fails a kind without schema, and a malformed apiVersion', () => {
    expect(findingsOf(SCHEMA_KNOWN, [widget, { ...widget, apiVersion: '../../etc/v1', metadata: { name: 'x', namespace: 'shop' } }])).toEqual([
      {
        object: 'Widget/shop/w',
        message: 'no schema is known for example.com/v1 Widget: it is not a Kubernetes kind, and no CustomResourceDefinition given declares it',
      },
      { object: 'Widget/shop/x', message: 'apiVersion is "../../etc/v1"; expected "v1" or "<group>/<version>"' },
    ]);
  });
});
