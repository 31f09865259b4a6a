import { dialable } from '../../adapters/sim/driver';

test.each([
  ['tel:+18005550199', true],
  ['tel:+1-800-555-0199', true],
  ['tel:+1 (800) 555.0199;postd=pp22', true],
  ['18005550199', true],
  ['sip:agent@pbx.example.com', true],
  ['sips:queue@10.0.0.5:5061;transport=tls', true],
  ['tel:+1-800-555-RBOK', false],
  ['tel:', false],
  ['sip:', false],
  ['mailto:x@y', false],
])('%s dialable: %s', (dest, ok) => {
  expect(dialable(dest)).toBe(ok);
});
