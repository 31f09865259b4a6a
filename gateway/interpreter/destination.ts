/**
 * Transfer destinations (VoiceXML 2.0 §2.3.7): `dest`/`destexpr` must be a URI. Platforms must support
 * tel: (RFC 3966, which obsoletes the RFC 2806 the Recommendation cites) and may support others; sip: and
 * sips: follow RFC 3261. A malformed destination is error.connection.baddestination, thrown at the
 * <transfer> before any platform action — decided here, once, for every channel. Whether a platform can
 * reach a well-formed destination (Twilio cannot dial a local number, ACS cannot dial a SIP URI) is the
 * adapter's own check, which starts from this verdict.
 *
 * Strict on purpose: a scheme-less "18005550199" is not a URI (RFC 3986 reads it as a relative reference),
 * and a tel: local number without phone-context is not one a platform can interpret the same way everywhere;
 * the message says what to write instead.
 *
 * Legacy platforms dialled `tel:8005551212` anyway: the carrier's dial plan supplied the country. With a
 * configured dial plan (`DialPlan.defaultCountryCode`, the operator's TRANSFER_DEFAULT_COUNTRY_CODE) such a
 * national number is completed here to the global one (tel:+18005551212) — once, for every channel, so
 * Twilio <Dial><Number> and ACS PhoneNumberIdentifier receive E.164. The rule (`nationalToGlobal`):
 *   - country code 1 (NANP): the national number is 10 digits (NPA 2-9); a leading 1 on 11 digits is the
 *     country code itself;
 *   - 39, 378, 379 (Italy, San Marino, Vatican): no trunk prefix, a leading 0 belongs to the number;
 *   - 7, 375 (Russia/Kazakhstan, Belarus): trunk prefix 8; 36 (Hungary): 06; every other code: 0;
 *   - an international access prefix (011 in NANP, 00 elsewhere) is refused, not guessed;
 *   - 6 digits or fewer is an internal extension or short code, never dialled;
 *   - the result must be 8–15 digits with its country code (E.164).
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
      /** tel: only — the national number as the document wrote it, when the dial plan completed it to `uri`. */
      completedFrom?: string;
    }
  | { ok: false; reason: string };

/** How national numbers are completed; an empty plan keeps RFC 3966's strict rule. */
export interface DialPlan {
  /** ITU-T country calling code without '+', e.g. "1" or "44" (the operator's TRANSFER_DEFAULT_COUNTRY_CODE). */
  defaultCountryCode?: string;
}

/**
 * Key of StepContext.defaults under which the runtime hands the configured country code to the interpreter.
 * Not a VoiceXML property: the interpreter reads it from the configured defaults only, so a document's
 * <property> cannot change the dial plan.
 */
export const DEFAULT_COUNTRY_CODE_KEY = 'vxml-gateway.transfer.default-country-code';

/** The operator's setting, named in messages that suggest it. */
const SETTING = 'TRANSFER_DEFAULT_COUNTRY_CODE';

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
export function checkTransferDestination(dest: string, plan: DialPlan = {}): DestinationVerdict {
  const text = dest.trim();
  if (text === '') return bad('the transfer destination is empty');
  if (text.length > MAX_LENGTH) return bad(`the transfer destination is longer than ${MAX_LENGTH} characters`);
  const m = SCHEME.exec(text);
  if (!m) {
    const digits = text.replace(/[\s\-.()]/g, '');
    const completed = plan.defaultCountryCode ? ` or tel:${digits} (completed with country code ${plan.defaultCountryCode})` : '';
    const hint = /^\+?\d+$/.test(digits) ? ` (for a telephone number write tel:${digits.startsWith('+') ? digits : `+<country code>${digits}${completed}`})` : '';
    return bad(`"${text}" is not a URI: a transfer destination needs a scheme such as tel: or sip:${hint}`);
  }
  const scheme = m[1].toLowerCase();
  const rest = text.slice(m[0].length);
  switch (scheme) {
    case 'tel':
      return telUri(text, rest, plan);
    case 'sip':
    case 'sips':
      return sipUri(text, scheme, rest);
    default:
      return rest !== '' && GENERIC.test(rest) ? { ok: true, scheme, uri: text } : bad(`"${text}" is not a well-formed URI`);
  }
}

/** RFC 3966 telephone-subscriber: global-number-digits *par, or local-number-digits *par context *par. */
function telUri(text: string, rest: string, plan: DialPlan): DestinationVerdict {
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
    if (!('phone-context' in params)) return nationalNumber(text, subscriber.replace(VISUAL_SEPARATORS, ''), pars, params, plan);
    return withGlobalContext(text, subscriber.replace(VISUAL_SEPARATORS, ''), pars, params);
  }
  return bad(`"${text}" is not a telephone number: tel: takes "+" and digits, with only - . ( ) as visual separators (RFC 3966)`);
}

/** Trunk (national) prefixes that are not "0"; "" = the country has none (a leading 0 is part of the number). */
const TRUNK_PREFIX: Readonly<Record<string, string>> = { '1': '1', '7': '8', '375': '8', '36': '06', '39': '', '378': '', '379': '' };
/** Digits at or below which a local number is an internal extension or a short code, not a national number. */
const MAX_EXTENSION_DIGITS = 6;

export type GlobalNumber = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * A national number (digits only, no visual separators) as dialled in the country `countryCode` → the
 * E.164 number ("+" and digits). The rule is the module comment's: small on purpose, and documented in
 * docs/configuration.md (TRANSFER_DEFAULT_COUNTRY_CODE).
 */
