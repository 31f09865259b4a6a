/** TwiML answers are written directly: exact type and byte length (multi-byte text too), no ETag. */
import { FakeRuntime, listen, say, type Dialogue } from './fake-runtime';
import { callSid, params, signedPost, testApp } from './helpers';

const cafe: Dialogue = () => ({ actions: [say('Bienvenue au café – choisissez.'), listen({ maxDigits: 1 })] });

test('a TwiML answer: 200, text/xml in UTF-8, Content-Length in bytes, no ETag', async () => {
  const { app } = testApp(new FakeRuntime(cafe));
  const res = await signedPost(app, '/twilio/voice', params(callSid(7), { CallStatus: 'ringing' }));
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(res.text).toContain('Bienvenue au café – choisissez.');
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text, 'utf8'));
  expect(Buffer.byteLength(res.text, 'utf8')).toBeGreaterThan(res.text.length);
  expect(res.headers.etag).toBeUndefined();
  expect(res.headers['x-vxml-app']).toBeDefined();
});
