/**
 * Acme Air's legacy back end, as the IVR saw it: a handful of JSP pages on the customer-service web tier.
 *
 *   GET  jsp/flightStatus.jsp?flight=AA123        XML for <data>: today's legs of a flight
 *   POST jsp/bookingLookup.jsp  booking_ref        generated VoiceXML reading a reservation
 *   GET  jsp/baggageStatus.jsp?claimNumber=…      XML for <data>: WorldTracer file status
 *   POST jsp/checkin.jsp  flight flight_date passengers   generated VoiceXML: checked in, or why not
 *   GET  jsp/agentQueue.jsp?agentQueue=general    XML for <data>: number and wait time of an agent queue
 *   POST jsp/feedback.jsp  (multipart) feedback_msg callerAni   generated VoiceXML thanking the caller
 *   POST jsp/callEnd.jsp  callerAni dialedNumber callPath      call record; answers a document that exits
 *   GET  jsp/admin/report.jsp                     XML: call records and feedback received (operations page)
 *
 * Error paths a caller can reach: flight AA500, booking ERR500, baggage file 40050000 and check-in for AA500
 * fail with HTTP 500; flight AA666 and booking ZZZ999 answer a truncated, not well-formed page. Flight AA900
 * answers the feed's own error document (well-formed, but without the <result> the IVR script expects: the
 * document's script fails with error.semantic). The 'rebooking' queue is configured with a vanity number
 * (tel:+1-800-555-RBOK) no network can dial: error.connection.baddestination. Unknown flights, bookings and
 * files get a proper "not found" answer.
 */
import express from 'express';
import type { Request, Response } from 'express';
import {
  confirmationCode,
  jsString,
  minusMinutes,
  param,
  parseMultipart,
  sayTime,
  sendServerError,
  sendTruncated,
  sendVxml,
  sendXml,
  spell,
  xmlEscape,
  VXML_CONTENT_TYPE,
  XML_CONTENT_TYPE,
} from '../backend-kit';

const SERVER = 'Apache Tomcat/5.5.17';
const ROOT = '../root.vxml';
const MAIN_MENU = '../main.vxml#main_menu';

type LegStatus = 'ON TIME' | 'DELAYED' | 'CANCELLED';
interface Leg {
  from: { code: string; city: string };
  to: { code: string; city: string };
  scheduled: { departure: string; arrival: string };
  estimated: { departure: string; arrival: string };
  status: LegStatus;
  gate: string;
}
interface Flight {
  carrier: string;
  legs: Leg[];
  remarks?: string;
}

const BOS = { code: 'BOS', city: 'Boston' };
const ORD = { code: 'ORD', city: "Chicago O'Hare" };
const SFO = { code: 'SFO', city: 'San Francisco' };
const DEN = { code: 'DEN', city: 'Denver' };
const JFK = { code: 'JFK', city: 'New York Kennedy' };
const LHR = { code: 'LHR', city: 'London Heathrow' };

/** Today's operations, as the flight information system would report them. */
const FLIGHTS: Record<string, Flight> = {
  AA123: {
    carrier: 'Acme Air',
    legs: [
      { from: BOS, to: ORD, scheduled: { departure: '0815', arrival: '1005' }, estimated: { departure: '0815', arrival: '1005' }, status: 'ON TIME', gate: 'B12' },
    ],
  },
  AA456: {
    carrier: 'Acme Air',
    legs: [
      { from: BOS, to: ORD, scheduled: { departure: '1130', arrival: '1320' }, estimated: { departure: '1130', arrival: '1320' }, status: 'ON TIME', gate: 'B7' },
      { from: ORD, to: SFO, scheduled: { departure: '1415', arrival: '1705' }, estimated: { departure: '1500', arrival: '1750' }, status: 'DELAYED', gate: 'K3' },
    ],
    remarks: 'The Chicago to San Francisco leg is delayed by a late inbound aircraft.',
  },
  AA789: {
    carrier: 'Acme Air',
    legs: [
      { from: ORD, to: DEN, scheduled: { departure: '1640', arrival: '1815' }, estimated: { departure: '1640', arrival: '1815' }, status: 'CANCELLED', gate: '' },
    ],
    remarks: 'This flight is cancelled because of severe weather in Denver. Passengers are being rebooked automatically.',
  },
  NW2040: {
    carrier: 'Northwind',
    legs: [
      { from: JFK, to: LHR, scheduled: { departure: '1900', arrival: '0705' }, estimated: { departure: '1920', arrival: '0720' }, status: 'DELAYED', gate: 'A4' },
    ],
  },
};

