/**
 * Legacy applications written the way 2000s app servers generated them (vxml-samples/legacy/<app>/), replayed
 * as a caller would on every channel: sim, Twilio (real webhook routes, simulated Twilio) and ACS (real SDK
 * against the loopback ACS fake). Each script states what the W3C Recommendations say the caller hears; a
 * failure prints the gateway's log lines of that call.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createAcsReplayDriver } from '../../adapters/acs/simulator';
import { createSimDriver } from '../../adapters/sim/index';
import { createTwilioReplayDriver } from '../../adapters/twilio/index';
import { AppResolver, formatOutcome, loadScript, MemoryLogger, normalizeText, parseConfig, runScript, type ReplayDriver } from '../../gateway/index';
import { startLegacyAppServer } from '../../vxml-samples/legacy/server';

const ROOT = path.join(__dirname, '..', '..', 'vxml-samples', 'legacy');
const scripts = fs
  .readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, d.name, 'replays')))
  .flatMap((d) => fs.readdirSync(path.join(ROOT, d.name, 'replays')).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(ROOT, d.name, 'replays', f)));

const config = parseConfig({ log: { level: 'warn' } });
const logger = new MemoryLogger();
const resolver = new AppResolver(startLegacyAppServer);
const drivers: Record<string, ReplayDriver> = {};
beforeAll(async () => {
  drivers.sim = createSimDriver(config, { logger });
  drivers.twilio = await createTwilioReplayDriver({ config, overrides: { logger } });
  drivers.acs = await createAcsReplayDriver({ config, overrides: { logger } });
});
afterAll(async () => {
  await Promise.all(Object.values(drivers).map((d) => d.close()));
  await resolver.close();
});

test('there are legacy replays', () => {
  expect(scripts.length).toBeGreaterThan(5);
});

const cases = ['sim', 'twilio', 'acs'].flatMap((channel) => scripts.map((file) => [`${path.relative(ROOT, file)} [${channel}]`, channel, file] as const));
test.each(cases)('%s', async (_label, channel, file) => {
  const loaded = loadScript(file);
  const app = await resolver.resolve(loaded.script.app, file);
  const mark = logger.lines.length;
  const outcome = await runScript(loaded, app, drivers[channel]);
  if (!outcome.passed) {
    const logs = logger.lines.slice(mark).filter((l) => l.level !== 'debug').map((l) => JSON.stringify(l));
    throw new Error(`${formatOutcome(outcome, false)}\n${logs.slice(-20).join('\n')}`);
  }
}, 60_000);

test.each(['sim', 'twilio', 'acs'])('bank: the hangup handler in the root posts the call record with the caller id and trail [%s]', async (channel) => {
  const scriptFile = path.join(ROOT, 'bank', 'replays', 'balances.yaml');
  const app = await resolver.resolve('../main.vxml', scriptFile);
  const { call } = await drivers[channel].start({ app, from: '+15557654321', to: '+18005550100' });
  try {
    await call.dtmf('123456#');
    await call.dtmf('1234');
    await call.dtmf('1');
    const end = await call.hangup();
    expect(end.ended).toBe(true);
  } finally {
    await call.close();
  }
  const report = await (await fetch(new URL('jsp/admin/report.jsp', app))).text();
  expect(report).toContain('<line>callEnd +15557654321 welcome&gt;balances</line>');
});

test('a clean call of an app with universals enabled logs no warning (no fetch of builtin:universal grammars)', async () => {
  const file = path.join(ROOT, 'bank', 'replays', 'noinput-escalation.yaml');
  const loaded = loadScript(file);
  const app = await resolver.resolve(loaded.script.app, file);
  const mark = logger.lines.length;
  expect(await runScript(loaded, app, drivers.sim)).toMatchObject({ passed: true });
  const lines = logger.lines.slice(mark);
  expect(lines.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => l.message)).toEqual([]);
  expect(lines.filter((l) => JSON.stringify(l).includes('builtin:universal'))).toEqual([]);
});

/** What a caller heard, compared as replay scripts compare it (case, punctuation and spacing aside). */
const heardIn = (o: { heard: string[] }): string => normalizeText(o.heard.join(' '));

test.each(['sim', 'twilio', 'acs'])('bank: two interleaved calls keep their own application variables and subdialog state [%s]', async (channel) => {
  const app = await resolver.resolve('../main.vxml', path.join(ROOT, 'bank', 'replays', 'balances.yaml'));
  const a = await drivers[channel].start({ app, from: '+15550000001' });
  const b = await drivers[channel].start({ app, from: '+15550000002' });
  try {
    expect(heardIn(await a.call.dtmf('111111#'))).toContain(normalizeText('PIN for account 111111.'));
    expect(heardIn(await b.call.dtmf('222222#'))).toContain(normalizeText('PIN for account 222222.'));
    expect(heardIn(await b.call.dtmf('9999'))).toContain(normalizeText('That PIN is not correct.'));
    expect(heardIn(await a.call.dtmf('1234'))).toContain(normalizeText('Thank you, Maria.'));
    expect(heardIn(await b.call.dtmf('1234'))).toContain(normalizeText('Thank you, Maria.'));
    expect(heardIn(await a.call.dtmf('2'))).toContain(normalizeText('What transfer would you like to make?'));
    expect(heardIn(await b.call.dtmf('2'))).toContain(normalizeText('What transfer would you like to make?'));
    expect(heardIn(await a.call.say('transfer fifty dollars from savings to checking', 0.9))).toContain(normalizeText('Transfer 50 dollars from savings to checking.'));
    expect(heardIn(await b.call.say('transfer five hundred dollars from checking to savings', 0.9))).toContain(normalizeText('Transfer 500 dollars from checking to savings.'));
    expect(heardIn(await a.call.say('yes', 0.9))).toContain(normalizeText('Your transfer of 50 dollars from savings to checking is complete.'));
    expect(heardIn(await b.call.say('yes', 0.9))).toContain(normalizeText('Your transfer of 500 dollars from checking to savings is complete.'));
  } finally {
    await a.call.close();
    await b.call.close();
  }
  const report = await (await fetch(new URL('jsp/admin/report.jsp', app))).text();
  expect(report).toContain('<line>transfer 111111 USD50 savings checking</line>');
  expect(report).toContain('<line>transfer 222222 USD500 checking savings</line>');
});
