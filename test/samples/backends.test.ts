/**
 * The sample apps' legacy back ends over loopback HTTP (through the shared app server): every service, its
 * data (XML for <data>, generated VoiceXML for <submit>), and every error path a caller can reach. Generated
 * VoiceXML must compile without a diagnostic, as the JSP/ASP/servlet pages produced it for real platforms.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { compile } from '../../gateway/index';
import { startAppServer } from '../../vxml-samples/app-server';
import { quoteFare } from '../../vxml-samples/railway/backend';
import { confirmationCode, parseMultipart } from '../../vxml-samples/backend-kit';

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await startAppServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

interface Answer {
  status: number;
  type: string;
  body: string;
}

async function get(path: string, query: Record<string, string> = {}): Promise<Answer> {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${server.url}${path}${qs ? '?' + qs : ''}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

async function post(path: string, form: Record<string, string>): Promise<Answer> {
  const res = await fetch(server.url + path, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

const attrParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false });

/** XML for <data>: 200, text/xml, well-formed; returns the parsed tree. */
function xmlOf(a: Answer): Record<string, any> {
  expect(a.status).toBe(200);
  expect(a.type).toMatch(/^text\/xml/);
  expect(XMLValidator.validate(a.body)).toBe(true);
  return attrParser.parse(a.body) as Record<string, any>;
}