interface Booking {
  passengers: string[];
  segments: { flight: string; date: string; seat: string[] }[];
  status: 'CONFIRMED' | 'WAITLISTED';
}

const BOOKINGS: Record<string, Booking> = {
  XYZ123: { passengers: ['Jane Smith'], segments: [{ flight: 'AA123', date: '20250323', seat: ['14C'] }], status: 'CONFIRMED' },
  QRT456: {
    passengers: ['Carlos Garcia', 'Maria Garcia'],
    segments: [
      { flight: 'AA456', date: '20250410', seat: ['22A', '22B'] },
      { flight: 'AA457', date: '20250417', seat: ['19E', '19F'] },
    ],
    status: 'WAITLISTED',
  },
};

const BAGGAGE: Record<string, { status: 'LOCATED' | 'DELIVERED' | 'SEARCHING'; station: string; message: string }> = {
  '40012345': {
    status: 'LOCATED',
    station: 'ORD',
    message:
      "Good news. Your bag has been located at Chicago O'Hare and will travel on the next flight to Boston. " +
      'We will deliver it to the address on your file by 8 PM today.',
  },
  '40067890': {
    status: 'DELIVERED',
    station: 'BOS',
    message: 'Our records show your bag was delivered to your address this morning and signed for.',
  },
  '40099999': {
    status: 'SEARCHING',
    station: 'DEN',
    message:
      "We're still searching for your bag. It was last scanned in Denver. We'll call you as soon as we have news.",
  },
};