export function nationalToGlobal(national: string, countryCode: string): GlobalNumber {
  const no = (reason: string): GlobalNumber => ({ ok: false, reason });
  const cc = countryCode.trim().replace(/^\+/, '');
  if (!/^[1-9]\d{0,2}$/.test(cc)) return no(`the configured country code "${countryCode}" is not 1 to 3 digits (${SETTING})`);
  if (!/^\d+$/.test(national)) return no(`"${national}" is not a national number: only digits (and - . ( ) separators) are completed with the country code`);
  if (national.length <= MAX_EXTENSION_DIGITS) {
    return no(`${national} has ${national.length} digits: an internal extension or short code, which only the legacy PBX's dial plan could route; transfer to the full number (tel:+…) or to the PBX by SIP (sip:${national}@<pbx host>)`);
  }
  const international = cc === '1' ? '011' : '00';
  if (national.startsWith(international)) {
    return no(`${national} starts with the international access prefix ${international}: write the global number, tel:+${national.slice(international.length)}`);
  }
  if (cc === '1') {
    const nsn = national.length === 11 && national.startsWith('1') ? national.slice(1) : national;
    if (nsn.length === 7) return no(`${national} is a 7-digit local number: a NANP number needs its area code (10 digits)`);
    if (!/^[2-9]\d{9}$/.test(nsn)) return no(`${national} is not a NANP number (10 digits with an area code starting 2-9, optionally after 1)`);
    return { ok: true, e164: `+1${nsn}` };
  }
  const trunk = TRUNK_PREFIX[cc] ?? '0';
  const nsn = trunk !== '' && national.startsWith(trunk) ? national.slice(trunk.length) : national;
  const length = cc.length + nsn.length;
  if (length < 8 || length > 15) return no(`+${cc}${nsn} has ${length} digits: an E.164 number has 8 to 15 digits with its country code`);
  return { ok: true, e164: `+${cc}${nsn}` };
}

/** A tel: local number without phone-context: refused, or completed with the dial plan's country code. */
function nationalNumber(text: string, digits: string, pars: string[], params: Record<string, string>, plan: DialPlan): DestinationVerdict {
  const cc = plan.defaultCountryCode;
  if (cc === undefined || cc === '') {
    return bad(
      `"${text}" is a local number without ;phone-context= (RFC 3966): write the global number (tel:+<country code>${digits}), ` +
        `or set ${SETTING} (e.g. 1 or 44) so the gateway completes national numbers as the legacy platform's dial plan did`,
    );
  }
  const global = nationalToGlobal(digits, cc);
  if (!global.ok) return bad(`"${text}" cannot be completed to a global number with country code ${cc}: ${global.reason}`);
  const uri = ['tel:' + global.e164, ...pars].join(';');
  return { ok: true, scheme: 'tel', uri, number: global.e164, global: true, params, completedFrom: text };
}

/**
 * A local number whose phone-context is a global number prefix (RFC 3966 §5.1.5) is completed here to the
 * global URI when that is unambiguous, so every channel dials E.164 without reading the context itself:
 * a country code alone (`tel:08005551212;phone-context=+44`) by the national rule (nationalToGlobal); a longer
 * prefix (`tel:555-0123;phone-context=+1-212`) when prefix and number make a whole number (11 digits in
 * NANP, 8 to 15 elsewhere). Anything else — RFC 3966's own `863-1234;phone-context=+1-914-555`, where the
 * context overlaps the number, or a domain-name context (a private dial plan) — stays as written, and the
 * platforms refuse it.
 */
function withGlobalContext(text: string, digits: string, pars: string[], params: Record<string, string>): DestinationVerdict {
  const local: DestinationVerdict = { ok: true, scheme: 'tel', uri: text, number: digits, global: false, params };
  const context = params['phone-context'];
  if (!GLOBAL_DIGITS.test(context) || !/^\d+$/.test(digits)) return local;
  const prefix = context.replace(/[^0-9]/g, '');
  let e164: string | undefined;
  if (prefix.length <= 3) {
    const completed = nationalToGlobal(digits, prefix);
    e164 = completed.ok ? completed.e164 : undefined;
  } else {
    const whole = prefix + digits;
    const plausible = prefix.startsWith('1') ? whole.length === 11 : whole.length >= 8 && whole.length <= 15;
    e164 = plausible && /^[1-9]/.test(whole) ? `+${whole}` : undefined;
  }
  if (e164 === undefined) return local;
  const rest = pars.filter((par) => !/^phone-context=/i.test(par));
  const { ['phone-context']: _context, ...others } = params;
  return { ok: true, scheme: 'tel', uri: ['tel:' + e164, ...rest].join(';'), number: e164, global: true, params: others, completedFrom: text };
}

/**
 * Why a platform that dials only global numbers and SIP URIs (Twilio, ACS) refuses `verdict`: a tel: local
 * number this module could not complete (a private dial plan's context, or an ambiguous one). undefined when
 * the verdict is anything else.
 */
export function localNumberRefusal(verdict: DestinationVerdict, dest: string, platform: string): string | undefined {
  if (!verdict.ok || verdict.scheme !== 'tel' || verdict.global !== false) return undefined;
  return `"${dest}" is a local number (phone-context ${verdict.params?.['phone-context'] ?? ''}) with no global form: ${platform} dials global numbers (tel:+…) and SIP URIs`;
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
