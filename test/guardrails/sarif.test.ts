/**
 * The report as SARIF 2.1.0. The structure is checked against what the OASIS schema requires
 * (oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json): sarifLog `version` and `runs`; run `tool`; tool
 * `driver`; toolComponent `name`; reportingDescriptor `id`; result `message` (with `text`); physicalLocation an
 * `artifactLocation`; region `startLine` ≥ 1; suppression `kind` (inSource or external); result level one of none,
 * note, warning, error.
 */
import { GuardrailReport, IMAGE_PINNED, MIN_REPLICAS_RULE, Severity, Violation } from './_lib';
import { toSarif } from '../../lib/guardrails/sarif';

const violations: Violation[] = [
  {
    rule: 'min-replicas', severity: Severity.WARNING, environment: 'dev', object: 'Deployment/dev/web', message: 'runs 1 replica',
    fix: MIN_REPLICAS_RULE.fix, path: 'spec.replicas',
  },
  {
    rule: 'image-pinned', severity: Severity.ERROR, environment: 'production', object: 'Deployment/production/api', message: 'container "api" has no image',
    fix: IMAGE_PINNED.fix, acceptedReason: 'image injected by the operator', constructPath: 'app-api/App/Workload-api',
  },
  {
    rule: 'terraform-parity', severity: Severity.ERROR, environment: 'production', object: 'kubernetes_manifest.deployment_api', message: 'differs',
    fix: 'render both from the same objects',
  },
];

const report = new GuardrailReport({
  violations,
  reachability: [],
  targets: [{ name: 'dev', protected: false }, { name: 'production', protected: true }],
  checks: [MIN_REPLICAS_RULE, IMAGE_PINNED],
});

/** Every field the SARIF 2.1.0 schema requires of the objects toSarif writes. */
function expectValidSarif(log: any): void {
  expect(log.version).toBe('2.1.0');
  expect(Array.isArray(log.runs)).toBe(true);
  for (const run of log.runs) {
    expect(typeof run.tool.driver.name).toBe('string');
    for (const rule of run.tool.driver.rules) {
      expect(typeof rule.id).toBe('string');
      for (const text of [rule.shortDescription, rule.fullDescription, rule.help]) expect(typeof text.text).toBe('string');
    }
    for (const result of run.results) {
      expect(typeof result.message.text).toBe('string');
      expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      if (result.ruleIndex !== undefined) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      for (const location of result.locations) {
        if (location.physicalLocation) {
          expect(typeof location.physicalLocation.artifactLocation.uri).toBe('string');
          if (location.physicalLocation.region) expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
        }
      }
      for (const suppression of result.suppressions ?? []) expect(['inSource', 'external']).toContain(suppression.kind);
    }
  }
}

test('one rule per check, one result per violation, with the fields the SARIF schema requires', () => {
  const log = toSarif(report, { toolVersion: '0.1.0', locate: (v) => (v.environment === 'dev' ? { uri: 'dist/dev/app-web.k8s.yaml', startLine: 12 } : undefined) });
  expectValidSarif(log);
  const driver = log.runs[0].tool.driver;
  expect(driver).toMatchObject({ name: 'platform-guardrails', version: '0.1.0' });
  expect(driver.rules.map((r) => r.id)).toEqual(['image-pinned', 'min-replicas']);
  expect(driver.rules[1]).toMatchObject({ shortDescription: { text: MIN_REPLICAS_RULE.title }, help: { text: MIN_REPLICAS_RULE.fix } });
  expect(log.runs[0].results.map((r) => [r.ruleId, r.level])).toEqual([['min-replicas', 'warning'], ['image-pinned', 'error'], ['terraform-parity', 'error']]);
  expect(log.runs[0].results[0]).toEqual({
    ruleId: 'min-replicas',
    ruleIndex: 1,
    level: 'warning',
    message: { text: `dev: Deployment/dev/web spec.replicas: runs 1 replica; fix: ${MIN_REPLICAS_RULE.fix}` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: 'dist/dev/app-web.k8s.yaml' }, region: { startLine: 12 } },
      logicalLocations: [{ fullyQualifiedName: 'dev/Deployment/dev/web', kind: 'object' }],
    }],
    properties: { environment: 'dev', object: 'Deployment/dev/web', path: 'spec.replicas' },
  });
});

test('an accepted violation is a result suppressed externally, with the reason as its justification', () => {
  const accepted = toSarif(report).runs[0].results[1];
  expect(accepted.suppressions).toEqual([{ kind: 'external', justification: 'image injected by the operator' }]);
  expect(accepted.properties).toEqual({ environment: 'production', object: 'Deployment/production/api', constructPath: 'app-api/App/Workload-api' });
});

test('a result without a known object is located by the fallback, or logically only', () => {
  const parity = (log: ReturnType<typeof toSarif>) => log.runs[0].results[2];
  expect(parity(toSarif(report)).locations).toEqual([{
    logicalLocations: [{ fullyQualifiedName: 'production/kubernetes_manifest.deployment_api', kind: 'object' }],
  }]);
  expect(parity(toSarif(report, { fallback: () => ({ uri: 'cdktf.out/stacks/production/cdk.tf.json' }) })).locations[0].physicalLocation)
    .toEqual({ artifactLocation: { uri: 'cdktf.out/stacks/production/cdk.tf.json' } });
  // A check the report does not list has no rule descriptor to point at.
  expect(parity(toSarif(report)).ruleIndex).toBeUndefined();
});

test('the same report gives the same log', () => {
  expect(JSON.stringify(toSarif(report))).toBe(JSON.stringify(toSarif(new GuardrailReport({ ...report, violations: [...violations].reverse() }))));
});