const QUEUES: Record<string, { number: string; waitMinutes: number }> = {
  general: { number: 'tel:+18005550142', waitMinutes: 4 },
  baggage: { number: 'tel:+18005550177', waitMinutes: 1 },
  // Entered in the router by hand from the brochure; nobody noticed the letters until the IVR migration.
  rebooking: { number: 'tel:+1-800-555-RBOK', waitMinutes: 0 },
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "20250323" → "March 23, 2025"; "????0323" (year not spoken) → "March 23". */
function sayDate(yyyymmdd: string): string {
  const month = MONTHS[Number(yyyymmdd.slice(4, 6)) - 1] ?? 'month ' + yyyymmdd.slice(4, 6);
  const text = `${month} ${Number(yyyymmdd.slice(6, 8))}`;
  return /^\d{4}$/.test(yyyymmdd.slice(0, 4)) ? `${text}, ${yyyymmdd.slice(0, 4)}` : text;
}

function sayFlight(flight: string): string {
  const carrier = flight.startsWith('NW') ? 'Northwind' : 'Acme Air';
  return `${carrier} flight ${flight.slice(2)}`;
}

/** Who called, what they did: posted by the root document's hang-up handler. */
export interface CallRecord {
  callerAni: string;
  dialedNumber: string;
  callPath: string;
}
export interface FeedbackRecord {
  callerAni: string;
  bytes: number;
  contentType: string;
}

function flightStatus(req: Request, res: Response): void {
  const flight = (param(req, 'flight') ?? '').toUpperCase();
  if (flight === 'AA500') {
    sendServerError(res, SERVER, 'java.sql.SQLException: ORA-12541: TNS:no listener\n\tat com.acmeair.ops.FlightDao.find(FlightDao.java:88)');
    return;
  }
  if (flight === 'AA666') {
    // The operations feed timed out half way through the page.
    sendTruncated(res, XML_CONTENT_TYPE, `<?xml version="1.0"?>\n<flightStatus flight="AA666">\n  <result code="OK"/>\n  <leg seq="1">\n    <origin code="BOS">Bos`);
    return;
  }
  if (flight === 'AA900') {
    // The flight information feed is in maintenance and says so in its own format.
    sendXml(res, `<flightStatus flight="AA900">\n  <error source="FIS">Flight information feed unavailable (maintenance window)</error>\n</flightStatus>`);
    return;
  }
  const data = FLIGHTS[flight];
  if (!data) {
    sendXml(res, `<flightStatus flight="${xmlEscape(flight)}">\n  <result code="NOT_FOUND"/>\n</flightStatus>`);
    return;
  }
  const legs = data.legs
    .map(
      (leg, i) =>
        `  <leg seq="${i + 1}">\n` +
        `    <origin code="${leg.from.code}">${xmlEscape(leg.from.city)}</origin>\n` +
        `    <destination code="${leg.to.code}">${xmlEscape(leg.to.city)}</destination>\n` +
        `    <scheduled departure="${leg.scheduled.departure}" arrival="${leg.scheduled.arrival}"/>\n` +
        `    <estimated departure="${leg.estimated.departure}" arrival="${leg.estimated.arrival}"/>\n` +
        `    <status>${leg.status}</status>\n` +
        (leg.gate ? `    <gate>${xmlEscape(leg.gate)}</gate>\n` : '') +
        `  </leg>\n`,
    )
    .join('');
  const remarks = data.remarks ? `  <remarks>${xmlEscape(data.remarks)}</remarks>\n` : '';
  sendXml(res, `<flightStatus flight="${flight}" carrier="${xmlEscape(data.carrier)}">\n  <result code="OK"/>\n${legs}${remarks}</flightStatus>`);
}

function bookingLookup(req: Request, res: Response): void {
  const ref = (param(req, 'booking_ref') ?? '').toUpperCase();
  if (ref === 'ERR500') {
    sendServerError(res, SERVER, 'javax.servlet.ServletException: Reservation host session expired (SABRE-AUTH-17)');
    return;
  }
  if (ref === 'ZZZ999') {
    sendTruncated(
      res,
      VXML_CONTENT_TYPE,
      `<?xml version="1.0" encoding="ISO-8859-1"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" application="../root.vxml">\n<form id="booking_details">\n<block>\n<prompt>Booking Z Z Z 9 9 9, for passenger ` +
        `\n<!-- org.apache.jasper.JasperException: java.lang.NullPointerException at bookingLookup_jsp.java:212 -->`,
    );
    return;
  }
  const booking = BOOKINGS[ref];
  if (!booking) {
    sendVxml(res, {
      application: ROOT,
      lang: 'en-US',
      generator: 'Generated by bookingLookup.jsp (Acme Reservations Gateway 4.2)',
      encoding: 'ISO-8859-1',
      body:
        `<form id="booking_not_found">\n` +
        `  <block>\n` +
        `    <prompt>I'm sorry, I couldn't find a booking with reference ${spell(ref)}.\n` +
        `      Please check the reference on your confirmation email.</prompt>\n` +
        `    <goto next="../booking.vxml"/>\n` +
        `  </block>\n` +
        `</form>`,
    });
    return;
  }
  const names = booking.passengers.join(' and ');
  const segments = booking.segments
    .map((s, i) => {
      const f = FLIGHTS[s.flight];
      const leg = f?.legs[0];
      const route = leg ? ` from ${xmlEscape(leg.from.city)} to ${xmlEscape(leg.to.city)}` : '';
      const time = leg ? ` at ${sayTime(leg.scheduled.departure)}` : '';
      const seats = s.seat.length === 1 ? `seat ${s.seat[0]}` : `seats ${s.seat.join(' and ')}`;
      return `    <prompt>Flight ${i + 1}: ${sayFlight(s.flight)}${route}, on ${sayDate(s.date)}${time}, ${seats}.</prompt>\n`;
    })
    .join('');
  const status =
    booking.status === 'CONFIRMED'
      ? 'Your booking is confirmed.'
      : 'Your booking is on the wait list. We will contact you as soon as seats are confirmed.';
  sendVxml(res, {
    application: ROOT,
    lang: 'en-US',
    generator: 'Generated by bookingLookup.jsp (Acme Reservations Gateway 4.2)',
    encoding: 'ISO-8859-1',
    body:
      `<form id="booking_details">\n` +
      `  <var name="bookingRef" expr=${'"' + jsString(ref) + '"'}/>\n` +
      `  <block>\n` +
      `    <prompt>Booking ${spell(ref)}, for ${xmlEscape(names)}.</prompt>\n` +
      segments +
      `    <prompt>${status}</prompt>\n` +
      `  </block>\n` +
      `  <field name="next_step">\n` +
      `    <prompt>To hear these details again, press 1 or say repeat. To return to the main menu, press 2.</prompt>\n` +
      `    <option dtmf="1" value="repeat">repeat</option>\n` +
      `    <option dtmf="2" value="menu">main menu</option>\n` +
      `    <filled>\n` +
      `      <if cond="next_step == 'repeat'">\n` +
      `        <clear/>\n` +
      `      <else/>\n` +
      `        <goto next="${MAIN_MENU}"/>\n` +
      `      </if>\n` +
      `    </filled>\n` +
      `  </field>\n` +
      `</form>`,
  });
}

function baggageStatus(req: Request, res: Response): void {
  const claim = (param(req, 'claimNumber') ?? '').replace(/\D/g, '');
  if (claim === '40050000') {
    sendServerError(res, SERVER, 'java.net.SocketTimeoutException: WorldTracer bridge did not answer in 5000 ms');
    return;
  }
  const file = BAGGAGE[claim];
  if (!file) {
    sendXml(res, `<baggageFile number="${xmlEscape(claim)}" status="NOT_FOUND"/>`);
    return;
  }
  sendXml(
    res,
    `<baggageFile number="${claim}" status="${file.status}">\n  <station>${file.station}</station>\n  <message>${xmlEscape(file.message)}</message>\n</baggageFile>`,
  );
}

function checkin(req: Request, res: Response): void {
  const flight = (param(req, 'flight') ?? '').toUpperCase();
  const date = param(req, 'flight_date') ?? '';
  const passengers = Number(param(req, 'passengers') ?? 'NaN');
  const generator = 'Generated by checkin.jsp (Acme Departure Control link 2.7)';
  if (flight === 'AA500') {
    sendServerError(res, SERVER, 'com.acmeair.dcs.DcsUnavailableException: departure control system in maintenance');
    return;
  }
  if (!/^[0-9?]{4}\d{4}$/.test(date) || !Number.isInteger(passengers) || passengers < 1 || passengers > 9) {
    res.status(400).type('text/html').send('<html><body><h1>400 Bad Request</h1><p>flight_date and passengers are required</p></body></html>');
    return;
  }
  const data = FLIGHTS[flight];
  if (!data) {
    sendVxml(res, {
      application: ROOT,
      lang: 'en-US',
      generator,
      body:
        `<form id="checkin_not_found">\n  <block>\n` +
        `    <prompt>I'm sorry, I couldn't find ${sayFlight(flight)} on ${sayDate(date)}. Let's try again.</prompt>\n` +
        `    <goto next="../checkin.vxml"/>\n  </block>\n</form>`,
    });
    return;
  }
  const leg = data.legs[0] as Leg;
  if (leg.status === 'CANCELLED') {
    sendVxml(res, {
      application: ROOT,
      lang: 'en-US',
      generator,
      body:
        `<form id="checkin_cancelled">\n` +
        `  <field name="cancel_choice">\n` +
        `    <prompt>I'm sorry, ${sayFlight(flight)} on ${sayDate(date)} has been cancelled, so check-in is not available.\n` +
        `      To speak to an agent about rebooking, press 1. To return to the main menu, press 2.</prompt>\n` +
        `    <option dtmf="1" value="agent">agent</option>\n` +
        `    <option dtmf="2" value="menu">main menu</option>\n` +
        `    <filled>\n` +
        `      <if cond="cancel_choice == 'agent'">\n` +
        `        <assign name="agentQueue" expr="'rebooking'"/>\n` +
        `        <goto next="../agent.vxml"/>\n` +
        `      </if>\n` +
        `      <goto next="${MAIN_MENU}"/>\n` +
        `    </filled>\n` +
        `  </field>\n` +
        `</form>`,
    });
    return;
  }
  if (data.carrier !== 'Acme Air') {
    sendVxml(res, {
      application: ROOT,
      lang: 'en-US',
      generator,
      body:
        `<form id="checkin_partner">\n  <block>\n` +
        `    <prompt>${sayFlight(flight)} is operated by our partner ${xmlEscape(data.carrier)}.\n` +
        `      Please check in at northwind dot com, or at the Northwind desk at the airport.</prompt>\n` +
        `    <goto next="${MAIN_MENU}"/>\n  </block>\n</form>`,
    });
    return;
  }
  const code = confirmationCode(`${flight}/${date}/${passengers}`);
  const boarding = minusMinutes(leg.estimated.departure, 40);
  const passes = passengers === 1 ? 'your boarding pass' : `${passengers} boarding passes`;
  sendVxml(res, {
    application: ROOT,
    lang: 'en-US',
    generator,
    body:
      `<form id="checkin_done">\n` +
      `  <var name="checkinCode" expr=${'"' + jsString(code) + '"'}/>\n` +
      `  <block>\n` +
      `    <prompt>You're checked in on ${sayFlight(flight)} on ${sayDate(date)}.\n` +
      `      We've sent ${passes} to the mobile number on your booking.\n` +
      `      Boarding starts at ${sayTime(boarding)} at gate ${leg.gate}.\n` +
      `      Your check-in code is ${spell(code)}.</prompt>\n` +
      `    <goto next="${MAIN_MENU}"/>\n` +
      `  </block>\n` +
      `</form>`,
  });
}

function agentQueue(req: Request, res: Response): void {
  const name = param(req, 'agentQueue') ?? 'general';
  const queue = QUEUES[name] ?? (QUEUES.general as { number: string; waitMinutes: number });
  sendXml(res, `<queue name="${xmlEscape(QUEUES[name] ? name : 'general')}" number="${queue.number}" waitMinutes="${queue.waitMinutes}" open="true"/>`);
}

/** Builds the router; each call has its own in-memory call log, so tests and replays do not share state. */
export function createBackend(): express.Router {
  const callRecords: CallRecord[] = [];
  const feedback: FeedbackRecord[] = [];
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));

  router.route('/jsp/flightStatus.jsp').get(flightStatus).post(flightStatus);
  router.route('/jsp/bookingLookup.jsp').get(bookingLookup).post(bookingLookup);
  router.route('/jsp/baggageStatus.jsp').get(baggageStatus).post(baggageStatus);
  router.route('/jsp/checkin.jsp').get(checkin).post(checkin);
  router.route('/jsp/agentQueue.jsp').get(agentQueue).post(agentQueue);

  router.post('/jsp/feedback.jsp', express.raw({ type: 'multipart/form-data', limit: '20mb' }), (req, res) => {
    const parts = Buffer.isBuffer(req.body) ? parseMultipart(req.body, req.headers['content-type']) : undefined;
    const message = parts?.find((p) => p.name === 'feedback_msg');
    if (!parts || !message) {
      res.status(400).type('text/html').send('<html><body><h1>400 Bad Request</h1><p>multipart part feedback_msg missing</p></body></html>');
      return;
    }
    const ani = parts.find((p) => p.name === 'callerAni')?.data.toString('utf8') ?? 'unknown';
    feedback.push({ callerAni: ani, bytes: message.data.length, contentType: message.contentType ?? 'text/plain' });
    sendVxml(res, {
      application: ROOT,
      lang: 'en-US',
      generator: 'Generated by feedback.jsp (Customer Relations voice mail 1.3)',
      body:
        `<form id="feedback_saved">\n  <block>\n` +
        `    <prompt>Thank you. Your comments have been passed to our Customer Relations team.</prompt>\n` +
        `    <goto next="${MAIN_MENU}"/>\n  </block>\n</form>`,
    });
  });

  router.post('/jsp/callEnd.jsp', (req, res) => {
    callRecords.push({
      callerAni: param(req, 'callerAni') ?? 'unknown',
      dialedNumber: param(req, 'dialedNumber') ?? 'unknown',
      callPath: param(req, 'callPath') ?? '',
    });
    sendVxml(res, {
      lang: 'en-US',
      generator: 'Generated by callEnd.jsp (contact-centre reporting)',
      body: `<form id="call_logged">\n  <block>\n    <exit/>\n  </block>\n</form>`,
    });
  });

  router.get('/jsp/admin/report.jsp', (_req, res) => {
    const calls = callRecords
      .map((c) => `  <call ani="${xmlEscape(c.callerAni)}" dnis="${xmlEscape(c.dialedNumber)}" path="${xmlEscape(c.callPath)}"/>\n`)
      .join('');
    const messages = feedback
      .map((f) => `  <feedback ani="${xmlEscape(f.callerAni)}" bytes="${f.bytes}" type="${xmlEscape(f.contentType)}"/>\n`)
      .join('');
    sendXml(res, `<report callCount="${callRecords.length}" feedbackCount="${feedback.length}">\n${calls}${messages}</report>`);
  });
  return router;
}
