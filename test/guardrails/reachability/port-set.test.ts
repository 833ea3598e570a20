import { PortSet } from '../_lib';

test('renders all, none, single ports, ranges and whole protocols', () => {
  expect(PortSet.ALL.toString()).toBe('all');
  expect(PortSet.NONE.toString()).toBe('none');
  expect(PortSet.of('TCP', 8080).union(PortSet.of('UDP', 53)).union(PortSet.of('TCP', 8000, 8010)).union(PortSet.allOf('SCTP')).toString())
    .toBe('TCP/8000-8010, TCP/8080, UDP/53, SCTP/all');
});

test('merges overlapping and adjacent ranges', () => {
  expect(PortSet.of('TCP', 10, 20).union(PortSet.of('TCP', 21, 30)).union(PortSet.of('TCP', 25, 40)).toString()).toBe('TCP/10-40');
  expect(PortSet.allOf('TCP').union(PortSet.allOf('UDP')).union(PortSet.allOf('SCTP')).isAll).toBe(true);
});

test('intersects per protocol', () => {
  const web = PortSet.of('TCP', 8000, 8100);
  expect(web.intersect(PortSet.of('TCP', 8080)).toString()).toBe('TCP/8080');
  expect(web.intersect(PortSet.of('UDP', 8080)).isEmpty).toBe(true);
  expect(PortSet.ALL.intersect(web).toString()).toBe('TCP/8000-8100');
});
