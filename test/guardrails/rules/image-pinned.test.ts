import { IMAGE_PINNED } from '../_lib';
import { changed, cronJob, deployment, findingsOf, messagesOf } from '../fixtures';

describe('image-pinned', () => {
  test('passes version tags and digests, also behind a registry port', () => {
    const digest = changed(deployment(), (d) => {
      d.spec.template.spec.containers[0].image = 'registry.example.com:5000/shop/web@sha256:' + 'a'.repeat(64);
    });
    const ported = changed(deployment(), (d) => {
      d.spec.template.spec.containers[0].image = 'registry.example.com:5000/shop/web:2.0.1';
    });
    expect(messagesOf(IMAGE_PINNED, [deployment(), digest, ported, cronJob()])).toEqual([]);
  });

  test('fails an image without tag (a registry port is not a tag), with latest, or without image', () => {
    const untagged = changed(deployment(), (d) => {
      d.spec.template.spec.containers[0].image = 'registry.example.com:5000/shop/web';
    });
    const latest = changed(cronJob(), (c) => {
      c.spec.jobTemplate.spec.template.spec.containers[0].image = 'busybox:latest';
    });
    const none = changed(deployment('api'), (d) => {
      delete d.spec.template.spec.containers[0].image;
    });
    expect(findingsOf(IMAGE_PINNED, [untagged, latest, none])).toEqual([
      {
        object: 'Deployment/shop/web',
        message: 'container "web" uses image "registry.example.com:5000/shop/web" without a tag, which pulls :latest',
        path: 'spec.template.spec.containers[0].image',
      },
      {
        object: 'CronJob/shop/report',
        message: 'container "report" uses image "busybox:latest"; latest is a moving tag',
        path: 'spec.jobTemplate.spec.template.spec.containers[0].image',
      },
      { object: 'Deployment/shop/api', message: 'container "api" has no image', path: 'spec.template.spec.containers[0].image' },
    ]);
  });

  test('checks init containers too', () => {
    const init = changed(deployment(), (d) => {
      d.spec.template.spec.initContainers = [{ ...d.spec.template.spec.containers[0], name: 'migrate', image: 'flyway/flyway' }];
    });
    expect(messagesOf(IMAGE_PINNED, [init])).toEqual([
      'Deployment/shop/web: init container "migrate" uses image "flyway/flyway" without a tag, which pulls :latest',
    ]);
  });
});
