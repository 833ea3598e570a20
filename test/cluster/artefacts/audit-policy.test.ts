import { auditPolicy, auditPolicyArtefact } from '../../../lib/cluster/artefacts/audit-policy';
import { AuditLevel, AuditPreset } from '../../../lib/cluster/cluster-types';
import { testCluster } from '../util';

/** The rule that keeps credentials out of the log: always first. */
const CREDENTIALS = {
  level: 'Metadata',
  resources: [
    { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
    { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
  ],
};

/** How many rules drop noise (health probes, events, system components' watches and leases). */
const NOISE = 5;

describe('auditPolicy', () => {
  test('is an audit.k8s.io/v1 Policy that never logs RequestReceived or managedFields', () => {
    const policy = auditPolicy(testCluster().audit);

    expect(policy).toMatchObject({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], omitManagedFields: true });
  });

  test('logs credentials at Metadata first, drops noise, then applies the request preset by default', () => {
    const rules = auditPolicy(testCluster().audit).rules;

    expect(rules[0]).toStrictEqual(CREDENTIALS);
    expect(rules.slice(1, 1 + NOISE).every((r: any) => r.level === 'None')).toBe(true);
    expect(rules[1]).toStrictEqual({ level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics'] });
    expect(rules.slice(1 + NOISE)).toStrictEqual([{ level: 'Metadata', verbs: ['get', 'list', 'watch'] }, { level: 'Request' }]);
  });

  test.each([
    [AuditPreset.METADATA, [{ level: 'Metadata' }]],
    [AuditPreset.REQUEST_RESPONSE, [{ level: 'Metadata', verbs: ['get', 'list', 'watch'] }, { level: 'RequestResponse' }]],
  ])('ends with the %s preset', (preset, tail) => {
    const rules = auditPolicy(testCluster({ audit: { preset } }).audit).rules;

    expect(rules.slice(1 + NOISE)).toStrictEqual(tail);
  });

  test('puts the cluster\'s rules after the credentials rule, so none of them can log a Secret\'s body', () => {
    const custom = { level: AuditLevel.REQUEST_RESPONSE, resources: [{ resources: ['secrets', 'pods/exec'] }] };
    const rules = auditPolicy(testCluster({ audit: { rules: [custom] } }).audit).rules;

    expect(rules.slice(0, 2)).toStrictEqual([CREDENTIALS, { level: 'RequestResponse', resources: [{ group: '', resources: ['secrets', 'pods/exec'] }] }]);
    expect(rules).toHaveLength(1 + 1 + NOISE + 2);
  });
});

describe('auditPolicyArtefact', () => {
  test('writes the policy to audit-policy.yaml, and no chart', () => {
    const cluster = testCluster({ audit: { preset: AuditPreset.REQUEST } });

    expect(auditPolicyArtefact.files!(cluster)).toStrictEqual([{ path: 'audit-policy.yaml', documents: [auditPolicy(cluster.audit)] }]);
    expect(auditPolicyArtefact.chart).toBeUndefined();
  });
});
