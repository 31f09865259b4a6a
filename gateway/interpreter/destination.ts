/**
 * Transfer destinations (VoiceXML 2.0 §2.3.7): `dest`/`destexpr` must be a URI. Platforms must support
 * tel: (RFC 3966, which obsoletes the RFC 2806 the Recommendation cites) and may support others; sip: and
 * sips: follow RFC 3261. A malformed destination is error.connection.baddestination, thrown at the
 * <transfer> before any platform action — decided here, once, for every channel. Whether a platform can
 * reach a well-formed destination (Twilio cannot dial a local number, ACS cannot dial a SIP URI) is the
 * adapter's own check, which starts from this verdict.
 *
 * Strict on purpose: a scheme-less "18005550199" or a tel: local number without phone-context is not a
 * URI a platform can interpret the same way everywhere; the message says what to write instead.
 */

export type DestinationVerdict =
  | {
      ok: true;
      /** Lower-case scheme: 'tel', 'sip', 'sips' or any other well-formed one. */
      scheme: string;
      /** The destination without surrounding whitespace. */
      uri: string;
      /** tel: only — the number without visual separators ('+' kept for global numbers). */
      number?: string;
      /** tel: only — a global (E.164-style, '+' …) number, or a local one with its phone-context. */
      global?: boolean;
      /** tel: only — parameters by lower-case name (phone-context, ext, isub, postd…). */
      params?: Record<string, string>;
    }
  | { ok: false; reason: string };

