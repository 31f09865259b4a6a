/**
 * Atlantic Coast Rail's legacy back end: classic ASP pages on the IIS box beside the IVR.
 *
 *   GET  asp/fare.asp?from=BOS&to=NYP&date=20250323&after=0900&class=coach
 *        XML for <data>: the first train at or after `after` and its fare
 *        (result OK | NO_TRAINS | NO_SERVICE)
 *   POST asp/book.asp  origin destination travel_date train_number travel_class fare card_number card_expiry cvv
 *        generated VoiceXML: booked (confirmation number) | card declined (back to payment.vxml)
 *   GET  asp/admin/bookings.asp   XML list of bookings made (operations page; never shows card numbers)
 *
 * Error paths a caller can reach: any fare to or from New Haven (NHV) fails with HTTP 500 (the partner fares
 * system is down); card 4000000000000259 makes book.asp fail with HTTP 500; card 4000000000000119 makes it
 * emit a VBScript runtime error in the middle of the document (not well-formed); card 4000000000000002 is
 * declined by the bank (a proper VoiceXML answer). First class on a Regional train has no fare: the engine
 * answers the train without a <fare> element, which the IVR's script never expected (error.semantic).
 */
import express from 'express';
import type { Request, Response } from 'express';
import {
  confirmationCode,
  dollars,
  param,
  sendServerError,
  sendTruncated,
  sendVxml,
  sendXml,
  spell,
  xmlEscape,
  VXML_CONTENT_TYPE,
} from '../backend-kit';

const SERVER = 'Microsoft-IIS/6.0';
const ROOT = '../root.vxml';

/** The corridor, in order; distance between stations = difference of positions. */
const CORRIDOR = ['BOS', 'PVD', 'NHV', 'NYP', 'PHL', 'BAL', 'WAS'] as const;
const STATION_NAMES: Record<string, string> = {
  BOS: 'Boston South Station',
  PVD: 'Providence',
  NHV: 'New Haven',
  NYP: 'New York Penn Station',
  PHL: 'Philadelphia',
  BAL: 'Baltimore',
  WAS: 'Washington Union Station',
};

/** Departures from each station, every day. Express trains are faster and dearer. */
const DEPARTURES: { time: string; service: 'Express' | 'Regional'; south: number; north: number }[] = [
  { time: '0600', service: 'Regional', south: 171, north: 170 },
  { time: '0905', service: 'Express', south: 2151, north: 2150 },
  { time: '1205', service: 'Regional', south: 173, north: 172 },
  { time: '1505', service: 'Express', south: 2155, north: 2154 },
  { time: '1805', service: 'Regional', south: 175, north: 174 },
];

const CLASS_MULTIPLIER: Record<string, number> = { coach: 1, business: 1.6, first: 2.5 };

function addMinutes(hhmm: string, minutes: number): string {
  const total = (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2, 4)) + minutes) % (24 * 60);
  return String(Math.floor(total / 60)).padStart(2, '0') + String(total % 60).padStart(2, '0');
}

export interface FareQuote {
  result: 'OK' | 'NO_TRAINS' | 'NO_SERVICE';
  train?: { number: string; service: string; departs: string; arrives: string };
  /** Undefined when the class is not sold on that train (no first class on Regional services). */
  amountCents?: number;
}

/** The fares engine: first departure at or after `after` on the requested day. Pure and deterministic. */
export function quoteFare(from: string, to: string, after: string, travelClass: string): FareQuote {
  const a = CORRIDOR.indexOf(from as (typeof CORRIDOR)[number]);
  const b = CORRIDOR.indexOf(to as (typeof CORRIDOR)[number]);
  const multiplier = CLASS_MULTIPLIER[travelClass];
  if (a < 0 || b < 0 || a === b || multiplier === undefined) return { result: 'NO_SERVICE' };
  const departure = DEPARTURES.find((d) => d.time >= after);
  if (!departure) return { result: 'NO_TRAINS' };
  const hops = Math.abs(a - b);
  const express = departure.service === 'Express';
  const minutes = hops * (express ? 45 : 55);
  const baseCents = 2500 + 1900 * hops;
  const sold = express || travelClass !== 'first';
  const amountCents = sold ? Math.round((baseCents * multiplier * (express ? 1.3 : 1)) / 5) * 5 : undefined;
  return {
    result: 'OK',
    train: {
      number: String(b > a ? departure.south : departure.north),
      service: departure.service,
      departs: departure.time,
      arrives: addMinutes(departure.time, minutes),
    },
    amountCents,
  };
}

function fare(req: Request, res: Response): void {
  const from = (param(req, 'from') ?? '').toUpperCase();
  const to = (param(req, 'to') ?? '').toUpperCase();
  const date = param(req, 'date') ?? '';
  const after = (param(req, 'after') ?? '0000').replace(/\D/g, '').slice(0, 4).padEnd(4, '0');
  const travelClass = (param(req, 'class') ?? 'coach').toLowerCase();
  if (from === 'NHV' || to === 'NHV') {
    sendServerError(res, SERVER, "Microsoft OLE DB Provider for ODBC Drivers error '80004005'\n[Metro-North fares link] Timeout expired\n/asp/fare.asp, line 57");
    return;
  }
  const quote = quoteFare(from, to, after, travelClass);
  const attrs = `result="${quote.result}" from="${xmlEscape(from)}" to="${xmlEscape(to)}" date="${xmlEscape(date)}" class="${xmlEscape(travelClass)}"`;
  if (quote.result !== 'OK' || !quote.train) {
    sendXml(res, `<fareQuote ${attrs}/>`);
    return;
  }
  const t = quote.train;
  const fareLine =
    quote.amountCents === undefined
      ? `  <!-- class ${xmlEscape(travelClass)} not sold on ${t.service} services -->\n`
      : `  <fare currency="USD" amount="${dollars(quote.amountCents)}"/>\n`;
  sendXml(
    res,
    `<fareQuote ${attrs}>\n` +
      `  <train number="${t.number}" service="${t.service}" departs="${t.departs}" arrives="${t.arrives}"/>\n` +
      fareLine +
      `</fareQuote>`,
  );
}

