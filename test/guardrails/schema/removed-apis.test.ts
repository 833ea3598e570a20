/** The table of removed APIs agrees with the shipped Kubernetes schemas. */
import { REMOVED_APIS, SchemaValidator, removedApi } from '../_lib';

const schemas = new SchemaValidator();
const minors = SchemaValidator.kubernetesMinors;

test('covers the removals the deprecation guide lists, from 1.16 to 1.32', () => {
  expect([...new Set(REMOVED_APIS.map((r) => r.removedIn))].sort((a, b) => a - b)).toEqual([16, 22, 25, 26, 27, 29, 32]);
  expect(removedApi('policy/v1beta1', 'PodDisruptionBudget')).toEqual({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', removedIn: 25, replacement: 'policy/v1' });
  expect(removedApi('apps/v1', 'Deployment')).toBeUndefined();
});

test.each(minors.map((m) => [`v1.${m}.0`]))('no removed API is served by %s, and each replacement is', (version) => {
  const served = (apiVersion: string, kind: string) => !schemas.validate({ apiVersion, kind, metadata: { name: 'x' } }, version)
    .some((e) => e.includes('is not served by') || e.startsWith('no schema is known'));
  expect(REMOVED_APIS.filter((r) => served(r.apiVersion, r.kind)).map((r) => `${r.apiVersion} ${r.kind}`)).toEqual([]);
  expect(REMOVED_APIS.filter((r) => r.replacement !== undefined && !served(r.replacement, r.kind)).map((r) => `${r.replacement} ${r.kind}`)).toEqual([]);
});
