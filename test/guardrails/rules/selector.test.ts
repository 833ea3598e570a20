import { SELECTOR_MATCHES_TEMPLATE } from '../_lib';
import { changed, cronJob, deployment, findingsOf, messagesOf, statefulSet } from '../fixtures';

describe('selector-matches-template', () => {
  test('passes selectors that select the template, with expressions too', () => {
    const expressions = changed(deployment(), (d) => {
      d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'www'] }] };
    });
    expect(messagesOf(SELECTOR_MATCHES_TEMPLATE, [deployment(), statefulSet(), cronJob(), expressions])).toEqual([]);
  });

  test('fails a selector that misses the template, an empty one, and none', () => {
    const mismatch = changed(deployment(), (d) => { d.spec.selector = { matchLabels: { app: 'web', track: 'stable' } }; });
    const empty = changed(statefulSet(), (s) => { s.spec.selector = {}; });
    const none = changed(deployment('api'), (d) => { delete d.spec.selector; });
    expect(findingsOf(SELECTOR_MATCHES_TEMPLATE, [mismatch, empty, none])).toEqual([
      { object: 'Deployment/shop/web', message: 'spec.selector {app=web, track=stable} does not select its pod template\'s labels {app=web}', path: 'spec.selector' },
      { object: 'StatefulSet/shop/store', message: 'spec.selector {} selects every pod of the namespace', path: 'spec.selector' },
      { object: 'Deployment/shop/api', message: 'has no spec.selector', path: 'spec.selector' },
    ]);
  });
});
