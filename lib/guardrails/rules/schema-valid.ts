/** Objects match the schema of their kind, in the Kubernetes version of their cluster, and every kind has a known schema. */
import { Finding, Rule } from '../rule';
import { Enforcement } from '../severity';

/**
 * Every object whose schema is known validates against it strictly (unknown fields refused) in the Kubernetes version
 * of its cluster; an object in an API version that cluster no longer serves is reported with its replacement.
 */
export const SCHEMA_VALID: Rule = {
  id: 'schema-valid',
  title: 'Objects match the schema of their kind',
  rationale: 'The API server refuses an object that breaks its schema, has an unknown field or uses an API it no longer serves, halfway through an apply.',
  // Schema validation is the API server's (and kubeconform's) job, not the linters'; no listed tool has the check.
  references: [],
  fix: 'Correct the field as the message says, or move the object to the API version the message names.',
  enforcement: Enforcement.ALWAYS,
  acceptable: false,
  check: (context) => {
    const version = context.target.kubernetesVersion;
    return context.objects.filter((o) => context.schemas.knows(o, version)).flatMap((object): Finding[] => context.schemas.validate(object, version)
      // A "not served" message names apiVersion and kind itself.
      .map((error) => ({ object, message: error.startsWith(`${object.apiVersion} ${object.kind} `) ? error : `${object.apiVersion} ${object.kind}: ${error}` })));
  },
};

/** Every object is of a Kubernetes kind or of a custom kind whose CRD is known. */
export const SCHEMA_KNOWN: Rule = {
  id: 'schema-known',
  title: 'Every kind has a known schema',
  rationale: 'An object of a kind without a schema cannot be validated offline: a typo in it surfaces only when the cluster refuses it.',
  references: [],
  fix: 'Pass the CustomResourceDefinition of the kind (the version the clusters serve) to the guardrails, or correct apiVersion and kind.',
  check: (context) => context.objects.filter((o) => !context.schemas.knows(o, context.target.kubernetesVersion)).map((object) => ({
    object,
    message: context.schemas.validate(object, context.target.kubernetesVersion)[0],
  })),
};
