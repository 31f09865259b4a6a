/**
 * The web console in a real headless browser (Debian chromium driven by playwright-core), served by
 * `vxml-gateway serve` as composed for production: a caller completes a flight-status enquiry on the
 * airline sample with the mouse alone — keypad clicks, typed speech, a suggestion chip — while the dialog
 * graph highlights the current dialog and form item; a node click shows its source; the operators' live
 * view lists the browser call and a Twilio call. Screenshots are saved under test/artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import twilio from 'twilio';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { runServe, type ServeHandle } from '../../gateway/cli/commands/serve';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const CONSOLE_TOKEN = 'browser-test-operator-token';
const AUTH_TOKEN = 'browser-test-twilio-token-0123456789';
const ACCOUNT_SID = 'AC' + '2'.repeat(32);
const WAIT = { timeout: 20_000 };

jest.setTimeout(120_000);

describe('the web console in chromium', () => {
  let handle: ServeHandle;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`chromium is not installed at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get install -y chromium\` (.ci/run does this when it is missing).`);
    }
    // serve hands the console the environment it was given (CONSOLE_TOKEN enables the live view).
    handle = await runServe({ port: '0', host: '127.0.0.1' }, { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, LOG_LEVEL: 'error', CONSOLE_TOKEN }, { out: () => undefined, err: () => undefined });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vxml-console-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1440, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Record what the page asks the browser to speak (headless chromium has no voices to hear).
    // (A script string: this file is type-checked without the DOM library.)
    await page.addInitScript({
      content: `window.__spoken = [];
        const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
        window.speechSynthesis.speak = (u) => { window.__spoken.push(u.text); speak(u); };`,
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await handle?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  const transcript = (): Promise<string> => page.locator('#transcript').innerText();
  const waitForHeard = (text: string) => page.locator('#transcript li.system', { hasText: text }).first().waitFor(WAIT);
  const current = async (): Promise<{ dialog: string | null; item: string | null }> => ({
    dialog: await page.locator('.box.current').getAttribute('data-dialog'),
    item: (await page.locator('.box.current .row.current').count()) > 0 ? await page.locator('.box.current .row.current').getAttribute('data-item') : null,
  });
  const key = (k: string) => page.click(`#keypad button[data-key="${k}"]`);

  test('a flight-status enquiry made with the mouse alone, the graph following the call', async () => {
    await page.goto(handle.server.url.replace('0.0.0.0', '127.0.0.1') + '/');
    await page.locator('#app-select option[value="sample:airline"]').waitFor({ state: 'attached', ...WAIT });
    expect(await page.locator('#app-select').inputValue()).toBe('sample:airline');
    await page.check('#tts-toggle');

    await page.click('#call-button');
    await waitForHeard('Thank you for calling Acme Air.');
    await page.locator('.box.current[data-dialog="main_menu"]').waitFor(WAIT);
    expect(await transcript()).toContain('For flight status, press 1.');

    // Speech, typed: the menu choice is recognised by its grammar.
    await page.fill('#speech-text', 'flight status');
    await page.click('#say-button');
    await page.locator('.box.current[data-dialog="flight_status"] .row.current[data-item="flight_number"]').waitFor(WAIT);
    await waitForHeard('Please say the flight number');
    const menuInterp = page.locator('#transcript li.interp').last();
    expect(await menuInterp.innerText()).toMatch(/grammar[\s\S]*menu main_menu, choice 1 "flight status"/i);

    // Keys, clicked: collected until the terminating key like a phone platform does.
    for (const k of ['1', '2', '3']) await key(k);
    expect(await page.locator('#digits').innerText()).toBe('123');
    await key('#');
    await waitForHeard("From Boston to Chicago O'Hare: on time");
    await page.locator('.row.current[data-item="another"]').waitFor(WAIT);
    expect(await current()).toEqual({ dialog: 'flight_status', item: 'another' });
    expect(await page.locator('#transcript li.interp').last().innerText()).toMatch(/field flight_number[\s\S]*"123"/);
    expect(await page.locator('.box[data-dialog="main_menu"]').getAttribute('class')).toContain('visited');
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-console-airline-flight-status.png') });

    // A suggestion chip answers the yes/no question: back to the main menu.
    await page.click('#suggestions button:text-is("no")');
    await page.locator('.box.current[data-dialog="main_menu"]').waitFor(WAIT);

    // Clicking a node shows its source lines.
    await page.locator('.box.current .title').click();
    await page.locator('#source:not([hidden]) #source-lines li.hl').first().waitFor(WAIT);
    expect(await page.locator('#source-title').innerText()).toContain('main.vxml:22-58');
    expect(await page.locator('#source-lines li.hl').first().innerText()).toContain('<menu id="main_menu" dtmf="true">');
    await page.click('#source-close');

    // End the call from the menu.
    await key('7');
    await waitForHeard('Have a pleasant journey. Goodbye.');
    await page.locator('#status.ended').waitFor(WAIT);
    expect(await page.locator('#status').innerText()).toMatch(/Call ended/);
    expect(await page.locator('#keypad button[data-key="1"]').isDisabled()).toBe(true);
    expect(await page.locator('#call-button').isEnabled()).toBe(true);

    const spoken: unknown = await page.evaluate('window.__spoken');
    if (!Array.isArray(spoken)) throw new Error('the page did not record speech');
    expect(spoken).toContain('Thank you for calling Acme Air.');
    expect(spoken.some((s) => s.startsWith('Thank you for calling Acme Air. Have a pleasant journey.'))).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-console-airline-ended.png') });
    expect(pageErrors).toEqual([]);
  });

  test('operators watch calls of every channel with the token; a Twilio call shows its transcript', async () => {
    const sid = 'CA' + 'e'.repeat(32);
    const url = `${handle.server.url}/twilio/voice`;
    const form = { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: sid, CallStatus: 'ringing', Direction: 'inbound', From: '+15551230000', To: '+18005550100' };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, form) },
      body: new URLSearchParams(form).toString(),
    });
    expect(res.status).toBe(200);

    await page.click('#tab-live');
    await page.locator('#token-form:not([hidden])').waitFor(WAIT);
    await page.fill('#token-input', 'not-the-token');
    await page.click('#token-form button');
    await page.locator('#live-state', { hasText: 'operator token' }).waitFor(WAIT);
    expect(await page.locator('#live-calls tr[data-call-id]').count()).toBe(0);

    await page.fill('#token-input', CONSOLE_TOKEN);
    await page.click('#token-form button');
    const row = page.locator(`#live-calls tr[data-call-id="${sid}"]`);
    await row.waitFor(WAIT);
    expect(await row.innerText()).toContain('twilio');
    expect(await page.locator('#live-calls tr[data-call-id^="web-"]').first().innerText()).toContain('browser');
    await row.click();
    await page.locator('#live-lines li.system', { hasText: 'Thank you for calling Acme Air.' }).waitFor(WAIT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-console-live.png') });
    expect(pageErrors).toEqual([]);
  });
});
