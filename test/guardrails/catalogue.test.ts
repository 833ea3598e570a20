/** The catalogue: every rule states its id, title, rationale, references and fix; the good shop passes all of them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLATFORM_CHECKS, RULES, Tool } from './_lib';
import { contextOf, goodShop } from './fixtures';

test('rule ids are unique kebab-case', () => {
  const ids = [...RULES, ...PLATFORM_CHECKS].map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => !/^[a-z]+(-[a-z0-9]+)*$/.test(id))).toEqual([]);
});

test('every check has a title, a one-line rationale and a fix', () => {
  for (const check of [...RULES, ...PLATFORM_CHECKS]) {
    expect([check.id, check.title.length > 0, check.rationale.length > 0, check.fix.length > 0]).toEqual([check.id, true, true, true]);
    expect([check.id, check.rationale.includes('\n')]).toEqual([check.id, false]);
  }
});

test('every reference names one of the reference tools', () => {
  const tools = Object.values(Tool) as string[];
  const references = RULES.flatMap((r) => r.references);
  expect(references.filter((ref) => !tools.includes(ref.tool) || ref.check === '')).toEqual([]);
  // Each of the five catalogues the issue names is cited.
  expect(new Set(references.map((ref) => ref.tool))).toEqual(new Set(tools));
});

test('the catalogue covers every item of the issue', () => {
  expect(RULES.map((r) => r.id)).toEqual([
    'schema-valid', 'schema-known', 'image-pinned', 'resource-requests', 'memory-limit', 'readiness-probe', 'liveness-probe', 'probes-differ',
    'no-privileged', 'no-privilege-escalation', 'run-as-non-root', 'read-only-root-filesystem', 'drop-capabilities', 'seccomp-profile',
    'no-host-namespaces', 'no-host-path', 'no-host-port', 'pod-security-admission', 'service-account-token', 'no-secret-literals',
    'no-default-namespace', 'selector-matches-template', 'network-policy-coverage', 'network-policy-selectors', 'service-selector',
    'service-target-ports', 'service-exposure', 'ingress-tls', 'ingress-host', 'ingress-backend', 'httproute-host',
    'httproute-backend', 'httproute-parent', 'no-default-service-account-binding',
    'rbac-no-wildcards', 'rbac-no-cluster-admin', 'rbac-no-escalation-verbs', 'min-replicas', 'pdb-present', 'pdb-allows-eviction',
    'topology-spread', 'hpa-replicas', 'hpa-target', 'quota-fits', 'quota-fits-max-scale',
  ]);
});

test('every rule has a test naming it', () => {
  const dir = path.join(__dirname, 'rules');
  const tests = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  expect(RULES.map((r) => r.id).filter((id) => !tests.includes(`describe('${id}'`))).toEqual([]);
});

describe.each([false, true])('the hardened shop (protected: %s)', (isProtected) => {
  test.each(RULES.map((r) => [r.id, r]))('passes %s', (_id, rule) => {
    expect(rule.check(contextOf(goodShop(), { protected: isProtected }))).toEqual([]);
  });
});

test('the module README lists every check with its title', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../lib/guardrails/README.md'), 'utf8');
  expect([...RULES, ...PLATFORM_CHECKS].filter((c) => !readme.includes(`| \`${c.id}\` | ${c.title} |`)).map((c) => c.id)).toEqual([]);
});
