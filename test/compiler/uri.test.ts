/** Reference resolution used for edges and cross-document checks. */
import { resolveDocument, resolveTarget } from '../../gateway/compiler';

test.each([
  ['apps/air/main.vxml', '#menu', '#menu'],
  ['apps/air/main.vxml', 'main.vxml#menu', '#menu'],
  ['apps/air/main.vxml', 'main.vxml', 'apps/air/main.vxml'],
  ['apps/air/main.vxml', 'flight.vxml', 'apps/air/flight.vxml'],
  ['apps/air/main.vxml', '../common/help.vxml#top', 'apps/common/help.vxml#top'],
  ['apps/air/main.vxml', './sub/./x.vxml?lang=es#d', 'apps/air/sub/x.vxml?lang=es#d'],
  ['/srv/ivr/main.vxml', '/cgi-bin/menu.jsp', '/cgi-bin/menu.jsp'],
  ['main.vxml', '../../up.vxml', '../../up.vxml'],
  ['http://ivr.example/app/main.vxml', 'status.jsp?f=1', 'http://ivr.example/app/status.jsp?f=1'],
  ['http://ivr.example/app/main.vxml', 'http://other.example/x.vxml#y', 'http://other.example/x.vxml#y'],
  ['http://ivr.example/app/main.vxml#start', '#menu', '#menu'],
  ['http://ivr.example/app/main.vxml', 'main.vxml#menu', '#menu'],
])('resolveTarget(%s, %s) = %s', (base, ref, want) => {
  expect(resolveTarget(base, ref)).toBe(want);
});

test('resolveDocument keeps absolute references and drops the base fragment', () => {
  expect(resolveDocument('a/b.vxml#x', '')).toBe('a/b.vxml');
  expect(resolveDocument('a/b.vxml', 'tel:+15555550100')).toBe('tel:+15555550100');
});
