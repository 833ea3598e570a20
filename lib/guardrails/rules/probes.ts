import { describeContainer, stableJson } from '../_objects';
import { Rule, Tool, ref } from '../rule';
import { checkContainers } from './_helpers';

// Probes apply to the long-running containers of serving workloads: not to init containers, not to Jobs.
const SERVING = { init: false, batch: false };

/** Serving containers have a readiness probe. */
export const READINESS_PROBE: Rule = {
  id: 'readiness-probe',
  title: 'Serving containers have a readiness probe',
  rationale: 'Without one, a pod receives traffic the moment its process starts, and keeps receiving it while it cannot serve.',
  references: [
    ref(Tool.KUBE_LINTER, 'no-readiness-probe'), ref(Tool.KUBE_SCORE, 'pod-probes'), ref(Tool.POLARIS, 'readinessProbeMissing'),
    ref(Tool.KYVERNO, 'require-pod-probes'),
  ],
  fix: 'Add a readinessProbe that checks the app can serve requests (e.g. httpGet on /ready).',
  check: (context) => checkContainers(context, (_w, c) => c.container.readinessProbe
    ? [] : [{ message: `${describeContainer(c)} has no readinessProbe`, field: 'readinessProbe' }], SERVING),
};

/** Serving containers have a liveness probe. */
export const LIVENESS_PROBE: Rule = {
  id: 'liveness-probe',
  title: 'Serving containers have a liveness probe',
  rationale: 'Without one, a deadlocked process keeps its pod Running forever; only a liveness probe gets it restarted.',
  references: [
    ref(Tool.KUBE_LINTER, 'no-liveness-probe'), ref(Tool.KUBE_SCORE, 'pod-probes'), ref(Tool.POLARIS, 'livenessProbeMissing'),
    ref(Tool.KYVERNO, 'require-pod-probes'),
  ],
  fix: 'Add a livenessProbe that checks only the process itself (e.g. httpGet on /healthz), never its dependencies.',
  check: (context) => checkContainers(context, (_w, c) => c.container.livenessProbe
    ? [] : [{ message: `${describeContainer(c)} has no livenessProbe`, field: 'livenessProbe' }], SERVING),
};

/** Readiness and liveness probes are not the same probe. */
export const PROBES_DIFFER: Rule = {
  id: 'probes-differ',
  title: 'Readiness and liveness probes differ',
  rationale: 'With identical probes, a slow dependency restarts every pod at once instead of taking them out of rotation.',
  references: [ref(Tool.KUBE_SCORE, 'pod-probes-identical')],
  fix: 'Let the readiness probe check that the app can serve (dependencies included) and the liveness probe only that the process responds.',
  check: (context) => checkContainers(context, (_w, c) => {
    const { readinessProbe, livenessProbe } = c.container;
    return readinessProbe && livenessProbe && stableJson(readinessProbe) === stableJson(livenessProbe)
      ? [{ message: `${describeContainer(c)} has identical readiness and liveness probes`, field: 'livenessProbe' }]
      : [];
  }, SERVING),
};
