/** The report: sorted, grouped by environment and object, with the reachability matrices, as text and as JSON. */
import { GuardrailError, GuardrailReport, IMAGE_PINNED, MIN_REPLICAS_RULE, Severity, Violation } from './_lib';

const violations: Violation[] = [
  {
    rule: 'min-replicas', severity: Severity.WARNING, environment: 'dev', object: 'Deployment/dev/web', message: 'runs 1 replica',
    fix: MIN_REPLICAS_RULE.fix, path: 'spec.replicas',
  },
  {
    rule: 'image-pinned', severity: Severity.ERROR, environment: 'production', object: 'Deployment/production/web',
    constructPath: 'app-web/App/Workload-web', message: 'container "web" uses image "nginx:latest"; latest is a moving tag', fix: IMAGE_PINNED.fix,
  },
  {
    rule: 'image-pinned', severity: Severity.ERROR, environment: 'production', object: 'Deployment/production/api', message: 'container "api" has no image',
    fix: IMAGE_PINNED.fix, acceptedReason: 'image injected by the operator',
  },
  {
    rule: 'image-pinned', severity: Severity.WARNING, environment: 'dev', object: 'Deployment/dev/web', message: 'container "web" has no image',
    fix: IMAGE_PINNED.fix,
  },
];

const reachability = [{
  cluster: 'nonprod',
  namespaces: [{ name: 'dev', environment: 'dev', managed: true }, { name: 'kube-system', managed: false }],
  namespaceMatrix: [
    { from: 'dev', to: 'dev', allowed: true, ports: 'TCP/8080' },
    { from: 'dev', to: 'kube-system', allowed: true, ports: 'TCP/53, UDP/53' },
    { from: 'kube-system', to: 'dev', allowed: false, ports: 'none' },
    { from: 'kube-system', to: 'kube-system', allowed: true, ports: 'all' },
  ],
  environmentMatrix: [{ from: 'dev', to: 'dev', allowed: true, ports: 'TCP/8080' }],
  workloadMatrix: [{ from: 'dev/Deployment/web', to: 'dev/Deployment/api', allowed: true, ports: 'TCP/8080' }],
}];

function report(list = violations): GuardrailReport {
  return new GuardrailReport({
    violations: list,
    reachability,
    targets: [{ name: 'dev', protected: false }, { name: 'qa', protected: false }, { name: 'production', protected: true }],
    checks: [IMAGE_PINNED, MIN_REPLICAS_RULE],
  });
}

test('counts errors, warnings and accepted violations; only unaccepted errors fail', () => {
  const r = report();
  expect([r.errors.length, r.warnings.length, r.accepted.length, r.failed]).toEqual([1, 2, 1, true]);
  expect(report(violations.filter((v) => v.severity === Severity.WARNING || v.acceptedReason)).failed).toBe(false);
});

test('sorts by environment in platform order, then object, rule and message, whatever the input order', () => {
  const expected = [
    'dev Deployment/dev/web image-pinned', 'dev Deployment/dev/web min-replicas',
    'production Deployment/production/api image-pinned', 'production Deployment/production/web image-pinned',
  ];
  expect(report().violations.map((v) => `${v.environment} ${v.object} ${v.rule}`)).toEqual(expected);
  expect(report([...violations].reverse()).violations.map((v) => `${v.environment} ${v.object} ${v.rule}`)).toEqual(expected);
});

test('renders for the terminal: grouped by environment, then object, with rule, message and fix, then the matrices', () => {
  expect(report().toText()).toBe([
    'guardrails FAILED: 1 error, 2 warnings, 1 accepted (2 checks over 3 outputs)',
    '',
    'dev',
    '  Deployment/dev/web',
    '    warning  image-pinned: container "web" has no image',
    `             fix: ${IMAGE_PINNED.fix}`,
    '    warning  min-replicas: runs 1 replica',
    `             fix: ${MIN_REPLICAS_RULE.fix}`,
    '',
    'qa: no violations',
    '',
    'production (protected)',
    '  Deployment/production/api',
    '    accepted image-pinned: container "api" has no image',
    '             reason: image injected by the operator',
    '  Deployment/production/web  (app-web/App/Workload-web)',
    '    error    image-pinned: container "web" uses image "nginx:latest"; latest is a moving tag',
    `             fix: ${IMAGE_PINNED.fix}`,
    '',
    'reachability, cluster nonprod (rows connect to columns; * = not an environment, its own policies unknown and taken as open)',
    '  from \\ to     dev       kube-system*',
    '  dev           TCP/8080  TCP/53, UDP/53',
    '  kube-system*  -         all',
    '  workloads:',
    '    dev/Deployment/web -> dev/Deployment/api: TCP/8080',
    '',
  ].join('\n'));
});

