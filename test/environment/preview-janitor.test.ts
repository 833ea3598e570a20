import { Testing } from 'cdk8s';
import { DEFAULT_JANITOR_IMAGE, JANITOR_NAMESPACE, PreviewJanitor } from '../../lib/environment/preview-janitor';
import { SchemaValidator } from '../../lib/guardrails/schema/schema-validator';

describe('PreviewJanitor', () => {
  const chart = Testing.chart();
  new PreviewJanitor(chart, 'Janitor', { schedule: '0 * * * *' });
  const objects = Testing.synth(chart);
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

  test('its namespace enforces restricted and is isolated', () => {
    expect(byKind('Namespace').map((n) => [n.metadata.name, n.metadata.labels['pod-security.kubernetes.io/enforce']])).toEqual([[JANITOR_NAMESPACE, 'restricted']]);
    expect(byKind('NetworkPolicy').map((p) => p.metadata.name)).toEqual(expect.arrayContaining(['default-deny']));
  });

  test('an admission policy denies the janitor\'s group any namespace DELETE but of a labelled preview-… namespace', () => {
    expect(byKind('ValidatingAdmissionPolicy')).toEqual([{
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'preview-janitor-deletes-previews-only', labels: { 'app.kubernetes.io/name': 'preview-janitor' } },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] }] },
        matchConditions: [{ name: 'preview-janitor', expression: "'system:serviceaccounts:platform-previews' in request.userInfo.groups" }],
        validations: [{
          expression: "oldObject.metadata.name.startsWith('preview-') && has(oldObject.metadata.labels)"
            + " && 'platform.example.com/preview' in oldObject.metadata.labels && oldObject.metadata.labels['platform.example.com/preview'] == 'true'"
            + " && 'platform.example.com/preview-expires' in oldObject.metadata.labels",
          message: 'the preview janitor deletes only preview namespaces: named preview-<id>, labelled platform.example.com/preview=true and '
            + 'platform.example.com/preview-expires',
          reason: 'Forbidden',
        }],
      },
    }]);
    expect(byKind('ValidatingAdmissionPolicyBinding')).toEqual([{
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'preview-janitor-deletes-previews-only', labels: { 'app.kubernetes.io/name': 'preview-janitor' } },
      spec: { policyName: 'preview-janitor-deletes-previews-only', validationActions: ['Deny'] },
    }]);
  });

  test('the policy and its binding are valid for every supported minor (strict schema)', () => {
    const schemas = new SchemaValidator();
    const policies = objects.filter((o) => o.kind.startsWith('ValidatingAdmissionPolicy'));
    for (const version of ['v1.33.0', 'v1.36.1']) {
      expect(policies.map((o) => schemas.validate(o, version))).toEqual([[], []]);
    }
  });

  test('its ClusterRole only reads namespaces: deleting comes from each preview\'s own Role', () => {
    expect(byKind('ClusterRole').map((r) => r.rules)).toEqual([[{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }]]);
    expect(byKind('ClusterRoleBinding').map((b) => b.subjects)).toEqual([[{ kind: 'ServiceAccount', name: 'preview-janitor', namespace: JANITOR_NAMESPACE }]]);
    expect(byKind('Role')).toEqual([]);
  });

  test('the CronJob: schedule, pinned image, hardened, the token mounted on purpose, selecting previews by label, name and expiry', () => {
    const [job] = byKind('CronJob');
    expect(job.spec.schedule).toBe('0 * * * *');
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('preview-janitor');
    expect(pod.containers[0].image).toBe(DEFAULT_JANITOR_IMAGE);
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const script: string = pod.containers[0].command[2];
    expect(script).toContain('kubectl get namespaces -l \'platform.example.com/preview=true\'');
    expect(script).toContain('{.metadata.labels.platform\\.example\\.com\\/preview-expires}');
    expect(script).toContain('case "$name" in preview-*) ;;');
    expect(script).toContain('kubectl delete namespace "$name" --wait=false');
  });

  test('its egress to the API server ports excepts the cluster\'s pod and Service ranges (the defaults here)', () => {
    expect(byKind('NetworkPolicy').find((p) => p.metadata.name === 'allow-to-cidr-0-0-0-0-0').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16', '10.96.0.0/12'] } }],
        ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }],
      }],
    });
  });
});

test('the janitor excepts the IPv4 ranges the cluster declares', () => {
  const chart = Testing.chart();
  new PreviewJanitor(chart, 'Janitor', { networking: { podSubnets: ['192.168.0.0/16', 'fd00:10:244::/56'], serviceSubnets: ['172.20.0.0/16'] } });
  const egress = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-to-cidr-0-0-0-0-0').spec.egress;
  expect(egress[0].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['192.168.0.0/16', '172.20.0.0/16'] } }]);
});
