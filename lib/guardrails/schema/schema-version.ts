/**
 * A warning for each cluster whose Kubernetes minor has no shipped schemas: its objects are validated against the
 * nearest minor that has them, which may differ from its own API in what it serves.
 */
import { minorOf } from '../../core/kubernetes-version';
import { CheckInfo } from '../rule';
import { Severity } from '../severity';
import { CLUSTER_TARGET_PREFIX, GuardrailTarget } from '../target';
import { Violation } from '../violation';
import { SchemaValidator } from './schema-validator';

/** Objects are validated against their own cluster's Kubernetes minor (a warning, never an error). */
export const SCHEMA_VERSION: CheckInfo = {
  id: 'schema-version',
  title: 'Schemas ship for the cluster\'s Kubernetes version',
  rationale: 'Validated against another minor, an object can pass here and use an API its own cluster no longer serves, or fail for one it does.',
  references: [],
  fix: 'Set the cluster\'s kubernetesVersion to a minor the package ships schemas for, or regenerate schemas/ with that minor (npm run generate:schemas).',
  acceptable: false,
};

/**
 * One warning per cluster whose minor has no shipped schemas, on its cluster target (or its first environment). A target
 * that states no version (objects read back without their definition) is validated against the default silently.
 */
export function schemaVersionWarnings(targets: readonly GuardrailTarget[]): Violation[] {
  const warned = new Set<string>();
  const ordered = [...targets.filter((t) => t.name.startsWith(CLUSTER_TARGET_PREFIX)), ...targets];
  return ordered.flatMap((target): Violation[] => {
    if (target.kubernetesVersion === undefined) return [];
    const version = target.kubernetesVersion;
    const minor = minorOf(version);
    const used = SchemaValidator.schemaMinorFor(version);
    if (used === minor || warned.has(target.cluster)) return [];
    warned.add(target.cluster);
    const shipped = SchemaValidator.kubernetesMinors;
    return [{
      rule: SCHEMA_VERSION.id,
      severity: Severity.WARNING,
      environment: target.name,
      object: `Cluster/${target.cluster}`,
      message: `cluster "${target.cluster}" runs Kubernetes ${version}, but schemas ship for 1.${shipped[0]} to 1.${shipped[shipped.length - 1]}: `
        + `its objects are validated against 1.${used}`,
      fix: SCHEMA_VERSION.fix,
    }];
  });
}