test('renders without the violations for a tool that lists them itself: the summary line, then the matrices', () => {
  expect(report().toText({ violations: false })).toBe([
    'guardrails FAILED: 1 error, 2 warnings, 1 accepted (2 checks over 3 outputs)',
    '',
    'reachability, cluster nonprod (rows connect to columns; * = not an environment, its own policies unknown and taken as open)',
    '  from \\ to     dev       kube-system*',
    '  dev           TCP/8080  TCP/53, UDP/53',
    '  kube-system*  -         all',
    '  workloads:',
    '    dev/Deployment/web -> dev/Deployment/api: TCP/8080',
    '',
  ].join('\n'));
});

test('renders as JSON with every field present, accepted reasons and the matrices', () => {
  const json = report().toJson();
  expect(json.passed).toBe(false);
  expect(json.summary).toEqual({ errors: 1, warnings: 2, accepted: 1, checks: 2 });
  expect(json.environments).toEqual([{ name: 'dev', protected: false }, { name: 'qa', protected: false }, { name: 'production', protected: true }]);
  expect(json.violations[2]).toEqual({
    rule: 'image-pinned',
    severity: 'error',
    environment: 'production',
    object: 'Deployment/production/api',
    constructPath: null,
    path: null,
    message: 'container "api" has no image',
    fix: IMAGE_PINNED.fix,
    acceptedReason: 'image injected by the operator',
  });
  expect(json.reachability).toEqual(reachability);
  expect(JSON.stringify(report([...violations].reverse()).toJson())).toBe(JSON.stringify(json));
});

test('a GuardrailError lists every unaccepted error with environment, object, construct path, rule, message and fix', () => {
  const error = new GuardrailError(report());
  expect(error.name).toBe('GuardrailError');
  expect(error.report.errors).toHaveLength(1);
  expect(error.message).toBe('guardrails failed (1 error):\n'
    + '  - production: Deployment/production/web (app-web/App/Workload-web): image-pinned: '
    + `container "web" uses image "nginx:latest"; latest is a moving tag; ${IMAGE_PINNED.fix}`);
});

test('summarises for the terminal after a successful synth: counts per output and rule, sections, matrices, where the details are', () => {
  const passed = report(violations.filter((v) => v.severity === Severity.WARNING || v.acceptedReason))
    .withSections([{ title: 'capacity, environment dev', lines: ['  requests.cpu  1  of 4'] }]);
  expect(passed.toSummary({ detailsFile: 'dist/guardrails.json' })).toBe([
    'guardrails passed: 0 errors, 2 warnings, 1 accepted (2 checks over 3 outputs)',
    '',
    '  output      protected  errors  warnings  accepted',
    '  dev         no         0       2         0',
    '  qa          no         0       0         0',
    '  production  yes        0       0         1',
    '  warnings: image-pinned 1, min-replicas 1',
    '  accepted: image-pinned 1',
    '',
    'capacity, environment dev',
    '  requests.cpu  1  of 4',
    '',
    'reachability, cluster nonprod (rows connect to columns; * = not an environment, its own policies unknown and taken as open)',
    '  from \\ to     dev       kube-system*',
    '  dev           TCP/8080  TCP/53, UDP/53',
    '  kube-system*  -         all',
    '  workloads:',
    '    dev/Deployment/web -> dev/Deployment/api: TCP/8080',
    '',
    'every violation, with its fix: dist/guardrails.json',
    '',
  ].join('\n'));
  expect(passed.toSummary()).not.toContain('fix:');
});

test('sections are printed in the full report too, between the violations and the matrices; the violations stay the same', () => {
  const withSection = report().withSections([{ title: 'capacity, environment dev', lines: ['  pods  3 of 50'] }]);
  expect(withSection.violations).toEqual(report().violations);
  expect(withSection.toText()).toContain('             fix: '
    + `${IMAGE_PINNED.fix}\n\ncapacity, environment dev\n  pods  3 of 50\n\nreachability, cluster nonprod`);
  expect(report().toText()).not.toContain('capacity');
});