/** Generated VoiceXML: 200, the VoiceXML content type, DOCTYPE + namespace, compiles without errors or warnings. */
function vxmlOf(a: Answer, url: string): string {
  expect(a.status).toBe(200);
  expect(a.type).toMatch(/^application\/voicexml\+xml/);
  expect(a.body).toContain('<!DOCTYPE vxml PUBLIC "-//W3C//DTD VOICEXML 2.1//EN"');
  expect(a.body).toContain('xmlns="http://www.w3.org/2001/vxml"');
  expect(XMLValidator.validate(a.body)).toBe(true);
  const graph = compile(a.body, server.url + url);
  expect(graph.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  return a.body;
}

/** What makes a VoiceXML platform throw error.badfetch: an HTTP error, or a body that is not well-formed. */
function expectServerError(a: Answer): void {
  expect(a.status).toBe(500);
  expect(a.type).toMatch(/^text\/html/);
}
function expectNotWellFormed(a: Answer): void {
  expect(a.status).toBe(200);
  expect(XMLValidator.validate(a.body)).not.toBe(true);
}

describe('airline (JSP)', () => {
  const FS = '/airline/jsp/flightStatus.jsp';
  test('flight status: one on-time leg', async () => {
    const x = xmlOf(await get(FS, { flight: 'AA123' }));
    expect(x.flightStatus.flight).toBe('AA123');
    expect(x.flightStatus.result.code).toBe('OK');
    expect(x.flightStatus.leg.origin['#text']).toBe('Boston');
    expect(x.flightStatus.leg.estimated).toEqual({ departure: '0815', arrival: '1005' });
    expect(x.flightStatus.leg.status).toBe('ON TIME');
    expect(x.flightStatus.leg.gate).toBe('B12');
  });
  test('flight status: two legs, delay and remarks; lower-case flight numbers are accepted', async () => {
    const x = xmlOf(await get(FS, { flight: 'aa456' }));
    expect(x.flightStatus.leg).toHaveLength(2);
    expect(x.flightStatus.leg[1].status).toBe('DELAYED');
    expect(x.flightStatus.leg[1].estimated.departure).toBe('1500');
    expect(x.flightStatus.remarks).toContain('late inbound aircraft');
  });
  test('flight status: cancelled flight has no gate', async () => {
    const x = xmlOf(await get(FS, { flight: 'AA789' }));
    expect(x.flightStatus.leg.status).toBe('CANCELLED');
    expect(x.flightStatus.leg.gate).toBeUndefined();
  });
  test('flight status: partner flight', async () => {
    expect(xmlOf(await get(FS, { flight: 'NW2040' })).flightStatus.carrier).toBe('Northwind');
  });
  test('flight status: unknown flight is NOT_FOUND, also answered to POST', async () => {
    expect(xmlOf(await get(FS, { flight: 'AA999' })).flightStatus.result.code).toBe('NOT_FOUND');
    expect(xmlOf(await post(FS, { flight: 'AA1' })).flightStatus.result.code).toBe('NOT_FOUND');
  });
  test('flight status: AA500 fails with HTTP 500, AA666 answers truncated XML', async () => {
    expectServerError(await get(FS, { flight: 'AA500' }));
    expectNotWellFormed(await get(FS, { flight: 'AA666' }));
  });
  test('flight status: AA900 answers the feed error document, well-formed but without <result>', async () => {
    const x = xmlOf(await get(FS, { flight: 'AA900' }));
    expect(x.flightStatus.result).toBeUndefined();
    expect(x.flightStatus.error['#text']).toContain('maintenance');
  });

  const BK = '/airline/jsp/bookingLookup.jsp';
  test('booking lookup: generated VoiceXML reads a confirmed booking and offers repeat / main menu', async () => {
    const doc = vxmlOf(await post(BK, { booking_ref: 'XYZ123' }), BK);
    expect(doc).toContain('encoding="ISO-8859-1"');
    expect(doc).toContain('application="../root.vxml"');
    expect(doc).toContain('Booking X Y Z 1 2 3, for Jane Smith.');
    expect(doc).toContain("Flight 1: Acme Air flight 123 from Boston to Chicago O'Hare, on March 23, 2025 at 8:15 AM, seat 14C.");
    expect(doc).toContain('Your booking is confirmed.');
    expect(doc).toContain(`expr="'XYZ123'"`);
    expect(doc).toContain('<goto next="../main.vxml#main_menu"/>');
  });
  test('booking lookup: two passengers, two segments, wait list', async () => {
    const doc = vxmlOf(await post(BK, { booking_ref: 'qrt456' }), BK);
    expect(doc).toContain('for Carlos Garcia and Maria Garcia');
    expect(doc).toContain('Flight 2: Acme Air flight 457, on April 17, 2025, seats 19E and 19F.');
    expect(doc).toContain('on the wait list');
  });
  test('booking lookup: unknown reference goes back to the booking form', async () => {
    const doc = vxmlOf(await post(BK, { booking_ref: 'ABC123' }), BK);
    expect(doc).toContain("I'm sorry, I couldn't find a booking with reference A B C 1 2 3.");
    expect(doc).toContain('<goto next="../booking.vxml"/>');
  });
  test('booking lookup: ERR500 fails with HTTP 500, ZZZ999 answers a truncated document', async () => {
    expectServerError(await post(BK, { booking_ref: 'ERR500' }));
    const broken = await post(BK, { booking_ref: 'ZZZ999' });
    expect(broken.type).toMatch(/^application\/voicexml\+xml/);
    expectNotWellFormed(broken);
  });

  const BG = '/airline/jsp/baggageStatus.jsp';
  test.each([
    ['40012345', 'LOCATED', 'located at Chicago'],
    ['40067890', 'DELIVERED', 'delivered to your address'],
    ['40099999', 'SEARCHING', 'last scanned in Denver'],
  ])('baggage file %s is %s', async (claim, status, text) => {
    const x = xmlOf(await get(BG, { claimNumber: claim }));
    expect(x.baggageFile.status).toBe(status);
    expect(x.baggageFile.message).toContain(text);
  });
  test('baggage: unknown file is NOT_FOUND, 40050000 fails with HTTP 500', async () => {
    expect(xmlOf(await get(BG, { claimNumber: '11112222' })).baggageFile.status).toBe('NOT_FOUND');
    expectServerError(await get(BG, { claimNumber: '40050000' }));
  });

  const CI = '/airline/jsp/checkin.jsp';
  test('check-in: checked in with boarding time 40 minutes before departure and a stable code', async () => {
    const form = { flight: 'AA123', flight_date: '20250323', passengers: '2' };
    const doc = vxmlOf(await post(CI, form), CI);
    const code = confirmationCode('AA123/20250323/2');
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(doc).toContain(`Your check-in code is ${code.split('').join(' ')}.`);
    expect(doc).toContain("We've sent 2 boarding passes");
    expect(doc).toContain('Boarding starts at 7:35 AM at gate B12.');
    expect(vxmlOf(await post(CI, form), CI)).toBe(doc);
  });
  test('check-in: a date without a year (spoken "March 23") is read without one', async () => {
    const doc = vxmlOf(await post(CI, { flight: 'AA456', flight_date: '????0323', passengers: '1' }), CI);
    expect(doc).toContain('on March 23.');
    expect(doc).toContain('your boarding pass');
  });
  test('check-in: cancelled flight offers the rebooking desk; partner and unknown flights are explained', async () => {
    const cancelled = vxmlOf(await post(CI, { flight: 'AA789', flight_date: '20250323', passengers: '1' }), CI);
    expect(cancelled).toContain('<form id="checkin_cancelled">');
    expect(cancelled).toContain(`<assign name="agentQueue" expr="'rebooking'"/>`);
    expect(cancelled).toContain('<goto next="../agent.vxml"/>');
    expect(vxmlOf(await post(CI, { flight: 'NW2040', flight_date: '20250323', passengers: '1' }), CI)).toContain('operated by our partner Northwind');
    expect(vxmlOf(await post(CI, { flight: 'AA1', flight_date: '20250323', passengers: '1' }), CI)).toContain('<goto next="../checkin.vxml"/>');
  });
  test('check-in: AA500 fails with HTTP 500; missing or impossible fields are a 400', async () => {
    expectServerError(await post(CI, { flight: 'AA500', flight_date: '20250323', passengers: '1' }));
    expect((await post(CI, { flight: 'AA123' })).status).toBe(400);
    expect((await post(CI, { flight: 'AA123', flight_date: '20250323', passengers: '12' })).status).toBe(400);
  });

  test('agent queues: general, baggage, and unknown names fall back to general', async () => {
    const AQ = '/airline/jsp/agentQueue.jsp';
    expect(xmlOf(await get(AQ, { agentQueue: 'general' })).queue).toMatchObject({ number: 'tel:+18005550142', waitMinutes: '4' });
    expect(xmlOf(await get(AQ, { agentQueue: 'baggage' })).queue).toMatchObject({ number: 'tel:+18005550177', waitMinutes: '1' });
    expect(xmlOf(await get(AQ, { agentQueue: 'vip' })).queue).toMatchObject({ name: 'general', number: 'tel:+18005550142' });
    // The rebooking desk's number was typed in as a vanity number: not a dialable tel: URI (RFC 3966).
    expect(xmlOf(await get(AQ, { agentQueue: 'rebooking' })).queue.number).toBe('tel:+1-800-555-RBOK');
  });

  test('feedback: a multipart recording is stored and thanked; a post without it is refused', async () => {
    const audio = new Uint8Array(1600).fill(7);
    const form = new FormData();
    form.append('feedback_msg', new Blob([audio], { type: 'audio/x-wav' }), 'feedback_msg.wav');
    form.append('callerAni', 'tel:+15551230000');
    const res = await fetch(server.url + '/airline/jsp/feedback.jsp', { method: 'POST', body: form });
    const doc = vxmlOf({ status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() }, '/airline/jsp/feedback.jsp');
    expect(doc).toContain('Your comments have been passed to our Customer Relations team.');
    const without = new FormData();
    without.append('callerAni', 'tel:+15551230000');
    expect((await fetch(server.url + '/airline/jsp/feedback.jsp', { method: 'POST', body: without })).status).toBe(400);
    const report = xmlOf(await get('/airline/jsp/admin/report.jsp'));
    expect(report.report.feedback).toMatchObject({ ani: 'tel:+15551230000', bytes: '1600', type: 'audio/x-wav' });
  });

  test('call end: the record is kept and the answer is a document that exits', async () => {
    const doc = vxmlOf(await post('/airline/jsp/callEnd.jsp', { callerAni: 'tel:+15557654321', dialedNumber: 'tel:+18005550100', callPath: 'FS;BK;' }), '/airline/jsp/callEnd.jsp');
    expect(doc).toContain('<exit/>');
    expect(doc).not.toContain('application=');
    const report = xmlOf(await get('/airline/jsp/admin/report.jsp'));
    const calls = [report.report.call].flat();
    expect(calls).toContainEqual({ ani: 'tel:+15557654321', dnis: 'tel:+18005550100', path: 'FS;BK;' });
  });
});

describe('railway (ASP)', () => {
  const FARE = '/railway/asp/fare.asp';
  test('fare: first train at or after the time, express fare with the class multiplier', async () => {
    const x = xmlOf(await get(FARE, { from: 'BOS', to: 'NYP', date: '20250323', after: '0900', class: 'business' }));
    expect(x.fareQuote.result).toBe('OK');
    expect(x.fareQuote.train).toEqual({ number: '2151', service: 'Express', departs: '0905', arrives: '1120' });
    expect(x.fareQuote.fare).toEqual({ currency: 'USD', amount: '170.55' });
  });
  test('fare: northbound trains have even numbers; regional trains are slower and cheaper', async () => {
    const x = xmlOf(await get(FARE, { from: 'WAS', to: 'BAL', date: '20250323', after: '0500', class: 'coach' }));
    expect(x.fareQuote.train).toEqual({ number: '170', service: 'Regional', departs: '0600', arrives: '0655' });
    expect(x.fareQuote.fare.amount).toBe('44.00');
  });
  test('fare: no trains late in the evening; unknown stations and classes are NO_SERVICE', async () => {
    expect(xmlOf(await get(FARE, { from: 'BOS', to: 'NYP', after: '2000', class: 'coach' })).fareQuote.result).toBe('NO_TRAINS');
    expect(xmlOf(await get(FARE, { from: 'BOS', to: 'XXX', after: '0900', class: 'coach' })).fareQuote.result).toBe('NO_SERVICE');
    expect(xmlOf(await get(FARE, { from: 'BOS', to: 'NYP', after: '0900', class: 'sleeper' })).fareQuote.result).toBe('NO_SERVICE');
    expect(quoteFare('PHL', 'PHL', '0900', 'coach').result).toBe('NO_SERVICE');
  });
  test('fare: the builtin time suffix (a/p/h/?) is ignored by the engine', async () => {
    expect(xmlOf(await get(FARE, { from: 'PHL', to: 'BAL', after: '1500h', class: 'first' })).fareQuote.fare.amount).toBe('143.00');
  });
  test('fare: first class is not sold on Regional trains: the train comes without a <fare>', async () => {
    const x = xmlOf(await get(FARE, { from: 'PHL', to: 'WAS', after: '1000', class: 'first' }));
    expect(x.fareQuote.result).toBe('OK');
    expect(x.fareQuote.train.service).toBe('Regional');
    expect(x.fareQuote.fare).toBeUndefined();
    expect(quoteFare('PHL', 'WAS', '0900', 'first').amountCents).toBeGreaterThan(0);
  });
  test('fare: New Haven fails with HTTP 500', async () => {
    expectServerError(await get(FARE, { from: 'NHV', to: 'NYP', after: '0800', class: 'coach' }));
    expectServerError(await get(FARE, { from: 'BOS', to: 'NHV', after: '0800', class: 'coach' }));
  });

  const BOOK = '/railway/asp/book.asp';
  const booking = (card: string): Record<string, string> => ({
    origin: 'BOS', destination: 'NYP', travel_date: '20250323', train_number: '2151', travel_class: 'business', fare: '170.55',
    card_number: card, card_expiry: '1227', cvv: '123',
  });
  test('book: booked with the last four digits only and a stable confirmation number', async () => {
    const doc = vxmlOf(await post(BOOK, booking('4111111111111111')), BOOK);
    const code = confirmationCode('BOS/NYP/20250323/2151/business');
    expect(doc).toContain(`We've charged 170 dollars and 55 cents to the card ending in 1 1 1 1.`);
    expect(doc).toContain(code.split('').join(' '));
    expect(doc).not.toContain('4111111111111111');
    expect(doc).toContain('<goto next="../journey.vxml"/>');
    const list = await get('/railway/asp/admin/bookings.asp');
    expect(list.body).toContain(`confirmation="${code}"`);
    expect(list.body).toContain('card="xxxx1111"');
    expect(list.body).not.toContain('4111111111111111');
    expect(list.body).not.toContain('cvv');
  });
  test('book: a declined card goes back to payment; whole-dollar fares have no cents', async () => {
    const declined = vxmlOf(await post(BOOK, booking('4000000000000002')), BOOK);
    expect(declined).toContain('your bank declined the card ending in 0 0 0 2');
    expect(declined).toContain('<goto next="../payment.vxml"/>');
    const whole = vxmlOf(await post(BOOK, { ...booking('5555555555554444'), fare: '143.00' }), BOOK);
    expect(whole).toContain("We've charged 143 dollars to the card ending in 4 4 4 4.");
  });
  test('book: card ...0259 fails with HTTP 500, card ...0119 writes a VBScript error into the document', async () => {
    expectServerError(await post(BOOK, booking('4000000000000259')));
    const broken = await post(BOOK, booking('4000000000000119'));
    expectNotWellFormed(broken);
    expect(broken.body).toContain("Microsoft VBScript runtime </font> <font face=\"Arial\" size=2>error '800a000d'");
  });
  test('book: missing fields are a 400', async () => {
    const { cvv: _cvv, ...noCvv } = booking('4111111111111111');
    expect((await post(BOOK, noCvv)).status).toBe(400);
    expect((await post(BOOK, { ...booking('4111'), card_number: '4111' })).status).toBe(400);
  });
});

describe('mobile (servlets)', () => {
  const BAL = '/mobile/servlet/Balance';
  test('balance: plan, balance with expiry, bundles; the msisdn may come in any NANP form', async () => {
    const x = xmlOf(await get(BAL, { msisdn: '+15551230000' }));
    expect(x.account).toMatchObject({ msisdn: '+15551230000', result: 'OK' });
    expect(x.account.plan).toEqual({ code: 'TT25', '#text': 'Talk and Text 25' });
    expect(x.account.balance).toEqual({ currency: 'USD', expires: '20260131', '#text': '12.50' });
    expect(x.account.bundle).toHaveLength(3);
    expect(xmlOf(await get(BAL, { msisdn: '5551230001' })).account.balance['#text']).toBe('3.75');
    expect(xmlOf(await get(BAL, { msisdn: 'tel:+1 (555) 123-0001' })).account.status).toBe('ACTIVE');
  });
  test('balance: a suspended account comes without a <balance> element', async () => {
    const x = xmlOf(await get(BAL, { msisdn: '+15551230002' }));
    expect(x.account).toMatchObject({ result: 'OK', status: 'SUSPENDED' });
    expect(x.account.balance).toBeUndefined();
  });
  test('balance: unknown account NOT_FOUND, +15550000500 fails with HTTP 500', async () => {
    expect(xmlOf(await get(BAL, { msisdn: '+15559999999' })).account.result).toBe('NOT_FOUND');
    expectServerError(await get(BAL, { msisdn: '+15550000500' }));
  });

  const PIN = '/mobile/servlet/VerifyPin';
  test('PIN check: right, wrong, unknown account, failing account', async () => {
    expect(xmlOf(await post(PIN, { msisdn: '+15551230000', pin: '1234' })).pinCheck.result).toBe('OK');
    expect(xmlOf(await post(PIN, { msisdn: '+15551230000', pin: '4321' })).pinCheck.result).toBe('FAIL');
    expect(xmlOf(await post(PIN, { msisdn: '+15559999999', pin: '1234' })).pinCheck.result).toBe('FAIL');
    expectServerError(await post(PIN, { msisdn: '+15550000500', pin: '1234' }));
  });

  const RC = '/mobile/servlet/Recharge';
  test('recharge: English and Spanish answers quote the snapshot balance plus the recharge', async () => {
    const en = vxmlOf(await post(RC, { msisdn: '+15551230000', target: '+15551230000', amountValue: '20', lang: 'en' }), RC);
    expect(en).toContain('application="../en/root.vxml"');
    expect(en).toContain('xml:lang="en-US"');
    expect(en).toContain("Done. We've added 20 dollars to 555 123 0000. The new balance on that number is 32 dollars and 50 cents.");
    const es = vxmlOf(await post(RC, { msisdn: '+15551230001', target: '5551230001', amountValue: '15.5', lang: 'es' }), RC);
    expect(es).toContain('application="../es/root.vxml"');
    expect(es).toContain('xml:lang="es-US"');
    expect(es).toContain('Listo. Recargamos 15 dólares con 50 centavos al número 555 123 0001. El nuevo saldo de ese número es de 19 dólares con 25 centavos.');
    expect(es).toContain('<goto next="../es/main.vxml#main_menu"/>');
  });
  test('recharge: another network refused without charge; 555 000 0500 fails; bad amounts are a 400', async () => {
    const other = vxmlOf(await post(RC, { msisdn: '+15551230000', target: '5559998888', amountValue: '10', lang: 'en' }), RC);
    expect(other).toContain("The number 555 999 8888 isn't a Vista Mobile prepaid number. No charge has been made.");
    expectServerError(await post(RC, { msisdn: '+15551230000', target: '5550000500', amountValue: '10', lang: 'en' }));
    expect((await post(RC, { msisdn: '+15551230000', target: '5551230000', amountValue: '500', lang: 'en' })).status).toBe(400);
    expect((await post(RC, { msisdn: '+15559999999', target: '5551230000', amountValue: '10', lang: 'en' })).status).toBe(400);
  });

  const PLANS = '/mobile/servlet/Plans';
  test('plans: a generated menu of the other plans, in the caller language', async () => {
    const en = vxmlOf(await get(PLANS, { msisdn: '+15551230000', lang: 'en' }), PLANS);
    expect(en).toContain("You're currently on Talk and Text 25, at 25 dollars a month.");
    expect(en).toContain('<choice dtmf="1" next="PlanChange?plan=ESS40&amp;lang=en">essentials</choice>');
    expect(en).toContain('<choice dtmf="2" next="PlanChange?plan=UNL60&amp;lang=en">unlimited</choice>');
    expect(en).toContain('<choice dtmf="9" next="../en/main.vxml#main_menu">keep my plan</choice>');
    const es = vxmlOf(await get(PLANS, { msisdn: '+15551230001', lang: 'es' }), PLANS);
    expect(es).toContain('Usted tiene el plan Essentials 40, de 40 dólares al mes.');
    expect(es).toContain('Para conservar su plan actual, oprima nueve.');
    expect(es).toContain('next="PlanChange?plan=TT25&amp;lang=es"');
  });
  test('plans: unknown account is explained; +15551230002 answers a truncated document', async () => {
    expect(vxmlOf(await get(PLANS, { msisdn: '+15559999999', lang: 'en' }), PLANS)).toContain("Sorry, I couldn't find your account.");
    expectNotWellFormed(await get(PLANS, { msisdn: '+15551230002', lang: 'en' }));
  });

  const PC = '/mobile/servlet/PlanChange';
  test('plan change: GET confirms (builtin boolean in English, es-US grammars in Spanish), POST changes', async () => {
    const en = vxmlOf(await get(PC, { plan: 'UNL60', lang: 'en' }), PC);
    expect(en).toContain('<field name="plan_ok" type="boolean">');
    expect(en).toContain('<submit next="PlanChange" method="post" namelist="msisdn plan lang"/>');
    const es = vxmlOf(await get(PC, { plan: 'TT25', lang: 'es' }), PC);
    expect(es).toContain('src="../grammars/si_no.grxml"');
    expect(es).toContain('Talk and Text 25 cuesta 25 dólares al mes');
    const done = vxmlOf(await post(PC, { msisdn: '+15551230000', plan: 'UNL60', lang: 'en' }), PC);
    expect(done).toContain('Done. Your plan will change to Unlimited 60 on your next renewal date.');
    const log = xmlOf(await get('/mobile/servlet/admin/Transactions'));
    expect([log.transactions.transaction].flat()).toContainEqual({ kind: 'plan-change', msisdn: '+15551230000', plan: 'UNL60' });
  });
  test('plan change: unknown plan is a 404, unknown account a 400', async () => {
    expect((await get(PC, { plan: 'GOLD99', lang: 'en' })).status).toBe(404);
    expect((await post(PC, { msisdn: '+15559999999', plan: 'UNL60', lang: 'en' })).status).toBe(400);
  });
});

describe('backend kit', () => {
  test('confirmation codes are deterministic, six characters of an unambiguous alphabet, and differ by seed', () => {
    const codes = new Set(['a', 'b', 'c', 'AA123/20250323/1', 'AA123/20250323/2'].map((s) => confirmationCode(s)));
    expect(codes.size).toBe(5);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(confirmationCode('same')).toBe(confirmationCode('same'));
  });
  test('multipart parsing keeps binary parts intact and refuses a body without its boundary', () => {
    const boundary = 'XyZ';
    const bin = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="x.wav"\r\nContent-Type: audio/wav\r\n\r\n`),
      bin,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const parts = parseMultipart(body, `multipart/form-data; boundary=${boundary}`);
    expect(parts?.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['a', undefined, undefined],
      ['f', 'x.wav', 'audio/wav'],
    ]);
    expect(parts?.[1]?.data.equals(bin)).toBe(true);
    expect(parseMultipart(body, 'multipart/form-data')).toBeUndefined();
    expect(parseMultipart(Buffer.from('garbage'), `multipart/form-data; boundary=${boundary}`)).toBeUndefined();
  });
});
