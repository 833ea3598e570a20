import { Testing } from 'cdk8s';
import { ResourceGovernance } from '../../lib/environment/resource-governance';
import { findObject } from '../builders';

const LIMIT_RANGE = {
  defaultRequest: { cpu: '100m', memory: '128Mi' },
  default: { cpu: '500m', memory: '512Mi' },
  max: { cpu: '2', memory: '4Gi' },
};

describe('ResourceGovernance', () => {
  test('renders a ResourceQuota with requests, limits and no LoadBalancer or NodePort Services when nothing optional is set', () => {
    const chart = Testing.chart();
    new ResourceGovernance(chart, 'Governance', {
      namespace: 'dev',
      quota: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' } },
      limitRange: LIMIT_RANGE,
    });

    expect(findObject(Testing.synth(chart), 'ResourceQuota', 'environment-quota')).toEqual({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'environment-quota', namespace: 'dev' },
      spec: {
        hard: {
          'requests.cpu': '4',
          'requests.memory': '8Gi',
          'limits.cpu': '8',
          'limits.memory': '16Gi',
          'services.loadbalancers': '0',
          'services.nodeports': '0',
        },
      },
    });
  });

  test('adds storage, pods, services and persistentvolumeclaims when they are set, as strings', () => {
    const chart = Testing.chart();
    new ResourceGovernance(chart, 'Governance', {
      namespace: 'qa',
      quota: {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { cpu: '1', memory: '2Gi' },
        storage: '50Gi',
        pods: 50,
        services: 20,
        persistentVolumeClaims: 10,
      },
      limitRange: LIMIT_RANGE,
    });

    expect(findObject(Testing.synth(chart), 'ResourceQuota', 'environment-quota').spec.hard).toEqual({
      'requests.cpu': '500m',
      'requests.memory': '1Gi',
      'limits.cpu': '1',
      'limits.memory': '2Gi',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
      'requests.storage': '50Gi',
      'pods': '50',
      'services': '20',
      'persistentvolumeclaims': '10',
    });
  });

  test('renders zero counts rather than leaving them out', () => {
    const chart = Testing.chart();
    new ResourceGovernance(chart, 'Governance', {
      namespace: 'dev',
      quota: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' }, services: 0, persistentVolumeClaims: 0 },
      limitRange: LIMIT_RANGE,
    });

    const hard = findObject(Testing.synth(chart), 'ResourceQuota', 'environment-quota').spec.hard;
    expect(hard.services).toBe('0');
    expect(hard.persistentvolumeclaims).toBe('0');
    expect(hard).not.toHaveProperty('pods');
    expect(hard).not.toHaveProperty('requests.storage');
  });

  test('renders a LimitRange with container defaults and bounds', () => {
    const chart = Testing.chart();
    new ResourceGovernance(chart, 'Governance', {
      namespace: 'dev',
      quota: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' } },
      limitRange: LIMIT_RANGE,
    });

    expect(findObject(Testing.synth(chart), 'LimitRange', 'container-limits')).toEqual({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'container-limits', namespace: 'dev' },
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '500m', memory: '512Mi' },
          max: { cpu: '2', memory: '4Gi' },
        }],
      },
    });
  });

  test('counts no CPU limits and gives containers none where CPU limits are not stated (the reference environments)', () => {
    const chart = Testing.chart();
    new ResourceGovernance(chart, 'Governance', {
      namespace: 'dev',
      quota: { requests: { cpu: '4', memory: '8Gi' }, limits: { memory: '16Gi' } },
      limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '512Mi' }, max: { memory: '4Gi' } },
    });
    const objects = Testing.synth(chart);

    expect(findObject(objects, 'ResourceQuota', 'environment-quota').spec.hard).toEqual({
      'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.memory': '16Gi', 'services.loadbalancers': '0', 'services.nodeports': '0',
    });
    // No max.cpu either: the API server would default the CPU limit of every container to it.
    expect(findObject(objects, 'LimitRange', 'container-limits').spec.limits).toEqual([{
      type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '512Mi' }, max: { memory: '4Gi' },
    }]);
  });

  test('writes every quantity and count in the API server\'s canonical form', () => {
    const chart = Testing.chart();
    new ResourceGovernance(chart, 'Governance', {
      namespace: 'dev',
      quota: { requests: { cpu: '0.5', memory: '8192Mi' }, limits: { cpu: '4000m', memory: '16384Mi' }, storage: '1024Gi', pods: 1000 },
      limitRange: { defaultRequest: { cpu: '0.1', memory: '0.125Gi' }, default: { cpu: '0.5', memory: '512Mi' }, max: { cpu: '2000m', memory: '4096Mi' } },
    });
    const objects = Testing.synth(chart);

    expect(findObject(objects, 'ResourceQuota', 'environment-quota').spec.hard).toEqual({
      'requests.cpu': '500m', 'requests.memory': '8Gi', 'limits.cpu': '4', 'limits.memory': '16Gi', 'services.loadbalancers': '0',
      'services.nodeports': '0', 'requests.storage': '1Ti', 'pods': '1k',
    });
    expect(findObject(objects, 'LimitRange', 'container-limits').spec.limits).toEqual([{
      type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' }, max: { cpu: '2', memory: '4Gi' },
    }]);
  });

  test('renders exactly the quota and the LimitRange, in that order, and exposes both', () => {
    const chart = Testing.chart();
    const governance = new ResourceGovernance(chart, 'Governance', {
      namespace: 'dev',
      quota: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '8', memory: '16Gi' } },
      limitRange: LIMIT_RANGE,
    });

    expect(Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ResourceQuota/dev/environment-quota',
      'LimitRange/dev/container-limits',
    ]);
    expect(governance.quota.name).toBe('environment-quota');
    expect(governance.limitRange.name).toBe('container-limits');
  });
});
