/**
 * Per-call HTTP cookies (gateway/runtime/cookie-jar.ts): legacy JSP/ASP/servlet applications keep the caller's
 * state in a server session found through a cookie, and every legacy voice browser kept cookies for the life of
 * the call. Rules as RFC 6265 states them; calls never share a jar.
 */
import path from 'node:path';
import { createSimDriver } from '../../adapters/sim/index';
import { AppResolver, MemoryLogger, parseConfig } from '../../gateway/index';
import { CookieJar } from '../../gateway/runtime/cookie-jar';
import { cacheInfo } from '../../gateway/runtime/http-cache';
import { startLegacyAppServer } from '../../vxml-samples/legacy/server';

const NOW = Date.UTC(2006, 2, 5);

test('a session cookie goes back to its path on the same host only', () => {
  const jar = new CookieJar();
  jar.store('http://ivr.example.com/refill/servlet/Start', ['JSESSIONID=A1; Path=/refill; HttpOnly'], NOW);
  expect(jar.changed).toBe(true);
  expect(jar.header('http://ivr.example.com/refill/servlet/Rx', NOW)).toBe('JSESSIONID=A1');
  expect(jar.header('http://ivr.example.com/refill', NOW)).toBe('JSESSIONID=A1');
  expect(jar.header('http://ivr.example.com/refillother/x', NOW)).toBeUndefined();
  expect(jar.header('http://other.example.com/refill/x', NOW)).toBeUndefined();
});

test('default path is the directory of the request; longer paths are sent first', () => {
  const jar = new CookieJar();
  jar.store('http://h.example/app/asp/login.asp', ['ASPSESSIONIDQQ=X'], NOW);
  jar.store('http://h.example/app/asp/login.asp', ['lang=en; path=/'], NOW);
  expect(jar.header('http://h.example/app/asp/menu.asp', NOW)).toBe('ASPSESSIONIDQQ=X; lang=en');
  expect(jar.header('http://h.example/app/main.vxml', NOW)).toBe('lang=en');
});

test('Domain lets sibling hosts share it; a foreign Domain is refused', () => {
  const jar = new CookieJar();
  jar.store('http://apps.bank.example/x', ['SID=1; Domain=.bank.example; Path=/', 'EVIL=1; Domain=attacker.example; Path=/'], NOW);
  expect(jar.header('http://data.bank.example/feed.xml', NOW)).toBe('SID=1');
  expect(jar.header('http://attacker.example/', NOW)).toBeUndefined();
});

test('Max-Age and Expires end a cookie; a past expiry deletes it; Secure stays on https', () => {
  const jar = new CookieJar();
  jar.store('https://h.example/', ['a=1; Max-Age=60', 'b=2; Expires=Wed, 01 Jan 2031 00:00:00 GMT', 's=3; Secure'], NOW);
  expect(jar.header('https://h.example/', NOW)).toBe('a=1; b=2; s=3');
  expect(jar.header('http://h.example/', NOW)).toBe('a=1; b=2');
  expect(jar.header('https://h.example/', NOW + 61_000)).toBe('b=2; s=3');
  jar.store('https://h.example/', ['b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], NOW);
  expect(jar.header('https://h.example/', NOW)).toBe('a=1; s=3');
});

test('the jar survives its JSON form; damaged JSON is an empty jar', () => {
  const jar = new CookieJar();
  jar.store('http://h.example/a/b', ['JSESSIONID=Z; Path=/a'], NOW);
  expect(CookieJar.fromJson(jar.toJson()).header('http://h.example/a/c', NOW)).toBe('JSESSIONID=Z');
  expect(CookieJar.fromJson('{not json').size).toBe(0);
});

test('two calls at once keep two server sessions, and one caller\'s private data never reaches the other', async () => {
  const resolver = new AppResolver(startLegacyAppServer);
  const driver = createSimDriver(parseConfig({ log: { level: 'warn' } }), { logger: new MemoryLogger() });
  try {
    const app = await resolver.resolve('../static/entry.vxml', path.join(__dirname, '../../vxml-samples/legacy/refill/replays/x.yaml'));
    const a = await driver.start({ app });
    const b = await driver.start({ app });
    const heardA = await a.call.dtmf('1111111');
    const heardB = await b.call.dtmf('2222222');
    expect(heardA.heard.join(' ')).toContain('Prescription 1111111 will be ready at the Elm Street store');
    expect(heardB.heard.join(' ')).toContain('Prescription 2222222 will be ready at the Oak Avenue store');
    // Both callers reach the per-session GET page servlet/Review (same URL, different content) and its grammar
    // generated from the session (servlet/StoreGrammar, same URL) before either answers.
    expect((await a.call.say('yes', 0.9)).heard.join(' ')).toContain('Which store will you pick it up from?');
    expect((await b.call.say('yes', 0.9)).heard.join(' ')).toContain('Which store will you pick it up from?');
    expect((await a.call.say('river plaza', 0.9)).heard.join(' ')).toContain('Pick up at river plaza.');
    expect((await b.call.say('harbor mall', 0.9)).heard.join(' ')).toContain('Pick up at harbor mall.');
    expect((await a.call.say('yes', 0.9)).heard.join(' ')).toContain('Your prescription number is 1 1 1 1 1 1 1. Your refill of prescription 1 1 1 1 1 1 1 has been placed');
    expect((await b.call.say('yes', 0.9)).heard.join(' ')).toContain('Your prescription number is 2 2 2 2 2 2 2. Your refill of prescription 2 2 2 2 2 2 2 has been placed');
  } finally {
    await driver.close();
    await resolver.close();
  }
});

test('the shared HTTP cache keeps no answer marked private (one caller\'s session data)', () => {
  expect(cacheInfo({ 'cache-control': 'private, max-age=300' }, NOW).store).toBe(false);
  expect(cacheInfo({ 'cache-control': 'Private' }, NOW).store).toBe(false);
  expect(cacheInfo({ 'cache-control': 'public, max-age=300' }, NOW).store).toBe(true);
});
