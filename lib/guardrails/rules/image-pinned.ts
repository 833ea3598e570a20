import { describeContainer } from '../_objects';
import { Rule, Tool, ref } from '../rule';
import { checkContainers } from './_helpers';

/** The tag of an image reference, or `undefined` when it has none (`registry:5000/app` has no tag; the port is not one). */
function tagOf(image: string): string | undefined {
  const name = image.split('@')[0];
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
}

/** Every image names a version: a tag other than `latest`, or a digest. */
export const IMAGE_PINNED: Rule = {
  id: 'image-pinned',
  title: 'Images are pinned to a version',
  rationale: 'A missing or moving tag runs whatever the registry serves that day: rollouts are not reproducible and rollbacks roll back nothing.',
  references: [
    ref(Tool.KUBE_LINTER, 'latest-tag'), ref(Tool.KUBE_SCORE, 'container-image-tag'), ref(Tool.POLARIS, 'tagNotSpecified'),
    ref(Tool.KYVERNO, 'disallow-latest-tag'),
  ],
  fix: 'Set the image to an explicit version (registry.example.com/api:1.4.2) or a digest (…@sha256:…); never :latest.',
  check: (context) => checkContainers(context, (_workload, c) => {
    const image = c.container.image;
    if (typeof image !== 'string' || image === '') {
      return [{ message: `${describeContainer(c)} has no image`, field: 'image' }];
    }
    if (image.includes('@')) {
      return [];
    }
    const tag = tagOf(image);
    if (tag === undefined) {
      return [{ message: `${describeContainer(c)} uses image "${image}" without a tag, which pulls :latest`, field: 'image' }];
    }
    return tag === 'latest' ? [{ message: `${describeContainer(c)} uses image "${image}"; latest is a moving tag`, field: 'image' }] : [];
  }),
};