/** Longest destination considered (longer text is refused without being scanned). */
const MAX_LENGTH = 2048;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const PCT = '%[0-9A-Fa-f]{2}';
const UNRESERVED = "A-Za-z0-9\\-_.!~*'()";
/** RFC 3966 paramchar = param-unreserved / unreserved / pct-encoded. */
const TEL_PVALUE = new RegExp(`^(?:[\\[\\]/:&+$${UNRESERVED}]|${PCT})+$`);
const TEL_PNAME = /^[A-Za-z0-9-]+$/;
/** RFC 3966 uric (reserved / unreserved / pct-encoded), for isub. */
const URIC = new RegExp(`^(?:[/?:@&=+$,${UNRESERVED}]|${PCT})+$`);
const GLOBAL_DIGITS = /^\+[0-9\-.()]*[0-9][0-9\-.()]*$/;
const LOCAL_DIGITS = /^[0-9A-Fa-f*#\-.()]*[0-9A-Fa-f*#][0-9A-Fa-f*#\-.()]*$/;
const PHONEDIGITS = /^[0-9\-.()]+$/;
/** RFC 2806 (the RFC VoiceXML 2.0 cites) post-dial digits: phonedigit / dtmf-digit / pause-character. */
const POSTD = /^[0-9\-.()*#A-Da-dpPwW]+$/;
const VISUAL_SEPARATORS = /[-.()]/g;

/** RFC 3261 user = 1*( unreserved / escaped / user-unreserved ). */
const SIP_USER = new RegExp(`^(?:[&=+$,;?/${UNRESERVED}]|${PCT})+$`);
const SIP_PASSWORD = new RegExp(`^(?:[&=+$,${UNRESERVED}]|${PCT})*$`);
const SIP_PARAM = new RegExp(`^(?:[\\[\\]/:&+$${UNRESERVED}]|${PCT})+$`);
const SIP_HEADER_PART = new RegExp(`^(?:[\\[\\]/?:+$${UNRESERVED}]|${PCT})*$`);
/** RFC 3986 characters of a URI (no whitespace, no <>"{}|\^`), with well-formed percent-encoding. */
const GENERIC = new RegExp(`^(?:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|${PCT})+$`);

const bad = (reason: string): DestinationVerdict => ({ ok: false, reason });

/** Decides whether `dest` is a well-formed transfer destination URI; never throws. */
export function checkTransferDestination(dest: string): DestinationVerdict {
  const text = dest.trim();
  if (text === '') return bad('the transfer destination is empty');
  if (text.length > MAX_LENGTH) return bad(`the transfer destination is longer than ${MAX_LENGTH} characters`);
  const m = SCHEME.exec(text);
  if (!m) {
    const digits = text.replace(/[\s\-.()]/g, '');
    const hint = /^\+?\d+$/.test(digits) ? ` (for a telephone number write tel:${digits.startsWith('+') ? digits : `+<country code>${digits}`})` : '';
    return bad(`"${text}" is not a URI: a transfer destination needs a scheme such as tel: or sip:${hint}`);
  }
  const scheme = m[1].toLowerCase();
  const rest = text.slice(m[0].length);
  switch (scheme) {
    case 'tel':
      return telUri(text, rest);
    case 'sip':
    case 'sips':
      return sipUri(text, scheme, rest);
    default:
      return rest !== '' && GENERIC.test(rest) ? { ok: true, scheme, uri: text } : bad(`"${text}" is not a well-formed URI`);
  }
}

/** RFC 3966 telephone-subscriber: global-number-digits *par, or local-number-digits *par context *par. */
function telUri(text: string, rest: string): DestinationVerdict {
  const [subscriber, ...pars] = rest.split(';');
  const params: Record<string, string> = {};
  for (const par of pars) {
    const eq = par.indexOf('=');
    const name = (eq < 0 ? par : par.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : par.slice(eq + 1);
    if (!TEL_PNAME.test(name)) return bad(`"${text}": ";${par}" is not a tel: URI parameter (RFC 3966)`);
    if (name in params) return bad(`"${text}": the parameter ${name} appears twice`);
    const valid =
      name === 'ext'
        ? PHONEDIGITS.test(value)
        : name === 'isub'
          ? URIC.test(value)
          : name === 'phone-context'
            ? isDescriptor(value)
            : name === 'postd'
              ? POSTD.test(value)
              : eq < 0 || TEL_PVALUE.test(value);
    if (!valid) return bad(`"${text}": the ${name} parameter "${value}" is malformed (RFC 3966)`);
    params[name] = value;
  }
  if (GLOBAL_DIGITS.test(subscriber)) {
    return { ok: true, scheme: 'tel', uri: text, number: subscriber.replace(VISUAL_SEPARATORS, ''), global: true, params };
  }
  if (LOCAL_DIGITS.test(subscriber)) {
    if (!('phone-context' in params)) {
      return bad(`"${text}" is a local number without ;phone-context= (RFC 3966): write the global number, e.g. tel:+<country code>${subscriber.replace(VISUAL_SEPARATORS, '')}`);
    }
    return { ok: true, scheme: 'tel', uri: text, number: subscriber.replace(VISUAL_SEPARATORS, ''), global: false, params };
  }
  return bad(`"${text}" is not a telephone number: tel: takes "+" and digits, with only - . ( ) as visual separators (RFC 3966)`);
}

/** RFC 3966 descriptor = domainname / global-number-digits. */
function isDescriptor(value: string): boolean {
  return GLOBAL_DIGITS.test(value) || isHostname(value);
}

/** RFC 3261/3966 hostname: dot-separated labels of letters, digits and inner hyphens; the last starts with a letter. */
function isHostname(host: string): boolean {
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  if (labels.length === 0 || host.length > 255) return false;
  for (const label of labels) if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)) return false;
  return /^[A-Za-z]/.test(labels[labels.length - 1]);
}

function isIpv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** RFC 3261 SIP-URI: [userinfo "@"] hostport *( ";" param ) [ "?" headers ]. */
function sipUri(text: string, scheme: string, rest: string): DestinationVerdict {
  const fail = (why: string) => bad(`"${text}" is not a ${scheme}: URI (RFC 3261): ${why}`);
  let remainder = rest;
  const at = remainder.indexOf('@');
  if (at >= 0) {
    const userinfo = remainder.slice(0, at);
    remainder = remainder.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (!SIP_USER.test(user)) return fail(`the user part "${user}" is malformed`);
    if (colon >= 0 && !SIP_PASSWORD.test(userinfo.slice(colon + 1))) return fail('the password part is malformed');
  }
  let headers = '';
  const q = remainder.indexOf('?');
  if (q >= 0) {
    headers = remainder.slice(q + 1);
    remainder = remainder.slice(0, q);
  }
  const [hostport, ...params] = remainder.split(';');
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?$/.exec(hostport);
  if (!hp) return fail(`"${hostport}" is not a host[:port]`);
  const host = hp[1];
  if (!(host.startsWith('[') || isIpv4(host) || isHostname(host))) return fail(`"${host}" is not a host name or address`);
  if (hp[2] !== undefined && Number(hp[2]) > 65535) return fail(`port ${hp[2]} is out of range`);
  for (const p of params) {
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq);
    if (!SIP_PARAM.test(name) || (eq >= 0 && !SIP_PARAM.test(p.slice(eq + 1)))) return fail(`the parameter ";${p}" is malformed`);
  }
  if (q >= 0) {
    for (const h of headers.split('&')) {
      const eq = h.indexOf('=');
      if (eq <= 0 || !SIP_HEADER_PART.test(h.slice(0, eq)) || !SIP_HEADER_PART.test(h.slice(eq + 1))) return fail(`the header "${h}" is malformed`);
    }
  }
  return { ok: true, scheme, uri: text };
}