/** What the operations page shows: never the card number or security code. */
export interface BookingRecord {
  confirmation: string;
  origin: string;
  destination: string;
  date: string;
  train: string;
  travelClass: string;
  fare: string;
  cardLast4: string;
}

function bookingPage(records: BookingRecord[]) {
  return (req: Request, res: Response): void => {
    const card = (param(req, 'card_number') ?? '').replace(/\D/g, '');
    const required = ['origin', 'destination', 'travel_date', 'train_number', 'travel_class', 'fare', 'card_expiry', 'cvv'];
    const missing = required.filter((name) => !param(req, name));
    if (missing.length > 0 || card.length < 15) {
      res.status(400).type('text/html').send(`<html><body><h1>Bad Request</h1><p>missing: ${xmlEscape(missing.join(', ') || 'card_number')}</p></body></html>`);
      return;
    }
    if (card === '4000000000000259') {
      sendServerError(res, SERVER, "Server object error 'ASP 0177 : 800401f3'\nServer.CreateObject Failed\n/asp/book.asp, line 112");
      return;
    }
    if (card === '4000000000000119') {
      // Classic ASP: a runtime error is written into the response in the middle of the document.
      sendTruncated(
        res,
        VXML_CONTENT_TYPE,
        `<?xml version="1.0"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" application="../root.vxml">\n<form id="booked">\n<block>\n<prompt>Your ticket is booked.\n` +
          `<font face="Arial" size=2>\n<p>Microsoft VBScript runtime </font> <font face="Arial" size=2>error '800a000d'</font>\n<p>\n<font face="Arial" size=2>Type mismatch: 'CInt'</font>\n<p>\n<font face="Arial" size=2>/asp/book.asp</font><font face="Arial" size=2>, line 148</font>\n`,
      );
      return;
    }
    const last4 = card.slice(-4);
    if (card === '4000000000000002') {
      sendVxml(res, {
        application: ROOT,
        lang: 'en-US',
        generator: 'Generated by book.asp (ACR ticketing host bridge v3)',
        body:
          `<form id="declined">\n  <block>\n` +
          `    <prompt>I'm sorry, your bank declined the card ending in ${spell(last4)}. No payment has been taken.\n` +
          `      Let's try another card.</prompt>\n` +
          `    <goto next="../payment.vxml"/>\n  </block>\n</form>`,
      });
      return;
    }
    const p = (name: string): string => param(req, name) ?? '';
    const record: BookingRecord = {
      confirmation: confirmationCode(`${p('origin')}/${p('destination')}/${p('travel_date')}/${p('train_number')}/${p('travel_class')}`),
      origin: p('origin'),
      destination: p('destination'),
      date: p('travel_date'),
      train: p('train_number'),
      travelClass: p('travel_class'),
      fare: p('fare'),
      cardLast4: last4,
    };
    records.push(record);
    const amount = p('fare').split('.');
    const cents = Number(amount[1] ?? '0');
    const money = `${Number(amount[0])} dollars${cents > 0 ? ` and ${cents} cents` : ''}`;
    sendVxml(res, {
      application: ROOT,
      lang: 'en-US',
      generator: 'Generated by book.asp (ACR ticketing host bridge v3)',
      body:
        `<form id="booked">\n` +
        `  <block>\n` +
        `    <prompt>Your ticket is booked. We've charged ${money} to the card ending in ${spell(last4)}.\n` +
        `      Your confirmation number is <break time="300ms"/> ${spell(record.confirmation)}.\n` +
        `      I'll repeat that: ${spell(record.confirmation)}.</prompt>\n` +
        `    <prompt>Your e-ticket will be waiting at any ${xmlEscape(STATION_NAMES[record.origin] ?? record.origin)} ticket machine.</prompt>\n` +
        `  </block>\n` +
        `  <field name="after_booking">\n` +
        `    <prompt>To book another journey, press 1. To end this call, press 2.</prompt>\n` +
        `    <option dtmf="1" value="again">another journey</option>\n` +
        `    <option dtmf="2" value="done">goodbye</option>\n` +
        `    <filled>\n` +
        `      <if cond="after_booking == 'again'">\n` +
        `        <goto next="../journey.vxml"/>\n` +
        `      </if>\n` +
        `      <prompt>Thank you for travelling with Atlantic Coast Rail. Goodbye.</prompt>\n` +
        `      <exit/>\n` +
        `    </filled>\n` +
        `  </field>\n` +
        `</form>`,
    });
  };
}

/** Builds the router; each call has its own in-memory booking list. */
export function createBackend(): express.Router {
  const bookings: BookingRecord[] = [];
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.route('/asp/fare.asp').get(fare).post(fare);
  const book = bookingPage(bookings);
  router.route('/asp/book.asp').post(book).get(book);
  router.get('/asp/admin/bookings.asp', (_req, res) => {
    const rows = bookings
      .map(
        (b) =>
          `  <booking confirmation="${b.confirmation}" origin="${xmlEscape(b.origin)}" destination="${xmlEscape(b.destination)}" date="${xmlEscape(b.date)}" train="${xmlEscape(b.train)}" class="${xmlEscape(b.travelClass)}" fare="${xmlEscape(b.fare)}" card="xxxx${b.cardLast4}"/>\n`,
      )
      .join('');
    sendXml(res, `<bookings count="${bookings.length}">\n${rows}</bookings>`);
  });
  return router;
}
