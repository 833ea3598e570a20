import { NETWORK_POLICY_COVERAGE, NETWORK_POLICY_SELECTORS } from '../_lib';
import { deployment, findingsOf, messagesOf, networkPolicies, networkPolicy, statefulSet } from '../fixtures';

describe('network-policy-coverage', () => {
  test('passes pods selected for ingress and egress (by default-deny with an empty selector)', () => {
    expect(messagesOf(NETWORK_POLICY_COVERAGE, [...networkPolicies(), deployment(), statefulSet()])).toEqual([]);
  });

  test('fails pods no policy isolates, per direction; policies of other namespaces do not count', () => {
    const ingressOnly = networkPolicy('web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] });
    const elsewhere = networkPolicy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, 'other');
    expect(findingsOf(NETWORK_POLICY_COVERAGE, [ingressOnly, elsewhere, deployment(), statefulSet()])).toEqual([
      { object: 'Deployment/shop/web', message: 'no NetworkPolicy with policyType Egress selects its pods', path: 'spec.template.spec' },
      { object: 'StatefulSet/shop/store', message: 'no NetworkPolicy with policyType Ingress selects its pods', path: 'spec.template.spec' },
      { object: 'StatefulSet/shop/store', message: 'no NetworkPolicy with policyType Egress selects its pods', path: 'spec.template.spec' },
    ]);
  });
});

describe('network-policy-selectors', () => {
  test('passes selectors that select pods, empty selectors, and peers in other namespaces', () => {
    expect(messagesOf(NETWORK_POLICY_SELECTORS, [...networkPolicies(), deployment(), statefulSet()])).toEqual([]);
  });

  test('fails a policy selector and a same-namespace peer selector that select no pod', () => {
    const typo = networkPolicy('api-from-web', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'wbe' } } }, { namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } }] }],
    });
    expect(findingsOf(NETWORK_POLICY_SELECTORS, [typo, deployment()])).toEqual([
      { object: 'NetworkPolicy/shop/api-from-web', message: 'spec.podSelector {app=api} selects no pod', path: 'spec.podSelector' },
      {
        object: 'NetworkPolicy/shop/api-from-web',
        message: 'spec.ingress[0].from[0].podSelector {app=wbe} selects no pod',
        path: 'spec.ingress[0].from[0].podSelector',
      },
    ]);
  });
});
