/**
 * A VoiceXML transfer destination (`tel:` URI, `sip:` URI, or a number as a legacy document wrote it) as the
 * noun inside Twilio's <Dial>. Anything Twilio could not dial is refused here, so the application gets
 * error.connection.baddestination instead of a failed call.
 */

import { checkTransferDestination, localNumberRefusal } from '../../gateway/index';

export type DialTarget =
  | { kind: 'number'; number: string; sendDigits?: string }
  | { kind: 'sip'; uri: string }
  | { kind: 'client'; identity: string };

export type DestinationVerdict = { ok: true; target: DialTarget } | { ok: false; reason: string };

const VISUAL_SEPARATORS = /[\s\-.()]/g;

export function parseDestination(dest: string): DestinationVerdict {
  const text = dest.trim();
  // URI syntax is the interpreter's one rule for every channel; what follows is what Twilio can dial.
  const syntax = /^[a-z][a-z0-9+.-]*:/i.test(text) ? checkTransferDestination(text) : undefined;
  if (syntax && !syntax.ok) return { ok: false, reason: syntax.reason };
  const local = syntax && localNumberRefusal(syntax, dest, 'Twilio');
  if (local) return { ok: false, reason: local };
  if (/^sips?:/i.test(text)) {
    return /^sips?:[^\s<>"]+@?[^\s<>"]*$/i.test(text) && text.length <= 255
      ? { ok: true, target: { kind: 'sip', uri: text } }
      : { ok: false, reason: `"${dest}" is not a SIP URI Twilio can dial` };
  }
  if (/^client:/i.test(text)) {
    const identity = text.slice('client:'.length);
    return /^[\w.@-]{1,121}$/.test(identity)
      ? { ok: true, target: { kind: 'client', identity } }
      : { ok: false, reason: `"${dest}" is not a Twilio Client identity` };
  }
  // (the interpreter's form: a local number with a global-number context is already completed there)
  let number = syntax?.ok ? syntax.uri : text;
  let sendDigits: string | undefined;
  if (/^tel:/i.test(number)) {
    const [subscriber, ...params] = number.slice(4).split(';');
    number = subscriber;
    for (const param of params) {
      const [name, value = ''] = param.split('=');
      if (name.toLowerCase() === 'postd' && /^[0-9*#pPwW]+$/.test(value)) sendDigits = value.replace(/[pP]/g, 'w');
    }
  }
  number = number.replace(VISUAL_SEPARATORS, '');
  if (!/^\+?\d{3,15}$/.test(number)) return { ok: false, reason: `"${dest}" is not a telephone number (E.164 such as tel:+15551230000)` };
  return { ok: true, target: sendDigits ? { kind: 'number', number, sendDigits } : { kind: 'number', number } };
}
