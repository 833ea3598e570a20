import { HPA_REPLICAS, HPA_TARGET } from '../_lib';
import { changed, deployment, findingsOf, hpa, messagesOf } from '../fixtures';

describe('hpa-replicas', () => {
  test('passes minReplicas ≥ 2 below maxReplicas', () => {
    expect(messagesOf(HPA_REPLICAS, [hpa('web', 2, 3)])).toEqual([]);
  });

  test('fails a minimum below 2 (set or defaulted) and a maximum not above the minimum', () => {
    const defaulted = changed(hpa('api', 1, 1), (h) => { delete h.spec.minReplicas; });
    expect(findingsOf(HPA_REPLICAS, [hpa('web', 1, 5), hpa('store', 3, 3), defaulted])).toEqual([
      { object: 'HorizontalPodAutoscaler/shop/web', message: 'minReplicas is 1', path: 'spec.minReplicas' },
      { object: 'HorizontalPodAutoscaler/shop/store', message: 'maxReplicas 3 is not above minReplicas 3, so it never scales', path: 'spec.maxReplicas' },
      { object: 'HorizontalPodAutoscaler/shop/api', message: 'minReplicas is 1 (the default)', path: 'spec.minReplicas' },
      { object: 'HorizontalPodAutoscaler/shop/api', message: 'maxReplicas 1 is not above minReplicas 1, so it never scales', path: 'spec.maxReplicas' },
    ]);
  });
});

describe('hpa-target', () => {
  test('passes an autoscaler whose target is in the output', () => {
    expect(messagesOf(HPA_TARGET, [deployment(), hpa()])).toEqual([]);
  });

  test('fails a missing target, a target of another kind or API version', () => {
    const statefulSetTarget = changed(hpa('web'), (h) => { h.metadata.name = 'web-sts'; h.spec.scaleTargetRef.kind = 'StatefulSet'; });
    const oldApi = changed(hpa('web'), (h) => { h.metadata.name = 'web-old'; h.spec.scaleTargetRef.apiVersion = 'extensions/v1beta1'; });
    expect(findingsOf(HPA_TARGET, [deployment(), hpa('api'), statefulSetTarget, oldApi])).toEqual([
      { object: 'HorizontalPodAutoscaler/shop/api', message: 'spec.scaleTargetRef apps/v1 Deployment "api" is not in the output', path: 'spec.scaleTargetRef' },
      { object: 'HorizontalPodAutoscaler/shop/web-sts', message: 'spec.scaleTargetRef apps/v1 StatefulSet "web" is not in the output', path: 'spec.scaleTargetRef' },
      {
        object: 'HorizontalPodAutoscaler/shop/web-old',
        message: 'spec.scaleTargetRef extensions/v1beta1 Deployment "web" is not in the output',
        path: 'spec.scaleTargetRef',
      },
    ]);
  });
});
