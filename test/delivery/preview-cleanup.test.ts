import { classifyPreviews, DeliveryError, formatPreviews, parseNamespaceList } from '../../lib';

const NOW = new Date('2025-01-01T00:00:00Z');
const PAST = String(NOW.getTime() / 1000 - 1);
const FUTURE = String(NOW.getTime() / 1000 + 3600);
const ENVIRONMENTS = ['dev', 'qa', 'staging', 'production'];

function ns(name: string, labels: Record<string, string>, phase = 'Active') {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels }, status: { phase } };
}
function preview(id: string, expires: string, extra: Record<string, string> = {}) {
  return ns(`preview-${id}`, {
    'platform.example.com/preview': 'true', 'platform.example.com/preview-id': id, 'platform.example.com/preview-of': 'dev',
    'platform.example.com/preview-expires': expires, ...extra,
  });
}

describe('classifyPreviews', () => {
  test('an expired preview is deletable; an active one is not', () => {
    const list = classifyPreviews([preview('1', PAST), preview('2', FUTURE), ns('dev', {})], NOW, ENVIRONMENTS);
    expect(list.map((p) => [p.name, p.state, p.deletable])).toEqual([['preview-1', 'expired', true], ['preview-2', 'active', false]]);
    expect(formatPreviews(list, NOW)).toBe([
      'NAMESPACE  TEMPLATE  EXPIRES                   STATE',
      'preview-1  dev       2024-12-31T23:59:59.000Z  expired',
      'preview-2  dev       2025-01-01T01:00:00.000Z  active',
      '',
    ].join('\n'));
  });

  test('cleanup can never select a namespace that is not a preview', () => {
    const label = (id: string, expires = PAST) => ({
      'platform.example.com/preview': 'true', 'platform.example.com/preview-id': id, 'platform.example.com/preview-expires': expires,
    });
    const impostors = [
      ns('qa', label('qa')), // an environment labelled as a preview
      ns('production', label('production')),
      ns('kube-system', label('kube-system')),
      ns('preview-3', { 'platform.example.com/preview-id': '3', 'platform.example.com/preview-expires': PAST }), // no preview label
      ns('preview-4', { ...label('4'), 'platform.example.com/preview': 'yes' }),
      ns('preview-5', label('6')), // id does not match the name
      ns('team-a', label('team-a')), // not named preview-
      ns('preview-7', label('7', 'soon')), // no valid expiry
      ns('preview-8', label('8', '')),
      ns('preview-9', label('9', '-1')),
      { ...ns('preview-10', label('10')), status: { phase: 'Terminating' } },
      ns('preview-11', {}),
      ns('dev', label('dev')),
    ];
    const list = classifyPreviews(impostors, NOW, [...ENVIRONMENTS, 'preview-x']);
    expect(list.filter((p) => p.deletable)).toEqual([]);
    // Every namespace of the input is either not a preview candidate or kept with a reason.
    expect(list.every((p) => p.state !== 'expired')).toBe(true);
    // A declared environment named like a preview is never deleted either.
    expect(classifyPreviews([preview('x', PAST)], NOW, ['preview-x'])[0]).toMatchObject({ deletable: false, state: 'kept: the namespace of a declared environment' });
  });
});

describe('parseNamespaceList', () => {
  test('reads a List and a single Namespace', () => {
    expect(parseNamespaceList(JSON.stringify({ kind: 'List', items: [ns('a', {})] }))).toHaveLength(1);
    expect(parseNamespaceList(JSON.stringify(ns('a', {})))).toHaveLength(1);
  });
  test('fails when the input is not JSON', () => {
    expect(() => parseNamespaceList('NAME STATUS')).toThrow(/^the namespace list is not JSON \(.*\); pass the output of kubectl get namespaces -o json$/);
  });
  const EXPECTED = 'expected the namespaces (a NamespaceList, or a List of Namespace): pass the output of kubectl get namespaces -o json';
  test('fails when the input is not a namespace list: names the kind found', () => {
    expect(() => parseNamespaceList(JSON.stringify({ kind: 'Pod' }))).toThrow(new DeliveryError(`the input is a Pod; ${EXPECTED}`));
    expect(() => parseNamespaceList('[]')).toThrow(new DeliveryError(`the input is a JSON array; ${EXPECTED}`));
    expect(() => parseNamespaceList('{}')).toThrow(new DeliveryError(`the input is an object without kind or items; ${EXPECTED}`));
    expect(() => parseNamespaceList('42')).toThrow(new DeliveryError(`the input is 42; ${EXPECTED}`));
  });
  test('fails when the input is a list of Pods (kubectl get pods -o json): names the kind of its items', () => {
    expect(() => parseNamespaceList(JSON.stringify({ kind: 'List', items: [{ kind: 'Pod' }, { kind: 'Pod' }] })))
      .toThrow(new DeliveryError(`the input is a List of Pod (items[0].kind is "Pod", 2 of 2 items are not Namespaces); ${EXPECTED}`));
    expect(() => parseNamespaceList(JSON.stringify({ kind: 'List', items: [ns('a', {}), { kind: 'Service' }, { kind: 'Pod' }] })))
      .toThrow(new DeliveryError(`the input is a List of Pod, Service (items[1].kind is "Service", 2 of 3 items are not Namespaces); ${EXPECTED}`));
  });
});
