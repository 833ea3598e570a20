import { describeContainer } from '../_objects';
import { Rule, Tool, ref } from '../rule';
import { checkContainers } from './_helpers';

/** Every container requests CPU and memory. */
export const RESOURCE_REQUESTS: Rule = {
  id: 'resource-requests',
  title: 'Containers request CPU and memory',
  rationale: 'The scheduler places pods by their requests; without them nodes are overcommitted and the pod is first to be evicted.',
  references: [
    ref(Tool.KUBE_LINTER, 'unset-cpu-requirements'), ref(Tool.KUBE_LINTER, 'unset-memory-requirements'), ref(Tool.KUBE_SCORE, 'container-resources'),
    ref(Tool.POLARIS, 'cpuRequestsMissing'), ref(Tool.POLARIS, 'memoryRequestsMissing'), ref(Tool.KYVERNO, 'require-pod-requests-limits'),
  ],
  fix: 'Set resources.requests.cpu and resources.requests.memory from the app\'s measured use (the LimitRange default is a safety net, not a size).',
  check: (context) => checkContainers(context, (_workload, c) => ['cpu', 'memory']
    .filter((resource) => c.container.resources?.requests?.[resource] === undefined)
    .map((resource) => ({ message: `${describeContainer(c)} sets no ${resource} request`, field: `resources.requests.${resource}` }))),
};

/** Every container has a memory limit. */
export const MEMORY_LIMIT: Rule = {
  id: 'memory-limit',
  title: 'Containers limit their memory',
  rationale: 'Memory cannot be throttled: a container without a limit grows until the node runs out and the kernel kills whatever it picks.',
  references: [
    ref(Tool.KUBE_LINTER, 'unset-memory-requirements'), ref(Tool.KUBE_SCORE, 'container-resources'), ref(Tool.POLARIS, 'memoryLimitsMissing'),
    ref(Tool.KYVERNO, 'require-pod-requests-limits'),
  ],
  fix: 'Set resources.limits.memory (usually equal to or a little above the request).',
  check: (context) => checkContainers(context, (_workload, c) => c.container.resources?.limits?.memory === undefined
    ? [{ message: `${describeContainer(c)} sets no memory limit`, field: 'resources.limits.memory' }]
    : []),
};
