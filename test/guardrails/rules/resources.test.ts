import { MEMORY_LIMIT, RESOURCE_REQUESTS } from '../_lib';
import { changed, deployment, findingsOf, messagesOf, statefulSet } from '../fixtures';

describe('resource-requests', () => {
  test('passes containers requesting CPU and memory', () => {
    expect(messagesOf(RESOURCE_REQUESTS, [deployment(), statefulSet()])).toEqual([]);
  });

  test('fails each missing request', () => {
    const noCpu = changed(deployment(), (d) => {
      delete d.spec.template.spec.containers[0].resources.requests.cpu;
    });
    const none = changed(statefulSet(), (s) => {
      delete s.spec.template.spec.containers[0].resources;
    });
    expect(findingsOf(RESOURCE_REQUESTS, [noCpu, none])).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" sets no cpu request', path: 'spec.template.spec.containers[0].resources.requests.cpu' },
      { object: 'StatefulSet/shop/store', message: 'container "store" sets no cpu request', path: 'spec.template.spec.containers[0].resources.requests.cpu' },
      {
        object: 'StatefulSet/shop/store',
        message: 'container "store" sets no memory request',
        path: 'spec.template.spec.containers[0].resources.requests.memory',
      },
    ]);
  });
});

describe('memory-limit', () => {
  test('passes containers with a memory limit (a CPU limit is not required)', () => {
    expect(messagesOf(MEMORY_LIMIT, [deployment()])).toEqual([]);
  });

  test('fails a container without memory limit', () => {
    const unlimited = changed(deployment(), (d) => {
      d.spec.template.spec.containers[0].resources.limits = { cpu: '1' };
    });
    expect(findingsOf(MEMORY_LIMIT, [unlimited])).toEqual([
      { object: 'Deployment/shop/web', message: 'container "web" sets no memory limit', path: 'spec.template.spec.containers[0].resources.limits.memory' },
    ]);
  });
});
