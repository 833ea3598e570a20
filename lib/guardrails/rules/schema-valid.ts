/** Objects match the schema of their kind, and every kind has a known schema. */
import { Finding, Rule } from '../rule';
import { Enforcement } from '../severity';

/** Every object whose schema is known validates against it. */
export const SCHEMA_VALID: Rule = {
  id: 'schema-valid',
  title: 'Objects match the schema of their kind',
  rationale: 'The API server refuses an object that breaks its schema, halfway through an apply.',
  // Schema validation is the API server's (and kubeconform's) job, not the linters'; no listed tool has the check.
  references: [],
  fix: 'Correct the field as the message says.',
  enforcement: Enforcement.ALWAYS,
  acceptable: false,
  check: (context) => context.objects.filter((o) => context.schemas.knows(o)).flatMap((object): Finding[] => context.schemas.validate(object)
    .map((error) => ({ object, message: `${object.apiVersion} ${object.kind}: ${error}` }))),
};

/** Every object is of a Kubernetes kind or of a custom kind whose CRD is given. */
export const SCHEMA_KNOWN: Rule = {
  id: 'schema-known',
  title: 'Every kind has a known schema',
  rationale: 'An object of a kind without a schema cannot be validated offline: a typo in it surfaces only when the cluster refuses it.',
  references: [],
  fix: 'Pass the CustomResourceDefinition of the kind (the version the clusters serve) to the guardrails, or correct apiVersion and kind.',
  check: (context) => context.objects.filter((o) => !context.schemas.knows(o)).map((object) => ({
    object,
    message: context.schemas.validate(object)[0],
  })),
};
